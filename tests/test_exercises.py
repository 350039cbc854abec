"""Exercises in every lesson, and the student copies made from them.

Lessons keep their solutions between ``### BEGIN SOLUTION`` and
``### END SOLUTION``; ``tools/make_exercises.py`` writes a student copy of each
lesson into ``notebooks/exercises/`` with those regions stubbed out.
"""

import subprocess
import sys

import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from repo_facts import COPIES, LESSONS, ROOT, load, relative_links

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "raise NotImplementedError()"


def solution_lines(nb):
    """Lines that appear only inside solution regions (never elsewhere in the lesson)."""
    inside, outside, active = set(), set(), False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            text = line.strip()
            if text in (BEGIN, END):
                active = text == BEGIN
            elif text and not text.startswith("#"):
                (inside if active else outside).add(text)
    return inside - outside


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def lesson(request):
    return request.param


def test_student_copies_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_exercises.py"), "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_lesson_has_two_exercises_each_followed_by_a_check(lesson):
    cells = load(lesson).cells
    code = [c for c in cells if c.cell_type == "code"]
    solved = [i for i, c in enumerate(code) if BEGIN in c.source]
    assert len(solved) >= 2, f"{len(solved)} solution regions"
    headings = [c for c in cells if c.cell_type == "markdown" and "### Exercise" in c.source]
    assert len(headings) >= 2
    for i in solved:
        assert i + 1 < len(code), "a solution cell is the last code cell: where is its check?"
        check = code[i + 1].source
        assert BEGIN not in check and ("assert" in check), f"no check after: {code[i].source[:60]}"


def test_exercises_come_after_the_lesson(lesson):
    cells = load(lesson).cells
    first_exercise = next(i for i, c in enumerate(cells) if BEGIN in c.source)
    headings = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and "## Exercises" in c.source.splitlines()
    ]
    assert headings and headings[0] < first_exercise


def test_copy_has_no_solutions_no_outputs_and_its_own_badge(lesson):
    copy = load(COPIES / lesson.name)
    secret = solution_lines(load(lesson))
    for cell in copy.cells:
        assert "solution" not in cell.get("metadata", {}).get("tags", [])
        assert BEGIN not in cell.source and END not in cell.source
        leaked = secret & {line.strip() for line in cell.source.splitlines()}
        assert not leaked, f"solution code in the student copy: {sorted(leaked)[:3]}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert f"blob/main/notebooks/exercises/{lesson.name}" in copy.cells[0].source
    assert sum(STUB in c.source for c in copy.cells) >= 2


def test_copy_relative_links_resolve(lesson):
    for target in relative_links(load(COPIES / lesson.name)):
        assert (COPIES / target).exists(), f"broken link {target!r}"


def test_student_copy_runs_until_its_first_exercise(lesson, monkeypatch):
    copy = load(COPIES / lesson.name)
    first_stub = next(i for i, c in enumerate(copy.cells) if STUB in c.source)
    # Only errors matter here, not pictures: with Agg, plt.show() renders nothing.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(copy, timeout=300, kernel_name="python3", shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(COPIES)}})
    with pytest.raises(CellExecutionError) as failure:
        client.execute(cwd=str(COPIES))
    assert failure.value.ename == "NotImplementedError"
    ran = [i for i, c in enumerate(copy.cells) if c.cell_type == "code" and c.execution_count]
    assert ran and ran[-1] == first_stub, "it must stop at the first exercise, not before"
