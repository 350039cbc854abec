"""Every lesson's checks can fail: each one is run against a deliberately wrong version.

A check that passes whatever the code does proves nothing. For each lesson,
``tests/mutants/lesson_NN.py`` names a few of its code cells and one small edit
that makes the lesson's code wrong (a sign flipped, a factor dropped, a wrong
formula). This test runs just those cells, in order, in a fresh IPython shell in a
subprocess (so magics and ``display`` work as in Jupyter), with the edit applied,
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
    import json, sys
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance(colors="nocolor")
    cells = json.load(open(sys.argv[1], encoding="utf-8"))
    for i, src in enumerate(cells):
        result = shell.run_cell(src, silent=False, store_history=True)
        err = result.error_in_exec or result.error_before_exec
        if err is not None:
            print("@@RESULT@@" + json.dumps({"cell": i, "error": type(err).__name__,
                  "isassert": isinstance(err, AssertionError), "message": str(err)[:500]}))
            sys.exit(0)
    print("@@RESULT@@" + json.dumps({"cell": None}))
    """
)


def mutants():
    found = []
    for lesson in LESSONS:
        path = MUTANT_DIR / f"lesson_{lesson.name[:2]}.py"
        if not path.exists():
            found.append(pytest.param(lesson, None, id=f"{lesson.name[:2]}-missing"))
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for k, mutant in enumerate(module.MUTANTS):
            found.append(pytest.param(lesson, mutant, id=f"{lesson.name[:2]}-{k}"))
    return found


def pick(nb, needle):
    hits = [c.source for c in nb.cells if c.cell_type == "code" and needle in c.source]
    assert len(hits) == 1, f"{needle!r} picks {len(hits)} code cells, not exactly one"
    return hits[0]


@pytest.mark.parametrize(("lesson", "mutant"), mutants())
def test_check_fails_for_a_wrong_implementation(lesson, mutant, tmp_path):
    assert mutant is not None, f"no tests/mutants/lesson_{lesson.name[:2]}.py"
    assert set(mutant) == {"cells", "mutate", "fails_in", "why"}, sorted(mutant)
    nb = load(lesson)
    sources = [pick(nb, needle) for needle in mutant["cells"]]
    old, new = mutant["mutate"]
    assert old != new
    assert sum(s.count(old) for s in sources) == 1, f"{old!r} must occur exactly once"
    sources = [s.replace(old, new) for s in sources]
    target = mutant["cells"].index(mutant["fails_in"])

    (tmp_path / "cells.json").write_text(json.dumps(sources), encoding="utf-8")
    (tmp_path / "runner.py").write_text(RUNNER, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "ipython").mkdir()
    env = {**os.environ, **kernel_environment(tmp_path / "ipython"),
           "MPLBACKEND": "Agg", "TMPDIR": str(tmp_path / "tmp")}
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "runner.py"), str(tmp_path / "cells.json")],
        cwd=lesson.parent, env=env, capture_output=True, text=True, timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("@@RESULT@@")]
    assert lines, f"runner crashed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    result = json.loads(lines[-1].removeprefix("@@RESULT@@"))
    assert result["cell"] is not None, f"the mutant passed every check: {mutant['why']}"
    assert result["cell"] == target and result["isassert"], (
        f"expected AssertionError in cell {mutant['fails_in']!r}, got {result['error']} in "
        f"{mutant['cells'][result['cell']]!r}: {result['message']}\n{proc.stdout[-3000:]}"
    )
