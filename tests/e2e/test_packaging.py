"""`helpers` is installable: a wheel built from the repository works outside the checkout.

The wheel is built from a copy of the files a build needs (so the build writes
nothing into the working tree), offline: without pip's build isolation, which would
download the ``setuptools>=77`` that ``pyproject.toml`` asks for, but with the one
``requirements.txt`` pins in the project's environment. It is installed with
``--no-deps`` into a new, plain virtual environment (no system site-packages,
no access to the repository). The third-party packages ``helpers`` imports
(NumPy, pandas, matplotlib) come from the project's environment through one
``.pth`` line naming its site-packages: a directory added that way is searched
for modules, but the ``.pth`` files inside it (such as the editable install of
this repository) are not run. The check runs with ``python -I`` (no
``PYTHONPATH``, no working directory on ``sys.path``) from a folder outside the
checkout.
"""

import json
import shutil
import site
import subprocess
import sys
import zipfile

import pytest

from tools.lessons import ROOT

pytestmark = pytest.mark.slow

BUILD_INPUTS = ["pyproject.toml", "README.md", "LICENSE", "helpers", "data"]

CHECK = """
import json, sys
import helpers
from helpers import data
X, y = data.load_digits()
print(json.dumps({"helpers": helpers.__file__, "digits": str(data._DIGITS_PATH),
                  "shape": list(X.shape), "labels": sorted(set(y.tolist())), "path": sys.path}))
"""


def test_wheel_ships_the_data_and_load_digits_works_outside_the_checkout(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "-w", str(dist), str(source)], capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("backprop_notebooks-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"helpers/data.py", "helpers/_data/digits.csv", "helpers/_data/README.md"} <= set(names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    venv_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    project_site = [p for p in site.getsitepackages() if p.endswith("site-packages")][0]
    with open(f"{venv_site}/project-dependencies.pth", "w") as f:
        f.write(project_site + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([python, "-I", "-c", CHECK], cwd=elsewhere, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["helpers"].startswith(venv_site), seen["helpers"]
    assert seen["digits"] == f"{venv_site}/helpers/_data/digits.csv"
    assert seen["shape"] == [1797, 64] and seen["labels"] == list(range(10))
    # The checkout is not on the path; only the project's site-packages, for the dependencies.
    inside = [p for p in seen["path"] if p.startswith(str(ROOT)) and p != project_site]
    assert inside == [] and str(ROOT) not in seen["path"], seen["path"]
