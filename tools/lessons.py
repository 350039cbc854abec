"""The repository model: where things live and which notebooks are lessons, in one place.

Every tool, test and the website read these facts from here; no other file restates them.

    >>> from tools import lessons
    >>> [p.name for p in lessons.lessons()][:2]       # doctest: +SKIP
    ['00_maths_and_numpy.ipynb', '01_fit_linear_regression.ipynb']
"""

import re
import tomllib
from pathlib import Path

import nbformat

#: The repository's top folder.
ROOT = Path(__file__).resolve().parent.parent
#: The lessons, and their student copies in a subfolder.
NOTEBOOKS = ROOT / "notebooks"
COPIES = NOTEBOOKS / "exercises"
#: A lesson is ``notebooks/NN_slug.ipynb``: two digits, an underscore, a slug.
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
LESSON_NAME = re.compile(r"^(\d\d)_([a-z0-9_]+)\.ipynb$")

#: An exercise's solution sits between these two lines (nbgrader's markers).
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: What nbgrader puts in place of a solution region in the student copy.
STUB = "raise NotImplementedError()"

#: The repository's public address, read from ``pyproject.toml`` (``[project.urls]``), and
#: the branch that Colab badges and the lessons' Colab set-up fetch.
REPO_URL = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "urls"]["Repository"]
BRANCH = "main"
OWNER_REPO = REPO_URL.removeprefix("https://github.com/").rstrip("/")
COLAB = "https://colab.research.google.com/github/"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

#: The lesson with exercises that runs fastest (NumPy only: it never loads TensorFlow). The
#: end-to-end tests of the set-up cells, grading and the working folder (Colab, nbgrader,
#: refresh, start) use it, since every lesson shares what they test.
QUICKEST = "00_maths_and_numpy.ipynb"
#: The quickest lesson that imports TensorFlow: for the tests of what a student sees while
#: TensorFlow starts (its C++ start-up lines kept off the notebook, in JupyterLab).
QUICKEST_TENSORFLOW = "04_gradient_tape.ipynb"


def lessons():
    """Every lesson notebook, in catalogue order (student copies excluded)."""
    return sorted(NOTEBOOKS.glob(LESSON_GLOB))


def number(path):
    """``"04"`` for ``.../04_gradient_tape.ipynb``; ValueError for any other name."""
    match = LESSON_NAME.match(Path(path).name)
    if not match:
        raise ValueError(f"a lesson's file name is NN_slug.ipynb, got {Path(path).name!r}")
    return match.group(1)


def lesson(number_):
    """The lesson whose number is ``number_`` (``"04"`` or ``4``); LookupError if none."""
    wanted = f"{int(number_):02d}"
    found = [p for p in lessons() if p.name.startswith(wanted + "_")]
    if len(found) != 1:
        raise LookupError(f"no single lesson numbered {wanted}: {[p.name for p in found]}")
    return found[0]


#: A Markdown link whose target is a relative path (not a URL, not an #anchor): its target.
RELATIVE_LINK = re.compile(r"\]\((?![a-z]+:|#)([^)\s#]+)")


def relative_links(nb):
    """Targets of the relative links in a notebook's Markdown cells, anchors removed."""
    return [
        target
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for target in RELATIVE_LINK.findall(cell.source)
    ]


def student_copy(path):
    """Where the student copy of a lesson lives."""
    return COPIES / Path(path).name


def colab_url(path):
    """The Colab address of a notebook of this repository (on ``BRANCH``)."""
    relative = Path(path).resolve().relative_to(ROOT).as_posix()
    return f"{COLAB}{OWNER_REPO}/blob/{BRANCH}/{relative}"


def colab_badge(path):
    """The Markdown of an Open-in-Colab badge for a notebook of this repository."""
    return f"[![Open In Colab]({COLAB_BADGE})]({colab_url(path)})"


def shown(path):
    """A path for messages: relative to the repository where it is inside it."""
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def read(path):
    """A notebook, as an nbformat v4 NotebookNode."""
    return nbformat.read(path, as_version=4)


def notebook_text(nb):
    """A notebook's file content as Jupyter saves it (nbformat's JSON and a final newline)."""
    return nbformat.writes(nb) + "\n"


def write_or_check(path, text, check):
    """Make ``path`` hold ``text``; with ``check`` only compare. True if it differed.

    The one way every tool updates a generated file: it is written only when its
    content changes, so an up-to-date tree stays byte for byte untouched.
    """
    path = Path(path)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return False
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return True
