"""After editing lessons: stamp, execute, make student copies, in the one right order.

    python -m tools refresh 04 06     # these lessons
    python -m tools refresh           # every lesson

For each lesson, in this order:

1. stamp the Colab set-up cell (``tools.setup_cell``) and the exercises'
   nbgrader metadata (``tools.nbgrader_metadata``): both change only the source;
2. execute it in the tested environment (``tools.execute``): a lesson whose
   cell fails is not written, and its student copy is not made;
3. write its student copy (``tools.student_copies``), made from the lesson's
   source, so it follows the stamping.

Then it prints the seconds each lesson's cells took (the README catalogue's
*Run time*) and exits 1 if a lesson failed. Run ``pytest`` afterwards.
"""

import argparse
import sys

from tools import lessons, nbgrader_metadata, setup_cell, student_copies
from tools.execute import execute_all, resolve

#: The house limit on a lesson's run time (seconds, cells only, on a 2-core laptop CPU).
MAX_SECONDS = 30


def stamp(path):
    """Stamp the set-up cell and the nbgrader metadata into one lesson's source."""
    nb = lessons.read(path)
    setup_cell.stamp(nb, lessons.shown(path))
    nbgrader_metadata.stamp(nb, lessons.number(path), lessons.shown(path))
    lessons.write_or_check(path, lessons.notebook_text(nb), check=False)


def refresh(paths, report=print):
    """Stamp, execute and copy ``paths``; return ``{path: Timing}`` and the failed paths."""
    for path in paths:
        stamp(path)
    times, failed = execute_all(paths, report=lambda line: None)
    for path in failed:
        report(f"FAILED: {lessons.shown(path)} (not written; its student copy is not made)")
    done = [p for p in paths if p not in failed]
    for copy in student_copies.write_copies(done):
        report(f"wrote {lessons.shown(copy)}")
    return times, failed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools refresh",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or paths (default: all)")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    times, failed = refresh(paths)
    print("\nrun time (cells only; the kernel's CPU time in brackets: on a busy machine the\n"
          "wall-clock time grows, the CPU time does not)")
    for path, timing in times.items():
        flag = f"  over the {MAX_SECONDS} s limit" if timing.seconds > MAX_SECONDS else ""
        print(f"  {path.name:<48} {timing}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
