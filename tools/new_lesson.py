"""Start a new lesson in the house anatomy, with everything the tests expect of a lesson.

    python -m tools new-lesson 16 learning_rate_schedules "Learning-rate schedules"

writes

* ``notebooks/NN_slug.ipynb``: the anatomy of ../shared/STYLE.md (title, one
  sentence, Colab badge; Before you start; What you will learn; Setup with the
  two setup cells; a first section with a code cell, a check and two figures;
  Summary; a Going-deeper section; three exercises: build, predict-then-check,
  fix), every placeholder saying what belongs there;
* ``tests/mutants/lesson_NN.py``: a mutant and the exercises' rejection specs
  for the placeholder code, with comments on how to write your own;
* a row for the lesson in the README catalogue.

Then ``python -m tools refresh NN`` executes it and writes its student copy,
and ``pytest`` passes. Replace the placeholders, keeping the anatomy.
"""

import argparse
import re
import sys

import nbformat

from tools import lessons
from tools.setup_cell import SETUP_CELL

SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def _md(text):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def _code(text, **metadata):
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    cell.metadata.update(metadata)
    return cell


def _figure(alt):
    """Cell metadata that gives a figure its alt text (read by the course website)."""
    return {"mystnb": {"image": {"alt": alt}}}


def notebook(number, path, title):
    """The new lesson as a NotebookNode."""
    cells = [
        _md(f"""
# {number} · {title}

After this lesson you will be able to (say, in one sentence, what the learner can do).

{lessons.colab_badge(path)}
"""),
        _md("""
## Before you start

- **You need:** (the earlier lessons and the maths this one builds on, honestly).
- **Time:** about 30 minutes for the main path; the Going-deeper sections and the exercises are extra.
- **Notation:** as in the [table of lesson 00](00_maths_and_numpy.ipynb#notation).
"""),
        _md("""
## What you will learn

- (three to five bullets: what the learner will be able to do or explain)
- (each one a skill, not a topic)
- (the last one often: how to check it)
"""),
        _md("""
## Setup

The first cell fetches the course's helpers when you run on Colab (anywhere else it does nothing); the second imports the libraries and fixes the random seed, so that your numbers match the ones printed here.
"""),
        _code(SETUP_CELL),
        _code("""
import matplotlib.pyplot as plt
import numpy as np

import helpers

tf, keras = helpers.setup.import_tensorflow()  # import tensorflow as tf, import keras (quietly)
helpers.set_seed(0)  # the same random numbers in every run
"""),
        _md("""
## 1. The first idea

(Motivate the idea in a few sentences; derive in Markdown with LaTeX where the maths is the lesson. Then one short code cell, then a check or a figure.) Here: the slope of $f(x) = x^2$ at $x = 3$ is $f'(3) = 6$, and a small step $\\varepsilon$ measures it.
"""),
        _code("""
def f(x):
    return x**2


eps = 1e-3
slope = (f(3 + eps) - f(3 - eps)) / (2 * eps)
print(f"measured slope at x = 3: {slope:.4f}")
"""),
        _code("""
assert abs(slope - 6.0) < 1e-6, slope  # central differences are exact for a parabola, up to rounding
print("check: the measured slope is 6 within 1e-6")
"""),
        _md("""
A figure where a figure teaches: the parabola and its tangent at $x = 3$.
"""),
        _code("""
xs = np.linspace(0, 5, 101)
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(xs, f(xs), label="f(x) = x²")
ax.plot(xs, f(3) + slope * (xs - 3), "--", label="tangent at x = 3")
ax.set(xlabel="x", ylabel="f(x)", ylim=(-5, 25))
ax.legend(loc="upper left")
plt.show()
""", **_figure("The parabola f(x) = x squared and its tangent line at x = 3, whose slope is 6.")),
        _md("""
And a second one: how the error of the measured slope depends on the step.
"""),
        _code("""
steps = np.logspace(-8, 0, 17)
errors = [abs((f(3 + h) - f(3 - h)) / (2 * h) - 6.0) + 1e-17 for h in steps]
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.loglog(steps, errors, "o-")
ax.set(xlabel="step ε", ylabel="|measured − 6|")
plt.show()
""", **_figure("On log axes, the error of the measured slope against the step: rounding "
               "error grows as the step shrinks.")),
        _md("""
## Summary

- (three to six bullets, at most 150 words: what to remember)
- (no numbers the reader has not seen printed above)
"""),
        _md("""
## Going deeper: why the error grows for small steps

*For the reader who asks how we know.* (Derivations, float32 bounds, bit-for-bit checks and library internals go here: each section optional and self-contained, still executed and asserted.)
"""),
        _code("""
u = np.finfo(np.float64).eps / 2  # unit roundoff of float64
at_tiny, at_small = errors[0], errors[8]  # the errors at ε = 1e-8 and at ε = 1e-4
assert at_tiny > 100 * at_small  # rounding, about u·|f|/ε, grows as ε shrinks
assert at_tiny < u * f(3) / 1e-8  # and stays below that estimate
print(f"check: error {at_tiny:.1e} at ε = 1e-8, {at_small:.1e} at ε = 1e-4; u·f(3)/1e-8 = {u * f(3) / 1e-8:.1e}")
"""),
        _md("""
## Exercises

Each exercise has a cell for your answer and a check cell after it; run the check, and when it passes, open the explanation below it.
"""),
        _md("""
### Exercise 1 · Build: a central difference

Write `central_difference(g, x, eps)`, which returns the central-difference estimate of the derivative of the function `g` at the point `x` with step `eps`.
"""),
        _code("""
def central_difference(g, x, eps=1e-5):
    ### BEGIN SOLUTION
    forward = g(x + eps)
    backward = g(x - eps)
    return (forward - backward) / (2 * eps)
    ### END SOLUTION
"""),
        _code("""
for g, x, slope_g in [(np.sin, 0.3, np.cos(0.3)), (np.exp, -1.2, np.exp(-1.2)), (lambda t: t**3, 2.0, 12.0)]:
    helpers.checks.expect_close(f"central_difference at x = {x}", central_difference(g, x), slope_g,
                                rtol=1e-6, hint="divide the difference of the two values by 2·eps")
print("check: your central difference matches three derivatives within 1e-6")
"""),
        _md("""
<details><summary>Explanation (open once your check passes)</summary>

The two evaluations sit symmetrically around `x`, so the second-order terms of the Taylor expansion cancel and the error shrinks like $\\varepsilon^2$.
</details>
"""),
        _md("""
### Exercise 2 · Predict, then check: half the step

Guess first: if you halve the step, by what factor does the error of the central difference of `np.sin` at 0.3 shrink (while rounding does not yet matter)? Write your guess, then run the check.
"""),
        _code("""
### BEGIN SOLUTION
my_guess = 4
### END SOLUTION
"""),
        _code("""
error_at = lambda h: abs((np.sin(0.3 + h) - np.sin(0.3 - h)) / (2 * h) - np.cos(0.3))
measured = error_at(1e-2) / error_at(5e-3)
print(f"your guess: {my_guess}; measured: the error shrinks {measured:.2f}-fold")
print("right!" if abs(my_guess - measured) < 0.5 else "not quite: open the explanation below")
"""),
        _md("""
<details><summary>Explanation (open once you ran the check)</summary>

The error is about $\\frac{\\varepsilon^2}{6}|f'''|$, so halving $\\varepsilon$ divides it by $2^2 = 4$.
</details>
"""),
        _md("""
### Exercise 3 · Fix: a colleague's derivative

A colleague's function below estimates derivatives, but its answers are off by about `eps/2·g''(x)`: far more than a central difference's. Find out why, and write `better_difference`, which fixes it.
"""),
        _code("""
def colleague_difference(g, x, eps=1e-5):
    return (g(x + eps) - g(x)) / eps


print(f"colleague: {colleague_difference(np.cos, 1.1):.8f}, exact: {-np.sin(1.1):.8f}")
"""),
        _code("""
def better_difference(g, x, eps=1e-5):
    ### BEGIN SOLUTION
    return (g(x + eps) - g(x - eps)) / (2 * eps)
    ### END SOLUTION
"""),
        _code("""
for g, x, slope_g in [(np.cos, 1.1, -np.sin(1.1)), (np.log, 2.5, 1 / 2.5)]:
    helpers.checks.expect_close(f"better_difference at x = {x}", better_difference(g, x), slope_g,
                                rtol=1e-8, hint="which points does the estimate compare?")
print("check: your fixed difference is accurate to 1e-8")
"""),
        _md("""
<details><summary>Explanation (open once your check passes)</summary>

The colleague compared `g(x + eps)` with `g(x)`: a forward difference, whose error is of order $\\varepsilon$, not $\\varepsilon^2$.
</details>
"""),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update({
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
    })
    return nb


MUTANTS_FILE = '''"""Checks of lesson {number} that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

MUTANTS = [
    # One small edit that makes the lesson's code wrong, and the check cell that catches it.
    {{
        "cells": ["def f(x):", "assert abs(slope - 6.0)"],
        "mutate": ("return x**2", "return x**2 + x"),
        "fails_in": "assert abs(slope - 6.0)",
        "why": "f is no longer the parabola, so its slope at 3 is 7 and the slope check fails",
    }},
]

EXERCISES = [
    {{
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {{
            "hard-coded": "return 0.9553",
            "forgot the 2": "return (g(x + eps) - g(x - eps)) / eps",
        }},
    }},
    {{
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = 2",
        "shows": "measured",
    }},
    {{
        "exercise": 3,
        "kind": "fix",
        "context": ["def colleague_difference("],
        "wrong": {{
            "hard-coded": "return -0.8912",
            "left as the colleague's": "return colleague_difference(g, x, eps)",
        }},
    }},
]
'''


def readme_row(number, path, title):
    """The README catalogue row of a new lesson (its run time is filled in by hand)."""
    copy = lessons.student_copy(path)
    return (f"| {number} | [{title}]({lessons.shown(path)}) | (what you learn) | (rung) | 30 min "
            f"| 10 s | {lessons.colab_badge(path)} | {lessons.colab_badge(copy)} |")


def add_readme_row(readme, row, number):
    """The README text with ``row`` inserted in number order into the catalogue table."""
    lines = readme.split("\n")
    rows = [i for i, line in enumerate(lines) if re.match(r"^\| \d\d \|", line)]
    if not rows:
        raise ValueError("README.md has no catalogue table (rows starting '| NN |')")
    after = [i for i in rows if lines[i][2:4] < number]
    at = (after[-1] + 1) if after else rows[0]
    lines.insert(at, row)
    return "\n".join(lines)


def create(number, slug, title, root=lessons.ROOT):
    """Write the lesson, its mutants file and its README row under ``root``; return the paths."""
    if not re.fullmatch(r"\d\d", number):
        raise ValueError(f"number must be two digits, e.g. '07', got {number!r}")
    if not SLUG.match(slug):
        raise ValueError(f"slug must be lower_case_words, got {slug!r}")
    if not title.strip() or "\n" in title:
        raise ValueError(f"title must be one non-empty line, got {title!r}")
    taken = [p.name for p in (root / "notebooks").glob(f"{number}_*.ipynb")]
    if taken:
        raise FileExistsError(f"lesson {number} exists already: {taken[0]}")
    path = root / "notebooks" / f"{number}_{slug}.ipynb"
    mutants = root / "tests" / "mutants" / f"lesson_{number}.py"
    if mutants.exists():
        raise FileExistsError(f"{mutants} exists already")
    # the badge names the path inside the repository, wherever `root` is
    repo_path = lessons.ROOT / "notebooks" / path.name
    nbformat.validate(notebook(number, repo_path, title))
    path.write_text(lessons.notebook_text(notebook(number, repo_path, title)), encoding="utf-8")
    mutants.write_text(MUTANTS_FILE.format(number=number), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(add_readme_row(readme.read_text(encoding="utf-8"),
                                     readme_row(number, repo_path, title), number),
                      encoding="utf-8")
    return [path, mutants, readme]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools new-lesson",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("number", help="two digits, e.g. 16")
    parser.add_argument("slug", help="the file name's words, e.g. learning_rate_schedules")
    parser.add_argument("title", help='the title, e.g. "Learning-rate schedules"')
    args = parser.parse_args(argv)
    try:
        written = create(args.number, args.slug, args.title)
    except (ValueError, FileExistsError) as error:
        parser.error(str(error))
    for path in written:
        print(f"wrote {lessons.shown(path)}")
    print(f"next: python -m tools refresh {args.number}   (then pytest)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
