"""A working folder of the student's own, and JupyterLab opened there.

    python -m tools start                  # fill work/ and open JupyterLab there
    python -m tools start --teacher        # the same, with nbgrader's teacher menus
    python -m tools start --check          # fill work/, start JupyterLab, check it, stop it (CI)
    python -m tools start --no-browser     # any other option is passed on to jupyter lab

The lessons in ``notebooks/`` are the tested originals: running one in Jupyter
and saving it (JupyterLab autosaves every two minutes) would store that run's
outputs in the repository, and the tests would then fail. So a student works
in ``work/``, a folder that git ignores. This command copies into it every
lesson (with its solutions and stored outputs), every student copy
(``exercises/``) and the files the lessons link to (such as ``workers/``), in the
same layout as ``notebooks/``, so every link between them still works; it never
replaces a file that is already there, so running it again keeps your work and
adds only what is new. ``START_HERE.md``, the first page JupyterLab shows, says
which notebook to open first.

JupyterLab then starts in that folder. For students it starts without
nbgrader's menus and server extensions (requirements.txt installs nbgrader for
the teachers): a configuration folder made for this launch alone and put first
on ``JUPYTER_CONFIG_PATH`` disables them, and your own Jupyter configuration is
left as it is; ``--teacher`` leaves them on. Run as root (a container, a cloud
VM), it adds ``--allow-root``; on Linux without a display, ``--no-browser``
(open the address it prints). With ``--check`` it starts JupyterLab on a free
port without a browser, checks that it serves the folder and hides nbgrader
(unless ``--teacher``), and stops it: what CI runs in place of the blocking open.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tools import lessons
from tools.nbgrader_metadata import linked_files

#: The student's working folder (git-ignored, see .gitignore) and its first page.
FOLDER = lessons.ROOT / "work"
START_PAGE = "START_HERE.md"
#: Where JupyterLab keeps the folder's layout (its open tabs), and the layout it starts
#: with: START_HERE.md, shown formatted.
WORKSPACES = Path(".jupyterlab") / "workspaces"
FIRST_LAYOUT = {
    "data": {
        "layout-restorer:data": {"main": {
            "dock": {"type": "tab-area", "currentIndex": 0,
                     "widgets": [f"markdownviewer-widget:{START_PAGE}"]},
            "current": f"markdownviewer-widget:{START_PAGE}"},
            "left": {"collapsed": False, "current": "filebrowser", "widgets": ["filebrowser"]}},
        f"markdownviewer-widget:{START_PAGE}": {
            "data": {"path": START_PAGE, "factory": "Markdown Preview"}},
    },
    "metadata": {"id": "default"},
}
#: How long --check waits for JupyterLab to answer, in seconds.
CHECK_TIMEOUT = 90

CATALOGUE_ROW = re.compile(
    r"^\| (\d\d) \| \[(?P<title>.+?)\]\(notebooks/(?P<name>[^)]+\.ipynb)\) \|"
    r"(?:[^|]*\|){2} (?P<minutes>\d+) min \|", re.M)


def working_files():
    """``{path in the working folder: source file}``: lessons, student copies, linked files."""
    files = {}
    for lesson in lessons.lessons():
        files[lesson.name] = lesson
        copy = lessons.student_copy(lesson)
        if copy.exists():
            files[copy.relative_to(lessons.NOTEBOOKS).as_posix()] = copy
        inside, _outside = linked_files(lesson)
        for relative, source in inside:
            files[relative] = source
    return files


def catalogue():
    """``[(name, title, minutes)]`` from the README's catalogue, in lesson order."""
    readme = (lessons.ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m["name"]: (m["title"], int(m["minutes"])) for m in CATALOGUE_ROW.finditer(readme)}
    return [(p.name, *rows.get(p.name, (p.stem, None))) for p in lessons.lessons()]


