"""The README is the truth: its commands are what CI runs, its catalogue is complete."""

import re

from tools import lessons
from tools.lessons import COPIES, ROOT, colab_url

LESSONS = lessons.lessons()

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
# The Quickstart's set-up ends by opening JupyterLab, which blocks; CI runs the same command with
# --check, which prepares the working folder and starts and stops JupyterLab.
OPEN = " && python -m tools start"
CHECK_OPEN = "python -m tools start --check"


def section(title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def quickstart_commands():
    return re.findall(r"```bash\n(.*?)\n```", section("Quickstart"), re.S)


def test_quickstart_has_exactly_two_commands():
    commands = quickstart_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), "each command is a single line to copy"
    setup, test = commands
    assert setup.endswith(OPEN) and "pip install -r requirements.txt" in setup
    assert test.endswith("pytest")


def ci_commands():
    """CI's command lines, comments removed."""
    return [line.split(" #", 1)[0].strip() for line in CI.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_the_quickstart_commands_verbatim():
    setup, test = quickstart_commands()
    lines = ci_commands()
    assert setup.removesuffix(OPEN) in lines, "CI must set up exactly as the README says"
    start = lines.index(setup.removesuffix(OPEN))
    assert lines[start + 1] == CHECK_OPEN, (
        f"right after setting up, CI must run {CHECK_OPEN!r}: the README's last step, not blocking")
    assert test in lines[start + 1:], "CI must run exactly the README's test command"


def test_start_here_comes_first_for_students_and_teachers():
    first = re.search(r"^## (.+)$", README, re.M).group(1)
    assert first == "Start here", f"the README's first section is {first!r}"
    text = section("Start here")
    for fact in ("lesson 00", "lesson 01", "python -m tools start", "`work/`",
                 "work/exercises/", "check:", "AssertionError", "Explanation", "Main path",
                 "Shut Down All Kernels", "(#for-teachers)", "--teacher"):
        assert fact in text, f"README 'Start here' does not mention {fact}"


def catalogue_rows():
    """The catalogue table's rows, as lists of cell texts."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in README.splitlines()
        if re.match(r"^\| \d\d \|", line)
    ]


def test_catalogue_lists_every_lesson_in_order():
    link = re.compile(r"\((notebooks/[^)]+\.ipynb)\)")
    listed = [link.search(row[1]).group(1) for row in catalogue_rows()]
    assert listed == [p.relative_to(ROOT).as_posix() for p in LESSONS]


def test_catalogue_rows_have_rung_times_and_both_colab_badges():
    for number, link, learn, rung, minutes, seconds, lesson, student in catalogue_rows():
        name = re.search(r"notebooks/([^)]+\.ipynb)", link).group(1)
        assert name.startswith(f"{number}_") and learn and rung
        assert re.fullmatch(r"\d+ min", minutes), f"{name}: main path {minutes!r}"
        assert re.fullmatch(r"\d+ s", seconds), f"{name}: run time {seconds!r}"
        assert int(seconds.split()[0]) <= 30, f"{name}: a lesson runs in 30 s at most"
        assert f"({colab_url(ROOT / 'notebooks' / name)})" in lesson
        assert f"({colab_url(COPIES / name)})" in student


def test_github_actions_runs_the_ci_script_on_every_push_and_pull_request():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert re.search(r"^on:\n  push:\n  pull_request:", workflow, re.M)
    runs = [line.split("run:", 1)[1].strip() for line in workflow.splitlines() if "run:" in line]
    assert runs == ["bash .ci/run"], runs


def test_ci_never_deletes_the_developers_virtual_environment():
    assert "rm -rf .venv" not in CI and "mktemp -d" in CI and "git clone" in CI
