"""Tests for helpers.data: shapes, dtypes, determinism, statistics, the split, bad arguments."""

import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import data
from tools.lessons import ROOT

REPO = ROOT


# --- make_linear --------------------------------------------------------------------------


def test_make_linear_shapes_dtypes_and_x_range():
    X, y = data.make_linear(n_samples=57)
    assert X.shape == (57, 1) and y.shape == (57, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    assert X.min() >= -1 and X.max() < 1


def test_make_linear_same_seed_gives_identical_arrays():
    X1, y1 = data.make_linear(seed=5)
    X2, y2 = data.make_linear(seed=5)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


def test_make_linear_different_seed_gives_different_arrays():
    X1, _ = data.make_linear(seed=1)
    X2, _ = data.make_linear(seed=2)
    assert not np.array_equal(X1, X2)


def test_make_linear_noise_zero_is_exactly_on_the_line():
    X, y = data.make_linear(n_samples=200, slope=-2.5, intercept=0.75, noise=0)
    expected = (-2.5 * X.astype(np.float64) + 0.75).astype(np.float32)
    np.testing.assert_array_equal(y, expected)


def test_make_linear_least_squares_recovers_default_slope_and_intercept():
    X, y = data.make_linear()
    slope, intercept = np.polyfit(X[:, 0], y[:, 0], deg=1)
    assert abs(slope - 1.0) < 0.15
    assert abs(intercept - 0.0) < 0.15


def test_make_linear_residual_spread_matches_noise():
    X, y = data.make_linear(n_samples=5000, slope=3.0, intercept=-1.0, noise=0.5)
    residual = y[:, 0] - (3.0 * X[:, 0] - 1.0)
    assert abs(residual.std() - 0.5) < 0.03
    assert abs(residual.mean()) < 0.03


def test_make_linear_does_not_touch_global_numpy_random_state():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    data.make_linear()
    data.make_xor(16, noise=0.1)
    data.make_spirals()
    np.testing.assert_array_equal(np.random.get_state()[1], before)


# --- make_xor ------------------------------------------------------------------------------


def test_make_xor_default_is_truth_table():
    X, y = data.make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [[0], [1], [1], [0]])
    assert X.dtype == np.float32 and y.dtype == np.float32


def test_make_xor_truth_table_with_noise_is_jittered_in_table_order():
    X, y = data.make_xor(noise=0.05, seed=3)
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    assert not np.array_equal(X, corners)
    assert np.abs(X - corners).max() < 0.5
    np.testing.assert_array_equal(y, [[0], [1], [1], [0]])


