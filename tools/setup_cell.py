"""The Colab set-up cell, byte for byte the same in every lesson, and the tool that stamps it.

    python -m tools.setup_cell            # stamp it into every lesson (and report which changed)
    python -m tools.setup_cell --check    # exit 1 if a lesson's first code cell differs

The first code cell of every lesson is ``SETUP_CELL``. On Colab it clones this
repository (branch ``BRANCH``) next to the notebook and puts it on ``sys.path``,
so that ``helpers`` and ``data/`` work without installing anything; anywhere
else it does nothing and prints nothing. It is generated from the repository
model (``tools.lessons``), so the address it clones is written in one place.
"""

import argparse
import sys

from tools import lessons

#: Where the clone goes on Colab, next to the notebook.
CLONE = "backprop-notebooks"

SETUP_CELL = f'''\
# Setup, the same in every lesson. On Colab: fetch this course's helpers and data from GitHub
# (nothing is installed; Colab's TensorFlow is used). Anywhere else this cell does nothing.
import os
import sys

if "google.colab" in sys.modules:
    import subprocess

    url = os.environ.get("BACKPROP_NOTEBOOKS_URL", "{lessons.REPO_URL}")
    if not os.path.isdir("{CLONE}"):
        subprocess.run(["git", "clone", "-q", "--depth=1", "--branch={lessons.BRANCH}", url,
                        "{CLONE}"], check=True)
    sys.path.insert(0, os.path.abspath("{CLONE}"))'''


def setup_cell_index(nb, where="notebook"):
    """Index of the lesson's Colab set-up cell: its first code cell, which mentions google.colab."""
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    if not code or "google.colab" not in nb.cells[code[0]].source:
        raise ValueError(f"{where}: the first code cell must be the Colab set-up cell")
    return code[0]


def stamp(nb, where="notebook"):
    """Put ``SETUP_CELL`` in place of the lesson's set-up cell (in place); True if it changed."""
    cell = nb.cells[setup_cell_index(nb, where)]
    changed = cell.source != SETUP_CELL
    cell.source = SETUP_CELL
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="lesson numbers (default: every lesson)")
    parser.add_argument("--check", action="store_true", help="only report lessons that differ")
    args = parser.parse_args(argv)
    paths = [lessons.lesson(n) for n in args.numbers] or lessons.lessons()
    stale = []
    for path in paths:
        nb = lessons.read(path)
        stamp(nb, lessons.shown(path))
        if lessons.write_or_check(path, lessons.notebook_text(nb), args.check):
            stale.append(path)
    for path in stale:
        print(f"{'differs' if args.check else 'stamped'}: {lessons.shown(path)}")
    if args.check and stale:
        print("run: python -m tools.setup_cell")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
