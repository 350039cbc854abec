"""Write the student copy of every lesson into notebooks/exercises/.

    python tools/make_exercises.py           # (re)write every student copy
    python tools/make_exercises.py --check   # exit 1 if any copy is out of date

A lesson's exercise solutions sit between a ``### BEGIN SOLUTION`` line and a
``### END SOLUTION`` line inside a code cell (the nbgrader convention). In the
student copy each such region becomes ``# YOUR CODE HERE`` followed by
``raise NotImplementedError()``, at the region's indentation; cells tagged
``solution`` (worked explanations) are dropped; outputs and execution counts
are cleared; the Colab badge points at the copy itself; relative links to files
other than lessons are rebased onto the copies' folder. The output depends
only on the lesson, so regenerating an up-to-date copy changes nothing.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
COPIES = LESSONS / "exercises"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUDENT_NOTE = (
    "> **Student copy.** The exercise solutions are removed: write yours where it says "
    "`# YOUR CODE HERE`, then run the check cell below it. "
    "The lesson with solutions is [{name}](../{name})."
)


# A relative Markdown link to anything but a lesson: from notebooks/exercises/ it needs "../".
# Links to other lessons stay as they are and so lead to their student copies.
OTHER_FILE_LINK = re.compile(r"\]\((?![a-z]+:|#|\.\./|\d\d_[^)/]*\.ipynb)([^)\s]+)\)")


def strip_solutions(source, where):
    """Replace every solution region in a cell's source by a stub."""
    out, indent = [], None
    for number, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if indent is not None:
                raise ValueError(f"{where}, line {number}: nested {BEGIN}")
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
        elif stripped == END:
            if indent is None:
                raise ValueError(f"{where}, line {number}: {END} without {BEGIN}")
            indent = None
        elif indent is None:
            out.append(line)
    if indent is not None:
        raise ValueError(f"{where}: {BEGIN} without {END}")
    return "\n".join(out)


def student_copy(lesson):
    """Return the student copy of a lesson notebook (a new NotebookNode)."""
    nb = nbformat.read(lesson, as_version=4)
    own = f"blob/main/notebooks/{lesson.name}"
    copy = f"blob/main/notebooks/exercises/{lesson.name}"
    cells = []
    for index, cell in enumerate(nb.cells):
        if "solution" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{lesson.name}, cell {index}")
            cell.outputs = []
            cell.execution_count = None
        else:
            cell.source = OTHER_FILE_LINK.sub(r"](../\1)", cell.source)
        if index == 0:
            cell.source = cell.source.replace(own, copy)
            cell.source += "\n\n" + STUDENT_NOTE.format(name=lesson.name)
        cells.append(cell)
    nb.cells = cells
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
