"""Give every lesson's exercises the cell metadata nbgrader needs, or build a course folder.

    python -m tools.nbgrader_metadata                # stamp every lesson in notebooks/ in place
    python -m tools.nbgrader_metadata --check        # exit 1 if a lesson needs stamping
    python -m tools.nbgrader_metadata 04 06          # only these lessons (numbers or paths)
    python -m tools.nbgrader_metadata --course DIR   # write an nbgrader course folder into DIR

An exercise is a code cell with a ``### BEGIN SOLUTION`` ... ``### END SOLUTION``
region (the *solution cell*) and the next code cell (its *check cell*, which
asserts the answer). nbgrader only accepts such a region in a cell marked as a
solution cell, and only grades cells marked as grade cells, so each solution
cell gets ``solution: true`` (editable, not graded) and each check cell gets
``grade: true, locked: true, points: 1`` (autograded; nbgrader restores its
source before grading, so a student cannot edit a check into passing). Every
other cell is left unmarked, and stale nbgrader metadata on other cells is
removed.

The ``grade_id`` says which exercise a cell belongs to: ``lesson04-ex2`` and
``lesson04-ex2-check`` for the solution and check of "### Exercise 2" in lesson
04. The number comes from the exercise's heading (the nearest Markdown cell
above with ``### Exercise N``), not from the cell's position, so adding a cell
above an exercise changes nothing; only when no heading says the number is the
exercise's rank among the lesson's exercises used. Stamping is idempotent: a
stamped lesson is written back only if its metadata would change.

``--course DIR`` writes what ``nbgrader`` needs to release and autograde the
lessons (see README, "For teachers"): ``DIR/nbgrader_config.py`` and
``DIR/source/lessonNN/<lesson>.ipynb`` for every lesson (stamped, outputs kept).
The config adds one step to ``nbgrader generate_assignment``: cells tagged
``solution`` (worked explanations of an answer) are removed from the release,
as they are from the student copies in notebooks/exercises/. nbgrader gives
every assignment a folder of its own and releases every file in it, so the
links still lead somewhere: the files a lesson links to (``workers/...``) are
copied next to it, into ``source/lessonNN/``, and a link to another lesson,
``05_name.ipynb``, becomes ``../lesson05/05_name.ipynb``. Running it again
rewrites ``source/``; ``nbgrader generate_assignment lessonNN --force`` then
replaces a release (without ``--force`` nbgrader keeps the old one).
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

from tools import lessons
from tools.execute import resolve
from tools.lessons import BEGIN

HEADING = re.compile(r"^#{2,4}\s*Exercise\s+(\d+)\b", re.M)
SCHEMA_VERSION = 3

#: The course folder's nbgrader_config.py (written by --course).
NBGRADER_CONFIG = '''\
"""nbgrader configuration for the backprop-notebooks lessons.

