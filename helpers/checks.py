"""Gradient checks, side-by-side comparisons, and the checks of the exercises.

Each function accepts NumPy arrays, nested lists, and anything with a
``.numpy()`` method (TensorFlow tensors and Keras variables), so results from
TensorFlow and from hand-written NumPy can be compared directly.

The ``expect_*`` functions are what the exercises' check cells call: each raises
``AssertionError`` with a message that says what was expected, what was got,
and a hint, and returns None when the answer is right. ``report_guess`` prints a
prediction beside its measurement and never fails; ``forbid`` makes a check
reject an answer that only calls the library it should replace.
"""

import ast
import contextlib
from fractions import Fraction

import numpy as np

from ._validate import (
    check_callable,
    check_real,
    describe,
    real_array,
    unwrap,
    with_type,
)


def numerical_gradient(f, x, *, eps=1e-6):
    """Estimate the gradient of a scalar function by central differences.

    For every element i of x: ``(f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)``.
    Work is done in float64; f is called ``2 * x.size`` times, each time on a
    fresh float64 array of x's shape, so f cannot change the caller's x.

    Parameters
    ----------
    f : callable
        Takes a float64 array shaped like x and returns a scalar: a Python or
        NumPy number, an array of size 1, or an object with a ``.numpy()``
        method giving one (e.g. a TF scalar tensor).
    x : array-like of real numbers, any shape (0-d included)
        All finite. It is not modified.
    eps : float, keyword-only
        The step, finite and > 0.

    Returns
    -------
    ndarray of x's shape, float64
    """
    check_callable("f", f)
    x64 = _finite_float64("x", x)
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


def numerical_jacobian(f, x, *, eps=1e-6):
    """Estimate the Jacobian of an array-valued function by central differences.

    Entry ``J[i..., j...]`` is ``(f(x + eps e_j) - f(x - eps e_j))[i...] / (2 eps)``:
    the derivative of output element i with respect to input element j. Work is
    done in float64, on fresh copies of x, as in :func:`numerical_gradient`.

    Parameters
    ----------
    f : callable
        Takes a float64 array shaped like x and returns an array-like of real,
        finite numbers (or a ``.numpy()`` object) whose shape does not depend on x.
    x : array-like of real numbers, any shape (0-d included)
        All finite. It is not modified.
    eps : float, keyword-only
        The step, finite and > 0.

    Returns
    -------
    ndarray of shape ``f(x).shape + x.shape``, float64
        The layout of ``tf.GradientTape.jacobian``.
    """
    check_callable("f", f)
    x64 = _finite_float64("x", x)
    eps = check_real("eps", eps, minimum=0, min_inclusive=False)

    out_shape = _array_result(f, x64).shape
    work = x64.copy()
    flat = work.reshape(-1)
    columns = []
    for j in range(x64.size):
        original = flat[j]
        flat[j] = original + eps
        f_plus = _array_result(f, work, out_shape)
        flat[j] = original - eps
        f_minus = _array_result(f, work, out_shape)
        flat[j] = original
        columns.append((f_plus - f_minus) / (2 * eps))
    jacobian = np.stack(columns, axis=-1) if columns else np.zeros(out_shape + (0,))
    return jacobian.reshape(out_shape + x64.shape)


def _finite_float64(name, value):
    array = real_array(name, value).astype(np.float64)  # astype copies
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} must contain only finite numbers, got {describe(array)} with nan or inf"
        )
    return array


