"""tools.execute: re-executing a notebook in the tested environment, in place."""

import os
import subprocess
import sys

import nbformat
import pytest

from tools import execute, lessons


def notebook(*sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "tools.execute", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(lessons.ROOT)})


@pytest.mark.slow
def test_execute_stores_fresh_outputs_numbered_from_one(tmp_path):
    path = tmp_path / "demo.ipynb"
    nb = notebook("print(6 * 7)", "import os; print(os.environ['PYTHONHASHSEED'])")
    nb.cells[0].execution_count, nb.cells[0].outputs = 9, [
        nbformat.v4.new_output("stream", name="stdout", text="old\n")]
    nbformat.write(nb, path)
    result = run(path, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "demo.ipynb" in result.stdout and " s" in result.stdout
    done = lessons.read(path)
    assert [c.execution_count for c in done.cells] == [1, 2]
    assert [c.outputs[0]["text"] for c in done.cells] == ["42\n", "0\n"]  # the tested env


@pytest.mark.slow
def test_execute_does_not_write_a_notebook_whose_cell_fails(tmp_path):
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook("assert 1 == 2, 'the check fails'"), path)
    before = path.read_text()
    result = run(path, cwd=tmp_path)
    assert result.returncode == 1
    assert "FAILED" in result.stderr and "the check fails" in result.stderr
    assert path.read_text() == before


def test_resolve_accepts_lesson_numbers_and_paths_and_names_what_is_missing(tmp_path):
    first = lessons.lessons()[0]
    assert execute.resolve([lessons.number(first), str(first)]) == [first, first]
    with pytest.raises(FileNotFoundError, match="no such notebook: nope.ipynb"):
        execute.resolve(["nope.ipynb"])


def test_coalesce_streams_merges_one_print_split_in_two_messages():
    split = [nbformat.v4.new_output("stream", name="stdout", text="a = 1"),
             nbformat.v4.new_output("stream", name="stdout", text="2\n"),
             nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
             nbformat.v4.new_output("stream", name="stdout", text="b\n")]
    merged = execute.coalesce_streams(split)
    assert [(o.name, o.text) for o in merged] == [
        ("stdout", "a = 12\n"), ("stderr", "warn\n"), ("stdout", "b\n")]
