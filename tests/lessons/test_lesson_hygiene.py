"""Hygiene of the lesson notebooks, checked without running them.

nbval (``pytest --nbval``) executes every notebook and compares outputs; these
tests check what nbval does not: structure, house style, stored-output
hygiene and that nothing is fetched from the network.
"""

import json
import re

import nbformat
import pytest

from tools import lessons
from tools.lessons import COLAB, ROOT, colab_url
from tools.setup_cell import SETUP_CELL

LESSONS = lessons.lessons()
load = lessons.read

MAX_BYTES = 1_500_000

# Strings that would reveal a developer's machine in a stored output.
LOCAL_PATH = re.compile(r"(/home/|/Users/|/root/|/work/|[A-Za-z]:\\\\Users)")
# Ways a notebook could download data or models at run time.
NETWORK = re.compile(
    r"keras\.datasets|get_file\(|tensorflow_datasets|tfds\.|urllib|requests\.get|kagglehub|hub\.load"
)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_lessons():
    assert LESSONS, "no notebooks/NN_*.ipynb found"


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def lesson(request):
    return request.param


def test_notebook_is_valid_nbformat(lesson):
    nbformat.validate(load(lesson))


def test_notebook_opens_with_numbered_title(lesson):
    first = load(lesson).cells[0]
    assert first.cell_type == "markdown"
    number = lesson.name[:2]
    assert re.match(rf"# {number} · \S", first.source), first.source.splitlines()[0]


def test_colab_badge_points_at_this_notebook(lesson):
    nb = load(lesson)
    head = "\n".join(c.source for c in nb.cells[:2] if c.cell_type == "markdown")
    assert f"({colab_url(lesson)})" in head, f"badge must link to {colab_url(lesson)}"
    links = re.findall(re.escape(COLAB) + r"[^)\s]+", "\n".join(c.source for c in nb.cells))
    assert set(links) == {colab_url(lesson)}, f"Colab links to other paths: {links}"


def test_first_code_cell_is_the_same_colab_setup_cell_in_every_lesson(lesson):
    assert code_cells(load(lesson))[0].source == SETUP_CELL, "run: python -m tools.setup_cell"


def test_second_code_cell_imports_and_seeds_in_at_most_15_lines(lesson):
    imports = code_cells(load(lesson))[1].source
    assert "helpers.set_seed(" in imports and "import" in imports
    assert len([line for line in imports.splitlines() if line.strip()]) <= 15


def test_house_style_sections_present(lesson):
    headings = [
        line.strip().lower()
        for c in load(lesson).cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("## ")
    ]
    for wanted in ("## what you will learn", "## summary", "## exercises"):
        assert wanted in headings, f"missing section {wanted!r}"


def test_every_code_cell_executed_in_order(lesson):
    counts = [c.execution_count for c in code_cells(load(lesson))]
    assert counts == list(range(1, len(counts) + 1)), counts


def test_no_errors_or_stderr_stored(lesson):
    for i, cell in enumerate(code_cells(load(lesson))):
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i}: stored error {out.get('ename')}"
            assert out.get("name") != "stderr", f"cell {i}: stored stderr {out.get('text')!r}"


def test_no_absolute_local_paths_in_outputs(lesson):
    for i, cell in enumerate(code_cells(load(lesson))):
        text = json.dumps([o for o in cell.outputs if o.output_type != "display_data"])
        text += json.dumps([o.get("data", {}).get("text/plain", "") for o in cell.outputs])
        assert not LOCAL_PATH.search(text), f"cell {i}: {LOCAL_PATH.search(text).group(0)}"
        assert str(ROOT) not in text, f"cell {i} prints the repository's absolute path"


def test_nothing_is_downloaded_at_run_time(lesson):
    for i, cell in enumerate(code_cells(load(lesson))):
        if i == 0:
            continue  # the setup cell clones the repository, on Colab only
        match = NETWORK.search(cell.source)
        assert not match, f"cell {i} uses {match.group(0)!r}; data must come from helpers or data/"


def test_notebook_size_is_under_limit(lesson):
    assert lesson.stat().st_size < MAX_BYTES


def test_no_timing_metadata_stored(lesson):
    for cell in load(lesson).cells:
        assert "execution" not in cell.get("metadata", {}), "re-run with python -m tools refresh"


def test_relative_links_resolve(lesson):
    for target in lessons.relative_links(load(lesson)):
        assert (lesson.parent / target).exists(), f"broken link {target!r}"
