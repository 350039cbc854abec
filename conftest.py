"""Test-suite configuration shared by the unit tests and the notebook runs.

It lives at the repository root so that it also applies to
``pytest notebooks/NN_name.ipynb`` on its own.

Every notebook kernel started by nbval inherits this process's environment, so
the fixed kernel environment from ``helpers.setup.kernel_environment`` is put
in place here, at import time, before any kernel starts (also in each
pytest-xdist worker, which imports this file itself). The nbval options that
must hold wherever pytest is started from are set in ``pytest_configure``.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from helpers.setup import kernel_environment

ROOT = Path(__file__).resolve().parent
SANITIZER = ROOT / "tests" / "sanitize.cfg"

_ipython_dir = tempfile.mkdtemp(prefix="backprop-ipython-")
atexit.register(shutil.rmtree, _ipython_dir, ignore_errors=True)
os.environ.update(kernel_environment(_ipython_dir))


def pytest_configure(config):
    option = config.option
    # Kernels run in this environment (with our pins), not whatever `python3` is on PATH.
    option.nbval_current_env = True
    if getattr(option, "nbval_sanitize_with", None) is None:
        option.nbval_sanitize_with = str(SANITIZER)
    # A hung cell should fail in minutes, not in nbval's default of 2000 s.
    if getattr(option, "nbval_cell_timeout", None) == 2000:
        option.nbval_cell_timeout = 300
    # The cells of one notebook share one kernel, so with `pytest -n N` every
    # notebook (and every test file) must stay on one worker.
    if getattr(option, "numprocesses", None) and getattr(option, "dist", "no") in ("no", "load"):
        option.dist = "loadfile"
