"""nbgrader, for real: release, grade, re-grade and regenerate a lesson, as the README says.

The teacher's commands of README "For teachers" are run with the real
``nbgrader`` in one course folder in a temporary directory, on the quickest
lesson. The tests share that folder (one module fixture, one ``xdist_group``),
so ``pytest -n 2`` sets it up once; they run in the order written, the last one
changing the lesson. One student hands the release in unanswered, then hands
the solutions in: two autogrades, each running the lesson once.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import lessons, nbgrader_metadata, student_copies
from tools.kernels import NOTEBOOK_ENV
from tools.lessons import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]

LESSON = lessons.NOTEBOOKS / lessons.QUICKEST
NUMBER = lessons.number(LESSON)
ASSIGNMENT = f"lesson{NUMBER}"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README's commands, with its course folder; the tests put the folder in a temporary directory.
COURSE_IN_README = "../backprop-course"
WRITE_COURSE = f"python -m tools.nbgrader_metadata --course {COURSE_IN_README}"
GENERATE = f"nbgrader generate_assignment {ASSIGNMENT} --force"
AUTOGRADE = f"nbgrader autograde {ASSIGNMENT} --force"
EXPORT = "nbgrader export"
STUDENT = "student"
load = lessons.read


def teachers_section():
    return README.split("## For teachers", 1)[1].split("\n## ", 1)[0]


def test_readme_gives_the_commands_these_tests_run():
    for command in (WRITE_COURSE, GENERATE, AUTOGRADE, EXPORT):
        assert command in teachers_section(), f"README 'For teachers' lacks: {command}"


def teachers_environment():
    """This process's environment as a teacher's shell has it: no NOTEBOOK_ENV, no PYTEST_*.

    ipykernel does not capture file descriptor 2 when it sees ``PYTEST_CURRENT_TEST``, so
    with it the graded notebooks could not show what a teacher's would. Kept: the private
    ``TMPDIR`` and IPython folder of ``conftest.py``, and ``PYTHONDONTWRITEBYTECODE``, which
    change no output and keep the run traceless.
    """
    return {name: value for name, value in os.environ.items()
            if not name.startswith("PYTEST_")
            and (name not in NOTEBOOK_ENV or name == "PYTHONDONTWRITEBYTECODE")}


def nbgrader(course, command, *more):
    args = [*command.split()[1:], *more]
    # python -m: the venv's nbgrader even when pytest was started without activating the venv
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                            capture_output=True, text=True, timeout=600,
                            env=teachers_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    # nbgrader logs a config file it cannot load and carries on: that must not go unnoticed.
    assert "Exception while loading config file" not in result.stderr, result.stderr
    return result


def write_course(course, *lessons_):
    command = WRITE_COURSE.replace(COURSE_IN_README, str(course)).split()
    result = subprocess.run([sys.executable, *command[1:], *map(str, lessons_)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "backprop-notebooks") as gb:
        graded = gb.find_submission_notebook(LESSON.stem, ASSIGNMENT, STUDENT)
        return {grade.name: grade.score for grade in graded.grades}


def submit(course, notebook):
    folder = course / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, folder / LESSON.name)


def grade(course, notebook):
    """Submit ``notebook``, autograde with the README's command; the scores and graded notebook."""
    submit(course, notebook)
    nbgrader(course, AUTOGRADE)
    return scores(course), load(course / "autograded" / STUDENT / ASSIGNMENT / LESSON.name)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder after the README's commands: the quickest lesson released, handed in, graded.

    The student first hands in the release unanswered, then again with the
    lesson's solutions; both are graded with ``nbgrader autograde ... --force``.
    """
    home = tmp_path_factory.mktemp("nbgrader")
    course = home / "backprop-course"
    # Others may edit the lesson meanwhile: the tests compare against this copy of it. Every
    # other lesson is written from the repository, as the README's command does.
    lesson = Path(shutil.copy(LESSON, home / LESSON.name))
    write_course(course, *[lesson if path == LESSON else path for path in lessons.lessons()])
    nbgrader(course, GENERATE)
    graded = {"unanswered": grade(course, course / "release" / ASSIGNMENT / LESSON.name),
              "solved": grade(course, course / "source" / ASSIGNMENT / LESSON.name)}
    nbgrader(course, EXPORT)
    return {"folder": course, "graded": graded, "lesson": lesson}


def test_course_folder_has_every_lesson(course):
    assert sorted(p.parent.name for p in course["folder"].glob("source/*/*.ipynb")) == [
        f"lesson{lessons.number(p)}" for p in lessons.lessons()]


def test_release_is_the_student_copy_without_solutions_and_its_links_lead_somewhere(course):
    release = course["folder"] / "release" / ASSIGNMENT / LESSON.name
    lesson = course["lesson"]
    released, secret = load(release), student_copies.solution_lines(load(lesson))
    for cell in released.cells:
        assert "solution" not in cell.metadata.get("tags", []), "explanation released"
        assert not secret & {line.strip() for line in cell.source.splitlines()}
    # Our student copy, with its links to other lessons pointed at their course folders.
    ours = nbgrader_metadata.course_links(student_copies.student_copy(lesson), LESSON.name)
    assert ours.cells[1:] == released.cells[1:], "student copy differs from nbgrader's release"
    for target in lessons.relative_links(released):
        # Released next to this one, or released like it once the teacher releases that lesson.
        there = release.parent / target
        source = course["folder"] / "source" / ASSIGNMENT / target
        assert there.exists() or source.exists(), f"dead link in the release: {target}"


def errors_outside_exercises(nb):
    """Errors outside the exercises' cells, and stderr anywhere (feedback would show it)."""
    return [(i, out.get("ename") or out.get("text", "")[:200]) for i, c in enumerate(nb.cells)
            for out in c.get("outputs", [])
            if out.output_type == "error" and not c.metadata.get("nbgrader", {}).get("grade_id")
            or out.get("name") == "stderr"]