def _array_result(f, x, shape=None):
    """Call f on a copy of x; its result as a float64 array (errors name f)."""
    value = unwrap(f(x.copy()))
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"f must return an array of numbers, got {with_type(value)}") from error
    if array.dtype.kind not in "biuf":
        raise TypeError(f"f must return real numbers, got {with_type(value)}")
    if shape is not None and array.shape != shape:
        raise ValueError(f"f must return the same shape every call: {shape}, then {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"f must return finite values, got {describe(array)} with nan or inf")
    return array.astype(np.float64)


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

    Parameters
    ----------
    a, b : array-like of real numbers (or ``.numpy()`` objects)
        Of the same shape.

    Returns
    -------
    float
        >= 0; 0.0 for empty arrays.
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


def compare(name, got, expected, *, atol=1e-6, rtol=0.0):
    """Print one fixed-width row comparing ``got`` with ``expected`` and say whether they agree.

    The row reads, for example::

        dense/kernel gradient        exact=no  allclose=yes max|diff|=1.19e-07

    name is padded to 28 characters; ``exact`` means element-wise identical
    values (``np.array_equal``: 0.0 equals -0.0, NaN never equals anything);
    ``allclose`` is ``np.allclose(got, expected, atol=atol, rtol=rtol)`` and
    prints ``NO`` in capitals when it fails; ``max|diff|`` is the largest
    absolute difference in scientific notation with two decimals.

    Parameters
    ----------
    name : str
        The row's label.
    got, expected : array-like of real numbers (or ``.numpy()`` objects)
        Of the same shape.
    atol, rtol : float, keyword-only
        Finite and >= 0.

    Returns
    -------
    bool
        True when the values agree within tolerance (the ``allclose`` column).
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


def compare_table(rows, *, atol=1e-6, rtol=0.0):
    """Compare several pairs of arrays at once and return the results as a table (no printing).

    Parameters
    ----------
    rows : dict or iterable
        ``{name: (got, expected)}`` or an iterable of ``(name, got, expected)``
        triples; names are unique strs, and each got/expected pair is as in
        :func:`compare`.
    atol, rtol : float, keyword-only
        Finite and >= 0, as in :func:`compare`.

    Returns
    -------
    pandas.DataFrame
        Indexed by name (index name ``"name"``), in the order given, with columns
        ``exact`` (bool), ``allclose`` (bool) and ``max_abs_diff`` (float64). An
        empty ``rows`` gives an empty table.
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


# --- the checks of the exercises ---------------------------------------------------------------


def _show(value, digits=4):
    """A short, rounded text for a value in a check's message."""
    value = unwrap(value)
    if isinstance(value, (str, bytes, bool, type(None))):
        return repr(value)
    if isinstance(value, (tuple, list)) and len(value) <= 8 and all(
        isinstance(v, (int, str, bool, type(None))) for v in value
    ):
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.{max(6, digits)}g}"
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return describe(value)
    if array.dtype.kind not in "biuf":
        return describe(value)
    text = np.array2string(array, precision=digits, threshold=8, edgeitems=2, separator=", ")
    text = " ".join(text.split())  # one line
    return f"{text} (shape {array.shape}, {array.dtype})"


def _fail(name, expected, got, hint, detail=""):
    message = f"{name}: expected {expected}, got {got}{detail}."
    if hint:
        message += f"\nHint: {hint}"
    raise AssertionError(message)


def _check_text(argument, value, optional=False):
    if optional and value is None:
        return value
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, got {with_type(value)}")
    return value


def expect(ok, *, name, expected, got, hint=None):
    """Pass silently if ``ok``; otherwise fail with expected vs got and a hint.

    For checks that ``expect_close`` and ``expect_equal`` do not cover (an
    inequality, a property of a function's output).

    Parameters
    ----------
    ok : bool
        The condition the answer must meet (NumPy bools accepted).
    name : str, keyword-only
        What is being checked, e.g. ``"grad(w=0.5)"``.
    expected, got : str or value, keyword-only
        Shown in the message: what a right answer gives, and what this one gave.
    hint : str or None, keyword-only
        One sentence pointing at the likely mistake.

    Raises
    ------
    AssertionError
        ``"<name>: expected <expected>, got <got>."`` and ``"Hint: <hint>"``.
    """
    if not isinstance(ok, (bool, np.bool_)):
        raise TypeError(f"ok must be a bool, got {with_type(ok)}")
    _check_text("name", name)
    _check_text("hint", hint, optional=True)
    if not ok:
        show = [v if isinstance(v, str) else _show(v) for v in (expected, got)]
        _fail(name, show[0], show[1], hint)


