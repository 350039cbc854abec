"""Tests for helpers.plots: each returns an Axes, draws on a given Axes, rejects bad input."""

import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from helpers import data, plots

# A missing glyph (e.g. for "∂" or "σ") or any other drawing problem shows up as a warning.
pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _probability_of_class_1(grid):
    return 1 / (1 + np.exp(-5 * (grid[:, 0] - 0.5)))


# --- plot_history --------------------------------------------------------------------------

HISTORY = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.7]}


@pytest.mark.parametrize(
    "history",
    [
        types.SimpleNamespace(history=HISTORY, epoch=[0, 1, 2]),
        HISTORY,
        pd.DataFrame(HISTORY),
    ],
    ids=["keras History (duck-typed)", "dict of lists", "DataFrame"],
)
def test_plot_history_accepts_all_three_forms(history):
    ax = plots.plot_history(history)
    assert isinstance(ax, Axes)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["loss", "val_loss"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[1].get_ydata(), [1.1, 0.8, 0.7])
    assert ax.get_xlabel() == "epoch"
    assert ax.get_legend() is not None


def test_plot_history_draws_on_the_given_axes():
    fig, ax = plt.subplots()
    assert plots.plot_history({"loss": [3, 2, 1]}, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]


def test_plot_history_allows_nan_from_a_diverged_run():
    ax = plots.plot_history({"loss": [1.0, 5.0, float("nan")]})
    assert len(ax.get_lines()) == 1


