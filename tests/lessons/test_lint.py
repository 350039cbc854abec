"""The code in helpers/, tests/, tools/ and the notebooks passes ruff (config in pyproject.toml)."""

import subprocess
import sys

import pytest

from tools.lessons import ROOT


def test_ruff_check_is_clean():
    pytest.importorskip("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