def test_make_xor_n_samples_shapes_dtypes_and_balanced_corners():
    X, y = data.make_xor(n_samples=10)
    assert X.shape == (10, 2) and y.shape == (10, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    _, counts = np.unique(X, axis=0, return_counts=True)
    assert sorted(counts.tolist()) == [2, 2, 3, 3]


def test_make_xor_labels_are_xor_of_each_points_corner():
    X, y = data.make_xor(n_samples=400, noise=0.1, seed=7)
    corner = np.round(X).clip(0, 1)  # jitter of 0.1 almost never crosses 0.5
    expected = np.logical_xor(corner[:, 0], corner[:, 1]).astype(np.float32)
    assert np.mean(expected == y[:, 0]) > 0.99
    assert set(np.unique(y).tolist()) == {0.0, 1.0}


def test_make_xor_rows_are_shuffled():
    X, _ = data.make_xor(n_samples=40)
    in_cycle_order = np.tile([[0, 0], [0, 1], [1, 0], [1, 1]], (10, 1))
    assert not np.array_equal(X, in_cycle_order)


def test_make_xor_same_seed_identical_and_different_seed_different():
    a = data.make_xor(n_samples=50, noise=0.2, seed=4)
    b = data.make_xor(n_samples=50, noise=0.2, seed=4)
    c = data.make_xor(n_samples=50, noise=0.2, seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


# --- make_spirals --------------------------------------------------------------------------


def test_make_spirals_shapes_dtypes_and_label_values():
    X, y = data.make_spirals()
    assert X.shape == (300, 2) and X.dtype == np.float32
    assert y.shape == (300,) and y.dtype == np.int64
    assert set(np.unique(y).tolist()) == {0, 1, 2}


@pytest.mark.parametrize("n_samples, n_classes", [(301, 3), (10, 4), (5, 5), (99, 2)])
def test_make_spirals_classes_are_balanced(n_samples, n_classes):
    _, y = data.make_spirals(n_samples=n_samples, n_classes=n_classes)
    counts = np.bincount(y, minlength=n_classes)
    assert counts.sum() == n_samples
    assert counts.max() - counts.min() <= 1


def test_make_spirals_fit_within_the_unit_disk():
    X, _ = data.make_spirals(n_samples=1000, noise=0.2)
    assert np.abs(X).max() <= 1.0 + 1e-6
    assert np.linalg.norm(X, axis=1).max() <= 1.0 + 1e-6


def test_make_spirals_noise_zero_puts_points_on_the_arm_curve():
    X, y = data.make_spirals(n_samples=60, n_classes=3, noise=0)
    radius = np.linalg.norm(X.astype(np.float64), axis=1)
    t = (radius - 0.1) / 0.9
    angle = 2 * np.pi * y / 3 + 4 * t
    np.testing.assert_allclose(X[:, 0], radius * np.cos(angle), atol=1e-5)
    np.testing.assert_allclose(X[:, 1], radius * np.sin(angle), atol=1e-5)


def test_make_spirals_rows_are_shuffled():
    _, y = data.make_spirals(n_samples=30, n_classes=3)
    assert not np.array_equal(y, np.arange(30) % 3)


def test_make_spirals_same_seed_identical_and_different_seed_different():
    a = data.make_spirals(seed=9)
    b = data.make_spirals(seed=9)
    c = data.make_spirals(seed=10)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


# --- load_digits (the file itself is checked in test_digits_file.py) ------------------------


def test_load_digits_reads_the_file_next_to_the_package_not_the_working_directory(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)


def test_load_digits_missing_file_says_where_it_looked(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "digits.csv"
    monkeypatch.setattr(data, "_DIGITS_PATH", missing)
    with pytest.raises(FileNotFoundError, match="looked for") as info:
        data.load_digits()
    assert str(missing) in str(info.value)


# --- split ---------------------------------------------------------------------------------


def _ids_dataset(n=50):
    X = np.arange(n * 3, dtype=np.float32).reshape(n, 3)  # row i starts with 3 * i
    y = np.arange(n, dtype=np.int64)
    return X, y


def test_split_covers_every_row_exactly_once_and_parts_are_disjoint():
    X, y = _ids_dataset(50)
    parts = data.split(X, y)
    ids = np.concatenate([part_y for _, part_y in parts])
    assert sorted(ids.tolist()) == list(range(50))


def test_split_keeps_rows_paired():
    X, y = _ids_dataset(50)
    for part_X, part_y in data.split(X, y, seed=3):
        np.testing.assert_array_equal(part_X[:, 0], 3 * part_y)


def test_split_sizes_follow_the_rounding_rule():
    X, y = _ids_dataset(50)
    (X_tr, _), (X_va, _), (X_te, _) = data.split(X, y, val_fraction=0.15, test_fraction=0.25)
    assert len(X_te) == round(50 * 0.25) == 12  # 12.5 rounds to even
    assert len(X_va) == round(50 * 0.15) == 8
    assert len(X_tr) == 50 - 12 - 8


def test_split_preserves_dtypes_and_trailing_shape():
    X = np.zeros((20, 4, 4), dtype=np.float16)
    y = np.zeros((20, 1), dtype=np.uint8)
    for part_X, part_y in data.split(X, y):
        assert part_X.dtype == np.float16 and part_X.shape[1:] == (4, 4)
        assert part_y.dtype == np.uint8 and part_y.shape[1:] == (1,)


def test_split_val_fraction_zero_gives_empty_validation_arrays():
    X, y = _ids_dataset(10)
    (X_tr, _), (X_va, y_va), (X_te, _) = data.split(X, y, val_fraction=0, test_fraction=0.3)
    assert X_va.shape == (0, 3) and y_va.shape == (0,)
    assert X_va.dtype == X.dtype and y_va.dtype == y.dtype
    assert len(X_tr) == 7 and len(X_te) == 3


def test_split_accepts_lists():
    (X_tr, _), _, _ = data.split(
        [[1, 2], [3, 4], [5, 6]], [0, 1, 0], val_fraction=0, test_fraction=0
    )
    assert isinstance(X_tr, np.ndarray) and X_tr.shape == (3, 2)


def test_split_same_seed_identical_and_different_seed_different():
    X, y = _ids_dataset(100)
    a = data.split(X, y, seed=1)
    b = data.split(X, y, seed=1)
    c = data.split(X, y, seed=2)
    for (xa, ya), (xb, yb) in zip(a, b, strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a[0][1], c[0][1])


# --- bad arguments -------------------------------------------------------------------------

BAD_COMMON = [
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"seed": "abc"}, TypeError, "seed"),
    ({"seed": True}, TypeError, "seed"),
    ({"seed": None}, TypeError, "seed"),
]


@pytest.mark.parametrize(
    "kwargs, error, name",
    BAD_COMMON
    + [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": -3}, ValueError, "n_samples"),
        ({"n_samples": 10.0}, TypeError, "n_samples"),
        ({"n_samples": True}, TypeError, "n_samples"),
        ({"slope": float("nan")}, ValueError, "slope"),
        ({"slope": "1"}, TypeError, "slope"),
        ({"intercept": float("inf")}, ValueError, "intercept"),
        ({"intercept": None}, TypeError, "intercept"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"noise": float("nan")}, ValueError, "noise"),
        ({"noise": False}, TypeError, "noise"),
    ],
)
def test_make_linear_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        data.make_linear(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, name",
    BAD_COMMON
    + [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 4.0}, TypeError, "n_samples"),
        ({"n_samples": "4"}, TypeError, "n_samples"),
        ({"noise": -1}, ValueError, "noise"),
        ({"noise": float("inf")}, ValueError, "noise"),
        ({"noise": "0.1"}, TypeError, "noise"),
    ],
)
def test_make_xor_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        data.make_xor(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, name",
    BAD_COMMON
    + [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 2, "n_classes": 3}, ValueError, "n_samples"),
        ({"n_samples": 300.0}, TypeError, "n_samples"),
        ({"n_classes": 1}, ValueError, "n_classes"),
        ({"n_classes": 2.0}, TypeError, "n_classes"),
        ({"n_classes": True}, TypeError, "n_classes"),
        ({"noise": -0.2}, ValueError, "noise"),
        ({"noise": float("nan")}, ValueError, "noise"),
        ({"noise": [0.2]}, TypeError, "noise"),
    ],
)
def test_make_spirals_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        data.make_spirals(**kwargs)