@pytest.mark.parametrize(
    "history, kwargs, error, match",
    [
        ({}, {}, ValueError, "history must contain at least one metric"),
        (types.SimpleNamespace(history={}), {}, ValueError, "history"),
        (pd.DataFrame(), {}, ValueError, "history"),
        ({"loss": []}, {}, ValueError, r"history\['loss'\] must be a non-empty"),
        ({"loss": ["a", "b"]}, {}, TypeError, r"history\['loss'\]"),
        ({"loss": [1.0, None]}, {}, TypeError, r"history\['loss'\]"),
        ({"loss": [[1.0, 2.0], [3.0, 4.0]]}, {}, ValueError, r"history\['loss'\]"),
        ({"loss": 0.5}, {}, ValueError, r"history\['loss'\]"),
        ([1.0, 0.5], {}, TypeError, "history must be a Keras History"),
        (None, {}, TypeError, "history"),
        (types.SimpleNamespace(history=[1, 2]), {}, TypeError, "history"),
        (HISTORY, {"ax": "axes"}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_plot_history_rejects_bad_arguments(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_history(history, **kwargs)
    assert plt.get_fignums() == []  # nothing drawn before the check failed


# --- plot_decision_boundary ----------------------------------------------------------------


@pytest.mark.parametrize(
    "predict",
    [
        _probability_of_class_1,
        lambda g: _probability_of_class_1(g)[:, None],
        lambda g: np.column_stack([1 - _probability_of_class_1(g), _probability_of_class_1(g)]),
    ],
    ids=["binary (m,)", "binary (m, 1)", "two-class (m, 2)"],
)
def test_plot_decision_boundary_binary_outputs(predict):
    X, y = data.make_xor(n_samples=40, noise=0.1)
    ax = plots.plot_decision_boundary(predict, X, y)
    assert isinstance(ax, Axes)
    assert len(ax.collections) >= 2  # filled regions and the scattered points
    assert ax.get_xlim()[0] < X[:, 0].min() and ax.get_xlim()[1] > X[:, 0].max()
    assert ax.get_ylim()[0] < X[:, 1].min() and ax.get_ylim()[1] > X[:, 1].max()


def test_plot_decision_boundary_multiclass_on_given_axes_with_spirals():
    X, y = data.make_spirals()

    def predict(grid):
        angle = np.arctan2(grid[:, 1], grid[:, 0])
        return np.stack([np.cos(angle - 2 * np.pi * k / 3) for k in range(3)], axis=1)

    fig, ax = plt.subplots()
    assert plots.plot_decision_boundary(predict, X, y, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]


def test_plot_decision_boundary_calls_predict_with_float32_grid_of_two_columns():
    calls = []

    def predict(grid):
        calls.append((grid.dtype, grid.ndim, grid.shape[1], grid.shape[0]))
        return np.zeros(len(grid))

    plots.plot_decision_boundary(predict, [[0.0, 0.0], [1.0, 1.0]], [0, 1])
    assert calls == [(np.dtype(np.float32), 2, 2, 200 * 200)]


def test_plot_decision_boundary_accepts_predict_returning_numpy_method_object():
    class Tensor:
        def __init__(self, value):
            self.value = value

        def numpy(self):
            return self.value

    X, y = data.make_xor()
    plots.plot_decision_boundary(lambda g: Tensor(_probability_of_class_1(g)), X, y)


_Xb, _yb = data.make_xor()


@pytest.mark.parametrize(
    "predict, X, y, error, match",
    [
        ("model", _Xb, _yb, TypeError, "predict must be callable"),
        (_probability_of_class_1, np.zeros((4, 3)), _yb, ValueError, r"X must have shape \(n, 2\)"),
        (_probability_of_class_1, np.zeros(4), _yb, ValueError, "X must have shape"),
        (_probability_of_class_1, np.zeros((0, 2)), np.zeros(0), ValueError, "X must have shape"),
        (_probability_of_class_1, [["a", "b"]], [0], TypeError, "X"),
        (
            _probability_of_class_1,
            np.array([[0.0, np.nan]]),
            [0],
            ValueError,
            "X must contain only finite",
        ),
        (
            _probability_of_class_1,
            _Xb,
            _yb[:3],
            ValueError,
            r"y must have shape \(n,\) or \(n, 1\)",
        ),
        (_probability_of_class_1, _Xb, np.zeros((4, 2)), ValueError, "y must have shape"),
        (_probability_of_class_1, _Xb, [0, 1, 2, -1], ValueError, "y must contain class labels"),
        (_probability_of_class_1, _Xb, [0, 0.5, 1, 0], ValueError, "y must contain class labels"),
        (_probability_of_class_1, _Xb, [0, 1, np.nan, 0], ValueError, "y"),
        (_probability_of_class_1, _Xb, ["a", "b", "c", "d"], TypeError, "y"),
        (lambda g: np.zeros(10), _Xb, _yb, ValueError, "predict must return shape"),
        (lambda g: np.zeros((len(g), 2, 2)), _Xb, _yb, ValueError, "predict must return shape"),
        (lambda g: 0.5, _Xb, _yb, ValueError, "predict must return shape"),
        (lambda g: np.full(len(g), np.nan), _Xb, _yb, ValueError, "predict's return value"),
        (lambda g: None, _Xb, _yb, TypeError, "predict's return value"),
    ],
)
def test_plot_decision_boundary_rejects_bad_arguments(predict, X, y, error, match):
    with pytest.raises(error, match=match):
        plots.plot_decision_boundary(predict, X, y)
    assert plt.get_fignums() == []


def test_plot_decision_boundary_rejects_bad_ax():
    with pytest.raises(TypeError, match="ax"):
        plots.plot_decision_boundary(_probability_of_class_1, _Xb, _yb, ax=plt)


# --- plot_loss_surface ---------------------------------------------------------------------


def _bowl(W, B):
    return (W - 1.0) ** 2 + (B + 0.5) ** 2


def test_plot_loss_surface_calls_loss_with_float64_meshgrids_and_labels_axes():
    seen = []

    def loss(W, B):
        seen.append((W.dtype, B.dtype, W.shape == B.shape, W.ndim))
        return _bowl(W, B)

    ax = plots.plot_loss_surface(loss, (-2, 3), (-1.5, 2.0))
    assert isinstance(ax, Axes)
    assert seen == [(np.dtype(np.float64), np.dtype(np.float64), True, 2)]
    assert ax.get_xlabel() == "w" and ax.get_ylabel() == "b"
    assert ax.get_xlim() == (-2, 3) and ax.get_ylim() == (-1.5, 2.0)


def test_plot_loss_surface_draws_path_with_start_and_end_markers():
    path = np.array([[-1.0, 1.5], [0.0, 0.5], [0.8, -0.3], [1.0, -0.5]])
    fig, ax = plt.subplots()
    assert plots.plot_loss_surface(_bowl, (-2, 3), (-1.5, 2), path=path, ax=ax) is ax
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"path", "start", "end"}
    np.testing.assert_array_equal(lines["path"].get_xdata(), path[:, 0])
    np.testing.assert_array_equal(lines["end"].get_ydata(), [-0.5])
    assert plt.get_fignums() == [fig.number]


def test_plot_loss_surface_handles_wide_ranges_and_constant_loss():
    plots.plot_loss_surface(
        lambda W, B: 1e-3 + 1e3 * W**2 + B**2, (-10, 10), (-10, 10)
    )  # log levels
    plots.plot_loss_surface(lambda W, B: np.zeros_like(W), (0, 1), (0, 1))


@pytest.mark.parametrize(
    "loss, w_range, b_range, path, error, match",
    [
        (None, (0, 1), (0, 1), None, TypeError, "loss must be callable"),
        (_bowl, 5, (0, 1), None, TypeError, "w_range"),
        (_bowl, "01", (0, 1), None, TypeError, "w_range"),
        (_bowl, (0, 1, 2), (0, 1), None, ValueError, "w_range"),
        (_bowl, (1, 0), (0, 1), None, ValueError, "w_range must be .* low < high"),
        (_bowl, (1, 1), (0, 1), None, ValueError, "w_range"),
        (_bowl, (0, float("inf")), (0, 1), None, ValueError, r"w_range\[1\]"),
        (_bowl, ("a", 1), (0, 1), None, TypeError, r"w_range\[0\]"),
        (_bowl, (0, 1), (2, -2), None, ValueError, "b_range"),
        (_bowl, (0, 1), [float("nan"), 1], None, ValueError, "b_range"),
        (_bowl, (0, 1), None, None, TypeError, "b_range"),
        (_bowl, (0, 1), (0, 1), [1.0, 2.0], ValueError, r"path must have shape \(k, 2\)"),
        (_bowl, (0, 1), (0, 1), np.zeros((0, 2)), ValueError, "path"),
        (_bowl, (0, 1), (0, 1), [[0.0, np.nan]], ValueError, "path"),
        (_bowl, (0, 1), (0, 1), "path", TypeError, "path"),
        (lambda W, B: 1.0, (0, 1), (0, 1), None, ValueError, "loss must be vectorized"),
        (lambda W, B: W[0], (0, 1), (0, 1), None, ValueError, "loss must be vectorized"),
        (
            lambda W, B: np.where(W > 0.5, np.inf, W),
            (0, 1),
            (0, 1),
            None,
            ValueError,
            "loss's return value",
        ),
        (lambda W, B: None, (0, 1), (0, 1), None, TypeError, "loss's return value"),
    ],
)
def test_plot_loss_surface_rejects_bad_arguments(loss, w_range, b_range, path, error, match):
    with pytest.raises(error, match=match):
        plots.plot_loss_surface(loss, w_range, b_range, path=path)
    assert plt.get_fignums() == []


def test_plot_loss_surface_rejects_bad_ax():
    with pytest.raises(TypeError, match="ax"):
        plots.plot_loss_surface(_bowl, (0, 1), (0, 1), ax=object())


# --- plot_gradient_norms -------------------------------------------------------------------


def test_plot_gradient_norms_from_dict_uses_layer_names_and_log_scale():
    ax = plots.plot_gradient_norms({"dense": 1e-4, "dense_1": 1e-2, "dense_2": 0.3})
    assert isinstance(ax, Axes)
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["dense", "dense_1", "dense_2"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1e-4, 1e-2, 0.3])


def test_plot_gradient_norms_from_sequence_names_layers_from_one():
    ax = plots.plot_gradient_norms(np.array([0.5, 0.25, 0.125]))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])


