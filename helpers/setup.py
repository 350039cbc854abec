"""What a lesson's setup cell calls: a quiet TensorFlow import and one seed for everything.

Importing :mod:`helpers` never imports TensorFlow; :func:`import_tensorflow` does,
when a lesson asks for it, after setting the environment variables TensorFlow
reads at import time.
"""

import importlib
import importlib.util
import os
import random
import sys

import numpy as np

from ._validate import check_seed

#: Set (unless already set) before TensorFlow is imported: no C++ log lines below errors,
#: and oneDNN off, since its reordered float sums change the last digits of results.
TENSORFLOW_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def import_tensorflow():
    """Import TensorFlow and Keras without TensorFlow's start-up lines on stderr.

    On a machine without a GPU, TensorFlow's C++ runtime writes a few lines
    ("Could not find cuda drivers ...") straight to the process's stderr when it
    is imported, whatever its log level; Jupyter shows them in a pink box. This
    function sets ``TENSORFLOW_ENV`` (keeping values you set yourself), points
    stderr at the null device only while ``import tensorflow`` runs, and then
    checks that Keras is version 3. An import that fails still raises its error,
    and everything written to stderr after the import is shown as usual.

    Returns
    -------
    tuple of (module, module)
        ``(tensorflow, keras)``, as ``import tensorflow as tf`` and ``import keras``
        would give them.

    Raises
    ------
    ImportError
        If TensorFlow or Keras cannot be imported, or Keras is not version 3.
    """
    for name, value in TENSORFLOW_ENV.items():
        os.environ.setdefault(name, value)
    tf = sys.modules.get("tensorflow")
    if tf is None:
        sys.stderr.flush()
        saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        try:
            tf = importlib.import_module("tensorflow")
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(null)
    keras = importlib.import_module("keras")
    if not keras.__version__.startswith("3."):
        raise ImportError(f"these lessons need Keras 3, found keras {keras.__version__}")
    return tf, keras


def set_seed(seed=0, *, tensorflow=True):
    """Seed every random number generator a lesson uses and make TensorFlow deterministic.

    Seeds Python's ``random`` and NumPy's global generator. If TensorFlow is
    installed, Keras and TensorFlow are seeded with
    ``keras.utils.set_random_seed(seed)`` and op determinism is switched on
    (``tf.config.experimental.enable_op_determinism()``), so that running a
    lesson twice from a fresh kernel gives the same numbers bit for bit (on the
    same machine, TensorFlow build and thread settings). TensorFloat-32 is
    switched off, so that float32 matrix products keep float32 precision on
    Ampere and newer GPUs too; on a CPU this changes nothing.

    Parameters
    ----------
    seed : int
        A whole number in ``[0, 2**32)``.
    tensorflow : bool, keyword-only
        True (the default): also seed Keras and TensorFlow as above, importing
        TensorFlow if it is installed. False: seed Python and NumPy only and leave
        TensorFlow unimported (it takes seconds to load), for a lesson that does
        not use it.

    Returns
    -------
    None
        Nothing, so that a setup cell ending in ``set_seed(...)`` prints nothing.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer (``bool`` included), or ``tensorflow`` is not a bool.
    ValueError
        If ``seed`` is outside ``[0, 2**32)``.
    """
    seed = check_seed(seed)
    if not isinstance(tensorflow, bool):
        raise TypeError(f"tensorflow must be True or False, got {tensorflow!r} "
                        f"({type(tensorflow).__name__})")
    random.seed(seed)
    np.random.seed(seed)
    if tensorflow and importlib.util.find_spec("tensorflow") is not None:
        tf, keras = import_tensorflow()
        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
        # On Ampere and newer GPUs TensorFlow would otherwise run float32 matmuls and
        # convolutions in TensorFloat-32 (10-bit mantissa): float32 checks would then
        # mean something weaker on a GPU runtime than on a CPU. No effect on a CPU.
        tf.config.experimental.enable_tensor_float_32_execution(False)
