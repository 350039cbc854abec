"""Small data sets for the lessons, and a seeded train/validation/test split.

Every generator takes the number of samples first and everything else by
keyword (``make_linear(100, noise=0.1, seed=3)``), and draws only from
``np.random.default_rng(seed)`` (``seed`` an int in ``[0, 2**32)``): the same
arguments always give the same arrays, and the global NumPy random state is
never touched. Inputs ``X`` are float32 of shape ``(n, features)``.

**The shape of y.** A target the network predicts as a number (regression, or
the probability of class 1) is float32 of shape ``(n, 1)``, the shape of the
output of a ``Dense(1)`` layer: ``y_pred - y`` then has shape ``(n, 1)`` too,
instead of broadcasting to ``(n, n)``. A class label is int64 of shape ``(n,)``,
what sparse categorical cross-entropy takes.
"""

from importlib import resources
from pathlib import Path

import numpy as np

from ._validate import check_int, check_real, check_seed, describe, with_type


def _digits_file():
    """The shipped digits file, wherever ``helpers`` comes from (never the working directory).

    An installed package carries ``data/`` as ``helpers._data``; a plain checkout on
    ``sys.path`` (as on Colab) has no such package, and the file is ``<repo>/data/``.
    """
    try:
        return resources.files("helpers._data") / "digits.csv"
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "data" / "digits.csv"


#: Where ``load_digits`` reads the digits.
_DIGITS_PATH = _digits_file()

_XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
_XOR_Y = np.array([[0], [1], [1], [0]], dtype=np.float32)


def make_linear(n_samples=100, *, slope=1.0, intercept=0.0, noise=0.3, seed=0):
    """Noisy points on a line: ``y = slope * x + intercept + noise * N(0, 1)``.

    Parameters
    ----------
    n_samples : int
        Number of points, >= 1.
    slope, intercept : float
        Finite real numbers.
    noise : float
        Standard deviation of the Gaussian noise added to y, finite and >= 0
        (0 puts every point exactly on the line, up to float32 rounding of y).
    seed : int
        In ``[0, 2**32)``.

    Returns
    -------
    X : ndarray of shape (n_samples, 1), float32
        Uniform on [-1, 1).
    y : ndarray of shape (n_samples, 1), float32
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    slope = check_real("slope", slope)
    intercept = check_real("intercept", intercept)
    noise = check_real("noise", noise, minimum=0)
    rng = np.random.default_rng(check_seed(seed))

    X = rng.uniform(-1.0, 1.0, size=(n_samples, 1)).astype(np.float32)
    # y is computed in float64 from the float32 X that is returned, then rounded once.
    y = slope * X.astype(np.float64) + intercept + noise * rng.standard_normal((n_samples, 1))
    return X, y.astype(np.float32)


def make_xor(n_samples=None, *, noise=0.0, seed=0):
    """The XOR problem: label 1 where exactly one of the two inputs is 1.

    Parameters
    ----------
    n_samples : int or None
        None for the 4-row truth table in the order (0,0), (0,1), (1,0), (1,1);
        or an int >= 1 for that many points, point i sitting on corner ``i % 4``
        (so the corners are used equally often, up to one), the rows then shuffled.
    noise : float
        Standard deviation of Gaussian jitter added to each coordinate, finite
        and >= 0. It applies to the truth table too when nonzero (the rows stay
        in truth-table order).
    seed : int
        In ``[0, 2**32)``.

    Returns
    -------
    X : ndarray of shape (n, 2), float32
        n is 4 for ``n_samples=None``.
    y : ndarray of shape (n, 1), float32
        0.0 and 1.0, the XOR of the point's corner.
    """
    if n_samples is not None:
        n_samples = check_int("n_samples", n_samples, minimum=1)
    noise = check_real("noise", noise, minimum=0)
    rng = np.random.default_rng(check_seed(seed))

    if n_samples is None:
        corners = np.arange(4)
    else:
        corners = rng.permutation(np.arange(n_samples) % 4)
    X = _XOR_X[corners].astype(np.float64)
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    return X.astype(np.float32), _XOR_Y[corners].copy()


def make_spirals(n_samples=300, *, n_classes=3, noise=0.2, seed=0):
    """Interleaved spiral arms in the plane, one arm per class.

    Point j of class k (t = j / (n_k - 1) running from 0 to 1 along the arm)
    sits at radius ``0.1 + 0.9 * t`` and angle
    ``2 * pi * k / n_classes + 4 * t + noise * N(0, 1)`` (radians). The noise
    moves points along their circle, so every point lies inside the unit disk.
    The rows are shuffled.

    Parameters
    ----------
    n_samples : int
        Total number of points, >= n_classes. Class k gets the points with
        index i where ``i % n_classes == k``, so class counts differ by at most 1.
    n_classes : int
        Number of arms, >= 2.
    noise : float
        Standard deviation of the angular jitter in radians, finite and >= 0.
    seed : int
        In ``[0, 2**32)``.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float32
        Inside [-1, 1]^2.
    y : ndarray of shape (n_samples,), int64
        Class labels 0 .. n_classes - 1.
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    if n_samples < n_classes:
        raise ValueError(
            f"n_samples must be >= n_classes so every class gets a point, "
            f"got n_samples={n_samples}, n_classes={n_classes}"
        )
    noise = check_real("noise", noise, minimum=0)
    rng = np.random.default_rng(check_seed(seed))

    y = np.arange(n_samples, dtype=np.int64) % n_classes
    t = np.empty(n_samples)
    for k in range(n_classes):
        members = y == k
        t[members] = np.linspace(0.0, 1.0, int(members.sum()))
    radius = 0.1 + 0.9 * t
    angle = 2 * np.pi * y / n_classes + 4.0 * t + noise * rng.standard_normal(n_samples)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    order = rng.permutation(n_samples)
    return X[order].astype(np.float32), y[order]


