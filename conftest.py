"""pytest's configuration for the whole repository: the kernels' environment, markers, order.

It lives at the repository root so that it also applies to
``pytest notebooks/NN_name.ipynb`` on its own. The options that need no path
(``--nbval``, ``--nbval-current-env``, the cell timeout, ``--dist loadgroup``)
are in ``pyproject.toml``; the sanitizer file, which does, is set here.

* Every notebook kernel nbval starts inherits this process's environment, so
  ``tools.kernels.kernel_environment`` is entered here, at import time, before
  any kernel starts (in each pytest-xdist worker too, which imports this file
  itself), and left when the process ends, removing its temporary folders.
* Each notebook's cells share one kernel, so they form one ``xdist_group``;
  notebooks are ``slow`` (``pytest -m "not slow"`` runs the fast tests alone).
* Slow tests run first, so that with ``pytest -n 2`` both workers finish together.
"""

import atexit
import contextlib
from pathlib import Path

import pytest

from tools import lessons
from tools.kernels import kernel_environment

SANITIZER = lessons.ROOT / "tests" / "sanitize.cfg"

_kernels = contextlib.ExitStack()
_kernels.enter_context(kernel_environment())
atexit.register(_kernels.close)


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", None) is None:
        config.option.nbval_sanitize_with = str(SANITIZER)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(path.name))
    items[:] = sorted(items, key=lambda item: item.get_closest_marker("slow") is None)
