"""Every check can fail: the lessons' checks reject wrong code, the exercises' checks wrong answers.

A check that passes whatever the code does proves nothing. For each lesson,
``tests/mutants/lesson_NN.py`` names cells of the lesson and wrong versions of them:

``MUTANTS``, a list of dicts with keys

``cells``     substrings of the source, each picking exactly one code cell of the
              lesson; the picked cells run in the order given, after the lesson's two
              setup cells (which always run first);
``mutate``    ``(old, new)``: ``old`` occurs exactly once in the picked cells and is
              replaced by ``new``;
``fails_in``  the entry of ``cells`` whose cell must raise ``AssertionError``;
``why``       one sentence: what is wrong in the mutant and which check catches it.

``EXERCISES``, a list of dicts, one per exercise of the lesson, with keys

``exercise``  its number (``### Exercise N`` in the lesson);
``kind``      ``"build"`` or ``"fix"`` (the student writes code), or ``"predict"`` (the
              student writes down a guess, then the check measures);
``context``   substrings picking the code cells to run before the exercise (after the
              setup cells), as in ``cells`` above;
``wrong``     (build, fix) ``{label: code}``: answers the check must reject, at least a
              ``"hard-coded"`` one and one typical mistake; each ``code`` replaces the
              lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
``guess``     (predict) code that replaces the solution region with a wrong guess;
``shows``     (predict) a substring the check must print: the measurement.

For build and fix exercises the student copy's stub (``raise NotImplementedError()``)
must make the check cell raise, and every ``wrong`` answer must make it raise
``AssertionError`` whose message says what it expected, what it got, and a hint
(``helpers.checks.expect_close`` and friends write such messages). A predict
exercise's check must pass with the wrong guess, print ``your guess`` and the
measurement. The unedited cells pass: nbval runs the whole lesson.

Everything runs in one IPython shell in one subprocess (TensorFlow is imported once),
each mutant and each exercise in a fresh namespace; the module is one ``xdist_group``,
so with ``pytest -n 2`` the other worker runs notebooks meanwhile. The jobs of a lesson
whose file sets ``RUNTIME_FIRST = True`` (it configures TensorFlow's runtime, e.g. splits
the CPU into logical devices, which must happen before TensorFlow's first operation) run
before all others, and its configuration must be safe to repeat; at most one lesson may
set it. Each job reports its CPU seconds; a lesson's jobs must stay cheap
(``tests/mutants`` picks short context cells), or the suite outgrows its time budget.
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from tools import lessons
from tools.kernels import kernel_environment
from tools.lessons import BEGIN, END, ROOT
from tools.nbgrader_metadata import exercises
from tools.setup_cell import setup_cell_index
from tools.student_copies import stub_out

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("checks")]

SPECS = ROOT / "tests" / "mutants"
KINDS = {"build", "fix", "predict"}

RUNNER = textwrap.dedent(
    """
    import contextlib, io, json, os, sys, time
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance(colors="nocolor")
    initial = dict(shell.user_ns)  # the namespace a new shell starts with

    def run(src):
        result = shell.run_cell(src, silent=False, store_history=True)
        return result.error_in_exec or result.error_before_exec

    def describe(err):
        if err is None:
            return {"error": None}
        return {"error": type(err).__name__, "isassert": isinstance(err, AssertionError),
                "message": str(err)[:1500]}

    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    for job in jobs:
        # A fresh namespace for every job. Not shell.reset(): it also runs a full garbage
        # collection, which with TensorFlow loaded cost as much as the jobs themselves.
        shell.user_ns.clear()
        shell.user_ns.update(initial)
        os.chdir(job["cwd"])
        started, cpu_started = time.perf_counter(), time.process_time()
        result = {"id": job["id"], "cell": None, "variants": {}}
        for i, src in enumerate(job["cells"]):
            err = run(src)
            if err is not None:
                result.update(cell=i, **describe(err))
                break
        if result["cell"] is None:
            saved = dict(shell.user_ns)
            for variant in job.get("variants", []):
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    first = run(variant["solution"])
                    check = run(variant["check"])
                result["variants"][variant["name"]] = {
                    "solution": describe(first)["error"], **describe(check),
                    "stdout": out.getvalue()[-4000:]}
                shell.user_ns.clear()
                shell.user_ns.update(saved)
        result["seconds"] = round(time.perf_counter() - started, 2)  # what each job costs
        result["cpu_seconds"] = round(time.process_time() - cpu_started, 2)
        print("@@RESULT@@" + json.dumps(result), flush=True)
    """
)


def spec_module(lesson):
    path = SPECS / f"lesson_{lessons.number(lesson)}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_sources(nb):
    """The lesson's Colab cell and its imports-and-seed cell, the first two code cells."""
    first = setup_cell_index(nb)
    second = next(i for i in range(first + 1, len(nb.cells)) if nb.cells[i].cell_type == "code")
    return [nb.cells[first].source, nb.cells[second].source]


