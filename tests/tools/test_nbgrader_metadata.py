"""tools.nbgrader_metadata: the exercises' nbgrader metadata, stamped into copies of a lesson."""

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from tools import lessons
from tools import nbgrader_metadata as meta
from tools.lessons import BEGIN, ROOT

LESSON = lessons.NOTEBOOKS / lessons.QUICKEST
TOOL = [sys.executable, "-m", "tools.nbgrader_metadata"]
load = lessons.read


def nbgrader_cells(nb):
    return {i: c.metadata["nbgrader"] for i, c in enumerate(nb.cells) if "nbgrader" in c.metadata}


def run(*args, check=False):
    """The tool's command line, in this process (a new interpreter costs a second a call);
    ``test_every_lesson_on_main_carries_its_nbgrader_metadata`` runs it as ``python -m``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = meta.main([str(a) for a in args])
    assert not check or code == 0, out.getvalue()
    return SimpleNamespace(returncode=code, stdout=out.getvalue())


def test_stamp_marks_each_solution_cell_and_the_check_cell_after_it(tmp_path):
    copy = shutil.copy(LESSON, tmp_path)
    run(copy, check=True)
    nb = load(copy)
    marked = nbgrader_cells(nb)
    solutions = [i for i, c in enumerate(nb.cells) if BEGIN in c.source]
    assert sorted(marked) == sorted(solutions + [i + 1 for i in solutions])
    for i in solutions:
        assert marked[i] == {
            "grade": False, "grade_id": marked[i]["grade_id"], "locked": False,
            "schema_version": 3, "solution": True, "task": False,
        }
        check = marked[i + 1]
        assert (check["grade"], check["locked"], check["solution"], check["points"]) == (
            True, True, False, 1)
        assert check["grade_id"] == marked[i]["grade_id"] + "-check"
    number = lessons.number(LESSON)  # the quickest lesson has three exercises
    assert [marked[i]["grade_id"] for i in solutions] == [
        f"lesson{number}-ex1", f"lesson{number}-ex2", f"lesson{number}-ex3"]


def test_stamp_is_idempotent_and_changes_only_metadata(tmp_path):
    copy = Path(shutil.copy(LESSON, tmp_path))
    before = load(copy)  # other work may change the lesson meanwhile: compare with this copy
    run(copy, check=True)
    once = copy.read_text()
    again = run(copy, check=True)
    assert again.stdout == "" and copy.read_text() == once
    check = run(copy, "--check")
    assert check.returncode == 0, check.stdout
    after = load(copy)
    for a, b in zip(before.cells, after.cells, strict=True):
        b.metadata.pop("nbgrader", None)
        a.metadata.pop("nbgrader", None)
        assert a == b


def test_grade_ids_follow_the_exercise_heading_not_the_cell_position():
    nb = load(LESSON)
    ids = nbgrader_cells(meta.stamp(nb, "04"))
    nb = load(LESSON)
    first = next(i for i, c in enumerate(nb.cells) if BEGIN in c.source)
    nb.cells.insert(first - 1, nbformat.v4.new_markdown_cell("A new remark."))
    nb.cells.insert(1, nbformat.v4.new_code_cell("x = 1"))
    shifted = nbgrader_cells(meta.stamp(nb, "04"))
    assert sorted(g["grade_id"] for g in ids.values()) == sorted(
        g["grade_id"] for g in shifted.values())


def test_stamp_removes_stale_nbgrader_metadata_from_other_cells():
    nb = load(LESSON)
    nb.cells[1].metadata["nbgrader"] = meta.check_metadata("left-over")
    assert 1 not in nbgrader_cells(meta.stamp(nb, "04"))


def test_stamp_rejects_a_solution_without_a_check_and_repeated_numbers():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("### Exercise 1: a"),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
    ])
    with pytest.raises(ValueError, match="check cell"):
        meta.stamp(nb, "99")
    nb.cells += [nbformat.v4.new_code_cell("assert x == 1"),
                 nbformat.v4.new_markdown_cell("### Exercise 1: again"),
                 nbformat.v4.new_code_cell("### BEGIN SOLUTION\ny = 1\n### END SOLUTION"),
                 nbformat.v4.new_code_cell("assert y == 1")]
    with pytest.raises(ValueError, match="not unique"):
        meta.stamp(nb, "99")


def test_every_lesson_on_main_carries_its_nbgrader_metadata():
    result = subprocess.run([*TOOL, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_course_folder_keeps_every_link_of_every_lesson(tmp_path):
    warnings = []
    meta.write_course(tmp_path, lessons.lessons(), report=warnings.append)
    assert warnings == []
    for notebook in sorted(tmp_path.glob("source/*/*.ipynb")):
        for target in lessons.relative_links(load(notebook)):
            there = (notebook.parent / target).resolve()
            assert there.exists() and there.is_relative_to(tmp_path / "source"), (
                f"{notebook.relative_to(tmp_path)}: dead link {target}")


def test_course_folder_copies_linked_files_and_points_lesson_links_at_their_folders(tmp_path):
    home = tmp_path / "lessons"
    (home / "notes" / "__pycache__").mkdir(parents=True)
    (home / "notes" / "a.md").write_text("a")
    (home / "notes" / "__pycache__" / "a.pyc").write_bytes(b"")
    (home / "worker.py").write_text("print(1)")
    (tmp_path / "outside.md").write_text("o")
    links = ("[a](notes/a.md), [folder](notes/), [worker](worker.py), [five](05_x.ipynb#part), "
             "[me](99_links.ipynb), [web](https://example.org/y.py), [out](../outside.md)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# 99 · T\n\n{links}")])
    nbformat.write(nb, home / "99_links.ipynb")
    warnings = []
    meta.write_course(tmp_path / "course", [home / "99_links.ipynb"], report=warnings.append)
    lesson = tmp_path / "course" / "source" / "lesson99"
    assert (lesson / "notes" / "a.md").read_text() == "a"
    assert (lesson / "worker.py").read_text() == "print(1)"
    assert not (lesson / "notes" / "__pycache__").exists()
    text = load(lesson / "99_links.ipynb").cells[0].source
    for kept in ("](notes/a.md)", "](worker.py)", "](99_links.ipynb)", "](https://example.org/y.py)",
                 "](../lesson05/05_x.ipynb#part)"):
        assert kept in text, kept
    assert len(warnings) == 1 and "../outside.md" in warnings[0], warnings
    assert meta.linked_files(home / "99_links.ipynb")[1] == ["../outside.md"]
