"""Re-execute notebooks in place, in the environment the tests use.

    python tools/execute.py notebooks/01_fit_linear_regression.ipynb
    python tools/execute.py            # every lesson in notebooks/

Each notebook runs in a fresh kernel of this Python environment, with its own
folder as working directory and the environment from
``helpers.setup.kernel_environment``, exactly as ``pytest`` later runs it, and
a temporary directory of its own (``TMPDIR``), removed afterwards. The stored outputs are
replaced, execution counts start at 1, and the time spent running the cells
(kernel start excluded) is printed: that is the number in the README catalogue.
A notebook that raises is not written back.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.setup import kernel_environment

ROOT = Path(__file__).resolve().parent.parent


def lesson_paths():
    """Every lesson notebook, in catalogue order (student copies excluded)."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def execute(path, timeout=600):
    """Run one notebook in place; return the seconds its cells took."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.reset_execution_trackers()
    with client.setup_kernel(cwd=str(path.parent)):
        info = client.wait_for_reply(client.kc.kernel_info())
        nb.metadata["language_info"] = info["content"]["language_info"]
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or lesson_paths()
    for path in paths:
        if not path.is_file():
            parser.error(f"no such notebook: {path}")
    failed = []
    # The kernels' temporary files (TensorFlow's autograph sources, which it would delete
    # at exit, but a kernel is stopped without running exit handlers) go into a folder of
    # our own, removed at the end.
    with (
        tempfile.TemporaryDirectory(prefix="backprop-ipython-") as ipython_dir,
        tempfile.TemporaryDirectory(prefix="backprop-tmp-") as tmp_dir,
    ):
        os.environ.update(kernel_environment(ipython_dir, tmp_dir=tmp_dir))
        for path in paths:
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"{shown} ...", end=" ", flush=True)
            try:
                seconds = execute(path)
            except Exception as exc:  # report every failing notebook, then exit non-zero
                print(f"FAILED\n{exc}")
                failed.append(path)
                continue
            print(f"{seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
