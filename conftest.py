"""Test-suite configuration shared by the unit tests and the notebook runs.

It lives at the repository root so that it also applies to
``pytest notebooks/NN_name.ipynb`` on its own.

Every notebook kernel started by nbval inherits this process's environment, so
the fixed kernel environment from ``helpers.setup.kernel_environment`` is put
in place here, at import time, before any kernel starts (also in each
pytest-xdist worker, which imports this file itself), with a private ``TMPDIR``
that is removed when the process ends, so that a test run leaves nothing in the
system's temporary directory. The nbval options that
must hold wherever pytest is started from are set in ``pytest_configure``.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers.setup import kernel_environment

ROOT = Path(__file__).resolve().parent
SANITIZER = ROOT / "tests" / "sanitize.cfg"

_ipython_dir = tempfile.mkdtemp(prefix="backprop-ipython-")
atexit.register(shutil.rmtree, _ipython_dir, ignore_errors=True)
# Kernels (and every other child process) write their temporary files here, and this
# process removes it at exit: nbval kills kernels before TensorFlow's exit handler deletes
# its __autograph_generated_file*.py. Each pytest-xdist worker inherits the controller's
# directory, makes its own inside it, and removes that one when it ends.
_kernel_tmp = tempfile.mkdtemp(prefix="backprop-tmp-")
atexit.register(shutil.rmtree, _kernel_tmp, ignore_errors=True)
os.environ.update(kernel_environment(_ipython_dir, tmp_dir=_kernel_tmp))


def pytest_configure(config):
    option = config.option
    # Kernels run in this environment (with our pins), not whatever `python3` is on PATH.
    option.nbval_current_env = True
    if getattr(option, "nbval_sanitize_with", None) is None:
        option.nbval_sanitize_with = str(SANITIZER)
    # A hung cell should fail in minutes, not in nbval's default of 2000 s.
    if getattr(option, "nbval_cell_timeout", None) == 2000:
        option.nbval_cell_timeout = 300


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook; harmless without it
def pytest_xdist_make_scheduler(config, log):
    """With `pytest -n N`: one notebook = one unit of work (its cells share a
    kernel), and so is each module whose tests share one expensive fixture (the
    mutant subprocess, the JupyterLab server); every other test is a unit of its
    own, so long tests spread over the workers instead of queueing on one."""
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            shared = (".ipynb::", "test_checks_can_fail.py::", "test_jupyterlab.py::")
            if any(s in nodeid for s in shared):
                return nodeid.split("::")[0]  # one kernel / mutant subprocess / JupyterLab
            return nodeid

    return NotebookScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Run the longest tests (notebooks, student copies, Colab) first, so that
    with several workers they all finish together; the sort is stable, so a
    notebook's cells keep their order."""
    slow = ("autogrades", "simulated_colab", "leaves_nothing", "test_jupyterlab",
            "test_checks_can_fail", ".ipynb::")
    items[:] = sorted(items, key=lambda item: not any(s in item.nodeid for s in slow))