Written by python -m tools.nbgrader_metadata --course.
"""

from nbconvert.preprocessors import TagRemovePreprocessor
from nbgrader.converters import GenerateAssignment

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.course_id = "backprop-notebooks"

# Cells tagged "solution" explain an exercise's answer: keep them out of the release.
c.GenerateAssignment.preprocessors = [
    TagRemovePreprocessor, *GenerateAssignment.preprocessors.default()
]
c.TagRemovePreprocessor.enabled = True
c.TagRemovePreprocessor.remove_cell_tags = {"solution"}

# Some lesson cells train small models: allow them more than nbgrader's default 30 s.
c.Execute.timeout = 300
'''


def exercises(nb, where="notebook"):
    """``[(exercise_number, solution_index, check_index), ...]`` in cell order."""
    found, heading_number = [], None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            numbers = HEADING.findall(cell.source)
            if numbers:
                heading_number = int(numbers[-1])
            continue
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        check = next(
            (j for j in range(index + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"), None
        )
        if check is None or BEGIN in nb.cells[check].source:
            raise ValueError(f"{where}, cell {index}: a solution cell needs a check cell after it")
        found.append([heading_number, index, check])
        heading_number = None  # one heading numbers one exercise
    for rank, entry in enumerate(found, 1):
        if entry[0] is None:
            entry[0] = rank
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{where}: exercise numbers are not unique: {numbers}")
    return [tuple(entry) for entry in found]


def solution_metadata(grade_id):
    return {
        "grade": False, "grade_id": grade_id, "locked": False,
        "schema_version": SCHEMA_VERSION, "solution": True, "task": False,
    }


def check_metadata(grade_id, points=1):
    return {
        "grade": True, "grade_id": grade_id, "locked": True, "points": points,
        "schema_version": SCHEMA_VERSION, "solution": False, "task": False,
    }


def stamp(nb, number, where="notebook"):
    """Give the exercises of lesson ``number`` (``"04"``) their nbgrader metadata, in place."""
    wanted = {}
    for exercise, solution, check in exercises(nb, where):
        grade_id = f"lesson{number}-ex{exercise}"
        wanted[solution] = solution_metadata(grade_id)
        wanted[check] = check_metadata(f"{grade_id}-check")
    for index, cell in enumerate(nb.cells):
        if index in wanted:
            cell.metadata["nbgrader"] = wanted[index]
        else:
            cell.metadata.pop("nbgrader", None)
    return nb


def stamped(path):
    """The lesson at ``path``, read and stamped (a new NotebookNode)."""
    path = Path(path)
    return stamp(lessons.read(path), lessons.number(path), path.name)


def linked_files(lesson):
    """The files other than lessons that a lesson's Markdown links to.

    Returns ``(inside, outside)``: ``inside`` lists ``(relative, path)`` for each
    existing file (or folder) below the lesson's folder, ``relative`` being the
    link's target as a POSIX path; ``outside`` lists the targets that leave the
    lesson's folder or do not exist, which a copy of the lesson elsewhere cannot keep.
    """
    lesson = Path(lesson)
    home = lesson.parent.resolve()
    inside, outside = {}, []
    for target in lessons.relative_links(lessons.read(lesson)):
        if lessons.LESSON_NAME.match(Path(target).name):
            continue  # another lesson: not a file to copy along
        path = (home / target).resolve()
        if path.exists() and path.is_relative_to(home):
            inside[path.relative_to(home).as_posix()] = path
        elif target not in outside:
            outside.append(target)
    return sorted(inside.items()), outside


#: A link to a lesson in the same folder (``](05_name.ipynb`` or ``](05_name.ipynb#part``).
LESSON_LINK = re.compile(r"\]\((\d\d)(_[a-z0-9_]+\.ipynb)(?=[)#])")


def course_links(nb, name):
    """Point the links of lesson ``name`` to other lessons at their folders in the course."""
    def rebase(match):
        target = match.group(1) + match.group(2)
        return match.group(0) if target == name else f"](../lesson{match.group(1)}/{target}"

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LESSON_LINK.sub(rebase, cell.source)
    return nb


def copy_if_changed(source, target):
    """Copy a file or a folder (``__pycache__`` left out), writing only files that differ."""
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                copy_if_changed(path, target / path.relative_to(source))
        return
    if not target.exists() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def write_course(folder, lessons_, report=print):
    """Write nbgrader_config.py and source/lessonNN/<lesson>.ipynb into ``folder``.

    Each lesson's folder also gets the files the lesson links to, at the same
    relative path; its links to other lessons lead to their folders. A link that
    cannot be kept is reported.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    for lesson in lessons_:
        home = folder / "source" / f"lesson{lessons.number(lesson)}"
        nb = course_links(stamped(lesson), lesson.name)
        lessons.write_or_check(home / lesson.name, lessons.notebook_text(nb), check=False)
        inside, outside = linked_files(lesson)
        for relative, source in inside:
            copy_if_changed(source, home / relative)
        for target in outside:
            report(f"warning: {lessons.shown(lesson)} links to {target}, which the release "
                   f"cannot include (only files below the lesson's folder are copied)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.nbgrader_metadata",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or paths (default: all)")
    parser.add_argument("--check", action="store_true", help="only report lessons to stamp")
    parser.add_argument("--course", type=Path, metavar="DIR", help="write a course folder")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    if args.course:
        write_course(args.course, paths)
        print(f"wrote {args.course / 'nbgrader_config.py'} and {len(paths)} lessons under "
              f"{args.course / 'source'}")
        return 0
    stale = [p for p in paths if lessons.write_or_check(p, lessons.notebook_text(stamped(p)),
                                                         args.check)]
    for path in stale:
        print(f"{'unstamped' if args.check else 'stamped'}: {lessons.shown(path)}")
    if args.check and stale:
        print("run: python -m tools.nbgrader_metadata")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