def start_page():
    """The text of START_HERE.md: where to begin, and every lesson with its main-path time."""
    rows = []
    for name, title, minutes in catalogue():
        copy = f"exercises/{name}"
        mine = f"[{title}]({copy})" if (lessons.COPIES / name).exists() else title
        time_ = f"{minutes} min" if minutes else ""
        rows.append(f"| {name[:2]} | {mine} | [with solutions]({name}) | {time_} |")
    table = "\n".join(rows)
    return f"""\
# Start here

This folder is yours. `python -m tools start` copied the course into it and never replaces a
file that is already here, so everything you run, edit and save stays here, and the course's own
notebooks (in `notebooks/`, which the tests check) are never touched. To get a fresh copy of a
notebook, rename yours and run `python -m tools start` again.

**Which notebook first.** Lesson 00 if the chain rule, matrix shapes or NumPy broadcasting
feel rusty; otherwise lesson 01. Then go in order: each lesson's *Before you start* says what
it builds on.

**Two versions of each lesson.**

- `exercises/NN_name.ipynb` is your copy: the exercises are left blank where it says
  `# YOUR CODE HERE`. Work in this one.
- `NN_name.ipynb` (this folder) is the lesson with the solutions and their stored outputs:
  read it when you are stuck, or to compare once you are done.

**Am I right?** Run the check cell under your answer. If it runs without an error and prints its
`check:` line, you are right. If your answer is wrong it stops with an `AssertionError` that says
what it expected, what your code gave, and a hint.

**Why?** After each check an *Explanation* block (click it to open) says why the answer is
what it is; the lesson with solutions shows the worked answer.

**Time.** The main path of a lesson (everything before *Going deeper* and *Exercises*) takes the
minutes below; the Going-deeper sections and the exercises come on top.

| # | Your copy | Lesson | Main path |
|---|---|---|---|
{table}

**Run and stop.** *Run → Run All Cells* runs a notebook from the top. Each running notebook's
kernel holds about 0.75 GB of memory, and closing its tab does not stop it: before the next
lesson, use *Kernel → Shut Down All Kernels…*.
"""


def prepare(folder):
    """Fill ``folder`` with the working files and START_HERE.md; never replace a file.

    Returns ``(copied, kept)``: the paths (relative to the folder) written now, and
    those left as they were because the folder already had them.
    """
    folder = Path(folder)
    copied, kept = [], []
    for name, source in sorted(working_files().items()):
        target = folder / name
        if target.exists():
            kept.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(name)
    page = folder / START_PAGE
    if page.exists():
        kept.append(START_PAGE)
    else:
        page.write_text(start_page(), encoding="utf-8")
        copied.append(START_PAGE)
    write_first_layout(folder)
    return copied, kept


def write_first_layout(folder):
    """Give the folder JupyterLab's first layout (START_HERE.md open), unless it has a layout."""
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

    layouts = Path(folder) / WORKSPACES
    layout = layouts / (slugify(FIRST_LAYOUT["metadata"]["id"]) + WORKSPACE_EXTENSION)
    if not layout.exists():
        layouts.mkdir(parents=True, exist_ok=True)
        layout.write_text(json.dumps(FIRST_LAYOUT), encoding="utf-8")


def nbgrader_extensions():
    """nbgrader's JupyterLab extensions and server extensions, as installed here."""
    from jupyter_core.paths import jupyter_config_path, jupyter_path
    from jupyter_server.extension.config import ExtensionConfigManager
    from jupyterlab_server.config import get_federated_extensions

    server = sorted(
        name for name in ExtensionConfigManager(read_config_path=jupyter_config_path())
        .get_jpserver_extensions()
        if name.split(".")[0] == "nbgrader"
    )
    lab = sorted(name for name in get_federated_extensions(jupyter_path("labextensions"))
                 if "nbgrader" in name)
    return lab, server


