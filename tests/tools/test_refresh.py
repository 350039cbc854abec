"""tools.refresh: stamp, execute, student copy, in that order, and never write a failing lesson."""

import os
import subprocess
import sys

import nbformat
import pytest

from tests.scratch import scratch_copy
from tools import lessons, refresh
from tools.setup_cell import SETUP_CELL


def test_stamp_puts_the_setup_cell_and_the_nbgrader_metadata_in(tmp_path):
    source = lessons.NOTEBOOKS / lessons.QUICKEST
    path = tmp_path / source.name
    nb = lessons.read(source)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source.replace("Setup", "An old setup")
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    nbformat.write(nb, path)
    refresh.stamp(path)
    stamped = lessons.read(path)
    assert next(c for c in stamped.cells if c.cell_type == "code").source == SETUP_CELL
    assert any("nbgrader" in c.metadata for c in stamped.cells)


@pytest.mark.slow
def test_refresh_leaves_a_failing_lesson_and_its_copy_untouched(tmp_path):
    copy = scratch_copy(tmp_path / "repo")
    lesson = copy / "notebooks" / lessons.QUICKEST  # it never loads TensorFlow
    nb = lessons.read(lesson)
    # right after the setup cells, so the run stops early (the rest of the lesson never runs)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    nb.cells.insert(code[1] + 1, nbformat.v4.new_code_cell("assert False, 'a check that fails'"))
    nbformat.write(nb, lesson)
    before = lesson.read_text(), (copy / "notebooks" / "exercises" / lesson.name).read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run([sys.executable, "-m", "tools", "refresh", lessons.number(lesson)],
                            cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "a check that fails" in result.stderr and "FAILED" in result.stdout
    after = lesson.read_text(), (copy / "notebooks" / "exercises" / lesson.name).read_text()
    assert after == before
