"""Write the student copy of every lesson into notebooks/exercises/.

    python -m tools.student_copies            # (re)write every student copy
    python -m tools.student_copies 04 06      # only these lessons' copies
    python -m tools.student_copies --check    # exit 1 if any copy is out of date

A student copy is what ``nbgrader generate_assignment`` releases to students,
made by nbgrader's own preprocessors: each lesson is first given its nbgrader
metadata (``tools.nbgrader_metadata``, the same function that stamps the
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

from tools import lessons
from tools.execute import resolve
from tools.nbgrader_metadata import exercises, stamped

STUDENT_NOTE = (
    "> **Student copy.** The exercise solutions are removed: write yours where it says "
    "`# YOUR CODE HERE`, then run the check cell below it. "
    "The lesson with solutions is [{name}](../{name})."
)


# A relative Markdown link to anything but a lesson: from notebooks/exercises/ it needs "../".
# Links to other lessons stay as they are and so lead to their student copies.
OTHER_FILE_LINK = re.compile(r"\]\((?![a-z]+:|#|\d\d_[^)/]*\.ipynb)([^)\s]+)\)")


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
    in_repo = lessons.NOTEBOOKS / lesson.name  # badges name the repository's path
    own, copy = lessons.colab_url(in_repo), lessons.colab_url(lessons.student_copy(in_repo))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = OTHER_FILE_LINK.sub(r"](../\1)", cell.source)
    first = nb.cells[0]
    first.source = first.source.replace(own, copy) + "\n\n" + STUDENT_NOTE.format(name=lesson.name)
    return nb


def solution_lines(nb):
    """Lines that appear only inside solution regions (never elsewhere in the lesson)."""
    inside, outside, active = set(), set(), False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            text = line.strip()
            if text in (lessons.BEGIN, lessons.END):
                active = text == lessons.BEGIN
            elif text and not text.startswith("#"):
                (inside if active else outside).add(text)
    return inside - outside


def stub_out(source):
    """A cell's source with each solution region replaced by nbgrader's stub, at its indentation."""
    out, inside = [], False
    for line in source.split("\n"):
        if line.strip() == lessons.BEGIN:
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}{lessons.STUB}"]
            inside = True
        elif line.strip() == lessons.END:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def exercises_of(lesson):
    """The exercise numbers of a lesson, in order (``[1, 2, 3]``)."""
    return [number for number, _, _ in exercises(lessons.read(lesson), lessons.shown(lesson))]


def write_copies(paths, check=False):
    """Write (or with ``check`` only compare) the copies of ``paths``; return the stale ones."""
    return [
        lessons.student_copy(lesson)
        for lesson in paths
        if lessons.write_or_check(lessons.student_copy(lesson),
                                  lessons.notebook_text(student_copy(lesson)), check)
    ]


def orphans():
    """Student copies whose lesson no longer exists."""
    names = {p.name for p in lessons.lessons()}
    return [p for p in sorted(lessons.COPIES.glob("*.ipynb")) if p.name not in names]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.student_copies",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or paths (default: all)")
    parser.add_argument("--check", action="store_true", help="only report stale copies")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    stale, lost = write_copies(paths, args.check), orphans()
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {lessons.shown(path)}")
    for path in lost:
        print(f"no lesson for: {lessons.shown(path)}")
    if args.check and (stale or lost):
        print("run: python -m tools.student_copies")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