_X10, _Y10 = _ids_dataset(10)


@pytest.mark.parametrize(
    "args, kwargs, error, name",
    [
        ((_X10, _Y10[:9]), {}, ValueError, r"len\(X\)=10 and len\(y\)=9"),
        ((5.0, _Y10), {}, ValueError, "X"),
        ((_X10, 3), {}, ValueError, "y"),
        ((None, _Y10), {}, TypeError, "X"),
        ((_X10, "labels"), {}, TypeError, "y"),
        ((_X10, [[1, 2], [3]]), {}, ValueError, "y"),
        ((_X10, _Y10), {"val_fraction": -0.1}, ValueError, "val_fraction"),
        ((_X10, _Y10), {"val_fraction": 1.0}, ValueError, "val_fraction"),
        ((_X10, _Y10), {"val_fraction": float("nan")}, ValueError, "val_fraction"),
        ((_X10, _Y10), {"val_fraction": "0.2"}, TypeError, "val_fraction"),
        ((_X10, _Y10), {"test_fraction": 1.5}, ValueError, "test_fraction"),
        ((_X10, _Y10), {"test_fraction": True}, TypeError, "test_fraction"),
        (
            (_X10, _Y10),
            {"val_fraction": 0.5, "test_fraction": 0.5},
            ValueError,
            "val_fraction=0.5, test_fraction=0.5",
        ),
        (
            (_X10[:2], _Y10[:2]),
            {"val_fraction": 0.3, "test_fraction": 0.3},
            ValueError,
            "n_train=0",
        ),
        ((_X10[:0], _Y10[:0]), {}, ValueError, "n=0"),
        ((_X10, _Y10), {"seed": -1}, ValueError, "seed"),
        ((_X10, _Y10), {"seed": "1"}, TypeError, "seed"),
    ],
)
def test_split_rejects_bad_arguments(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        data.split(*args, **kwargs)


def test_error_messages_show_the_bad_value():
    with pytest.raises(ValueError, match="n_samples must be a positive integer, got -3"):
        data.make_linear(n_samples=-3)
    with pytest.raises(TypeError, match=r"seed must be an int, got 'abc' \(str\)"):
        data.make_xor(seed="abc")


def test_numpy_integers_are_accepted_as_ints():
    X, _ = data.make_spirals(n_samples=np.int64(12), n_classes=np.int32(3), seed=np.uint8(2))
    assert X.shape == (12, 2)


# --- the package stays light ---------------------------------------------------------------


def test_import_helpers_does_not_import_tensorflow_or_keras():
    code = (
        "import sys, helpers; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')); "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