def load_digits():
    """The 1,797 8x8 handwritten digits shipped in ``data/digits.csv``.

    The file is found with the package, whatever the working directory: in an
    installed package it is ``helpers/_data/digits.csv`` (the repository's
    ``data/`` folder, shipped in the wheel), in a checkout ``<repo>/data/digits.csv``.
    See ``data/README.md`` for provenance.

    Returns
    -------
    X : ndarray of shape (1797, 64), float32
        Each row an 8x8 image read row by row, pixel counts 0..16 divided by 16,
        so values lie in [0, 1].
    y : ndarray of shape (1797,), int64
        The digit, 0..9.

    Raises
    ------
    FileNotFoundError
        If the CSV file is not where it should be.
    """
    path = _DIGITS_PATH
    if not path.is_file():
        raise FileNotFoundError(f"digits data file not found: looked for {path}")
    with path.open("r", encoding="utf-8") as f:
        table = np.loadtxt(f, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    if table.shape[1] != 65:
        raise ValueError(f"{path} must have 65 columns (p0..p63, label), got {table.shape[1]}")
    X = table[:, :64].astype(np.float32) / np.float32(16)
    y = table[:, 64].astype(np.int64)
    return X, y


def split(X, y, *, val_fraction=0.2, test_fraction=0.2, seed=0):
    """Shuffle rows with a seeded permutation and cut them into train, validation and test.

    Sizes: ``n_test = round(n * test_fraction)`` and
    ``n_val = round(n * val_fraction)`` using Python's ``round`` (halves go to
    the even number); the training set gets the remaining rows, which must be
    at least one. Every row lands in exactly one part, and X and y rows stay paired.

    Parameters
    ----------
    X : array-like of shape (n, ...)
        Any dtype.
    y : array-like of shape (n, ...)
        Any dtype; the same number of rows as X.
    val_fraction, test_fraction : float
        In [0, 1), with sum < 1. 0 gives an empty part (0 rows, same trailing
        shape and dtype).
    seed : int
        In ``[0, 2**32)``.

    Returns
    -------
    (X_train, y_train), (X_val, y_val), (X_test, y_test) : tuple of pairs of ndarray
        With the dtypes and trailing shapes of ``np.asarray(X)`` and ``np.asarray(y)``.
    """
    X = _rows_array("X", X)
    y = _rows_array("y", y)
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of rows, got len(X)={len(X)} and len(y)={len(y)}"
        )
    val_fraction = check_real(
        "val_fraction", val_fraction, minimum=0, maximum=1, max_inclusive=False
    )
    test_fraction = check_real(
        "test_fraction", test_fraction, minimum=0, maximum=1, max_inclusive=False
    )
    rng = np.random.default_rng(check_seed(seed))

    n = len(X)
    n_test = round(n * test_fraction)
    n_val = round(n * val_fraction)
    n_train = n - n_val - n_test
    if val_fraction + test_fraction >= 1 or n_train < 1:
        raise ValueError(
            f"val_fraction + test_fraction must be < 1 and leave at least one training row, "
            f"got val_fraction={val_fraction}, test_fraction={test_fraction} "
            f"(n={n}: n_val={n_val}, n_test={n_test}, n_train={n_train})"
        )
    order = rng.permutation(n)
    train, val, test = order[:n_train], order[n_train : n_train + n_val], order[n_train + n_val :]
    return (X[train], y[train]), (X[val], y[val]), (X[test], y[test])


def _rows_array(name, value):
    """``np.asarray(value)`` with at least one dimension (the rows); errors name the argument."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} must be an array-like with one row per sample, got {with_type(value)}"
        )
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"{name} must be a rectangular array-like, got {describe(value)}"
        ) from error
    if array.ndim == 0:
        raise ValueError(
            f"{name} must have at least one dimension (rows), got the scalar {describe(value)}"
        )
    return array
