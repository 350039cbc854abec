"""Exercises in every lesson, and the student copies made from them.

Lessons keep their solutions between ``### BEGIN SOLUTION`` and
``### END SOLUTION``; ``tools/make_exercises.py`` writes a student copy of each
lesson into ``notebooks/exercises/`` with those regions stubbed out (with
nbgrader's preprocessors). That a student copy *runs* is proved by
tests/test_nbgrader.py, which autogrades a released lesson with nbgrader; here
every copy is checked to be its lesson cell for cell, so that the lesson's own
nbval run covers every cell a student does not edit.
"""

import ast
import subprocess
import sys

import pytest
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


def stub_out(source):
    """The source with each solution region replaced by nbgrader's stub, at its indentation."""
    out, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN:
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}{STUB}"]
            inside = True
        elif line.strip() == END:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


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
            assert student.source.replace("](../", "](") == original.source.replace("](../", "](")
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