def pick(nb, needle):
    hits = [c.source for c in nb.cells if c.cell_type == "code" and needle in c.source]
    assert len(hits) == 1, f"{needle!r} picks {len(hits)} code cells, not exactly one"
    return hits[0]


def replace_region(source, code):
    """``source`` with the lines between the solution markers replaced by ``code``."""
    lines = source.split("\n")
    begin = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
    end = next(i for i, line in enumerate(lines) if line.strip() == END)
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    new = [indent + line if line.strip() else line
           for line in textwrap.dedent(code).strip("\n").split("\n")]
    return "\n".join(lines[:begin] + new + lines[end + 1:])


# --- what to run ----------------------------------------------------------------------------


def mutant_cases():
    found = []
    for lesson in lessons.lessons():
        module = spec_module(lesson)
        for k, mutant in enumerate(getattr(module, "MUTANTS", [])):
            found.append(pytest.param(lesson, mutant, id=f"{lesson.name[:2]}-mutant{k}"))
    return found


def exercise_cases():
    found = []
    for lesson in lessons.lessons():
        number = lessons.number(lesson)
        module = spec_module(lesson)
        for spec in getattr(module, "EXERCISES", []):
            names = (["stub", *spec.get("wrong", {})] if spec.get("kind") != "predict"
                     else ["wrong guess"])
            for name in names:
                ident = f"{number}-ex{spec.get('exercise')}-{name}"
                found.append(pytest.param(lesson, spec, name, id=ident))
    return found


def mutant_job(lesson, mutant, ident):
    """The job for one mutant: setup cells, then the picked cells with the edit applied."""
    assert set(mutant) == {"cells", "mutate", "fails_in", "why"}, sorted(mutant)
    nb = lessons.read(lesson)
    sources = [pick(nb, needle) for needle in mutant["cells"]]
    old, new = mutant["mutate"]
    assert old != new
    assert sum(s.count(old) for s in sources) == 1, f"{old!r} must occur exactly once"
    cells = setup_sources(nb) + [s.replace(old, new) for s in sources]
    return {"id": ident, "cwd": str(lesson.parent), "cells": cells}


def exercise_job(lesson, spec, ident):
    """The job for one exercise: setup and context cells, then each wrong answer and the check."""
    keys = {"exercise", "kind", "context", "wrong"} if spec.get("kind") != "predict" else {
        "exercise", "kind", "context", "guess", "shows"}
    assert spec.get("kind") in KINDS and set(spec) == keys, (spec.get("kind"), sorted(spec))
    nb = lessons.read(lesson)
    found = {n: (s, c) for n, s, c in exercises(nb, lesson.name)}
    assert spec["exercise"] in found, f"no exercise {spec['exercise']} in {lesson.name}"
    solution, check = (nb.cells[i].source for i in found[spec["exercise"]])
    cells = setup_sources(nb) + [pick(nb, needle) for needle in spec["context"]]
    if spec["kind"] == "predict":
        answers = {"wrong guess": replace_region(solution, spec["guess"])}
    else:
        assert "hard-coded" in spec["wrong"] and len(spec["wrong"]) >= 2, (
            "reject at least a hard-coded answer and one typical mistake")
        answers = {"stub": stub_out(solution),
                   **{name: replace_region(solution, code) for name, code in spec["wrong"].items()}}
    variants = [{"name": name, "solution": src, "check": check} for name, src in answers.items()]
    return {"id": ident, "cwd": str(lesson.parent), "cells": cells, "variants": variants}


