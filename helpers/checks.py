"""Gradient checks and side-by-side comparisons of arrays.

Each function accepts NumPy arrays, nested lists, and anything with a
``.numpy()`` method (TensorFlow tensors and Keras variables), so results from
TensorFlow and from hand-written NumPy can be compared directly.
"""

import numpy as np

from ._validate import (
    check_callable,
    check_real,
    describe,
    real_array,
    unwrap,
    with_type,
)


def numerical_gradient(f, x, eps=1e-6):
    """Estimate the gradient of a scalar function by central differences.

    For every element i of x: ``(f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)``.
    Work is done in float64; f is called ``2 * x.size`` times, each time on a
    fresh float64 array of x's shape, so f cannot change the caller's x.

    Args:
        f: callable taking a float64 array shaped like x and returning a
            scalar: a Python or NumPy number, an array of size 1, or an object
            with a ``.numpy()`` method giving one (e.g. a TF scalar tensor).
        x: array-like of real numbers, any shape including 0-d, all finite.
            It is not modified.
        eps: step size, a finite real number > 0.

    Returns:
        float64 array of the same shape as x.
    """
    check_callable("f", f)
    x64 = real_array("x", x).astype(np.float64)  # astype copies
    if not np.all(np.isfinite(x64)):
        raise ValueError(f"x must contain only finite numbers, got {describe(x64)} with nan or inf")
    eps = check_real("eps", eps, minimum=0, min_inclusive=False)

    work = x64.copy()
    flat = work.reshape(-1)  # a view: writing flat[i] changes work
    grad = np.empty(x64.size, dtype=np.float64)
    for i in range(x64.size):
        original = flat[i]
        flat[i] = original + eps
        f_plus = _scalar_result(f, work)
        flat[i] = original - eps
        f_minus = _scalar_result(f, work)
        flat[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.reshape(x64.shape)


def _scalar_result(f, x):
    """Call f on a copy of x and return its result as a Python float (errors name f)."""
    value = unwrap(f(x.copy()))
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"f must return a scalar, got {with_type(value)}") from error
    if array.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real scalar, got {with_type(value)}")
    if array.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {array.shape}")
    result = float(array.reshape(()))
    if not np.isfinite(result):
        raise ValueError(f"f must return a finite value, got {result!r}")
    return result


def _pair(got_name, got, expected_name, expected):
    """Both inputs as real NumPy arrays (dtypes kept, for exactness) of equal shape."""
    got = real_array(got_name, got)
    expected = real_array(expected_name, expected)
    if got.shape != expected.shape:
        raise ValueError(
            f"{got_name} and {expected_name} must have the same shape, "
            f"got {got_name}.shape={got.shape} and {expected_name}.shape={expected.shape}"
        )
    return got, expected


def _abs_diff(a, b):
    """Element-wise |a - b| in float64, 0 where a == b (so inf == inf gives 0, not nan)."""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(a == b, 0.0, np.abs(a - b))


def relative_error(a, b):
    """Largest element-wise relative difference ``|a - b| / max(|a|, |b|)``.

    Elements that are exactly equal (in particular both zero) contribute 0,
    so there is no division by zero. A NaN anywhere, or an infinity not
    matched by the same infinity, gives NaN.

    Args:
        a, b: array-likes of real numbers (or ``.numpy()`` objects) of the same shape.

    Returns:
        Python float >= 0; 0.0 for empty arrays.
    """
    a, b = _pair("a", a, "b", b)
    diff = _abs_diff(a, b)
    scale = np.maximum(np.abs(a.astype(np.float64)), np.abs(b.astype(np.float64)))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(diff == 0, 0.0, diff / np.where(diff == 0, 1.0, scale))
    return float(np.max(ratio)) if ratio.size else 0.0


