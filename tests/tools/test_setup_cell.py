"""tools.setup_cell: the Colab cell, the same in every lesson, and its stamping tool."""

import subprocess
import sys

import nbformat
import pytest

from tools import lessons, setup_cell
from tools.setup_cell import SETUP_CELL


def lesson_like(first_code):
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 99 · Demo"),
        nbformat.v4.new_code_cell(first_code),
        nbformat.v4.new_code_cell("import helpers\nhelpers.set_seed(0)"),
    ])


def test_setup_cell_clones_this_repository_on_its_branch_only_on_colab():
    assert f'"{lessons.REPO_URL}"' in SETUP_CELL
    assert f"--branch={lessons.BRANCH}" in SETUP_CELL
    assert 'if "google.colab" in sys.modules:' in SETUP_CELL
    compile(SETUP_CELL, "<setup cell>", "exec")


def test_setup_cell_outside_colab_does_nothing_and_prints_nothing(tmp_path):
    result = subprocess.run([sys.executable, "-c", SETUP_CELL], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert list(tmp_path.iterdir()) == []


def test_stamp_replaces_an_outdated_setup_cell_and_nothing_else():
    nb = lesson_like("# old\nimport sys\nif 'google.colab' in sys.modules:\n    pass")
    other = nb.cells[2].source
    assert setup_cell.stamp(nb) is True
    assert nb.cells[1].source == SETUP_CELL and nb.cells[2].source == other
    assert setup_cell.stamp(nb) is False


def test_stamp_refuses_a_lesson_whose_first_code_cell_is_not_the_setup_cell():
    with pytest.raises(ValueError, match="demo.ipynb: the first code cell must be the Colab"):
        setup_cell.stamp(lesson_like("x = 1"), "demo.ipynb")


def test_check_passes_on_the_repository():
    result = subprocess.run([sys.executable, "-m", "tools.setup_cell", "--check"],
                            cwd=lessons.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
