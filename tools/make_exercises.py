"""Write the student copy of every lesson into notebooks/exercises/.

    python tools/make_exercises.py           # (re)write every student copy
    python tools/make_exercises.py --check   # exit 1 if any copy is out of date

A student copy is what ``nbgrader generate_assignment`` releases to students,
made by nbgrader's own preprocessors: each lesson is first given its nbgrader
metadata (``tools/nbgrader_metadata.py``, the same function that stamps the
lessons, so a copy does not depend on whether the lesson is stamped yet), cells
tagged ``solution`` (worked explanations) are removed, and then, as in nbgrader,
every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region becomes
``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the region's
indentation (ClearSolutions), outputs and execution counts are cleared
(ClearOutput), check cells are locked (LockCells) and checksummed
(ComputeChecksums), and the result is validated (CheckCellMetadata).

Only what nbgrader does not know about is done here: the Colab badge points at
the copy itself, the first cell says it is a student copy, and relative links to
files other than lessons are rebased onto the copies' folder. The output
depends only on the lesson, so regenerating an up-to-date copy changes nothing.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    LockCells,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbgrader_metadata import stamped  # noqa: E402 (a sibling script, not a package)

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
COPIES = LESSONS / "exercises"
STUDENT_NOTE = (
    "> **Student copy.** The exercise solutions are removed: write yours where it says "
    "`# YOUR CODE HERE`, then run the check cell below it. "
    "The lesson with solutions is [{name}](../{name})."
)


# A relative Markdown link to anything but a lesson: from notebooks/exercises/ it needs "../".
# Links to other lessons stay as they are and so lead to their student copies.
OTHER_FILE_LINK = re.compile(r"\]\((?![a-z]+:|#|\.\./|\d\d_[^)/]*\.ipynb)([^)\s]+)\)")


def release_preprocessors():
    """nbgrader's generate_assignment steps that need no gradebook, in its order."""
    remove_explanations = TagRemovePreprocessor(remove_cell_tags={"solution"}, enabled=True)
    return [
        remove_explanations, LockCells(), ClearSolutions(), ClearOutput(), CheckCellMetadata(),
        ComputeChecksums(), ClearHiddenTests(), ClearMarkScheme(), ComputeChecksums(),
        CheckCellMetadata(),
    ]


def student_copy(lesson):
    """Return the student copy of a lesson notebook (a new NotebookNode)."""
    nb, resources = stamped(lesson), {}
    for preprocessor in release_preprocessors():
        nb, resources = preprocessor.preprocess(nb, resources)
    own = f"blob/main/notebooks/{lesson.name}"
    copy = f"blob/main/notebooks/exercises/{lesson.name}"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = OTHER_FILE_LINK.sub(r"](../\1)", cell.source)
    first = nb.cells[0]
    first.source = first.source.replace(own, copy) + "\n\n" + STUDENT_NOTE.format(name=lesson.name)
    return nb


def lessons():
    return sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale copies")
    args = parser.parse_args(argv)
    stale = []
    expected = set()
    for lesson in lessons():
        target = COPIES / lesson.name
        expected.add(target.name)
        text = nbformat.writes(student_copy(lesson)) + "\n"
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(target)
            if not args.check:
                COPIES.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    orphans = [p for p in sorted(COPIES.glob("*.ipynb")) if p.name not in expected]
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    for path in orphans:
        print(f"no lesson for: {path.relative_to(ROOT)}")
    if args.check and (stale or orphans):
        print("run: python tools/make_exercises.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