def _compare_values(got, expected, atol, rtol):
    """(exact, close, max_abs_diff) for two arrays of equal shape."""
    exact = bool(np.array_equal(got, expected))
    close = bool(np.allclose(got, expected, atol=atol, rtol=rtol))
    diff = _abs_diff(got, expected)
    max_diff = float(np.max(diff)) if diff.size else 0.0
    return exact, close, max_diff


def compare(name, got, expected, atol=1e-6, rtol=0.0):
    """Print one fixed-width row comparing ``got`` with ``expected`` and say whether they agree.

    The row reads, for example::

        dense/kernel gradient        exact=no  allclose=yes max|diff|=1.19e-07

    name is padded to 28 characters; ``exact`` means element-wise identical
    values (``np.array_equal``: 0.0 equals -0.0, NaN never equals anything);
    ``allclose`` is ``np.allclose(got, expected, atol=atol, rtol=rtol)`` and
    prints ``NO`` in capitals when it fails; ``max|diff|`` is the largest
    absolute difference in scientific notation with two decimals.

    Args:
        name: str label for the row.
        got, expected: array-likes of real numbers (or ``.numpy()`` objects) of the same shape.
        atol, rtol: finite real numbers >= 0.

    Returns:
        bool: True when the values agree within tolerance (the ``allclose`` column).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {with_type(name)}")
    got, expected = _pair("got", got, "expected", expected)
    atol = check_real("atol", atol, minimum=0)
    rtol = check_real("rtol", rtol, minimum=0)
    exact, close, max_diff = _compare_values(got, expected, atol, rtol)
    print(
        f"{name:<28} exact={'yes' if exact else 'no':<3} "
        f"allclose={'yes' if close else 'NO':<3} max|diff|={max_diff:.2e}"
    )
    return close


def compare_table(rows, atol=1e-6, rtol=0.0):
    """Compare several pairs of arrays at once and return the results as a table (no printing).

    Args:
        rows: a dict ``{name: (got, expected)}`` or an iterable of
            ``(name, got, expected)`` triples; names are unique strs, and each
            got/expected pair is as in ``compare``.
        atol, rtol: finite real numbers >= 0, as in ``compare``.

    Returns:
        pandas DataFrame indexed by name (index name ``"name"``), in the order
        given, with columns ``exact`` (bool), ``allclose`` (bool) and
        ``max_abs_diff`` (float64). An empty ``rows`` gives an empty table.
    """
    if isinstance(rows, dict):
        items = []
        for name, pair in rows.items():
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValueError(
                    f"rows[{name!r}] must be a (got, expected) pair, got {with_type(pair)}"
                )
            items.append((name, pair[0], pair[1]))
    elif isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        raise TypeError(
            f"rows must be a dict or an iterable of (name, got, expected), got {with_type(rows)}"
        )
    else:
        items = list(rows)
        for item in items:
            if not isinstance(item, (tuple, list)) or len(item) != 3:
                raise ValueError(
                    f"rows must contain (name, got, expected) triples, got {with_type(item)}"
                )
    atol = check_real("atol", atol, minimum=0)
    rtol = check_real("rtol", rtol, minimum=0)

    names, exacts, closes, diffs = [], [], [], []
    for name, got, expected in items:
        if not isinstance(name, str):
            raise TypeError(f"rows names must be str, got {with_type(name)}")
        if name in names:
            raise ValueError(f"rows names must be unique, got {name!r} twice")
        try:
            got, expected = _pair("got", got, "expected", expected)
        except (TypeError, ValueError) as error:
            raise type(error)(f"rows[{name!r}]: {error}") from error
        exact, close, max_diff = _compare_values(got, expected, atol, rtol)
        names.append(name)
        exacts.append(exact)
        closes.append(close)
        diffs.append(max_diff)

    import pandas as pd

    table = pd.DataFrame(
        {
            "exact": np.array(exacts, dtype=bool),
            "allclose": np.array(closes, dtype=bool),
            "max_abs_diff": np.array(diffs, dtype=np.float64),
        },
        index=pd.Index(names, name="name"),
    )
    return table