def test_plot_gradient_norms_overlays_several_runs_with_a_legend():
    fig, ax = plt.subplots()
    result = plots.plot_gradient_norms(
        {"sigmoid": [1e-6, 1e-4, 1e-2], "relu": [0.1, 0.2, 0.3, 0.2]}, ax=ax
    )
    assert result is ax and plt.get_fignums() == [fig.number]
    assert [line.get_label() for line in ax.get_lines()] == ["sigmoid", "relu"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4"]
    assert ax.get_legend() is not None


def test_plot_gradient_norms_accepts_numpy_method_scalars():
    class Scalar:
        def __init__(self, value):
            self.value = value

        def numpy(self):
            return np.float32(self.value)

    ax = plots.plot_gradient_norms({"a": Scalar(0.5), "b": Scalar(2.0)})
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [0.5, 2.0])


@pytest.mark.parametrize(
    "norms, error, match",
    [
        ({}, ValueError, "norms must not be empty"),
        ([], ValueError, "norms must be a non-empty"),
        ({"dense": 0.0}, ValueError, "norms must be positive and finite.*layer 'dense'"),
        ({"dense": 1.0, "dense_1": -0.5}, ValueError, "layer 'dense_1'"),
        ([1.0, np.nan], ValueError, "norms must be positive and finite.*layer '2'"),
        ([1.0, np.inf], ValueError, "layer '2'"),
        ({"relu": [0.1, 0.0]}, ValueError, r"norms\['relu'\] must be positive.*layer '2'"),
        ({"relu": []}, ValueError, r"norms\['relu'\] must be a non-empty"),
        ({"relu": [[0.1, 0.2]]}, ValueError, r"norms\['relu'\]"),
        ({"a": 1.0, "b": [1.0, 2.0]}, ValueError, "norms must map every key"),
        ({"dense": "big"}, TypeError, "norms"),
        (["a", "b"], TypeError, "norms"),
        ([True, False], TypeError, "norms"),
        ("1, 2", TypeError, "norms must be a dict or a sequence"),
        (0.5, TypeError, "norms"),
        (None, TypeError, "norms"),
    ],
)
def test_plot_gradient_norms_rejects_bad_arguments(norms, error, match):
    with pytest.raises(error, match=match):
        plots.plot_gradient_norms(norms)
    assert plt.get_fignums() == []


def test_plot_gradient_norms_rejects_bad_ax():
    with pytest.raises(TypeError, match="ax"):
        plots.plot_gradient_norms([1.0, 2.0], ax="ax")
