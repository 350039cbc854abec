"""With `pytest -n 2`, a notebook's cells run on one worker: the xdist_group scheduling works.

Every cell of a notebook shares one kernel, so nbval needs them all on one worker;
``conftest.py`` marks them with one ``xdist_group`` and ``--dist loadgroup``
(pyproject.toml) keeps a group together. pytest 9.2 broke this silently with
pytest-xdist 3.8 (pytest-xdist#1386): this test fails if an upgrade does it again.
"""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

GROUPED = """
import os
import pathlib
import pytest

@pytest.mark.xdist_group("one kernel")
@pytest.mark.parametrize("cell", range(6))
def test_cell(cell):
    pathlib.Path(f"ran-{cell}").write_text(os.environ["PYTEST_XDIST_WORKER"])

@pytest.mark.parametrize("other", range(6))
def test_ungrouped(other):
    pass
"""


def test_a_group_runs_on_one_worker_under_loadgroup(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p",
         "no:cacheprovider", "-v", "-c", os.devnull, "--rootdir", str(tmp_path),
         "test_grouped.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    workers = {(tmp_path / f"ran-{cell}").read_text() for cell in range(6)}
    assert len(workers) == 1, f"one group ran on several workers: {workers}"
    grouped = [line for line in result.stdout.splitlines()
               if "PASSED" in line and "test_cell" in line]
    assert len(grouped) == 6 and all("@one kernel" in line for line in grouped), grouped
