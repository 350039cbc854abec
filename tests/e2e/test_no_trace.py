"""Running notebooks leaves nothing in the system's temporary directory.

A kernel is stopped without running its exit handlers, so what TensorFlow
would delete at exit (the ``__autograph_generated_file*.py`` sources of every
``tf.function``) used to stay in the temporary directory: about 84 files per
suite run. Now the kernels started by the tests (``conftest.py``) and by
``tools/execute.py`` get a temporary directory of their own, removed afterwards.

Other processes write to the real system temporary directory at any time, so
comparing its listings is not reliable. Each test therefore gives the process
under test a fresh, private "system" temporary directory (``TMPDIR``), runs a
notebook in a kernel that leaves files behind there (an autograph source and a
plain ``tempfile`` file), checks that the kernel did write them, and then that
the private directory is empty once the process has ended.
"""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from tools.lessons import ROOT

pytestmark = pytest.mark.slow

# A notebook that leaves temporary files behind, as the lessons' kernels do, and reports them.
LEAK = (
    "import glob, json, os, tempfile\n"
    "fd, leaked = tempfile.mkstemp(prefix='tmp', suffix='.leak')  # never removed"
)
AUTOGRAPH = (
    "import tensorflow as tf\n\n"
    "@tf.function\n"
    "def double(x):\n"
    "    return 2 * x\n\n"
    "double(tf.constant(1.0));  # autograph writes this function's source to a temporary file"
)
REPORT = (
    "tmp = tempfile.gettempdir()\n"
    "made = glob.glob(os.path.join(tmp, '__autograph_generated_file*'))\n"
    "print(json.dumps({'tmp': tmp, 'autograph': len(made), 'leaked': os.path.exists(leaked)}))"
)


def leaky_notebook(tensorflow):
    cells = [LEAK, AUTOGRAPH, REPORT] if tensorflow else [LEAK, REPORT]
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )


def report(outputs):
    return json.loads(outputs[-1]["text"])


def private_tmp(tmp_path):
    system = tmp_path / "system-tmp"
    system.mkdir()
    return system, {**os.environ, "TMPDIR": str(system), "PYTHONPATH": str(ROOT)}


# The environment pytest gives its kernels (importing conftest, as pytest does), then a
# notebook run with nbclient, the kernel killed at the end as nbval does.
UNDER_PYTEST = """
import json, sys
import nbformat
from nbclient import NotebookClient
import conftest  # noqa: F401 (sets the kernels' environment, as in every test run)

nb = nbformat.reads(sys.stdin.read(), as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate").execute()
print(json.dumps(nb.cells[-1].outputs))
"""


def test_a_notebook_run_under_the_test_setup_leaves_nothing_in_the_temp_dir(tmp_path):
    system, env = private_tmp(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", UNDER_PYTEST],
        input=nbformat.writes(leaky_notebook(tensorflow=True)), cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = report(json.loads(result.stdout.splitlines()[-1]))
    # The kernel did leave files, in a directory of the test run's own inside "system"...
    assert seen["autograph"] >= 1 and seen["leaked"], seen
    assert seen["tmp"].startswith(str(system) + os.sep), seen
    # ...which is gone with the process that made it.
    assert sorted(os.listdir(system)) == []


def test_tools_execute_leaves_nothing_in_the_temp_dir(tmp_path):
    system, env = private_tmp(tmp_path)
    notebook = tmp_path / "leaky.ipynb"
    nbformat.write(leaky_notebook(tensorflow=False), notebook)  # TensorFlow: tested above
    result = subprocess.run(
        [sys.executable, "-m", "tools.execute", str(notebook)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = report(nbformat.read(notebook, as_version=4).cells[-1].outputs)
    assert seen["leaked"] and seen["tmp"].startswith(str(system) + os.sep), seen
    assert sorted(os.listdir(system)) == []
