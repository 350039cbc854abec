"""Numbers in a lesson's prose that no code of the lesson prints or writes.

    python -m tools.prose_numbers          # every lesson: the numbers to fix or to allow
    python -m tools.prose_numbers 07       # one lesson

A number with three or more significant digits in the Markdown (0.0651, 4.28,
16,897, 2.85×10⁻⁵), and a learning rate of any length ("η = 0.05", "a learning
rate of 0.1"), must come from the lesson's code: it appears, rounded to the
digits the prose gives, in a code cell's source or stored output (as itself, or
as a fraction the prose gives in percent). Then a changed parameter cannot leave
stale prose behind: re-executing changes the output, and this check fails until
the prose says the new number. Exceptions (a year, a number quoted from a paper)
are listed, each with its reason, in ``tests/lessons/prose_numbers.toml``.

Not counted: numbers inside code spans, URLs and link targets; numbers glued to
a word (``float32``, ``W2``, ``x1``); versions (three-part numbers, and a number
right after the name of Python or a library, as in "Keras 3.15").
"""

import argparse
import math
import re
import sys
import tomllib

from tools import lessons
from tools.execute import resolve

ALLOWED_FILE = lessons.ROOT / "tests" / "lessons" / "prose_numbers.toml"

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
MANTISSA = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMBER = re.compile(
    rf"(?<![\w.,])(?P<m>{MANTISSA})"
    r"(?:\s*(?:[eE](?P<e1>[-+−]?\d+)"                        # 2.85e-5
    r"|\\times\s*10\^\{?(?P<e2>[-+−]?\d+)\}?"                # 2.85\times10^{-5}
    r"|[×·]\s*10(?P<e3>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)))?"              # 2.85×10⁻⁵
    r"(?![\w]|\.\d)"
)
NOT_PROSE = [
    re.compile(r"`[^`]*`"),             # code spans
    re.compile(r"https?://\S+"),        # URLs
    re.compile(r"\]\([^)]*\)"),         # link targets
    re.compile(r"<[^>]+>"),             # HTML tags
    re.compile(r"\d+\.\d+\.\d+"),       # three-part versions
]
#: Right before a number, these make it a learning rate, checked however short it is.
LEARNING_RATE = re.compile(r"(?i)(?:η|\\eta|learning[ _]rate|\blr)\s*(?:=|of|is|:)?\s*\$?\s*$")
LIBRARIES = re.compile(
    r"(?i)\b(?:python|tensorflow|tf|keras|numpy|pandas|matplotlib|jupyterlab|nbgrader|nbval"
    r"|pytest|sphinx|colab|cuda|ipykernel)\s+$"
)


def significant_digits(mantissa):
    """Significant digits of a written number: ``"0.0651"`` 3, ``"1500"`` 2, ``"1.00"`` 3."""
    digits = mantissa.replace(",", "")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.lstrip("0").rstrip("0"))


def _value(match):
    mantissa = float(match.group("m").replace(",", ""))
    exponent = match.group("e1") or match.group("e2") or match.group("e3")
    if exponent:
        mantissa *= 10.0 ** int(exponent.translate(SUPERSCRIPT).replace("−", "-"))
    return mantissa


def numbers_in(text, prose=False):
    """``[(written, value, significant digits)]`` for every number in ``text``.

    In prose, a learning rate counts as having three significant digits, so that it
    is always checked.
    """
    if prose:
        for pattern in NOT_PROSE:
            text = pattern.sub(" ", text)
    found = []
    for match in NUMBER.finditer(text):
        before = text[max(0, match.start() - 20):match.start()]
        if prose and LIBRARIES.search(before):
            continue  # a version: "Keras 3.15"
        digits = significant_digits(match.group("m"))
        if prose and LEARNING_RATE.search(before):
            digits = max(digits, 3)
        found.append((match.group(0), _value(match), digits))
    return found


def _rounds_to(value, written, digits):
    """True if ``value`` rounded to ``digits`` significant digits is ``written``'s value.

    A written number never has more digits than it shows: "0.05" is matched to 2 digits."""
    if value == 0 or written == 0:
        return value == written
    scale = 10 ** (digits - 1 - math.floor(math.log10(abs(value))))
    return math.isclose(round(abs(value) * scale) / scale, abs(written), rel_tol=1e-9)


def code_text(nb):
    """Everything the lesson's code writes or prints: sources and text outputs."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            for kind in ("text/plain", "text/html", "text/markdown", "text/latex"):
                if kind in out.get("data", {}):
                    parts.append(out["data"][kind])
    return "\n".join(parts)


def unexplained(nb, allowed=()):
    """Prose numbers (3+ significant digits) that no code prints or writes, nor ``allowed``."""
    known = [value for _, value, _ in numbers_in(code_text(nb))]
    missing = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for written, value, digits in numbers_in(cell.source, prose=True):
            if digits < 3 or written in allowed:
                continue
            if not any(_rounds_to(v, value, digits) or _rounds_to(100 * v, value, digits)
                       for v in known):
                missing.append(written)
    return list(dict.fromkeys(missing))


def allowed_numbers():
    """``{"07": {"1998": "reason"}, ...}`` from ``tests/lessons/prose_numbers.toml``."""
    return tomllib.loads(ALLOWED_FILE.read_text(encoding="utf-8"))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.prose_numbers",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or paths (default: all)")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    allowed, bad = allowed_numbers(), 0
    for path in paths:
        missing = unexplained(lessons.read(path), allowed.get(lessons.number(path), {}))
        if missing:
            bad += 1
            print(f"{path.name}: {', '.join(missing)}")
    if bad:
        print(f"print these numbers from the lesson's code, or allow them with a reason in "
              f"{lessons.shown(ALLOWED_FILE)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
