"""The Colab path of the setup cell, tested by simulation.

On Colab the module ``google.colab`` is already imported when a notebook
starts, the working directory is not this repository, and ``helpers`` is not
installed. Here we recreate that: a fake ``google.colab`` imported by an IPython
start-up file, an empty temporary working directory, and the repository URL
(``BACKPROP_NOTEBOOKS_URL``) pointed at a local git copy of this working tree.
The lesson must then clone it, import ``helpers`` and ``data/`` from the
clone, and run green.
"""

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools import lessons
from tools.kernels import kernel_environment
from tools.lessons import ROOT

pytestmark = pytest.mark.slow
# Any lesson will do (they share the setup cell); this is the quickest to run.
LESSON = lessons.NOTEBOOKS / lessons.QUICKEST
PROBE = """\
import pathlib
here = pathlib.Path.cwd()
assert pathlib.Path(helpers.__file__).is_relative_to(here / "backprop-notebooks"), helpers.__file__
X, y = helpers.data.load_digits()
assert X.shape == (1797, 64)
print("helpers and data/ come from the fresh clone")
"""


@pytest.fixture
def kernel_env():
    with kernel_environment(apply=False) as env:
        yield env


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def snapshot_repository(dest):
    """A git repository with branch main holding this working tree's files."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git("init", "-q", "-b", "main", cwd=dest)
    git("add", "-A", cwd=dest)
    git("-c", "user.name=test", "-c", "user.email=test@example.invalid",
        "commit", "-q", "-m", "snapshot", cwd=dest)


def test_lesson_runs_on_simulated_colab_from_an_empty_directory(tmp_path, monkeypatch, kernel_env):
    origin, fake, workdir = (tmp_path / d for d in ("origin", "fake", "work"))
    for d in (origin, fake / "google" / "colab", workdir):
        d.mkdir(parents=True)
    snapshot_repository(origin)
    # `google` stays a namespace package (protobuf lives in it too): no google/__init__.py.
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab."""\n')
    env = kernel_env
    startup = Path(env["IPYTHONDIR"]) / "profile_default" / "startup"
    startup.mkdir()
    (startup / "00-colab.py").write_text("import google.colab  # Colab imports it at start-up\n")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PYTHONPATH", str(fake))
    monkeypatch.setenv("BACKPROP_NOTEBOOKS_URL", origin.as_uri())

    nb = nbformat.read(LESSON, as_version=4)
    assert not any("pip install" in c.source for c in nb.cells), "never replace Colab's TF"
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=300, kernel_name="python3", shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(workdir)}})
    client.execute(cwd=str(workdir))
    assert (workdir / "backprop-notebooks" / "helpers" / "__init__.py").is_file()
    assert "come from the fresh clone" in nb.cells[-1].outputs[0]["text"]
    assert os.listdir(workdir) == ["backprop-notebooks"]
