"""helpers.setup: the quiet TensorFlow import, seeding and determinism."""

import os
import random
import subprocess
import sys

import numpy as np
import pytest

from helpers import set_seed
from helpers.setup import TENSORFLOW_ENV, import_tensorflow
from tools.lessons import ROOT


def draws():
    return random.random(), np.random.rand(3).tolist()


@pytest.mark.slow  # imports TensorFlow (about 3 s)
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


def test_set_seed_and_the_data_generators_accept_the_same_seed_range():
    from helpers import data

    set_seed(2**32 - 1)
    data.make_linear(3, seed=2**32 - 1)
    for call in (lambda: set_seed(2**32), lambda: data.make_linear(3, seed=2**32)):
        with pytest.raises(ValueError, match=r"seed must be in \[0, 2\*\*32\), got 4294967296"):
            call()


def test_set_seed_without_tensorflow_gives_the_same_draws_and_never_imports_it():
    set_seed(9, tensorflow=False)
    first = draws()
    random.seed(9)  # what set_seed(9) does to Python and NumPy, without importing TensorFlow
    np.random.seed(9)
    assert draws() == first
    # A fresh interpreter: this one may have imported TensorFlow already.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import helpers; "
            "helpers.set_seed(0, tensorflow=False); print('tensorflow' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False", result.stdout + result.stderr


@pytest.mark.parametrize("value", ["no", 0, None])
def test_set_seed_rejects_a_tensorflow_switch_that_is_not_a_bool(value):
    with pytest.raises(TypeError, match=f"tensorflow must be True or False, got {value!r}"):
        set_seed(0, tensorflow=value)


# A fresh interpreter whose stderr is a pipe, as a Jupyter kernel's is: what reaches it?
QUIET_IMPORT = """
import os, sys
sys.path.insert(0, sys.argv[1])
import helpers
tf, keras = helpers.setup.import_tensorflow()
assert tf.__name__ == "tensorflow" and keras.__version__.startswith("3.")
os.write(2, b"stderr still works\\n")
print({k: os.environ[k] for k in helpers.setup.TENSORFLOW_ENV})
"""


@pytest.mark.slow  # starts Python processes that import TensorFlow
def test_import_tensorflow_keeps_tensorflows_start_up_lines_off_stderr():
    pytest.importorskip("tensorflow")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run([sys.executable, "-c", QUIET_IMPORT, str(ROOT)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "stderr still works\n"
    assert result.stdout.strip() == repr(TENSORFLOW_ENV)


def test_import_tensorflow_keeps_environment_variables_the_user_set(monkeypatch):
    pytest.importorskip("tensorflow")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    import_tensorflow()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1"


def test_import_tensorflow_raises_a_failed_import(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # what a missing package looks like
    with pytest.raises(ImportError):
        import_tensorflow()


def test_import_tensorflow_rejects_keras_2(monkeypatch):
    pytest.importorskip("tensorflow")
    fake = type(sys)("keras")
    fake.__version__ = "2.15.0"
    monkeypatch.setitem(sys.modules, "keras", fake)
    with pytest.raises(ImportError, match="need Keras 3, found keras 2.15.0"):
        import_tensorflow()
