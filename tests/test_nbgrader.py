"""nbgrader, for real: the stamping tool, and a release and autograde of lesson 04.

``tools/nbgrader_metadata.py`` gives the exercises nbgrader's cell metadata;
``test_nbgrader_releases_and_autogrades_a_lesson`` then runs the commands that
README "For teachers" gives, with the real ``nbgrader`` in a course folder in a
temporary directory. Lesson 04 is the quickest lesson to run. It is one test,
not several sharing a fixture, so that ``pytest -n 2`` runs nbgrader once.
"""

import csv
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from repo_facts import LESSONS, ROOT, load
from test_exercises import solution_lines

TOOL = ROOT / "tools" / "nbgrader_metadata.py"
LESSON = ROOT / "notebooks" / "04_gradient_tape.ipynb"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README's commands, with its course folder; the test puts the folder in a temporary directory.
COURSE_IN_README = "../backprop-course"
COMMANDS = [
    f"python tools/nbgrader_metadata.py --course {COURSE_IN_README}",
    "nbgrader generate_assignment lesson04",
    "nbgrader autograde lesson04",
    "nbgrader export",
]


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


meta = load_tool("nbgrader_metadata")


def nbgrader_cells(nb):
    return {i: c.metadata["nbgrader"] for i, c in enumerate(nb.cells) if "nbgrader" in c.metadata}


# --- the stamping tool, on copies ------------------------------------------------------------


def test_stamp_marks_each_solution_cell_and_the_check_cell_after_it(tmp_path):
    copy = shutil.copy(LESSON, tmp_path)
    subprocess.run([sys.executable, str(TOOL), str(copy)], check=True, capture_output=True)
    nb = load(copy)
    marked = nbgrader_cells(nb)
    solutions = [i for i, c in enumerate(nb.cells) if "### BEGIN SOLUTION" in c.source]
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
    run = [sys.executable, str(TOOL), str(copy)]
    subprocess.run(run, check=True, capture_output=True)
    once = copy.read_text()
    again = subprocess.run(run, check=True, capture_output=True, text=True)
    assert again.stdout == "" and copy.read_text() == once
    check = subprocess.run(run + ["--check"], capture_output=True, text=True)
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
    first = next(i for i, c in enumerate(nb.cells) if "### BEGIN SOLUTION" in c.source)
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
    result = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_gives_the_commands_this_test_runs():
    teachers = README.split("## For teachers", 1)[1].split("\n## ", 1)[0]
    for command in COMMANDS:
        assert command in teachers, f"README 'For teachers' lacks: {command}"


# --- the real nbgrader ---------------------------------------------------------------------


def nbgrader(course, *args):
    result = subprocess.run(["nbgrader", *args], cwd=course, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    # nbgrader logs a config file it cannot load and carries on: that must not go unnoticed.
    assert "Exception while loading config file" not in result.stderr, result.stderr
    return result


def test_nbgrader_releases_and_autogrades_a_lesson(tmp_path):
    course = tmp_path / "backprop-course"
    command = COMMANDS[0].replace(COURSE_IN_README, str(course)).split()
    subprocess.run([sys.executable, *command[1:]], cwd=ROOT, check=True, capture_output=True)
    assert sorted(p.parent.name for p in course.glob("source/*/*.ipynb")) == [
        f"lesson{p.name[:2]}" for p in LESSONS]
    nbgrader(course, *COMMANDS[1].split()[1:])

    # The release: no solution code, no worked explanations, and the same as our student copy.
    source = course / "source" / "lesson04" / LESSON.name
    release = course / "release" / "lesson04" / LESSON.name
    released, secret = load(release), solution_lines(load(LESSON))
    for cell in released.cells:
        assert "solution" not in cell.metadata.get("tags", []), "explanation released"
        assert not secret & {line.strip() for line in cell.source.splitlines()}
    ours = load_tool("make_exercises").student_copy(LESSON)
    assert ours.cells[1:] == released.cells[1:], "student copy differs from nbgrader's release"

    # Two submissions: the lesson with its solutions, and the release left unanswered.
    for student, notebook in [("solved", source), ("unanswered", release)]:
        folder = course / "submitted" / student / "lesson04"
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder)
    nbgrader(course, *COMMANDS[2].split()[1:])
    nbgrader(course, *COMMANDS[3].split()[1:])

    with open(course / "grades.csv", newline="") as f:
        totals = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    assert totals == {"solved": (3.0, 3.0), "unanswered": (0.0, 3.0)}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "backprop-notebooks") as gb:
        for student, expected in [("solved", 1.0), ("unanswered", 0.0)]:
            graded = gb.find_submission_notebook(LESSON.stem, "lesson04", student)
            scores = {grade.name: grade.score for grade in graded.grades}
            assert scores == {f"lesson04-ex{k}-check": expected for k in (1, 2, 3)}, student

    for student in ("solved", "unanswered"):
        nb = load(course / "autograded" / student / "lesson04" / LESSON.name)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), f"{student}: a cell did not run"
        errors = [
            (i, out.ename)
            for i, c in enumerate(nb.cells)
            if not c.metadata.get("nbgrader", {}).get("grade_id")
            for out in c.get("outputs", [])
            if out.output_type == "error"
        ]
        assert errors == [], f"{student}: errors outside the exercise cells"
        if student == "unanswered":
            stubs = [c for c in code if c.metadata.get("nbgrader", {}).get("solution")]
            assert stubs and all(
                c.outputs[-1].get("ename") == "NotImplementedError" for c in stubs)
