"""A student's JupyterLab, in a real browser: the working folder, a lesson, its student copy.

nbval talks to a kernel directly; a student runs ``python -m tools start`` and
clicks *Run → Run All Cells* in JupyterLab. These tests do what the student
does. They start ``python -m tools start`` itself on a working folder in a
temporary directory (loopback, a random token, a free port: options it passes
on to ``jupyter lab``; as root it adds ``--allow-root`` itself), and drive
Debian's Chromium with Playwright (the installed ``/usr/bin/chromium``, never a
downloaded browser). JupyterLab must open on the start page without nbgrader's
menus; then the student's copy of a lesson is opened (*File → Open from
Path…*), run from the menu and saved with JupyterLab's save; then, after
closing it and shutting its kernel down, the student copy is run and must stop
at its first exercise.

The server and its kernels get **a student's environment**, not the test
suite's: none of ``tools.kernels.NOTEBOOK_ENV`` (no thread pinning, no hash
seed, no ``TF_CPP_MIN_LOG_LEVEL``: a student sets none of them) and no
``PYTEST_*`` variable (ipykernel does not capture file descriptor 2 when it sees
``PYTEST_CURRENT_TEST``, so TensorFlow's start-up lines would be hidden from the
test while a student sees them). IPython gets its default configuration (an
empty profile). Only what keeps the run traceless is set: private Jupyter
folders and ``TMPDIR`` in the temporary directory, and
``PYTHONDONTWRITEBYTECODE``, which changes nothing a cell shows. A probe cell
appended to the student's copy of the lesson writes to file descriptor 2, and
its line must be the only stderr shown: so the test sees what a student would.
Since the threads are not pinned, the last digit of a number may differ from
the stored outputs, so the lesson's ``check:`` lines, which are printed rounded,
are what is compared.

The working folder is the proof that a student's saving cannot touch the tested
notebooks: the save reaches the working folder, and the repository's lesson and
student copy are unchanged (bytes and ``git status``) and pass their hygiene
tests. The lesson is read once, when the test starts: other work may change it
meanwhile. JupyterLab's own settings turn notebook windowing off, so that every
cell is in the page, and the news prompt off. A screenshot is saved in pytest's
temporary folder and its path printed. Without Chromium the module is skipped
with the reason, except under CI (``CI`` set), where a missing browser is a
failure: ``.ci/run`` installs it.
"""

import inspect
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.lessons import test_lesson_hygiene as hygiene
from tools import lessons
from tools.kernels import NOTEBOOK_ENV
from tools.lessons import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("jupyterlab")]

CHROMIUM = Path("/usr/bin/chromium")
LESSON = lessons.NOTEBOOKS / lessons.QUICKEST_TENSORFLOW
# The student copy run to its first exercise: the quickest lesson's, which imports no TensorFlow.
FIRST_COPY = lessons.NOTEBOOKS / lessons.QUICKEST
CHROMIUM_FLAGS = [  # a closed network: no background connections, no first-run work
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
# Appended to the student's copy of the lesson: what a library writes to file descriptor 2 (as
# TensorFlow's C++ runtime does) shows in a student's notebook, so the test would see it too.
PROBE_LINE = "written to file descriptor 2"
PROBE = f"import os\n\nos.write(2, b'{PROBE_LINE}\\n');"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI is set but {CHROMIUM} is missing: .ci/run installs it")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_it_was(lab):
    """The lesson as it was when the test copied it (others may edit the tree meanwhile)."""
    return nbformat.reads(lab["before"]["lesson"].decode(), as_version=4)


def saved_so_far(path):
    """The notebook at ``path``, or an empty one while JupyterLab is still writing it.

    Jupyter's save writes the file in place (after copying the old one aside), so a read
    during the save can find it empty or cut short.
    """
    try:
        return lessons.read(path)
    except nbformat.reader.NotJSONError:
        return nbformat.v4.new_notebook()


def check_lines(nb):
    """The ``check:`` lines a notebook's outputs print, in order."""
    return [
        line
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout"
        for line in out["text"].splitlines()
        if line.startswith("check:")
    ]


def students_environment(home):
    """This process's environment as a student would have it: see the module docstring."""
    env = {name: value for name, value in os.environ.items()
           if name not in NOTEBOOK_ENV and not name.startswith("PYTEST_")}
    folders = {"IPYTHONDIR": "ipython", "TMPDIR": "tmp", "JUPYTER_CONFIG_DIR": "config",
               "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
               "JUPYTERLAB_SETTINGS_DIR": "settings"}
    for name, folder in folders.items():
        (home / folder).mkdir()
        env[name] = str(home / folder)
    (home / "ipython" / "profile_default").mkdir()
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    settings = {"notebook-extension/tracker": '{"windowingMode": "none"}',
                "apputils-extension/notification": '{"fetchNews": "false"}'}
    for name, text in settings.items():
        path = home / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return env


def git_status(*paths):
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", *paths],
                          cwd=ROOT, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """``python -m tools start`` running on a working folder in a temporary directory."""
    home = tmp_path_factory.mktemp("jupyterlab")
    work = home / "work"
    work.mkdir()
    # The student's own copy of the lesson, outputs cleared: `start` must keep it, and then
    # every output the tests see was produced in the browser.
    served = [LESSON, lessons.student_copy(LESSON)]
    before = {"status": git_status(*served), "lesson": LESSON.read_bytes(),
              "copy": served[1].read_bytes()}
    mine = nbformat.reads(before["lesson"].decode(), as_version=4)
    for cell in mine.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    mine.cells.append(nbformat.v4.new_code_cell(PROBE))
    nbformat.write(mine, work / LESSON.name)
    env = students_environment(home)
    token, port = secrets.token_hex(16), free_port()
    log_path = home / "start.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "tools", "start", "--dir", str(work), "--no-browser",
             "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
             "--ServerApp.port_retries=0"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
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
                        raise RuntimeError(log_path.read_text()[-3000:]) from None
                    time.sleep(0.3)
            yield {"base": base, "token": token, "home": home, "work": work, "before": before,
                   "log": log_path}
        finally:
            server.terminate()  # `start` passes it on: JupyterLab stops its kernels
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.fixture(scope="module")
def page(lab):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def menu(page, top, item):
    """Click a menu item as a student does: the menu bar's ``top``, then ``item``."""
    page.locator(".lm-MenuBar-item", has_text=top).first.click()
    page.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=item)
                 ).first.click()