@pytest.fixture(scope="module")
def results(tmp_path_factory, request):
    """Run the selected mutants and exercises in ONE subprocess; results by id."""
    selected = {job_id(item.callspec.id)
                for item in request.session.items if hasattr(item, "callspec")}
    tmp = tmp_path_factory.mktemp("checks")
    first, rest, broken = [], [], {}
    runtime_first = [p.name for p in lessons.lessons()
                     if getattr(spec_module(p), "RUNTIME_FIRST", False)]
    assert len(runtime_first) <= 1, f"only one lesson may run first: {runtime_first}"
    for lesson in lessons.lessons():
        module = spec_module(lesson)
        # A lesson that must configure TensorFlow's runtime before its first operation (lesson
        # 14 splits the CPU into logical devices) runs before every other lesson's jobs.
        jobs = first if lesson.name in runtime_first else rest
        for k, mutant in enumerate(getattr(module, "MUTANTS", [])):
            ident = f"{lesson.name[:2]}-mutant{k}"
            if ident not in selected:
                continue
            try:
                jobs.append(mutant_job(lesson, mutant, ident))
            except AssertionError as error:
                broken[ident] = str(error)
        for spec in getattr(module, "EXERCISES", []):
            ident = f"{lesson.name[:2]}-ex{spec.get('exercise')}"
            if ident not in selected:
                continue
            try:
                jobs.append(exercise_job(lesson, spec, ident))
            except (AssertionError, StopIteration, KeyError) as error:
                broken[ident] = f"{type(error).__name__}: {error}"
    (tmp / "runner.py").write_text(RUNNER, encoding="utf-8")
    (tmp / "jobs.json").write_text(json.dumps(first + rest), encoding="utf-8")
    with kernel_environment(apply=False) as env:
        proc = subprocess.run(
            [sys.executable, str(tmp / "runner.py"), str(tmp / "jobs.json")],
            cwd=tmp, env={**os.environ, **env, "MPLBACKEND": "Agg"},
            capture_output=True, text=True, timeout=1200,
        )
    found = {"_broken": broken, "_log": proc.stdout[-3000:] + "\n" + proc.stderr[-3000:]}
    for line in proc.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            result = json.loads(line.removeprefix("@@RESULT@@"))
            found[result["id"]] = result
    return found


def job_id(test_id):
    """The job a test's id belongs to: ``04-ex2-hard-coded`` -> ``04-ex2``."""
    match = re.match(r"(\d\d-ex\d+)-", test_id)
    return match.group(1) if match else test_id


def job_result(results, ident):
    assert ident not in results["_broken"], f"malformed spec: {results['_broken'][ident]}"
    result = results.get(ident)
    assert result is not None, f"the runner crashed before {ident}:\n{results['_log']}"
    return result


# --- the lessons' checks --------------------------------------------------------------------


def test_every_lesson_has_mutants():
    missing = [p.name for p in lessons.lessons() if not getattr(spec_module(p), "MUTANTS", [])]
    assert not missing, f"no MUTANTS in tests/mutants/ for {missing}"


@pytest.mark.parametrize(("lesson", "mutant"), mutant_cases())
def test_check_fails_for_a_wrong_implementation(lesson, mutant, results, request):
    ident = request.node.callspec.id
    result = job_result(results, ident)
    assert result["cell"] is not None, f"the mutant passed every check: {mutant['why']}"
    target = 2 + mutant["cells"].index(mutant["fails_in"])  # after the two setup cells
    where = (["setup cell 1", "setup cell 2"] + mutant["cells"])[result["cell"]]
    assert result["cell"] == target and result["isassert"], (
        f"expected AssertionError in cell {mutant['fails_in']!r}, got {result['error']} in "
        f"{where!r}: {result['message']}"
    )


# --- the exercises' checks ------------------------------------------------------------------


@pytest.mark.parametrize("lesson", lessons.lessons(), ids=lambda p: p.name[:2])
def test_every_exercise_has_a_rejection_spec(lesson):
    numbers = [n for n, _, _ in exercises(lessons.read(lesson), lesson.name)]
    specs = getattr(spec_module(lesson), "EXERCISES", [])
    assert sorted(s.get("exercise") for s in specs) == sorted(numbers), (
        f"tests/mutants/lesson_{lesson.name[:2]}.py: EXERCISES must cover exercises {numbers}")
    kinds = {s.get("kind") for s in specs}
    assert kinds & {"build"} and kinds & {"predict"}, (
        "at least one build exercise and one predict-then-check (STYLE.md)")


@pytest.mark.parametrize(("lesson", "spec", "variant"), exercise_cases())
def test_exercise_check_rejects_wrong_answers_and_accepts_any_guess(lesson, spec, variant,
                                                                    results):
    result = job_result(results, f"{lesson.name[:2]}-ex{spec['exercise']}")
    assert result["cell"] is None, (
        f"a context cell failed before the exercise: {result.get('error')}: "
        f"{result.get('message')}")
    got = result["variants"][variant]
    if spec["kind"] == "predict":
        assert got["error"] is None, f"a wrong guess must not fail the check: {got['message']}"
        shown = got["stdout"].lower()
        assert "your guess" in shown and spec["shows"].lower() in shown, got["stdout"]
    elif variant == "stub":
        assert got["error"] is not None, "the unanswered stub passes the check"
    else:
        assert got["error"] is not None, f"the check accepts the {variant!r} answer"
        assert got["isassert"], f"the check crashed with {got['error']}: {got['message']}"
        message = got["message"].lower()
        assert all(word in message for word in ("expected", "got", "hint")), (
            f"a failed check says what it expected, what it got, and a hint: {got['message']}")

