"""Argument checks shared by ``helpers.data``, ``helpers.checks`` and ``helpers.plots``.

Private: the public functions call these at their top so that every bad
argument fails early with a message that names the argument and the value.
Wrong *types* raise TypeError; right type but bad *value* raises ValueError.
"""

import math

import numpy as np

_REAL_KINDS = "biuf"  # bool, signed int, unsigned int, float


def describe(value, limit=60):
    """Short text for ``value`` in an error message (arrays by shape and dtype)."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def with_type(value):
    """``describe(value)`` followed by the type name, for TypeError messages."""
    return f"{describe(value)} ({type(value).__name__})"


def is_int(value):
    """True for Python and NumPy integers, False for bool and everything else."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_int(name, value, minimum=None):
    """Return ``value`` as an int; TypeError if it is not an integer, ValueError if < minimum."""
    if not is_int(value):
        raise TypeError(f"{name} must be an int, got {with_type(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        if minimum == 1:
            wanted = "a positive integer"
        elif minimum == 0:
            wanted = "a non-negative integer"
        else:
            wanted = f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {wanted}, got {value}")
    return value


#: Every seed in the course lies in this range: ``np.random.seed`` accepts no more, and one
#: range for every function means a seed that works in one place works in all.
SEED_LIMIT = 2**32


def check_seed(seed):
    """Return ``seed`` as an int in ``[0, 2**32)``: the one seed check of the package."""
    seed = check_int("seed", seed)
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    return seed


def check_real(name, value, minimum=None, maximum=None, min_inclusive=True, max_inclusive=True):
    """Return ``value`` as a finite float within the given bounds.

    Accepts Python and NumPy ints and floats (not bool). TypeError for other
    types; ValueError for nan, inf, or a value outside the bounds.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be a real number, got {with_type(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    too_low = minimum is not None and (value < minimum if min_inclusive else value <= minimum)
    too_high = maximum is not None and (value > maximum if max_inclusive else value >= maximum)
    if too_low or too_high:
        if minimum is not None and maximum is not None:
            left = "[" if min_inclusive else "("
            right = "]" if max_inclusive else ")"
            wanted = f"in {left}{minimum}, {maximum}{right}"
        elif minimum is not None:
            wanted = f">= {minimum}" if min_inclusive else f"> {minimum}"
        else:
            wanted = f"<= {maximum}" if max_inclusive else f"< {maximum}"
        raise ValueError(f"{name} must be a finite number {wanted}, got {value!r}")
    return value


def check_callable(name, value):
    """Raise TypeError unless ``value`` is callable."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {with_type(value)}")
    return value


def unwrap(value):
    """Call ``value.numpy()`` if it has such a method (TF tensors, Keras variables)."""
    method = getattr(value, "numpy", None)
    if callable(method) and not isinstance(value, np.ndarray):
        return method()
    return value


def real_array(name, value):
    """Return ``value`` as a NumPy array of real numbers (bool, int or float dtype).

    Objects with a ``.numpy()`` method are unwrapped first. TypeError for
    non-numeric contents (strings, None, complex); ValueError for ragged input.
    """
    value = unwrap(value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"{name} must be a rectangular array-like of numbers, got {describe(value)}"
        ) from error
    if array.dtype.kind not in _REAL_KINDS:
        raise TypeError(
            f"{name} must contain real numbers, got {describe(value)} with dtype {array.dtype}"
        )
    return array
