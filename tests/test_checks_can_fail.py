"""Every lesson's checks can fail: each one is run against a deliberately wrong version.

A check that passes whatever the code does proves nothing. For each lesson,
``tests/mutants/lesson_NN.py`` names a few of its code cells and one small edit
that makes the lesson's code wrong (a sign flipped, a factor dropped, a wrong
formula). This test runs just those cells, in order, in an IPython shell in a subprocess
(so magics and ``display`` work as in Jupyter; one subprocess for all mutants,
each in a fresh namespace, so TensorFlow is imported once), with the edit applied,
and asserts that the named check cell, and no earlier cell, raises
``AssertionError``. The unedited cells pass: nbval runs the whole lesson.

A mutant file defines ``MUTANTS``, a list of dicts with keys

``cells``     substrings of the source, each picking exactly one code cell of the
              lesson; the picked cells run in the order given (usually the setup
              cell first);
``mutate``    ``(old, new)``: ``old`` occurs exactly once in the picked cells and is
              replaced by ``new``;
``fails_in``  the entry of ``cells`` whose cell must raise ``AssertionError``;
``why``       one sentence: what is wrong in the mutant and which check catches it.
"""

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest
from repo_facts import LESSONS, ROOT, load

from helpers.setup import kernel_environment

MUTANT_DIR = ROOT / "tests" / "mutants"

RUNNER = textwrap.dedent(
    """
    import json, os, sys
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance(colors="nocolor")
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    for job in jobs:
        shell.reset(new_session=False)  # a fresh namespace for every mutant
        os.chdir(job["cwd"])
        result = {"id": job["id"], "cell": None}
        for i, src in enumerate(job["cells"]):
            run = shell.run_cell(src, silent=False, store_history=True)
            err = run.error_in_exec or run.error_before_exec
            if err is not None:
                result.update(cell=i, error=type(err).__name__,
                              isassert=isinstance(err, AssertionError), message=str(err)[:500])
                break
        print("@@RESULT@@" + json.dumps(result), flush=True)
    """
)


def load_mutants():
    """(lesson, mutant or None, id) for every lesson; None where the lesson has no file."""
    found = []
    for lesson in LESSONS:
        path = MUTANT_DIR / f"lesson_{lesson.name[:2]}.py"
        if not path.exists():
            found.append((lesson, None, f"{lesson.name[:2]}-missing"))
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for k, mutant in enumerate(module.MUTANTS):
            found.append((lesson, mutant, f"{lesson.name[:2]}-{k}"))
    return found


MUTANTS = load_mutants()


def pick(nb, needle):
    hits = [c.source for c in nb.cells if c.cell_type == "code" and needle in c.source]
    assert len(hits) == 1, f"{needle!r} picks {len(hits)} code cells, not exactly one"
    return hits[0]


def mutated_cells(lesson, mutant):
    """The picked cells' sources with the edit applied (asserting the spec is well formed)."""
    assert set(mutant) == {"cells", "mutate", "fails_in", "why"}, sorted(mutant)
    nb = load(lesson)
    sources = [pick(nb, needle) for needle in mutant["cells"]]
    old, new = mutant["mutate"]
    assert old != new
    assert sum(s.count(old) for s in sources) == 1, f"{old!r} must occur exactly once"
    return [s.replace(old, new) for s in sources]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Run every well-formed mutant in ONE subprocess (TensorFlow is imported once).

    conftest.py keeps all tests of this module on one pytest-xdist worker, so
    this runs once per suite."""
    tmp = tmp_path_factory.mktemp("mutants")
    jobs = []
    for lesson, mutant, ident in MUTANTS:
        try:
            cells = mutated_cells(lesson, mutant) if mutant else None
        except AssertionError:
            cells = None  # reported by that mutant's own test
        if cells:
            jobs.append({"id": ident, "cwd": str(lesson.parent), "cells": cells})
    (tmp / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    (tmp / "runner.py").write_text(RUNNER, encoding="utf-8")
    (tmp / "tmp").mkdir()
    (tmp / "ipython").mkdir()
    env = {**os.environ, **kernel_environment(tmp / "ipython", tmp_dir=tmp / "tmp"),
           "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, str(tmp / "runner.py"), str(tmp / "jobs.json")],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=900,
    )
    found = {}
    for line in proc.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            result = json.loads(line.removeprefix("@@RESULT@@"))
            found[result["id"]] = result
    found["_log"] = proc.stdout[-3000:] + "\n" + proc.stderr[-3000:]
    return found


@pytest.mark.parametrize(("lesson", "mutant", "ident"), MUTANTS, ids=[m[2] for m in MUTANTS])
def test_check_fails_for_a_wrong_implementation(lesson, mutant, ident, results):
    assert mutant is not None, f"no tests/mutants/lesson_{lesson.name[:2]}.py"
    mutated_cells(lesson, mutant)  # the spec is well formed
    result = results.get(ident)
    assert result is not None, f"the runner crashed before this mutant:\n{results['_log']}"
    assert result["cell"] is not None, f"the mutant passed every check: {mutant['why']}"
    target = mutant["cells"].index(mutant["fails_in"])
    assert result["cell"] == target and result["isassert"], (
        f"expected AssertionError in cell {mutant['fails_in']!r}, got {result['error']} in "
        f"{mutant['cells'][result['cell']]!r}: {result['message']}"
    )