def expect_equal(name, got, expected, *, hint=None):
    """Pass silently if ``got`` equals ``expected`` exactly; otherwise say how they differ.

    Arrays must have the same shape and the same values (``np.array_equal``);
    anything else is compared with ``==``.

    Parameters
    ----------
    name : str
        What is being checked, e.g. ``"dW.shape"``.
    got, expected : any
        The answer, and the right answer.
    hint : str or None, keyword-only
        One sentence pointing at the likely mistake.

    Raises
    ------
    AssertionError
        With expected vs got (shapes first, for arrays of different shapes) and the hint.
    """
    _check_text("name", name)
    _check_text("hint", hint, optional=True)
    got_u, expected_u = unwrap(got), unwrap(expected)
    if isinstance(expected_u, np.ndarray) or isinstance(got_u, np.ndarray):
        got_a, expected_a = np.asarray(got_u), np.asarray(expected_u)
        if got_a.shape != expected_a.shape:
            _fail(name, f"shape {expected_a.shape}", f"shape {got_a.shape}", hint)
        if not np.array_equal(got_a, expected_a):
            _fail(name, _show(expected_a), _show(got_a), hint)
        return
    try:
        same = bool(got_u == expected_u)
    except (TypeError, ValueError):
        same = False
    if not same:
        _fail(name, _show(expected_u), _show(got_u), hint)


def expect_close(name, got, expected, *, rtol=1e-6, atol=0.0, hint=None):
    """Pass silently if ``got`` matches ``expected`` within a tolerance; otherwise fail clearly.

    Close means, element by element, ``|got - expected| <= atol + rtol * |expected|``
    (``np.allclose``), with the same shape: a ``(n,)`` answer for an ``(n, 1)``
    question is wrong even where the numbers agree.

    Parameters
    ----------
    name : str
        What is being checked, e.g. ``"dW1"``.
    got, expected : array-like of real numbers (or ``.numpy()`` objects)
        The answer, and the right answer.
    rtol, atol : float, keyword-only
        Finite and >= 0.
    hint : str or None, keyword-only
        One sentence pointing at the likely mistake.

    Raises
    ------
    AssertionError
        With expected vs got, the largest difference, and the hint.
    """
    _check_text("name", name)
    _check_text("hint", hint, optional=True)
    rtol = check_real("rtol", rtol, minimum=0)
    atol = check_real("atol", atol, minimum=0)
    try:
        got_a = real_array("got", got)
    except (TypeError, ValueError):
        _fail(name, _show(expected), f"{describe(unwrap(got), limit=300)}, not an array of numbers",
              hint)
    expected_a = real_array("expected", expected)
    if got_a.shape != expected_a.shape:
        _fail(name, f"shape {expected_a.shape}", f"shape {got_a.shape}", hint)
    if not np.allclose(got_a, expected_a, rtol=rtol, atol=atol, equal_nan=False):
        diff = _abs_diff(got_a, expected_a)
        if np.isnan(got_a.astype(np.float64)).any() and not np.isnan(expected_a.astype(
                np.float64)).any():
            detail = f" ({int(np.isnan(got_a.astype(np.float64)).sum())} NaN in your answer)"
        else:
            largest = float(np.nanmax(diff)) if diff.size else 0.0
            detail = f" (largest difference {largest:.3g}; allowed {atol:g} + {rtol:g}·|expected|)"
        digits = 4
        while _show(expected_a, digits) == _show(got_a, digits) and digits < 17:
            digits += 2  # show enough digits to see where the two differ
        _fail(name, _show(expected_a, digits), _show(got_a, digits), hint, detail)


