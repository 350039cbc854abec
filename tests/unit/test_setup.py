"""helpers.setup: the quiet TensorFlow import, seeding and determinism.

No test here imports TensorFlow into the pytest process. What needs the real
TensorFlow reads the report of one fresh interpreter (the ``tensorflow_probe``
fixture, in one ``xdist_group``, so ``pytest -n 2`` starts it once), which imports
it the way a lesson's setup cell does. The other tests pass ``tensorflow=False``
or stand in for TensorFlow and Keras with modules of their own: a pytest worker
that imported TensorFlow would pay its start (about 2 s) and a slower exit (about
0.8 s), and ``pytest -m "not slow"`` would pay them too.
"""

import importlib.util
import json
import os
import random
import subprocess
import sys
import types

import numpy as np
import pytest

from helpers import set_seed
from helpers.setup import TENSORFLOW_ENV, import_tensorflow
from tools.lessons import ROOT


def draws():
    return random.random(), np.random.rand(3).tolist()


# A fresh interpreter whose stderr is a pipe, as a Jupyter kernel's is. It imports TensorFlow
# as a setup cell does, switches TensorFloat-32 on (TensorFlow's default), seeds, draws from
# Python, NumPy and Keras, seeds again, and prints what it saw as JSON.
PROBE = """
import json, os, random, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import helpers
tf, keras = helpers.setup.import_tensorflow()
os.write(2, b"stderr still works\\n")
from tensorflow.python.framework import config as tf_config  # no public getter for the switch
tf.config.experimental.enable_tensor_float_32_execution(True)
report = {
    "modules": [tf.__name__, keras.__version__],
    "environment": {k: os.environ[k] for k in helpers.setup.TENSORFLOW_ENV},
    "before": [tf_config.is_op_determinism_enabled(),
               tf.config.experimental.tensor_float_32_execution_enabled()],
}
def draws():
    keras_draws = keras.random.normal((3,)).numpy().tolist()
    return [random.random(), *np.random.rand(2).tolist(), *keras_draws]
report["returned"] = repr(helpers.set_seed(5))
first = draws()
helpers.set_seed(5)
report["draws"] = [first, draws()]
helpers.set_seed(6)
report["other seed"] = draws()
report["after"] = [tf_config.is_op_determinism_enabled(),
                   tf.config.experimental.tensor_float_32_execution_enabled()]
print(json.dumps(report))
"""


def probed(test):
    """Mark a test that reads the probe: slow, and in the probe's one ``xdist_group``."""
    return pytest.mark.slow(pytest.mark.xdist_group("tensorflow-probe")(test))


@pytest.fixture(scope="module")
def tensorflow_probe():
    """``PROBE``'s report, run once without TF_ variables; its stderr under ``"stderr"``."""
    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("TensorFlow is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {"stderr": result.stderr, **json.loads(result.stdout)}


@pytest.fixture
def loaded(monkeypatch):
    """Stand-ins for TensorFlow and Keras 3, as if a setup cell had imported them already."""
    tf, keras = types.ModuleType("tensorflow"), types.ModuleType("keras")
    keras.__version__ = "3.13.0"
    monkeypatch.setitem(sys.modules, "tensorflow", tf)
    monkeypatch.setitem(sys.modules, "keras", keras)
    return tf, keras


@probed
def test_import_tensorflow_keeps_tensorflows_start_up_lines_off_stderr(tensorflow_probe):
    assert tensorflow_probe["stderr"] == "stderr still works\n"
    name, keras_version = tensorflow_probe["modules"]
    assert name == "tensorflow" and keras_version.startswith("3."), tensorflow_probe["modules"]
    assert tensorflow_probe["environment"] == TENSORFLOW_ENV


@probed
def test_set_seed_makes_python_numpy_and_keras_draws_repeatable(tensorflow_probe):
    first, again = tensorflow_probe["draws"]
    assert again == first
    assert tensorflow_probe["other seed"] != first
    assert tensorflow_probe["returned"] == "None"  # a setup cell ending in set_seed prints nothing


@probed
def test_set_seed_turns_on_op_determinism_and_turns_tensor_float_32_off(tensorflow_probe):
    # [op determinism, TensorFloat-32]: TensorFlow's defaults before, then set_seed's. With
    # TensorFloat-32 off, float32 means float32 on Ampere and newer GPUs too.
    assert tensorflow_probe["before"] == [False, True]
    assert tensorflow_probe["after"] == [True, False]


def test_set_seed_different_seeds_give_different_draws():
    set_seed(1, tensorflow=False)
    first = draws()
    set_seed(2, tensorflow=False)
    assert draws() != first


def test_set_seed_returns_none_so_setup_cells_print_nothing():
    assert set_seed(0, tensorflow=False) is None


@pytest.mark.parametrize("seed", [1.5, "0", None, True, [0]])
def test_set_seed_rejects_non_integer_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        set_seed(seed)


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_set_seed_rejects_seed_out_of_range(seed):
    with pytest.raises(ValueError, match=f"seed.*{seed}"):
        set_seed(seed)


def test_set_seed_accepts_numpy_integer():
    set_seed(np.int64(3), tensorflow=False)
    first = draws()
    set_seed(3, tensorflow=False)
    assert draws() == first


def test_set_seed_and_the_data_generators_accept_the_same_seed_range():
    from helpers import data

    set_seed(2**32 - 1, tensorflow=False)
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
    # A fresh interpreter, so that the answer does not depend on what this one has imported.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import helpers; "
            "helpers.set_seed(0, tensorflow=False); print('tensorflow' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False", result.stdout + result.stderr


@pytest.mark.parametrize("value", ["no", 0, None])
def test_set_seed_rejects_a_tensorflow_switch_that_is_not_a_bool(value):
    with pytest.raises(TypeError, match=f"tensorflow must be True or False, got {value!r}"):
        set_seed(0, tensorflow=value)


def test_import_tensorflow_keeps_the_variables_you_set_and_sets_the_others(monkeypatch, loaded):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    assert import_tensorflow() == loaded
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == TENSORFLOW_ENV["TF_ENABLE_ONEDNN_OPTS"]


def test_import_tensorflow_raises_a_failed_import(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # what a missing package looks like
    with pytest.raises(ImportError):
        import_tensorflow()


def test_import_tensorflow_rejects_keras_2(monkeypatch, loaded):
    monkeypatch.setattr(loaded[1], "__version__", "2.15.0")
    with pytest.raises(ImportError, match="need Keras 3, found keras 2.15.0"):
        import_tensorflow()
