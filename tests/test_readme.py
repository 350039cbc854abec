"""The README is the truth: its commands are what CI runs, its catalogue is complete."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OPEN = " && jupyter lab notebooks/"


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


def test_ci_runs_the_quickstart_commands_verbatim():
    setup, test = quickstart_commands()
    ci_lines = [line.strip() for line in CI.splitlines()]
    assert setup.removesuffix(OPEN) in ci_lines, "CI must set up exactly as the README says"
    assert test in ci_lines, "CI must run exactly the README's test command"


def test_catalogue_lists_every_lesson_in_order_with_a_measured_time():
    row = r"^\| (\d\d) \| \[.*?\]\((notebooks/[^)]+\.ipynb)\).*\| ([^|]+) \|$"
    rows = re.findall(row, README, re.M)
    listed = [path for _, path, _ in rows]
    assert listed == [p.relative_to(ROOT).as_posix() for p in LESSONS]
    for number, path, seconds in rows:
        assert path.startswith(f"notebooks/{number}_")
        assert re.fullmatch(r"\d+ s", seconds.strip()), f"{path}: run time {seconds!r}"