def check_ids(course):
    return [f"{ASSIGNMENT}-ex{k}-check" for k in student_copies.exercises_of(course["lesson"])]


def test_autograde_gives_an_unanswered_release_zero_on_every_exercise(course):
    checks = check_ids(course)
    found, nb = course["graded"]["unanswered"]
    assert found == dict.fromkeys(checks, 0.0)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "a cell did not run"
    assert errors_outside_exercises(nb) == []
    # A stub raises, in its own cell or in the check cell that calls it.
    raised = {out.ename for c in code if c.metadata.get("nbgrader", {}).get("grade_id")
              for out in c.outputs if out.output_type == "error"}
    assert "NotImplementedError" in raised, raised


def test_autograde_with_force_regrades_a_resubmission_with_full_marks(course):
    checks = check_ids(course)
    found, nb = course["graded"]["solved"]
    assert found == dict.fromkeys(checks, 1.0), "the re-submission was not re-graded"
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    assert errors_outside_exercises(nb) == []
    with open(course["folder"] / "grades.csv", newline="") as f:
        totals = [(row["student_id"], float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)]
    assert totals == [(STUDENT, float(len(checks)), float(len(checks)))]


def test_regenerating_with_force_replaces_a_stale_release(course, tmp_path):
    # The teacher changes the lesson (here a copy of it) and links a new file from it.
    edited = tmp_path / LESSON.name
    nb = load(course["lesson"])
    remark = "A remark the teacher added: see [the notes](notes/extra.md)."
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(remark))
    nbformat.write(nb, edited)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "extra.md").write_text("Notes for this lesson.\n")
    folder = course["folder"]
    write_course(folder, edited)
    release = folder / "release" / ASSIGNMENT
    assert (folder / "source" / ASSIGNMENT / "notes" / "extra.md").is_file()

    stale = nbgrader(folder, GENERATE.removesuffix(" --force"))  # what the README warns about
    assert "Skipping existing assignment" in stale.stdout + stale.stderr
    assert remark not in (release / LESSON.name).read_text(), "nbgrader updated without --force"

    nbgrader(folder, GENERATE)
    assert any(c.source == remark for c in load(release / LESSON.name).cells), "release is stale"
    assert (release / "notes" / "extra.md").read_text() == "Notes for this lesson.\n"
