"""A lesson and its student copy, run in JupyterLab itself, in a real browser.

nbval talks to a kernel directly; a student clicks *Run → Run All Cells* in
JupyterLab. This test does what the student does: it starts ``jupyter lab`` on
loopback (a random token, a free port), drives Debian's Chromium with Playwright
(the installed ``/usr/bin/chromium``, never a downloaded browser), runs every
cell of a lesson from the menu, waits until no cell is pending, and asserts
that no error or stderr output appeared and that every ``check:`` line stored
in the lesson was printed again. Then it opens the student copy, runs it, and
sees the ``NotImplementedError`` of the first exercise.

The server works on copies of the two notebooks in a temporary folder (so
JupyterLab's autosave cannot touch the repository; the lesson's stored outputs
are cleared, so every output checked was produced in the browser) and gets its own Jupyter
config, data, runtime and settings folders, with notebook windowing off so that
every cell is in the page. A screenshot is saved in pytest's temporary folder
and its path printed.

Without Chromium the test is skipped with the reason, except under CI
(``CI`` set), where a missing browser is a failure: ``.ci/run`` installs it.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from repo_facts import COPIES, ROOT, load

from helpers.setup import kernel_environment

CHROMIUM = Path("/usr/bin/chromium")
LESSON = "04_gradient_tape.ipynb"  # the quickest lesson
CHROMIUM_FLAGS = [  # a closed network: no background connections, no first-run work
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI is set but {CHROMIUM} is missing: .ci/run installs it")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_check_lines(nb):
    return [
        line
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout"
        for line in out["text"].splitlines()
        if line.startswith("check:")
    ]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab serving copies of the lesson and its student copy."""
    home = tmp_path_factory.mktemp("jupyterlab")
    served = home / "notebooks"
    (served / "exercises").mkdir(parents=True)
    lesson = load(ROOT / "notebooks" / LESSON)
    for cell in lesson.cells:  # every output the test sees must come from this run
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(lesson, served / LESSON)
    shutil.copy(COPIES / LESSON, served / "exercises" / LESSON)
    for name in ("config", "data", "runtime", "settings", "ipython", "tmp"):
        (home / name).mkdir()
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    news = home / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {
        **os.environ,
        **kernel_environment(home / "ipython", tmp_dir=home / "tmp"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "data"),
    }
    token, port = secrets.token_hex(16), free_port()
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
         "--ServerApp.port_retries=0"]
        + (["--allow-root"] if os.geteuid() == 0 else []),  # CI runs as root
        env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((home / "server.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield {"base": base, "token": token, "home": home}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def page(lab):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def run_all(page, lab, path, timeout=180):
    """Open a notebook in JupyterLab, Run → Run All Cells, wait until nothing is pending."""
    page.goto(f"{lab['base']}/lab/tree/{path}?reset&token={lab['token']}")  # reset: no old tabs
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Cell").first.wait_for(timeout=60_000)
    # JupyterLab may ask which kernel to start; a student clicks "Select" (Python 3).
    try:
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=5_000)
    except playwright_api.TimeoutError:
        pass
    status = page.locator(".jp-StatusBar-TextItem", has_text="Python 3 (ipykernel) | Idle")
    status.first.wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text="Run All Cells")
                 ).first.click()
    deadline = time.monotonic() + timeout
    time.sleep(1)
    while True:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        if not any("*" in p for p in prompts) and status.count():
            assert page.locator(".jp-NotebookPanel").count() == 1, "another notebook is open"
            return panel, prompts
        assert time.monotonic() < deadline, f"cells still pending after {timeout} s: {prompts}"
        time.sleep(0.5)


def test_lesson_runs_in_jupyterlab_and_prints_its_checks(page, lab, capsys):
    panel, prompts = run_all(page, lab, f"notebooks/{LESSON}")
    executed = [p for p in prompts if any(ch.isdigit() for ch in p)]
    code_cells = [c for c in load(ROOT / "notebooks" / LESSON).cells
                  if c.cell_type == "code" and c.source.strip()]
    assert len(executed) == len(code_cells), prompts
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()[:3]
    text = "\n".join(panel.locator(".jp-OutputArea-output").all_inner_texts())
    expected = stored_check_lines(load(ROOT / "notebooks" / LESSON))
    assert expected, "the lesson stores no check lines"
    missing = [line for line in expected if line not in text]
    assert not missing, f"check lines not printed in JupyterLab: {missing}"
    shot = lab["home"] / "lesson-in-jupyterlab.png"
    page.screenshot(path=str(shot), full_page=False)
    with capsys.disabled():
        print(f"\nJupyterLab screenshot: {shot}")


def test_student_copy_stops_at_its_first_exercise_in_jupyterlab(page, lab):
    panel, prompts = run_all(page, lab, f"notebooks/exercises/{LESSON}")
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    shown = "\n".join(errors.all_inner_texts())
    assert "NotImplementedError" in shown, shown[:2000]
    copy = load(COPIES / LESSON)
    stub = "raise NotImplementedError"
    first_stub = next(i for i, c in enumerate(copy.cells) if stub in c.source)
    code_before = sum(1 for c in copy.cells[:first_stub] if c.cell_type == "code")
    ran = [i for i, p in enumerate(prompts) if any(ch.isdigit() for ch in p)]
    assert ran and ran[-1] == code_before, f"it must stop at the first exercise: {prompts}"
