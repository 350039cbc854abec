"""tools.start: the student's working folder, and the JupyterLab that opens on it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import lessons, start
from tools.lessons import ROOT


def test_prepare_copies_lessons_student_copies_and_linked_files_in_the_layout_of_notebooks(
        tmp_path):
    copied, kept = start.prepare(tmp_path)
    assert kept == []
    for lesson in lessons.lessons():
        assert (tmp_path / lesson.name).is_file(), lesson.name
        if lessons.student_copy(lesson).exists():
            assert (tmp_path / "exercises" / lesson.name).is_file(), lesson.name
    for relative, source in start.working_files().items():
        assert relative in copied
        assert (tmp_path / relative).read_bytes() == source.read_bytes(), relative
    assert start.START_PAGE in copied
    # Every link of every notebook still leads somewhere: the folder mirrors notebooks/.
    for notebook in [*tmp_path.glob("*.ipynb"), *tmp_path.glob("exercises/*.ipynb")]:
        for target in lessons.relative_links(lessons.read(notebook)):
            assert (notebook.parent / target).exists(), f"{notebook.name}: dead link {target}"


def test_prepare_copies_the_files_a_lesson_links_to(tmp_path):
    linked = {relative for lesson in lessons.lessons()
              for relative, _ in start.linked_files(lesson)[0]}
    start.prepare(tmp_path)
    for relative in linked:
        assert (tmp_path / relative).exists(), relative


def test_prepare_never_replaces_a_file_the_student_already_has(tmp_path):
    mine = {lessons.QUICKEST: "my run", f"exercises/{lessons.QUICKEST}": "my answers",
            start.START_PAGE: "my notes"}
    for name, text in mine.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    copied, kept = start.prepare(tmp_path)
    assert sorted(kept) == sorted(mine) and not set(mine) & set(copied)
    for name, text in mine.items():
        assert (tmp_path / name).read_text() == text
    again, kept_again = start.prepare(tmp_path)
    assert again == [] and len(kept_again) == len(copied) + len(kept)


def test_start_page_lists_every_lesson_with_its_main_path_and_its_links_resolve(tmp_path):
    start.prepare(tmp_path)
    page = (tmp_path / start.START_PAGE).read_text()
    assert page.startswith("# Start here\n")
    for name, _title, minutes in start.catalogue():
        assert minutes, f"{name}: no main-path time in the README catalogue"
        row = next(line for line in page.splitlines() if f"]({name})" in line)
        assert row.endswith(f"| {minutes} min |"), row
        assert f"](exercises/{name})" in row, row
    for target in lessons.RELATIVE_LINK.findall(page):
        assert (tmp_path / target).exists(), f"dead link {target}"
    for fact in ("Lesson 00", "lesson 01", "exercises/", "check:", "AssertionError",
                 "Explanation", "Shut Down All Kernels"):
        assert fact in page, fact


def test_jupyterlab_first_shows_the_start_page_formatted(tmp_path):
    start.prepare(tmp_path)
    layouts = list((tmp_path / start.WORKSPACES).glob("*.jupyterlab-workspace"))
    assert len(layouts) == 1
    data = json.loads(layouts[0].read_text())["data"]
    opened = data["layout-restorer:data"]["main"]["current"]
    assert data[opened]["data"] == {"path": start.START_PAGE, "factory": "Markdown Preview"}
    layouts[0].write_text("{}")  # the student's own layout is kept
    start.prepare(tmp_path)
    assert layouts[0].read_text() == "{}"


def test_the_default_working_folder_is_ignored_by_git():
    assert start.FOLDER == ROOT / "work"
    inside = ["work/" + lessons.QUICKEST, f"work/exercises/{lessons.QUICKEST}",
              f"work/{start.START_PAGE}", f"work/{start.WORKSPACES}/default.jupyterlab-workspace"]
    result = subprocess.run(["git", "check-ignore", *inside], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.stdout.split() == inside, result.stdout + result.stderr


def test_jupyter_command_allows_root_only_as_root_and_skips_the_browser_without_display():
    as_user = start.jupyter_command("w", root=False, display=True)
    as_root = start.jupyter_command("w", root=True, display=False)
    assert "--allow-root" not in as_user and "--no-browser" not in as_user
    assert "--allow-root" in as_root and "--no-browser" in as_root
    assert as_user[1:3] == ["-m", "jupyterlab"] and "--ServerApp.root_dir=w" in as_user
    passed_on = start.jupyter_command("w", ["--port=8890", "--no-browser"], root=True,
                                      display=False)
    assert passed_on.count("--no-browser") == 1 and passed_on[-2:] == ["--port=8890",
                                                                         "--no-browser"]


def test_students_config_turns_off_nbgrader_and_nothing_else(tmp_path):
    lab, server = start.write_student_config(tmp_path)
    assert lab and server, "requirements.txt installs nbgrader: its extensions must be found"
    page = json.loads((tmp_path / "labconfig" / "page_config.json").read_text())
    assert page == {"disabledExtensions": {name: True for name in lab}}
    config = json.loads((tmp_path / "jupyter_server_config.json").read_text())
    assert config == {"ServerApp": {"jpserver_extensions": {name: False for name in server}}}
    assert all("nbgrader" in name for name in [*lab, *server])
    env = start.jupyter_environment(tmp_path)
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(tmp_path)
    assert env.get("JUPYTER_CONFIG_DIR") == os.environ.get("JUPYTER_CONFIG_DIR")


@pytest.mark.parametrize("teacher", [False, True], ids=["student", "teacher"])
def test_main_hides_nbgrader_from_students_unless_teacher(tmp_path, monkeypatch, teacher):
    seen = {}

    def fake_check(folder, extra, env, teacher_):
        seen.update(folder=folder, extra=extra, teacher=teacher_,
                    path=env.get("JUPYTER_CONFIG_PATH", ""))
        config = env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)[0]
        seen["disabled"] = bool(config) and (Path(config) / "labconfig" / "page_config.json"
                                             ).exists()
        return []

    monkeypatch.setattr(start, "check", fake_check)
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    argv = ["--dir", str(tmp_path), "--check", "--port=8890"] + (["--teacher"] if teacher else [])
    assert start.main(argv) == 0
    assert seen["folder"] == tmp_path.resolve() and seen["extra"] == ["--port=8890"]
    assert seen["teacher"] is teacher and seen["disabled"] is not teacher


@pytest.mark.slow
def test_check_starts_jupyterlab_on_the_folder_as_ci_does(tmp_path):
    """What .ci/run runs; as root (CI is root) this also proves ``--allow-root`` is added."""
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    result = subprocess.run([sys.executable, "-m", "tools", "start", "--dir",
                             str(tmp_path / "work"), "--check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nbgrader's menus off" in result.stdout, result.stdout
    assert (tmp_path / "work" / start.START_PAGE).is_file()
