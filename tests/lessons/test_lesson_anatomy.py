"""Every lesson has the anatomy of ../shared/STYLE.md and keeps its budgets.

Checked without running anything: the sections in order, the Time line and the
notation link, the budgets (``tools.budgets``), the prose numbers
(``tools.prose_numbers``), alt text on every figure, and exercises of the right
kinds whose explanations stay in the student copy.
"""

import re

import pytest

from tools import budgets, lessons, prose_numbers
from tools.lessons import BEGIN, ROOT
from tools.nbgrader_metadata import HEADING as EXERCISE_HEADING
from tools.nbgrader_metadata import exercises

TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes for the main path")
NOTATION = "00_maths_and_numpy.ipynb#notation"
KIND = re.compile(r"^###\s+Exercise\s+\d+\s+·\s+(Build|Predict, then check|Fix):\s+\S", re.M)


def params():
    return [pytest.param(p, id=p.name[:2]) for p in lessons.lessons()]


def headings(nb):
    return [line.strip() for cell in nb.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if re.match(r"^##\s", line)]


def section_text(nb, title):
    """The Markdown of the section whose ``##`` heading starts with ``title``."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no '## {title}' section"
    return match.group(1)


@pytest.mark.parametrize("lesson", params())
def test_sections_come_in_the_house_order(lesson):
    found = headings(lessons.read(lesson))
    order = ["## Before you start", "## What you will learn", "## Setup", "## 1. ",
             "## Summary", "## Exercises"]
    positions = []
    for start in order:
        hits = [i for i, h in enumerate(found) if h.startswith(start)]
        assert hits, f"missing a heading starting with {start!r}: {found}"
        positions.append(hits[0])
    assert positions == sorted(positions), f"sections out of order: {found}"
    deeper = [i for i, h in enumerate(found) if h.startswith("## Going deeper: ")]
    assert all(positions[4] < i < positions[5] for i in deeper), "Going deeper goes between "\
        "Summary and Exercises"


@pytest.mark.parametrize("lesson", params())
def test_before_you_start_gives_the_time_and_links_the_notation_table(lesson):
    text = section_text(lessons.read(lesson), "Before you start")
    assert TIME.search(text), "say '**Time:** about N minutes for the main path'"
    if lessons.number(lesson) != "00":
        assert NOTATION in text, f"link the notation table: ({NOTATION})"


@pytest.mark.parametrize("lesson", params())
def test_readme_gives_the_same_main_path_time(lesson):
    minutes = TIME.search(section_text(lessons.read(lesson), "Before you start")).group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if f"notebooks/{lesson.name})" in line)
    assert f"| {minutes} min |" in row, f"README row says otherwise: {row[:120]}"


@pytest.mark.parametrize("lesson", params())
def test_setup_is_one_sentence_then_the_two_setup_cells(lesson):
    nb = lessons.read(lesson)
    at = next(i for i, c in enumerate(nb.cells)
              if c.cell_type == "markdown" and c.source.startswith("## Setup"))
    sentence = nb.cells[at].source.split("\n", 1)[1].strip()
    assert sentence.count(". ") == 0 and sentence.endswith("."), f"one sentence: {sentence!r}"
    assert [c.cell_type for c in nb.cells[at + 1:at + 3]] == ["code", "code"]
    assert "google.colab" in nb.cells[at + 1].source
    assert "helpers.set_seed(" in nb.cells[at + 2].source


@pytest.mark.parametrize("lesson", params())
def test_lesson_keeps_the_budgets(lesson):
    over = budgets.measure(lessons.read(lesson)).over()
    assert not over, "; ".join(over)


@pytest.mark.parametrize("lesson", params())
def test_prose_numbers_are_printed_by_the_lesson(lesson):
    allowed = prose_numbers.allowed_numbers().get(lessons.number(lesson), {})
    missing = prose_numbers.unexplained(lessons.read(lesson), allowed)
    assert not missing, (f"numbers in the prose that no code prints: {missing}; print them, or "
                         f"allow them with a reason in {lessons.shown(prose_numbers.ALLOWED_FILE)}")


def test_every_allowed_prose_number_has_a_reason_and_a_lesson():
    numbers = {lessons.number(p) for p in lessons.lessons()}
    for lesson, allowed in prose_numbers.allowed_numbers().items():
        assert lesson in numbers, f"prose_numbers.toml: no lesson {lesson}"
        for number, reason in allowed.items():
            assert isinstance(reason, str) and len(reason.split()) >= 3, (lesson, number)


@pytest.mark.parametrize("lesson", params())
def test_every_figure_has_alt_text(lesson):
    for index, cell in enumerate(lessons.read(lesson).cells):
        if cell.cell_type == "code" and budgets.figures(cell):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.split()) >= 4, (
                f"cell {index}: give the figure alt text, metadata mystnb.image.alt")


@pytest.mark.parametrize("lesson", params())
def test_exercises_are_headed_by_their_kind_with_a_build_and_a_prediction(lesson):
    nb = lessons.read(lesson)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    numbered = EXERCISE_HEADING.findall(text)
    kinds = KIND.findall(text)
    assert len(kinds) == len(numbered) >= 3, (
        "head each exercise '### Exercise N · Build: …', '· Predict, then check: …' or '· Fix: …'")
    assert "Build" in kinds and "Predict, then check" in kinds, kinds


@pytest.mark.parametrize("lesson", params())
def test_each_explanation_follows_its_check_and_stays_in_the_student_copy(lesson):
    nb = lessons.read(lesson)
    assert not [i for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])], (
        "no cells tagged 'solution': an explanation goes in a <details> block after the check")
    for number, _, check in exercises(nb, lesson.name):
        after = nb.cells[check + 1] if check + 1 < len(nb.cells) else None
        explained = after is not None and after.cell_type == "markdown" and (
            "<details>" in after.source)
        assert explained, (
            f"exercise {number}: put its explanation in a <details> block right after its check")
        assert BEGIN not in after.source
