"""helpers.setup: seeding, determinism and the tested kernel environment."""

import os
import random

import numpy as np
import pytest

from helpers import set_seed
from helpers.setup import KERNEL_CONFIG, NOTEBOOK_ENV, kernel_environment


def draws():
    return random.random(), np.random.rand(3).tolist()


def test_set_seed_makes_python_and_numpy_draws_repeatable():
    set_seed(7)
    first = draws()
    set_seed(7)
    assert draws() == first


def test_set_seed_different_seeds_give_different_draws():
    set_seed(1)
    first = draws()
    set_seed(2)
    assert draws() != first


def test_set_seed_returns_none_so_setup_cells_print_nothing():
    assert set_seed(0) is None


def test_set_seed_seeds_keras_and_turns_on_op_determinism():
    pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    set_seed(5)
    a = keras.random.normal((4,)).numpy()
    set_seed(5)
    b = keras.random.normal((4,)).numpy()
    np.testing.assert_array_equal(a, b)
    # TensorFlow has no public getter for this switch; its framework config does.
    from tensorflow.python.framework import config as tf_config

    assert tf_config.is_op_determinism_enabled()


def test_set_seed_turns_tensor_float_32_off_so_float32_means_float32_on_gpus():
    tf = pytest.importorskip("tensorflow")
    tf.config.experimental.enable_tensor_float_32_execution(True)  # TensorFlow's default
    set_seed(0)
    assert not tf.config.experimental.tensor_float_32_execution_enabled()


@pytest.mark.parametrize("seed", [1.5, "0", None, True, [0]])
def test_set_seed_rejects_non_integer_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        set_seed(seed)


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_set_seed_rejects_seed_out_of_range(seed):
    with pytest.raises(ValueError, match=f"seed.*{seed}"):
        set_seed(seed)


def test_set_seed_accepts_numpy_integer():
    set_seed(np.int64(3))
    first = draws()
    set_seed(3)
    assert draws() == first


def test_kernel_environment_writes_a_fresh_ipython_profile(tmp_path):
    env = kernel_environment(tmp_path)
    config = tmp_path / "profile_default" / "ipython_kernel_config.py"
    assert config.read_text() == KERNEL_CONFIG
    assert env["IPYTHONDIR"] == os.fspath(tmp_path)
    assert {k: env[k] for k in NOTEBOOK_ENV} == NOTEBOOK_ENV


def test_notebook_env_pins_what_makes_outputs_repeatable():
    assert NOTEBOOK_ENV["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert NOTEBOOK_ENV["PYTHONHASHSEED"] == "0"
    assert NOTEBOOK_ENV["TF_NUM_INTRAOP_THREADS"] == "1"
    assert all(isinstance(v, str) for v in NOTEBOOK_ENV.values())


def test_kernel_environment_rejects_missing_directory(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(ValueError, match="ipython_dir.*nope"):
        kernel_environment(missing)


def test_kernel_environment_rejects_non_path():
    with pytest.raises(TypeError, match="ipython_dir.*42"):
        kernel_environment(42)


def test_kernel_environment_gives_kernels_the_temporary_directory_asked_for(tmp_path):
    (tmp_path / "ipython").mkdir()
    (tmp_path / "tmp").mkdir()
    env = kernel_environment(tmp_path / "ipython", tmp_dir=tmp_path / "tmp")
    assert env["TMPDIR"] == os.fspath(tmp_path / "tmp")
    assert "TMPDIR" not in kernel_environment(tmp_path / "ipython")


def test_kernel_environment_rejects_missing_tmp_dir(tmp_path):
    with pytest.raises(ValueError, match="tmp_dir.*gone"):
        kernel_environment(tmp_path, tmp_dir=tmp_path / "gone")