def open_lab(page, lab):
    """Open JupyterLab in the browser, unless it is open already."""
    if not page.url.startswith(lab["base"] + "/lab"):
        page.goto(f"{lab['base']}/lab?token={lab['token']}")
    page.locator(".lm-MenuBar-item", has_text="Run").first.wait_for(timeout=60_000)


def run_all(page, lab, path, timeout=180):
    """Open a notebook with File → Open from Path…, Run → Run All Cells, wait until it is done.

    Before that, as the start page advises between lessons, every tab is closed and every
    kernel shut down.
    """
    open_lab(page, lab)
    if page.locator(".jp-NotebookPanel").count():
        menu(page, "File", "Close All Tabs")
        menu(page, "Kernel", "Shut Down All Kernels")
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=10_000)
    menu(page, "File", "Open from Path")
    page.locator(".jp-Dialog input").fill(path)
    page.locator(".jp-Dialog .jp-mod-accept").click()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Cell").first.wait_for(timeout=60_000)
    # JupyterLab may ask which kernel to start; a student clicks "Select" (Python 3). The
    # kernel cannot be idle before that question is answered: whichever shows first decides.
    ask = page.locator(".jp-Dialog .jp-mod-accept")
    status = page.locator(".jp-StatusBar-TextItem", has_text="Python 3 (ipykernel) | Idle")
    ask.or_(status).first.wait_for(timeout=60_000)
    if ask.count():
        ask.click()
    status.first.wait_for(timeout=60_000)
    menu(page, "Run", "Run All Cells")
    deadline = time.monotonic() + timeout
    # Run All queues every cell at once: wait until the first prompt shows it ran or waits.
    first = panel.locator(".jp-CodeCell .jp-InputPrompt").first
    while not any(ch == "*" or ch.isdigit() for ch in first.inner_text()):
        assert time.monotonic() < deadline, "Run All Cells did not start the notebook"
        time.sleep(0.1)
    while True:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        if not any("*" in p for p in prompts) and status.count():
            assert page.locator(".jp-NotebookPanel").count() == 1, "another notebook is open"
            return panel, prompts
        assert time.monotonic() < deadline, f"cells still pending after {timeout} s: {prompts}"
        time.sleep(0.2)


def test_start_page_opens_first_and_students_see_no_nbgrader_menu(page, lab):
    open_lab(page, lab)  # the first time: JupyterLab as `start` opens it
    heading = page.locator(".jp-MarkdownViewer .jp-RenderedMarkdown h1")
    heading.first.wait_for(timeout=60_000)
    assert heading.first.inner_text().startswith("Start here")
    menus = page.locator(".lm-MenuBar-item").all_inner_texts()
    assert "Run" in menus and not any("nbgrader" in m.lower() for m in menus), menus
    assert "nbgrader" not in lab["log"].read_text().lower(), "nbgrader's server extensions loaded"