def _as_guess(value):
    """A typed guess as a value: "0.5" -> 0.5, "(3, 4)" -> (3, 4), " Last " -> "last"."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            try:
                return float(Fraction(text.replace(" ", "")))  # "1/3"
            except (ValueError, ZeroDivisionError):
                return text.lower()
    if isinstance(value, list):
        value = tuple(value)
    return value.lower().strip() if isinstance(value, str) else value


def _guess_matches(guess, measured, rtol, atol):
    if isinstance(guess, (bool, np.bool_)) or isinstance(measured, (bool, np.bool_)):
        return guess == measured
    numbers = (int, float, np.integer, np.floating)
    if isinstance(guess, numbers) and isinstance(measured, numbers):
        return bool(np.isclose(float(guess), float(measured), rtol=rtol, atol=atol))
    if isinstance(guess, tuple) and isinstance(measured, tuple):
        return len(guess) == len(measured) and all(
            _guess_matches(g, m, rtol, atol) for g, m in zip(guess, measured, strict=True))
    return guess == measured


def report_guess(name, guess, measured, *, rtol=0.0, atol=0.0):
    """Print a prediction beside the measurement and whether they agree; never fails.

    What a *Predict, then check* exercise calls. A guess typed as text is read as
    what it says: ``"0.5"`` and ``"1/2"`` are the number 0.5, ``"(3, 4)"`` the tuple
    (3, 4), and words are compared without case or surrounding spaces. Numbers
    agree when ``np.isclose(guess, measured, rtol=rtol, atol=atol)``.

    Parameters
    ----------
    name : str
        What was predicted, e.g. ``"the shape of dW"``.
    guess : any
        The student's prediction, as typed (``...`` or None means no guess yet).
    measured : any
        What the lesson measured: a number, a tuple (a shape), a word, a bool.
    rtol, atol : float, keyword-only
        How close a numeric guess must be to count as right; finite and >= 0.

    Returns
    -------
    bool
        True if the guess agrees with the measurement.
    """
    _check_text("name", name)
    rtol = check_real("rtol", rtol, minimum=0)
    atol = check_real("atol", atol, minimum=0)
    measured_value = _as_guess(unwrap(measured))
    print(f"{name}: your guess {guess!r}, measured {measured!r}", end=" ")
    if guess is None or guess is Ellipsis:
        print("(no guess written yet)")
        return False
    right = _guess_matches(_as_guess(unwrap(guess)), measured_value, rtol, atol)
    print("✓ right" if right else "✗ not this time: open the explanation below")
    return right


@contextlib.contextmanager
def forbid(owner, name, *, hint=None):
    """Inside the ``with`` block, a call to ``owner.name`` fails the check.

    For exercises whose point is to write by hand what a library already does: a
    check runs the student's code inside ``with forbid(helpers.checks,
    "numerical_gradient"):`` so that an answer that only calls the library fails
    with expected/got and a hint. The attribute is restored when the block ends.
    To refuse a function the notebook itself defines, pass the notebook's namespace:
    ``forbid(sys.modules["__main__"], "backward")``.

    Parameters
    ----------
    owner : module, class or object
        Where the forbidden function lives, e.g. ``helpers.checks`` or ``keras.Model``.
    name : str
        The attribute's name, e.g. ``"numerical_gradient"`` or ``"fit"``.
    hint : str or None, keyword-only
        Shown with the failure.

    Raises
    ------
    AttributeError
        If ``owner`` has no callable attribute ``name``.
    """
    _check_text("name", name)
    _check_text("hint", hint, optional=True)
    original = getattr(owner, name)
    if not callable(original):
        raise TypeError(f"{name} must name a callable attribute, got {with_type(original)}")
    label = f"{getattr(owner, '__name__', type(owner).__name__)}.{name}"

    def refuse(*args, **kwargs):
        _fail("your answer", "your own code", f"a call to {label}", hint)

    setattr(owner, name, refuse)
    try:
        yield
    finally:
        setattr(owner, name, original)
