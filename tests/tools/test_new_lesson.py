"""tools.new_lesson: a new lesson in one command, in the house anatomy, passing the tests."""

import os
import subprocess
import sys

import pytest

from tests.scratch import scratch_copy
from tools import lessons, new_lesson

README = """# x

| # | Notebook | What you learn | Rung | Main path | Run time | Lesson | Student copy |
|---|---|---|---|---|---|---|---|
| 01 | a | b | c | 1 min | 1 s | d | e |
| 05 | a | b | c | 1 min | 1 s | d | e |

After the table.
"""


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "tests" / "mutants").mkdir(parents=True)
    (tmp_path / "README.md").write_text(README)
    return tmp_path


def test_create_writes_the_lesson_its_checks_and_a_catalogue_row_in_order(tree):
    written = new_lesson.create("03", "demo_topic", "Demo topic", root=tree)
    assert [p.relative_to(tree).as_posix() for p in written] == [
        "notebooks/03_demo_topic.ipynb", "tests/mutants/lesson_03.py", "README.md"]
    nb = lessons.read(written[0])
    assert nb.cells[0].source.startswith("# 03 · Demo topic\n")
    assert lessons.colab_url(lessons.NOTEBOOKS / "03_demo_topic.ipynb") in nb.cells[0].source
    rows = [line[:5] for line in (tree / "README.md").read_text().splitlines()
            if line.startswith("| 0")]
    assert rows == ["| 01 ", "| 03 ", "| 05 "]
    namespace = {}
    exec(written[1].read_text(), namespace)  # the mutants file is valid Python with both lists
    assert namespace["MUTANTS"] and len(namespace["EXERCISES"]) == 3


@pytest.mark.parametrize(("args", "message"), [
    (("3", "demo", "Demo"), "number must be two digits, e.g. '07', got '3'"),
    (("03", "Demo-Topic", "Demo"), "slug must be lower_case_words, got 'Demo-Topic'"),
    (("03", "demo", " "), "title must be one non-empty line"),
])
def test_create_rejects_bad_arguments_naming_them(tree, args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        new_lesson.create(*args, root=tree)


def test_create_refuses_to_overwrite_a_lesson(tree):
    new_lesson.create("03", "demo", "Demo", root=tree)
    with pytest.raises(FileExistsError, match="lesson 03 exists already: 03_demo.ipynb"):
        new_lesson.create("03", "other", "Other", root=tree)


@pytest.mark.slow
def test_a_new_lesson_passes_the_tests_after_refresh(tmp_path):
    """What the issue asks: new-lesson 99 in a scratch copy, refresh, and its tests are green."""
    copy = scratch_copy(tmp_path / "repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, (args, result.stdout[-4000:], result.stderr[-4000:])
        return result

    run("-m", "tools", "new-lesson", "99", "demo", "Demo")
    assert "99_demo.ipynb" in run("-m", "tools", "refresh", "99").stdout
    assert (copy / "notebooks" / "exercises" / "99_demo.ipynb").is_file()
    # refresh executed every cell (a failing one would have stopped it): the static tests
    # of the lessons, anatomy and budgets included, are what is left to pass
    run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lessons",
        "tests/tools/test_setup_cell.py", "-k", "99 or readme or lint or allowed")


def test_the_new_lessons_mutants_and_exercise_specs_are_well_formed(tree):
    """The scaffold's tests/mutants file names cells the scaffold has (runs nothing)."""
    from tests.e2e import test_checks_can_fail as checks

    lesson, specs, _ = new_lesson.create("03", "demo", "Demo", root=tree)
    namespace = {}
    exec(specs.read_text(), namespace)
    for k, mutant in enumerate(namespace["MUTANTS"]):
        job = checks.mutant_job(lesson, mutant, f"03-mutant{k}")
        assert len(job["cells"]) == 2 + len(mutant["cells"])
    for spec in namespace["EXERCISES"]:
        job = checks.exercise_job(lesson, spec, f"03-ex{spec['exercise']}")
        assert job["variants"], spec
