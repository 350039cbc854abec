"""tools.kernels: the environment of every tested kernel, and its clean-up."""

import os

import pytest

from tools.kernels import NOTEBOOK_ENV, kernel_environment


def test_kernel_environment_sets_the_variables_for_the_block_and_restores_them(monkeypatch):
    monkeypatch.setenv("TF_NUM_INTRAOP_THREADS", "8")
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    with kernel_environment() as env:
        assert {k: os.environ[k] for k in env} == env
        assert {k: env[k] for k in NOTEBOOK_ENV} == NOTEBOOK_ENV
    assert os.environ["TF_NUM_INTRAOP_THREADS"] == "8"
    assert "PYTHONHASHSEED" not in os.environ


def test_kernel_environment_without_apply_leaves_os_environ_alone():
    before = dict(os.environ)
    with kernel_environment(apply=False) as env:
        assert dict(os.environ) == before
        assert os.path.isdir(env["TMPDIR"])
    assert dict(os.environ) == before


def test_kernel_environment_gives_an_empty_ipython_profile_and_removes_its_folders():
    with kernel_environment(apply=False) as env:
        profile = os.path.join(env["IPYTHONDIR"], "profile_default")
        assert os.listdir(profile) == []  # IPython's defaults: what a student's kernel gets
        leftover = os.path.join(env["TMPDIR"], "__autograph_generated_file1.py")
        open(leftover, "w").close()  # what a killed kernel leaves behind
    assert not os.path.exists(env["IPYTHONDIR"]) and not os.path.exists(env["TMPDIR"])


def test_notebook_env_pins_what_makes_outputs_repeatable():
    assert NOTEBOOK_ENV["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert NOTEBOOK_ENV["PYTHONHASHSEED"] == "0"
    assert NOTEBOOK_ENV["TF_NUM_INTRAOP_THREADS"] == "1"
    assert all(isinstance(v, str) for v in NOTEBOOK_ENV.values())


def test_kernel_environment_rejects_a_non_bool_apply():
    with pytest.raises(TypeError, match="apply must be a bool, got 'yes'"):
        with kernel_environment(apply="yes"):
            pass
