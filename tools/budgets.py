"""Each lesson measured against the house budgets of ../shared/STYLE.md ("Anatomy of a lesson").

    python -m tools.budgets            # a table of every lesson; exit 1 if one is over budget
    python -m tools.budgets 04 06      # only these lessons

The *main path* is every cell before the first heading that starts with "Going
deeper" or "Exercises". Its prose is counted in words (Markdown without LaTeX,
code spans, URLs and HTML tags), its code in non-blank lines (the two setup
cells excepted), its figures as image outputs. The *Summary* is the main-path
text from the heading "Summary" to the next heading. ``tests/lessons`` holds
every lesson to these numbers.
"""

import argparse
import re
import sys
from dataclasses import dataclass, field

from tools import lessons
from tools.execute import resolve

#: The budgets (STYLE.md): maxima, except ``main_figures`` and ``exercises`` (minima).
MAX_MAIN_WORDS = 1500
MAX_MAIN_CODE_LINES = 150
MAX_MAIN_CELL_LINES = 15
MAX_DEEPER_CELL_LINES = 24  # "Going-deeper cells stay under 25 lines"
MAX_SUMMARY_WORDS = 150
MIN_MAIN_FIGURES = 2
MIN_EXERCISES = 3

HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*$")
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:\.\d+)?")
NOT_PROSE = [
    re.compile(r"\$\$.*?\$\$", re.S),        # display math
    re.compile(r"\$[^$\n]+\$"),              # inline math
    re.compile(r"`[^`]*`"),                  # code spans
    re.compile(r"https?://\S+"),             # bare URLs
    re.compile(r"<[^>]+>"),                  # HTML tags (their text is counted)
    re.compile(r"\]\([^)]*\)"),              # link targets (their text is counted)
]
IMAGES = ("image/png", "image/svg+xml", "image/jpeg")


def prose_words(markdown):
    """The number of words in Markdown prose (math, code, URLs and tags not counted)."""
    for pattern in NOT_PROSE:
        markdown = pattern.sub(" ", markdown)
    return len(WORD.findall(markdown))


def code_lines(source):
    """The number of non-blank lines in a code cell."""
    return sum(1 for line in source.splitlines() if line.strip())


def is_setup(source):
    """The Colab cell, or the imports-and-seed cell (it imports and calls set_seed)."""
    return "google.colab" in source or ("set_seed(" in source and "import" in source)


def figures(cell):
    """The number of images a code cell's stored outputs show."""
    outputs = cell.get("outputs", [])
    return sum(any(kind in out.get("data", {}) for kind in IMAGES) for out in outputs)


def heading_kind(title):
    """``"deeper"``, ``"exercises"``, ``"summary"`` or None for a heading's text."""
    text = title.lower().lstrip("0123456789. ")
    for kind, start in (("deeper", "going deeper"), ("exercises", "exercises"),
                        ("summary", "summary")):
        if text.startswith(start):
            return kind
    return None


@dataclass
class Measure:
    """What one lesson measures; ``over()`` lists the budgets it breaks."""

    main_words: int = 0
    main_code_lines: int = 0
    summary_words: int = 0
    main_figures: int = 0
    deeper_sections: int = 0
    exercises: int = 0
    long_main_cells: list = field(default_factory=list)    # (cell index, lines)
    long_deeper_cells: list = field(default_factory=list)

    def over(self):
        problems = []
        if self.main_words > MAX_MAIN_WORDS:
            problems.append(f"main path {self.main_words} words > {MAX_MAIN_WORDS}")
        if self.main_code_lines > MAX_MAIN_CODE_LINES:
            problems.append(f"main path {self.main_code_lines} code lines > {MAX_MAIN_CODE_LINES}")
        if self.summary_words > MAX_SUMMARY_WORDS:
            problems.append(f"Summary {self.summary_words} words > {MAX_SUMMARY_WORDS}")
        if self.main_figures < MIN_MAIN_FIGURES:
            problems.append(f"{self.main_figures} figures on the main path < {MIN_MAIN_FIGURES}")
        if self.exercises < MIN_EXERCISES:
            problems.append(f"{self.exercises} exercises < {MIN_EXERCISES}")
        for where, cells, limit in (("main-path", self.long_main_cells, MAX_MAIN_CELL_LINES),
                                    ("Going-deeper", self.long_deeper_cells,
                                     MAX_DEEPER_CELL_LINES)):
            if cells:
                listed = ", ".join(f"cell {i} ({n})" for i, n in cells)
                problems.append(f"{where} code cells over {limit} lines: {listed}")
        return problems


def measure(nb):
    """Measure a notebook (an nbformat NotebookNode) against the budgets."""
    result, part, in_summary = Measure(), "main", False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            # a cell may hold several headings ("## Summary" ... "## Exercises"): split at them
            for piece in re.split(r"(?m)^(?=\s*#{1,6}\s)", cell.source):
                match = HEADING.match(piece.split("\n", 1)[0])
                if match:
                    kind = heading_kind(match.group(1))
                    if kind in ("deeper", "exercises"):
                        part, in_summary = kind, False
                        result.deeper_sections += kind == "deeper"
                    elif part == "main":
                        in_summary = kind == "summary"
                    if part == "exercises" and re.match(r"(?i)exercise\s+\d", match.group(1)):
                        result.exercises += 1
                if part == "main":
                    words = prose_words(piece)
                    result.main_words += words
                    result.summary_words += words if in_summary else 0
        elif cell.cell_type == "code":
            lines = code_lines(cell.source)
            if part == "main":
                result.main_figures += figures(cell)
                if not is_setup(cell.source):
                    result.main_code_lines += lines
                    if lines > MAX_MAIN_CELL_LINES:
                        result.long_main_cells.append((index, lines))
            elif part == "deeper" and lines > MAX_DEEPER_CELL_LINES:
                result.long_deeper_cells.append((index, lines))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.budgets",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or paths (default: all)")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    print(f"{'lesson':<44} {'words':>5} {'code':>5} {'summary':>7} {'figures':>7} "
          f"{'deeper':>6} {'exercises':>9}")
    bad = 0
    for path in paths:
        m = measure(lessons.read(path))
        print(f"{path.name[:44]:<44} {m.main_words:>5} {m.main_code_lines:>5} "
              f"{m.summary_words:>7} {m.main_figures:>7} {m.deeper_sections:>6} {m.exercises:>9}")
        for problem in m.over():
            print(f"    over budget: {problem}")
        bad += bool(m.over())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