def write_student_config(config_dir):
    """A Jupyter configuration folder that turns nbgrader's extensions off, and nothing else."""
    lab, server = nbgrader_extensions()
    config_dir = Path(config_dir)
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    page = {"disabledExtensions": {name: True for name in lab}}
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2))
    servers = {"ServerApp": {"jpserver_extensions": {name: False for name in server}}}
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(servers, indent=2))
    return lab, server


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def has_display():
    """False on Linux without X11 or Wayland: no browser to open there."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def jupyter_command(folder, extra=(), *, root=None, display=None):
    """The ``jupyter lab`` command line that opens ``folder`` on its start page."""
    root = is_root() if root is None else root
    display = has_display() if display is None else display
    extra = list(extra)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={Path(folder)}",
               f"--LabApp.workspaces_dir={Path(folder) / WORKSPACES}"]
    if root and "--allow-root" not in extra:
        command.append("--allow-root")  # JupyterLab refuses to run as root without it
    if not display and "--no-browser" not in extra:
        command.append("--no-browser")
    return command + extra


def jupyter_environment(config_dir=None):
    """This process's environment, with ``config_dir`` first on JUPYTER_CONFIG_PATH."""
    env = dict(os.environ)
    if config_dir is not None:
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            filter(None, [str(config_dir), env.get("JUPYTER_CONFIG_PATH")]))
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    """``(status, text)`` of a GET; an HTTP error status is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def page_config(html):
    """The ``jupyter-config-data`` JSON that JupyterLab embeds in its page."""
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)
    return json.loads(match.group(1)) if match else {}


def check(folder, extra, env, teacher):
    """Start JupyterLab, check what it serves, stop it; return a list of problems."""
    port, token = free_port(), secrets.token_hex(16)
    command = jupyter_command(folder, [*extra, "--no-browser", f"--port={port}",
                                       "--ServerApp.port_retries=0", "--ip=127.0.0.1",
                                       f"--IdentityProvider.token={token}"])
    base, problems = f"http://127.0.0.1:{port}", []
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(command, env=env, cwd=folder, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            while not answers(f"{base}/api/status?token={token}"):
                if server.poll() is not None:
                    problems.append(f"jupyter lab exited with code {server.returncode}")
                    break
                if time.monotonic() - started > CHECK_TIMEOUT:
                    problems.append(f"jupyter lab did not answer within {CHECK_TIMEOUT} s")
                    break
                time.sleep(0.3)
            if not problems:
                seconds = time.monotonic() - started
                problems += served_problems(base, token, teacher)
                print(f"JupyterLab answered after {seconds:.1f} s and serves {folder}"
                      f" (nbgrader's menus {'on' if teacher else 'off'})")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if problems:
            log.seek(0)
            problems.append("jupyter lab's log ends with:\n" + log.read()[-3000:])
    return problems


def answers(url):
    """True once the server answers ``url`` with HTTP 200."""
    try:
        return fetch(url)[0] == 200
    except OSError:  # not listening yet
        return False


def served_problems(base, token, teacher):
    """What is wrong with a running JupyterLab serving the working folder, if anything."""
    problems = []
    status, _ = fetch(f"{base}/api/contents/{START_PAGE}?content=0&token={token}")
    if status != 200:
        problems.append(f"the server does not serve {START_PAGE} (HTTP {status})")
    status, html = fetch(f"{base}/lab?token={token}")
    config = page_config(html)
    if status != 200 or not config:
        problems.append(f"JupyterLab's page did not load (HTTP {status})")
        return problems
    lab, server = nbgrader_extensions()
    disabled = set(config.get("disabledExtensions", []))
    formgrader, _ = fetch(f"{base}/formgrader?token={token}") if server else (404, "")
    if teacher:
        if set(lab) & disabled:
            problems.append(f"--teacher, but nbgrader's menus are disabled: {set(lab) & disabled}")
    else:
        if set(lab) - disabled:
            problems.append(f"nbgrader's menus are on for students: {sorted(set(lab) - disabled)}")
        if formgrader != 404:
            problems.append(f"nbgrader's formgrader answers students (HTTP {formgrader})")
    return problems


def launch(folder, extra, env):
    """Run JupyterLab in the foreground until it stops; return its exit code."""
    server = subprocess.Popen(jupyter_command(folder, extra), env=env, cwd=folder)
    # A terminal's Ctrl+C reaches JupyterLab itself (it asks whether to stop); a SIGTERM sent
    # to this process is passed on, so that JupyterLab stops its kernels before we exit.
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        while True:
            try:
                return server.wait()
            except KeyboardInterrupt:
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools start", description=__doc__.splitlines()[0],
        epilog="Any other option (--no-browser, --port=8890, ...) is passed on to jupyter lab.")
    parser.add_argument("--dir", type=Path, default=FOLDER, metavar="DIR",
                        help="the working folder (default: work/ in the repository)")
    parser.add_argument("--teacher", action="store_true",
                        help="keep nbgrader's menus and server extensions on")
    parser.add_argument("--check", action="store_true",
                        help="start JupyterLab, check it, and stop it instead of blocking")
    args, extra = parser.parse_known_args(argv)
    folder = args.dir.resolve()
    copied, kept = prepare(folder)
    shown = lessons.shown(folder)
    print(f"{shown}: copied {len(copied)} files, kept {len(kept)} you already had;"
          f" open {START_PAGE} first")
    with tempfile.TemporaryDirectory(prefix="backprop-jupyter-config-") as config_dir:
        if not args.teacher:
            write_student_config(config_dir)
        env = jupyter_environment(None if args.teacher else config_dir)
        if args.check:
            problems = check(folder, extra, env, args.teacher)
            for problem in problems:
                print(f"FAILED: {problem}")
            return 1 if problems else 0
        return launch(folder, extra, env)


if __name__ == "__main__":
    sys.exit(main())