@pytest.fixture(scope="module")
def lesson_run(page, lab):
    """The student's copy of the lesson, run from the menu and saved with JupyterLab's save."""
    panel, prompts = run_all(page, lab, LESSON.name)
    # ipykernel forwards what reaches file descriptor 2 from a thread: it may come just after
    # the last cell's prompt shows its number.
    deadline = time.monotonic() + 15
    while PROBE_LINE not in "".join(panel.locator(STDERR).all_inner_texts()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    texts = {
        "stderr": panel.locator(STDERR).all_inner_texts(),
        "output": "\n".join(panel.locator(".jp-OutputArea-output").all_inner_texts()),
    }
    saved = lab["work"] / LESSON.name
    panel.locator(".jp-Cell").first.click()
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while not check_lines(saved_so_far(saved)):
        assert time.monotonic() < deadline, "JupyterLab's save did not reach the working folder"
        time.sleep(0.1)
    shot = lab["home"] / "lesson-in-jupyterlab.png"
    page.screenshot(path=str(shot), full_page=False)
    return {"prompts": prompts, "saved": saved, "shot": shot, **texts}


def test_lesson_runs_in_a_students_jupyterlab_and_no_cell_shows_stderr(lesson_run, lab, capsys):
    executed = [p for p in lesson_run["prompts"] if any(ch.isdigit() for ch in p)]
    code_cells = [c for c in as_it_was(lab).cells if c.cell_type == "code" and c.source.strip()]
    assert len(executed) == len(code_cells) + 1, lesson_run["prompts"]  # and the probe
    shown = [text.strip() for text in lesson_run["stderr"]]
    assert shown == [PROBE_LINE], f"stderr shown (only the probe's line may be): {shown[:3]}"
    expected = check_lines(as_it_was(lab))
    assert expected, "the lesson stores no check lines"
    missing = [line for line in expected if line not in lesson_run["output"]]
    assert not missing, f"check lines not printed in JupyterLab: {missing}"
    with capsys.disabled():
        print(f"\nJupyterLab screenshot: {lesson_run['shot']}")


def test_saving_writes_the_working_folder_and_the_repository_stays_clean(lesson_run, lab):
    saved = lessons.read(lesson_run["saved"])
    assert check_lines(saved) == check_lines(as_it_was(lab)), "the save lost outputs"
    assert saved.cells[-1].source == PROBE
    del saved.cells[-1]  # the student's saved run, without the test's probe, is clean too
    without_probe = lab["home"] / "saved-without-probe.ipynb"
    nbformat.write(saved, without_probe)
    for test in (hygiene.test_notebook_is_valid_nbformat, hygiene.test_no_errors_or_stderr_stored,
                 hygiene.test_every_code_cell_executed_in_order):
        test(without_probe)
    before = lab["before"]
    served = [LESSON, lessons.student_copy(LESSON)]
    assert git_status(*served) == before["status"], "a save reached notebooks/"
    assert LESSON.read_bytes() == before["lesson"], f"{lessons.shown(LESSON)} changed"
    assert lessons.student_copy(LESSON).read_bytes() == before["copy"], "the student copy changed"
    for name, test in vars(hygiene).items():  # the lesson's hygiene tests still pass
        if name.startswith("test_") and list(inspect.signature(test).parameters) == ["lesson"]:
            test(LESSON)


def test_student_copy_stops_at_its_first_exercise_in_jupyterlab(page, lab, lesson_run):
    panel, prompts = run_all(page, lab, f"exercises/{FIRST_COPY.name}")
    shown = panel.locator(STDERR).all_inner_texts()  # error outputs included
    assert len(shown) == 1 and "NotImplementedError" in shown[0], [s[:500] for s in shown]
    copy = lessons.read(lab["work"] / "exercises" / FIRST_COPY.name)
    first_stub = next(i for i, c in enumerate(copy.cells) if lessons.STUB in c.source)
    stub = sum(1 for c in copy.cells[:first_stub] if c.cell_type == "code")
    ran = [i for i, p in enumerate(prompts) if any(ch.isdigit() for ch in p)]
    # A stub at the top of a cell raises there; a stub in a function's body, when the check
    # cell after it calls the function.
    assert ran == list(range(ran[-1] + 1)) and ran[-1] in (stub, stub + 1), (
        f"it must stop at the first exercise (code cell {stub}): {prompts}")
