"""Seeding, determinism, and the environment the notebooks are tested in.

``set_seed`` is what every lesson's setup cell calls. ``NOTEBOOK_ENV`` is the
fixed environment that ``tools/execute.py`` and the test suite give every
notebook kernel, so that the outputs stored in the notebooks are exactly the
outputs the tests reproduce.
"""

import importlib.util
import os
import random

import numpy as np

#: Environment variables set for every notebook kernel by ``tools/execute.py``
#: and by the test suite (``tests/conftest.py``). TensorFlow reads most of them
#: once, when it is imported, so they must be in place before the kernel starts.
NOTEBOOK_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",        # no C++ log lines on stderr
    "TF_ENABLE_ONEDNN_OPTS": "0",       # oneDNN reorders float sums; off = same digits
    "TF_NUM_INTRAOP_THREADS": "1",      # one thread per op: sums in one fixed order
    "TF_NUM_INTEROP_THREADS": "2",      # ops may still overlap (tf.data, collectives)
    "OMP_NUM_THREADS": "1",             # NumPy's BLAS, single-threaded for the same reason
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",              # set iteration order of str keys is repeatable
    "PYTHONDONTWRITEBYTECODE": "1",     # running the notebooks writes nothing to the repo
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silence the debugger's frozen-modules warning
    "COLUMNS": "100",                   # fixed terminal width for anything that asks
    "LINES": "40",
}


#: IPython kernel configuration for tested kernels. TensorFlow's C++ runtime
#: writes a line about CUDA drivers straight to file descriptor 2 when it is
#: imported on a machine without a GPU, whatever TF_CPP_MIN_LOG_LEVEL says.
#: ipykernel would copy it into the notebook as a stderr output; with fd
#: capture off it goes to the terminal instead, as it would for a script.
#: Python-level warnings still reach the notebook (and fail the tests).
KERNEL_CONFIG = "c.IPKernelApp.capture_fd_output = False\n"


def kernel_environment(ipython_dir, tmp_dir=None):
    """Prepare the environment for a tested notebook kernel.

    Writes a fresh IPython profile containing ``KERNEL_CONFIG`` into
    ``ipython_dir`` (use a temporary directory: the kernel may write its
    history there) so that the user's own IPython configuration and start-up
    scripts cannot change a notebook's outputs.

    Parameters
    ----------
    ipython_dir : str or os.PathLike
        An existing, writable directory.
    tmp_dir : str or os.PathLike, optional
        An existing directory for the kernels' temporary files (``TMPDIR``).
        Kernels are shut down without running their exit handlers, so what
        TensorFlow would delete at exit (``__autograph_generated_file*.py``)
        stays behind: the caller removes this directory when its kernels are done.

    Returns
    -------
    dict[str, str]
        ``NOTEBOOK_ENV`` plus ``IPYTHONDIR`` (and ``TMPDIR`` if ``tmp_dir`` is
        given): merge it into ``os.environ`` before starting kernels.
    """
    env = {**NOTEBOOK_ENV, "IPYTHONDIR": os.fspath(_check_dir("ipython_dir", ipython_dir))}
    if tmp_dir is not None:
        env["TMPDIR"] = os.fspath(_check_dir("tmp_dir", tmp_dir))
    profile = os.path.join(ipython_dir, "profile_default")
    os.makedirs(profile, exist_ok=True)
    with open(os.path.join(profile, "ipython_kernel_config.py"), "w", encoding="utf-8") as f:
        f.write(KERNEL_CONFIG)
    return env


def _check_dir(name, value):
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path, got {value!r} ({type(value).__name__})")
    if not os.path.isdir(value):
        raise ValueError(f"{name} must be an existing directory, got {value!r}")
    return value


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {seed!r} ({type(seed).__name__})")
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed!r}")
    return int(seed)


def set_seed(seed=0):
    """Seed every random number generator a lesson uses and make TF deterministic.

    Seeds Python's ``random`` and NumPy's global generator. If TensorFlow is
    installed it is imported, Keras and TensorFlow are seeded with
    ``keras.utils.set_random_seed(seed)``, and op determinism is switched on with
    ``tf.config.experimental.enable_op_determinism()``, so that running a cell
    twice from a fresh kernel gives the same numbers bit for bit (on the same
    machine, TensorFlow build and thread settings). TensorFloat-32 is switched
    off (``tf.config.experimental.enable_tensor_float_32_execution(False)``), so
    that float32 matrix products keep float32 precision on Ampere and newer GPUs
    too; on a CPU this changes nothing.

    Parameters
    ----------
    seed : int
        A whole number in ``[0, 2**32)``.

    Returns
    -------
    None
        Nothing, so that a setup cell ending in ``set_seed(...)`` prints nothing.
    """
    seed = _check_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    if importlib.util.find_spec("tensorflow") is not None:
        import keras
        import tensorflow as tf

        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
        # On Ampere and newer GPUs TensorFlow would otherwise run float32 matmuls and
        # convolutions in TensorFloat-32 (10-bit mantissa): float32 checks would then
        # mean something weaker on a GPU runtime than on a CPU. No effect on a CPU.
        tf.config.experimental.enable_tensor_float_32_execution(False)
