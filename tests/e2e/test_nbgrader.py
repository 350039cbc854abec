"""nbgrader, for real: a release and an autograde of a lesson, with the README's commands.

The teacher's commands of README "For teachers" are run with the real
``nbgrader`` in a course folder in a temporary directory, on the quickest lesson.
It is one test, not several sharing a fixture, so that ``pytest -n 2`` runs
nbgrader once.
"""

import csv
import shutil
import subprocess
import sys

import pytest

from tools import lessons, student_copies
from tools.lessons import ROOT

pytestmark = pytest.mark.slow

LESSON = lessons.NOTEBOOKS / lessons.QUICKEST
NUMBER = lessons.number(LESSON)
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README's commands, with its course folder; the test puts the folder in a temporary directory.
COURSE_IN_README = "../backprop-course"
COMMANDS = [
    f"python -m tools.nbgrader_metadata --course {COURSE_IN_README}",
    f"nbgrader generate_assignment lesson{NUMBER}",
    f"nbgrader autograde lesson{NUMBER}",
    "nbgrader export",
]
load = lessons.read


def test_readme_gives_the_commands_this_test_runs():
    teachers = README.split("## For teachers", 1)[1].split("\n## ", 1)[0]
    for command in COMMANDS:
        assert command in teachers, f"README 'For teachers' lacks: {command}"






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
        f"lesson{lessons.number(p)}" for p in lessons.lessons()]
    nbgrader(course, *COMMANDS[1].split()[1:])

    # The release: no solution code, no worked explanations, and the same as our student copy.
    source = course / "source" / f"lesson{NUMBER}" / LESSON.name
    release = course / "release" / f"lesson{NUMBER}" / LESSON.name
    released, secret = load(release), student_copies.solution_lines(load(LESSON))
    for cell in released.cells:
        assert "solution" not in cell.metadata.get("tags", []), "explanation released"
        assert not secret & {line.strip() for line in cell.source.splitlines()}
    ours = student_copies.student_copy(LESSON)
    assert ours.cells[1:] == released.cells[1:], "student copy differs from nbgrader's release"

    # Two submissions: the lesson with its solutions, and the release left unanswered.
    for student, notebook in [("solved", source), ("unanswered", release)]:
        folder = course / "submitted" / student / f"lesson{NUMBER}"
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder)
    nbgrader(course, *COMMANDS[2].split()[1:])
    nbgrader(course, *COMMANDS[3].split()[1:])

    with open(course / "grades.csv", newline="") as f:
        totals = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    n = len(student_copies.exercises_of(LESSON))
    assert totals == {"solved": (float(n), float(n)), "unanswered": (0.0, float(n))}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "backprop-notebooks") as gb:
        for student, expected in [("solved", 1.0), ("unanswered", 0.0)]:
            graded = gb.find_submission_notebook(LESSON.stem, f"lesson{NUMBER}", student)
            scores = {grade.name: grade.score for grade in graded.grades}
            assert scores == {f"lesson{NUMBER}-ex{k}-check": expected
                              for k in student_copies.exercises_of(LESSON)}, student

    for student in ("solved", "unanswered"):
        nb = load(course / "autograded" / student / f"lesson{NUMBER}" / LESSON.name)
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
