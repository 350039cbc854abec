"""Exercises in every lesson, and the student copies made from them.

Lessons keep their solutions between ``### BEGIN SOLUTION`` and
``### END SOLUTION``; ``python -m tools.student_copies`` writes a student copy of each
lesson into ``notebooks/exercises/`` with those regions stubbed out (with
nbgrader's preprocessors). That a student copy *runs* is proved by
tests/test_nbgrader.py, which autogrades a released lesson with nbgrader; here
every copy is checked to be its lesson cell for cell, so that the lesson's own
nbval run covers every cell a student does not edit.
"""

import ast

import pytest

from tools import lessons, student_copies
from tools.lessons import BEGIN, COPIES, END, STUB
from tools.nbgrader_metadata import exercises
from tools.student_copies import solution_lines, stub_out

LESSONS = lessons.lessons()
load = lessons.read


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def lesson(request):
    return request.param


def test_student_copies_are_up_to_date_and_none_is_orphaned():
    stale = student_copies.write_copies(LESSONS, check=True)
    assert not stale and not student_copies.orphans(), "run: python -m tools.student_copies"


def test_lesson_has_exercises_each_followed_by_a_check(lesson):
    found = exercises(load(lesson), lesson.name)  # raises if a solution lacks its check cell
    assert len(found) >= 2, f"{len(found)} exercises"
    headings = [c for c in load(lesson).cells
                if c.cell_type == "markdown" and "### Exercise" in c.source]
    assert len(headings) >= len(found)


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
    for target in lessons.relative_links(load(COPIES / lesson.name)):
        assert (COPIES / target).exists(), f"broken link {target!r}"


def test_student_copy_is_its_lesson_with_only_the_solutions_stubbed(lesson):
    kept = [c for c in load(lesson).cells if "solution" not in c.metadata.get("tags", [])]
    copy = load(COPIES / lesson.name).cells
    assert [c.get("id") for c in copy] == [c.get("id") for c in kept], "cells added or lost"
    stubs = 0
    for index, (original, student) in enumerate(zip(kept, copy, strict=True)):
        assert student.cell_type == original.cell_type
        if index == 0:
            continue  # the badge and the student note: tested above
        if original.cell_type == "markdown":
            # links to files other than lessons gain a "../" (their targets are tested above)
            assert student.source.replace("](../", "](") == original.source
        elif BEGIN in original.source:
            assert student.source == stub_out(original.source), f"cell {index}: not just stubbed"
            ast.parse(student.source)  # the stub leaves valid Python at the region's indentation
            assert student.metadata["nbgrader"]["solution"] is True
            stubs += 1
        else:
            assert student.source == original.source, f"cell {index} differs from the lesson"
    assert stubs >= 2


def test_check_cells_are_locked_graded_nbgrader_cells_in_the_copy(lesson):
    copy = load(COPIES / lesson.name).cells
    code = [c for c in copy if c.cell_type == "code"]
    for i, cell in enumerate(code):
        if STUB in cell.source:
            grade = code[i + 1].metadata.get("nbgrader", {})
            assert grade.get("grade") is True and grade.get("locked") is True
            assert grade["points"] > 0
