"""What several test files need to know about this repository, in one place.

Not a test module (pytest collects only ``test_*.py``); the tests import it.
"""

import re
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
COPIES = ROOT / "notebooks" / "exercises"
REPO_URL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
OWNER_REPO = REPO_URL.removeprefix("https://github.com/").rstrip("/")
COLAB = "https://colab.research.google.com/github/"

# A Markdown link whose target is a relative path (not a URL, not an #anchor).
RELATIVE_LINK = re.compile(r"\]\((?![a-z]+:|#)([^)\s#]+)")


def colab_url(path):
    """The Colab address of a notebook in this repository, on branch main."""
    return f"{COLAB}{OWNER_REPO}/blob/main/{path.relative_to(ROOT).as_posix()}"


def load(path):
    return nbformat.read(path, as_version=4)


def relative_links(nb):
    """Targets of the relative links in a notebook's Markdown cells."""
    return [
        target
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for target in RELATIVE_LINK.findall(cell.source)
    ]
