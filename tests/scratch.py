"""A scratch copy of this working tree, for tests that run the repository's tools on it."""

import shutil
import subprocess

from tools.lessons import ROOT


def scratch_copy(dest):
    """Copy every tracked and untracked-but-not-ignored file of the tree into ``dest``.

    The copy has no .git and no virtual environment; run ``python -m tools ...`` in it
    with ``cwd=dest`` and the tools it contains work on it.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest
