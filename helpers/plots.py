"""Composable matplotlib figures for the lessons.

Every function takes ``ax=None``: given an Axes it draws there, otherwise it
makes a new figure with ``plt.subplots()``. It returns the Axes and never calls
``plt.show()``. matplotlib is imported only when a function is called, and
TensorFlow never: Keras objects are recognised by their attributes.
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

_GRID = 200  # points per side of the decision-boundary grid
_SURFACE_GRID = 150  # points per side of the loss-surface grid


def _check_ax(ax):
    """Raise TypeError unless ax is None or a matplotlib Axes."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {with_type(ax)}")


def _new_ax_if_none(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


def _finite(name, array):
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} must contain only finite numbers, got {describe(array)} with nan or inf"
        )
    return array


def plot_history(history, *, ax=None):
    """Plot training curves: one line per metric against the epoch number (from 1).

    Parameters
    ----------
    history : History, dict or DataFrame
        A Keras ``History`` (anything with a ``.history`` dict), a dict
        ``{metric name: sequence of numbers}``, or a pandas DataFrame with one
        column per metric. At least one metric; each a non-empty 1-D sequence
        of real numbers (NaN and inf are allowed and leave gaps).
    ax : matplotlib.axes.Axes or None, keyword-only
        The axes to draw on; None makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(getattr(history, "history", None), dict):
        data = history.history
    elif isinstance(history, dict):
        data = history
    elif hasattr(history, "columns") and hasattr(history, "to_numpy"):
        data = {column: history[column].to_numpy() for column in history.columns}
    else:
        raise TypeError(
            "history must be a Keras History, a dict of lists or a pandas DataFrame, "
            f"got {with_type(history)}"
        )
    if not data:
        raise ValueError(
            f"history must contain at least one metric, got an empty history {describe(history)}"
        )
    curves = {}
    for key, values in data.items():
        curve = real_array(f"history[{key!r}]", values).astype(np.float64)
        if curve.ndim != 1 or curve.size == 0:
            raise ValueError(
                f"history[{key!r}] must be a non-empty 1-D sequence of numbers, "
                f"got {describe(curve)}"
            )
        curves[str(key)] = curve
    _check_ax(ax)

    from matplotlib.ticker import MaxNLocator

    ax = _new_ax_if_none(ax)
    for key, curve in curves.items():
        epochs = np.arange(1, curve.size + 1)
        ax.plot(epochs, curve, marker="o" if curve.size <= 30 else None, markersize=3, label=key)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("value")
    ax.legend()
    return ax


def _class_colors(n_classes):
    import matplotlib

    if n_classes <= 10:
        colors = matplotlib.colormaps["tab10"].colors[:n_classes]
    else:
        colors = matplotlib.colormaps["viridis"].resampled(n_classes)(np.arange(n_classes))
    return matplotlib.colors.ListedColormap(colors)


def plot_decision_boundary(predict, X, y, *, ax=None):
    """Colour the plane by a model's predicted class and overlay the data points.

    Parameters
    ----------
    predict : callable
        Receives a float32 array of shape (m, 2) (grid points) and returns m
        scores as an array-like or ``.numpy()`` object: shape (m,) or (m, 1) for
        a binary model (class 1 where score >= 0.5; the 0.5 contour is drawn as
        a black line), or (m, k) with k >= 2 for class probabilities or logits
        (class = argmax). For a Keras model pass e.g.
        ``lambda g: model.predict(g, verbose=0)``.
    X : array-like of shape (n, 2)
        Finite real numbers.
    y : array-like of shape (n,) or (n, 1)
        Class labels, non-negative integers (integer-valued floats such as 0.0
        and 1.0 are fine).
    ax : matplotlib.axes.Axes or None, keyword-only
        The axes to draw on; None makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The grid has 200 x 200 points covering X plus a margin; the legend sits
        outside the axes, on the right, so that it never hides a data point.
    """
    check_callable("predict", predict)
    X = _finite("X", real_array("X", X)).astype(np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, 2) with n >= 1, got shape {X.shape}")
    y = _finite("y", real_array("y", y))
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"y must have shape (n,) or (n, 1) with n = len(X) = {X.shape[0]}, got shape {y.shape}"
        )
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError(
            f"y must contain class labels 0, 1, 2, ... (non-negative integers), got {describe(y)}"
        )
    labels = y.astype(np.int64)
    _check_ax(ax)

    low, high = X.min(axis=0), X.max(axis=0)
    margin = 0.1 * (high - low) + 0.1
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], _GRID)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], _GRID)
    xx, yy = np.meshgrid(xs, ys)
    grid = np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)
    scores = real_array("predict's return value", predict(grid)).astype(np.float64)
    m = grid.shape[0]
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if scores.shape[:1] != (m,) or scores.ndim not in (1, 2):
        raise ValueError(
            f"predict must return shape (m,), (m, 1) or (m, k) for m = {m} grid points, "
            f"got shape {scores.shape}"
        )
    _finite("predict's return value", scores)
    binary = scores.ndim == 1
    predicted = (scores >= 0.5).astype(np.int64) if binary else np.argmax(scores, axis=1)
    n_classes = max(2 if binary else scores.shape[1], int(labels.max()) + 1)

    ax = _new_ax_if_none(ax)
    cmap = _class_colors(n_classes)
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(xx, yy, predicted.reshape(xx.shape), levels=levels, cmap=cmap, alpha=0.3)
    if binary and scores.min() < 0.5 < scores.max():
        ax.contour(xx, yy, scores.reshape(xx.shape), levels=[0.5], colors="k", linewidths=1)
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=labels,
        cmap=cmap,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        edgecolors="k",
        linewidths=0.5,
        s=20,
    )
    if n_classes <= 10:
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor=cmap(k),
                markeredgecolor="k",
                label=f"class {k}",
            )
            for k in np.unique(labels)
        ]
        # outside the axes, on the right: a legend inside could hide one of a few data points
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  borderaxespad=0.0, fontsize="small")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def _check_range(name, value):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a (low, high) pair of numbers, got {with_type(value)}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a (low, high) pair of numbers, got {describe(value)}")
    low = check_real(f"{name}[0]", value[0])
    high = check_real(f"{name}[1]", value[1])
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {describe(value)}")
    return low, high


def plot_loss_surface(loss, w_range, b_range, *, path=None, ax=None):
    """Contour plot of a loss over a weight w and a bias b, optionally with a descent path.

    Parameters
    ----------
    loss : callable
        Vectorized ``loss(W, B)``: W and B are float64 arrays of shape
        (150, 150) from ``np.meshgrid`` (W varies along columns, B along rows);
        it returns finite values of the same shape (an array-like or
        ``.numpy()`` object), one loss per (w, b) pair.
    w_range, b_range : (float, float)
        ``(low, high)`` with low < high, finite; also the axis limits.
    path : array-like of shape (k, 2) or None, keyword-only
        k >= 1 finite (w, b) points, e.g. the parameters after each step of
        gradient descent; drawn as a red line with a hollow circle at the start
        and a star at the end.
    ax : matplotlib.axes.Axes or None, keyword-only
        The axes to draw on; None makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Contour levels are log-spaced when the loss is positive and spans more
        than a factor of 100, else evenly spaced.
    """
    check_callable("loss", loss)
    w_low, w_high = _check_range("w_range", w_range)
    b_low, b_high = _check_range("b_range", b_range)
    if path is not None:
        path = _finite("path", real_array("path", path)).astype(np.float64)
        if path.ndim != 2 or path.shape[1] != 2 or path.shape[0] == 0:
            raise ValueError(f"path must have shape (k, 2) with k >= 1, got shape {path.shape}")
    _check_ax(ax)

    W, B = np.meshgrid(
        np.linspace(w_low, w_high, _SURFACE_GRID), np.linspace(b_low, b_high, _SURFACE_GRID)
    )
    Z = real_array("loss's return value", loss(W, B)).astype(np.float64)
    if Z.shape != W.shape:
        raise ValueError(
            f"loss must be vectorized: loss(W, B) with W, B of shape {W.shape} "
            f"must return that shape, got shape {Z.shape}"
        )
    _finite("loss's return value", Z)

    import matplotlib.colors

    ax = _new_ax_if_none(ax)
    z_min, z_max = float(Z.min()), float(Z.max())
    if z_max > z_min:
        if z_min > 0 and z_max / z_min > 100:
            levels = np.geomspace(z_min, z_max, 20)
            norm = matplotlib.colors.LogNorm(z_min, z_max)
        else:
            levels = np.linspace(z_min, z_max, 20)
            norm = None
        ax.contourf(W, B, Z, levels=levels, cmap="viridis", norm=norm, alpha=0.7)
        ax.contour(W, B, Z, levels=levels, colors="k", linewidths=0.4, alpha=0.5)
    if path is not None:
        ax.plot(
            path[:, 0], path[:, 1], "-o", color="tab:red", markersize=3, linewidth=1.2, label="path"
        )
        ax.plot(
            path[0, 0],
            path[0, 1],
            "o",
            markersize=9,
            markerfacecolor="white",
            markeredgecolor="tab:red",
            label="start",
        )
        ax.plot(
            path[-1, 0],
            path[-1, 1],
            "*",
            markersize=15,
            color="tab:red",
            markeredgecolor="k",
            label="end",
        )
        ax.legend(loc="best", fontsize="small")
    ax.set_xlim(w_low, w_high)
    ax.set_ylim(b_low, b_high)
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    return ax


def _positive_norms(name, values, layer_names):
    """values as float64 after checking every norm is > 0 and finite (errors name the layer)."""
    array = real_array(name, values)
    if array.dtype.kind == "b":
        raise TypeError(f"{name} must contain numbers, not booleans, got {describe(array)}")
    array = array.astype(np.float64)
    for layer, value in zip(layer_names, array, strict=True):
        if not (np.isfinite(value) and value > 0):
            raise ValueError(
                f"{name} must be positive and finite (a log scale cannot show it), "
                f"got {value!r} for layer {layer!r}"
            )
    return array


def plot_gradient_norms(norms, *, ax=None):
    """Plot the size of the gradient in each layer, input to output, on a log scale.

    Parameters
    ----------
    norms : dict or sequence
        One of: a dict ``{layer name: norm}``; a sequence (or 1-D array) of
        norms, layers then named 1..n; a dict ``{series label: sequence of
        norms}`` to overlay several runs, e.g. ``{"sigmoid": [...], "relu":
        [...]}``, x then being the layer number 1..n. Norms are real numbers (or
        ``.numpy()`` scalars) that must be > 0 and finite: a log scale cannot
        show zero, so zeros are rejected, not clipped.
    ax : matplotlib.axes.Axes or None, keyword-only
        The axes to draw on; None makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
    """
    series = []  # (label or None, layer names, values)
    if isinstance(norms, dict):
        if not norms:
            raise ValueError("norms must not be empty, got {}")
        values = {key: unwrap(value) for key, value in norms.items()}
        scalar = [np.ndim(value) == 0 for value in values.values()]
        if all(scalar):
            names = [str(key) for key in values]
            series.append((None, names, _positive_norms("norms", list(values.values()), names)))
        elif not any(scalar):
            for label, seq in values.items():
                seq = [unwrap(v) for v in seq] if isinstance(seq, (list, tuple)) else seq
                array = real_array(f"norms[{label!r}]", seq)
                if array.ndim != 1 or array.size == 0:
                    raise ValueError(
                        f"norms[{label!r}] must be a non-empty 1-D sequence, got {describe(array)}"
                    )
                names = [str(i) for i in range(1, array.size + 1)]
                series.append(
                    (str(label), names, _positive_norms(f"norms[{label!r}]", array, names))
                )
        else:
            raise ValueError(
                "norms must map every key to a number or every key to a sequence, "
                f"got {describe(norms)}"
            )
    elif isinstance(norms, (str, bytes)) or not hasattr(norms, "__iter__"):
        raise TypeError(f"norms must be a dict or a sequence of numbers, got {with_type(norms)}")
    else:
        array = real_array("norms", [unwrap(v) for v in norms])
        if array.ndim != 1 or array.size == 0:
            raise ValueError(
                f"norms must be a non-empty 1-D sequence of numbers, got {describe(array)}"
            )
        names = [str(i) for i in range(1, array.size + 1)]
        series.append((None, names, _positive_norms("norms", array, names)))
    _check_ax(ax)

    ax = _new_ax_if_none(ax)
    longest = max(series, key=lambda item: len(item[1]))[1]
    for label, _, values in series:
        ax.plot(np.arange(1, len(values) + 1), values, "o-", label=label)
    ax.set_xticks(np.arange(1, len(longest) + 1), longest)
    ax.set_yscale("log")
    ax.set_xlabel("layer (input → output)")
    ax.set_ylabel("gradient norm")
    if series[0][0] is not None:
        ax.legend()
    return ax
