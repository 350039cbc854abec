"""tools.nbgrader_metadata: the exercises' nbgrader metadata, stamped into copies of a lesson."""

import shutil
import subprocess
import sys
from pathlib import Path

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


def run(*args, **kwargs):
    return subprocess.run([*TOOL, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          **kwargs)


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
    assert [marked[i]["grade_id"] for i in solutions] == [
        "lesson04-ex1", "lesson04-ex2", "lesson04-ex3"]


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
    result = run("--check")
    assert result.returncode == 0, result.stdout + result.stderr
