"""Diagrams for the lessons: a network with its shapes, a computational graph, a flow chart.

Every function takes ``ax=None`` (keyword-only): given an Axes it draws there,
otherwise it makes a new figure sized to the drawing. It returns the Axes and
never calls ``plt.show()``. Text sizes are in points and every box is sized
from its text, so text always fits its box; anchors are spread to fill the
axes, and fonts shrink only when the axes are too small (with a warning below
70 %). Draw on axes of their final size: resizing the figure afterwards moves
the anchors but not the text. Artists carry a ``gid`` (for example
``"backward:x->a"``) by which a test can find them. matplotlib is imported only
when a function is called, and TensorFlow never.
"""

import math
import warnings

import numpy as np

from ._validate import check_int, check_real, describe, unwrap, with_type
from .plots import _check_ax

_RED, _BLUE, _GREEN = "tab:red", "tab:blue", "tab:green"
_INK = "0.15"  # forward arrows and ordinary text
_MARGIN = 8.0  # points of white space around a drawing
_MAX_FIGURE = (9.5 * 72, 7.0 * 72)  # a new figure is at most this big, in points
_MIN_FONT_SCALE = 0.7  # below this (7 pt for 10 pt text) a drawing is hard to read
_MAX_NEURONS_DRAWN = 10  # bigger layers are drawn as 4 + "⋮" + 4


# --- argument checks -----------------------------------------------------------------------


def _check_bool(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool, got {with_type(value)}")
    return bool(value)


def _check_text(name, value):
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {with_type(value)}")
    return value


def _check_number(name, value):
    """A finite real number (Python, NumPy, 0-d array or ``.numpy()`` scalar) as a float."""
    value = unwrap(value)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return check_real(name, value)


def _check_pair(name, value):
    """An (x, y) pair of finite numbers, as two floats."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a pair of numbers (x, y), got {with_type(value)}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a pair of numbers (x, y), got {describe(value)}")
    return _check_number(f"{name}[0]", value[0]), _check_number(f"{name}[1]", value[1])


def _check_color(name, value):
    from matplotlib.colors import is_color_like

    if not isinstance(value, (str, tuple)):
        raise TypeError(
            f"{name} must be a matplotlib colour like 'tab:red', got {with_type(value)}"
        )
    if not is_color_like(value):
        raise ValueError(f"{name} must be a matplotlib colour like 'tab:red', got {value!r}")
    return value


def _check_specs(name, specs, keys, example):
    """A non-empty dict {str: dict} whose inner dicts use only ``keys``."""
    if not isinstance(specs, dict):
        raise TypeError(f"{name} must be a dict {{name: {example}}}, got {with_type(specs)}")
    if not specs:
        raise ValueError(f"{name} must not be empty, got {{}}")
    for key, spec in specs.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"{name} keys must be non-empty str, got {with_type(key)}")
        if not isinstance(spec, dict):
            raise TypeError(f"{name}[{key!r}] must be a dict like {example}, got {with_type(spec)}")
        unknown = sorted(set(spec) - set(keys), key=str)
        if unknown:
            raise ValueError(
                f"{name}[{key!r}] has an unknown key {unknown[0]!r}; the keys are {', '.join(keys)}"
            )
    return specs


def _check_links(name, links, form, known):
    """A list of tuples (src, dst, ...) of 2 to 4 items whose first two are names in ``known``."""
    if not isinstance(links, (list, tuple)):
        raise TypeError(f"{name} must be a list of {form}, got {with_type(links)}")
    for k, link in enumerate(links):
        if not isinstance(link, (list, tuple)):
            raise TypeError(f"{name}[{k}] must be a tuple {form}, got {with_type(link)}")
        if not 2 <= len(link) <= 4:
            raise ValueError(f"{name}[{k}] must be a tuple {form}, got {describe(link)}")
        for i in (0, 1):
            _check_name(f"{name}[{k}][{i}]", link[i], known)
        if link[0] == link[1]:
            raise ValueError(f"{name}[{k}] goes from {link[0]!r} to itself, got {describe(link)}")
    return links


def _check_name(name, value, known):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name (str), got {with_type(value)}")
    if value not in known:
        raise ValueError(f"{name} is an unknown name {value!r}; the names are {sorted(known)}")
    return value


# --- geometry and the scene every diagram is built as --------------------------------------


def _number(value):
    """A value as printed on a diagram: 2 decimals, a true minus sign, no "-0.00"."""
    if value != 0 and not 0.005 <= abs(value) < 1e5:
        text = f"{value:.2g}"
    else:
        text = f"{value:.2f}" if round(value, 2) != 0 else "0.00"
    return text.replace("-", "−")


def _text_size(text, size):
    """Width and height in points of ``text`` (lines split on "\\n") at ``size`` points.

    The width is the larger of Agg's at 72 and at 100 dpi (hinting changes it by a few %).
    """
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    font, lines = FontProperties(size=size), text.split("\n")
    renderers = [(RendererAgg(1, 1, dpi), dpi) for dpi in (72, 100)]
    width = max(
        r.get_text_width_height_descent(line or " ", font, ismath=False)[0] * 72 / dpi
        for line in lines
        for r, dpi in renderers
    )
    return width, 1.2 * size * len(lines)


def _unit(vector):
    length = math.hypot(*vector)
    return (vector[0] / length, vector[1] / length) if length else (1.0, 0.0)


def _border(w, h, u, kind="rect"):
    """Distance from the centre of a w x h shape to its border in the direction u (unit vector)."""
    ux, uy = abs(u[0]) / (w / 2), abs(u[1]) / (h / 2)
    return 1 / (ux + uy) if kind == "diamond" else 1 / max(ux, uy)


def _grid_steps(centers, dims, links, gap):
    """Smallest grid steps (sx, sy), in points per grid unit, that keep boxes apart.

    centers: {key: (x, y)} in grid units; dims: {key: (w, h)} in points; links:
    [(a, b, length)], an arrow from a to b that needs ``length`` points between
    the borders; gap: the least white space (gx, gy) between two boxes. A pair
    is pushed apart along the axis on which it differs most; a pair still too
    close, or a link too short, along the axis that costs least.
    """
    keys = list(centers)
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    sx = sy = 30.0

    def need(a, b):
        dx, dy = (abs(centers[a][i] - centers[b][i]) for i in (0, 1))
        wx, wy = ((dims[a][i] + dims[b][i]) / 2 + gap[i] for i in (0, 1))
        return dx, dy, wx, wy

    for a, b in pairs:
        dx, dy, wx, wy = need(a, b)
        if dx >= dy and dx > 0:
            sx = max(sx, wx / dx)
        elif dy > dx:
            sy = max(sy, wy / dy)
    for _ in range(100):
        moved = False
        for a, b in pairs:
            dx, dy, wx, wy = need(a, b)
            if dx * sx < wx - 1e-6 and dy * sy < wy - 1e-6:
                fx, fy = (wx / (dx * sx) if dx else math.inf), (wy / (dy * sy) if dy else math.inf)
                sx, sy = (sx * fx, sy) if fx <= fy else (sx, sy * fy)
                moved = True
        for a, b, length in links:
            vx, vy = ((centers[b][i] - centers[a][i]) * s for i, s in ((0, sx), (1, sy)))
            ends = _border(*dims[a], _unit((vx, vy))) + _border(*dims[b], _unit((vx, vy)))
            if math.hypot(vx, vy) < ends + length - 1e-6:
                factor = min(1.5, (ends + length) / max(math.hypot(vx, vy), 1e-9))
                sx, sy = (sx * factor, sy) if abs(vx) >= abs(vy) else (sx, sy * factor)
                moved = True
        if not moved:
            break
    return sx, sy


class _Scene:
    """A drawing whose anchors are in grid units and whose sizes are in points.

    ``sx`` and ``sy`` are the smallest grid steps (points per grid unit) at which
    nothing overlaps. ``draw`` picks the final steps, a scale ``g`` for sizes
    (shapes, offsets, arrow heads) and a scale ``f <= g`` for fonts to suit the
    axes, then renders. A text is anchored at a grid point, or on an arrow
    (``on=``): half-way along the part between its boxes, or at the top of its
    bend, found with the final steps.
    """

    def __init__(self):
        self.sx = self.sy = 1.0
        self.shapes = {}  # key: dict(x, y, w, h, kind, style)
        self.texts = []  # dicts: x, y, on, s, dx, dy, size, w, h, ha, va, style
        self.segments = []  # thin grey lines between grid points
        self.arrows = []  # dicts: a, b, box_a, box_b, offset, rad, style

    def shape(self, key, xy, wh, kind="round", *, holds_text=True, **style):
        """Add a shape; one that ``holds_text`` grows with the fonts, others with the drawing."""
        record = dict(x=xy[0], y=xy[1], w=wh[0], h=wh[1], kind=kind, style=style)
        self.shapes[key] = record | {"holds_text": holds_text}

    @staticmethod
    def _size(shape, g, f):
        """A shape's width and height in points, for size scale g and font scale f."""
        scale = f if shape["holds_text"] else g
        return shape["w"] * scale, shape["h"] * scale

    def text(self, xy, s, *, on=None, frame=None, dx=0.0, dy=0.0, size=10.0, **style):
        """Add a text; returns its record, with its width and height in points.

        ``frame=(key, style)`` adds a rounded shape 0.3 em around the text, a shape
        arrows can end on; ``bbox`` in ``style`` draws matplotlib's text box instead.
        Alignment is ``ha``, ``va`` in ``style`` (default: centred).
        """
        w, h = _text_size(s, size)
        pad = 2 * (style["bbox"]["pad"] if "bbox" in style else 0.3 if frame else 0.0) * size
        ha, va = style.pop("ha", "center"), style.pop("va", "center")
        x, y = xy or (0.0, 0.0)
        record = dict(x=x, y=y, on=on, s=s, dx=dx, dy=dy, size=size, w=w + pad, h=h + pad)
        self.texts.append(record | {"ha": ha, "va": va, "style": style})
        if frame is not None:
            self.shape(frame[0], xy, (w + pad, h + pad), "round", **frame[1])
        return record

    def arrow(self, a, b, *, box_a=None, box_b=None, offset=(0.0, 0.0), rad=0.0, **style):
        """Add an arrow from grid point a to b, clipped to the borders of shapes box_a, box_b.

        ``offset`` (points) shifts the whole arrow; ``rad`` bends it (matplotlib's arc3);
        ``corner=True`` draws an L: down from a, then across into b.
        """
        record = dict(a=a, b=b, box_a=box_a, box_b=box_b, offset=offset, rad=rad, style=style)
        self.arrows.append(record)
        return record

    def _middle(self, arrow, sx, sy, g, f):
        """The middle of an arrow in points: at the top of its bend, or between its boxes."""
        pa, pb = (arrow["a"][0] * sx, arrow["a"][1] * sy), (arrow["b"][0] * sx, arrow["b"][1] * sy)
        rad = arrow["rad"]
        if arrow["style"].get("corner"):
            return pa[0], pb[1]
        if rad:
            return (
                (pa[0] + pb[0]) / 2 + rad / 2 * (pb[1] - pa[1]),
                (pa[1] + pb[1]) / 2 - rad / 2 * (pb[0] - pa[0]),
            )
        u = _unit((pb[0] - pa[0], pb[1] - pa[1]))
        length = math.hypot(pb[0] - pa[0], pb[1] - pa[1]) or 1.0
        ends = []
        for key, direction in ((arrow["box_a"], u), (arrow["box_b"], (-u[0], -u[1]))):
            s = self.shapes.get(key)
            ends.append(_border(*self._size(s, g, f), direction, s["kind"]) if s else 0.0)
        t = (ends[0] + length - ends[1]) / 2 / length
        return pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])

    def _anchor(self, text, sx, sy, g, f):
        """A text's anchor in grid units."""
        if text["on"] is None:
            return text["x"], text["y"]
        x, y = self._middle(text["on"], sx, sy, g, f)
        return (x + text["on"]["offset"][0] * g) / sx, (y + text["on"]["offset"][1] * g) / sy

    def extents(self, sx, sy, g, f):
        """(left, right, bottom, top) of everything, in points from the grid origin."""
        xs, ys = [], []
        for s in self.shapes.values():
            w, h = self._size(s, g, f)
            xs += [s["x"] * sx - w / 2, s["x"] * sx + w / 2]
            ys += [s["y"] * sy - h / 2, s["y"] * sy + h / 2]
        for t in self.texts:
            x, y = self._anchor(t, sx, sy, g, f)
            x, y, w, h = x * sx + t["dx"] * g, y * sy + t["dy"] * g, t["w"] * f, t["h"] * f
            x0 = {"left": x, "center": x - w / 2, "right": x - w}[t["ha"]]
            y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[t["va"]]
            xs += [x0, x0 + w]
            ys += [y0, y0 + h]
        for segment in self.segments:
            xs += [x * sx for x, _ in segment]
            ys += [y * sy for _, y in segment]
        for a in self.arrows:
            (ox, oy), middle = a["offset"], self._middle(a, sx, sy, g, f)
            for x, y in (a["a"], a["b"]):
                xs.append(x * sx + ox * g)
                ys.append(y * sy + oy * g)
            xs.append(middle[0] + ox * g)
            ys.append(middle[1] + oy * g)
        return min(xs), max(xs), min(ys), max(ys)

    def render(self, ax, sx, sy, g, f):
        from matplotlib.collections import LineCollection
        from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon
        from matplotlib.transforms import Affine2D, ScaledTranslation

        fig, patches = ax.figure, {}
        for key, s in self.shapes.items():
            # Drawn in points (times g) around an anchor in data coordinates.
            place = Affine2D().scale(self._size(s, g, f)[0] / s["w"] / 72) + fig.dpi_scale_trans
            place += ScaledTranslation(s["x"], s["y"], ax.transData)
            style = {"facecolor": "white", "edgecolor": "k", "linewidth": 1.0, "zorder": 2}
            style |= s["style"] | {"transform": place}
            w, h, kind = s["w"] / 2, s["h"] / 2, s["kind"]
            if kind == "circle":
                patch = Circle((0, 0), w, **style)
            elif kind == "diamond":
                patch = Polygon([(-w, 0), (0, h), (w, 0), (0, -h)], **style)
            elif kind == "slanted":
                k = h / 1.5
                patch = Polygon([(k - w, h), (w, h), (w - k, -h), (-w, -h)], **style)
            else:
                rounding = {"round": min(6.0, h / 1.5), "terminal": h}.get(kind, 0.0)
                box = f"round,pad=0,rounding_size={rounding}" if rounding else "square,pad=0"
                patch = FancyBboxPatch((-w, -h), 2 * w, 2 * h, boxstyle=box, **style)
            patches[key] = ax.add_patch(patch)
        if self.segments:
            ax.add_collection(LineCollection(self.segments, colors="0.6", linewidths=0.6))
        for t in self.texts:
            ax.annotate(
                t["s"],
                xy=self._anchor(t, sx, sy, g, f),
                xytext=(t["dx"] * g, t["dy"] * g),
                textcoords="offset points",
                fontsize=t["size"] * f,
                ha=t["ha"],
                va=t["va"],
                annotation_clip=False,
                **{"zorder": 4, "color": _INK} | t["style"],
            )
        for a in self.arrows:
            style = {"color": _INK, "linewidth": 1.3, "zorder": 3, "head": 11} | a["style"]
            (ox, oy), corner = a["offset"], style.pop("corner", False)
            shift = ScaledTranslation(ox * g / 72, oy * g / 72, fig.dpi_scale_trans)
            ax.add_patch(
                FancyArrowPatch(
                    a["a"],
                    a["b"],
                    patchA=patches.get(a["box_a"]),
                    patchB=patches.get(a["box_b"]),
                    shrinkA=style.pop("shrink_a", 0.5) * g,
                    shrinkB=style.pop("shrink_b", 0.5) * g,
                    transform=ax.transData + shift,
                    arrowstyle="-|>",
                    mutation_scale=style.pop("head") * min(g, 1.4),
                    connectionstyle=(
                        "angle,angleA=90,angleB=0,rad=6" if corner else f"arc3,rad={a['rad']}"
                    ),
                    **style,
                )
            )

    def draw(self, ax, title, *, grow):
        """Fit the scene to ``ax`` (or to a new figure when ax is None), draw it, return ax.

        ``grow``: True lets the whole drawing (shapes, offsets, arrow heads) scale up
        to fill big axes, with fonts growing at most 20 %; False keeps shapes snug
        around their text and only spreads the anchors, to at most 1.6 times apart.
        """
        anchors = [(s["x"], s["y"]) for s in self.shapes.values()]
        spans = [max(p[i] for p in anchors) - min(p[i] for p in anchors) for i in (0, 1)]
        left, right, bottom, top = self.extents(self.sx, self.sy, 1.0, 1.0)
        need_w, need_h = right - left + 2 * _MARGIN, top - bottom + 2 * _MARGIN
        if ax is None:
            import matplotlib.pyplot as plt

            shrink = min(1.0, _MAX_FIGURE[0] / need_w, _MAX_FIGURE[1] / need_h)
            width, height, title_h = need_w * shrink, need_h * shrink, 28.0 if title else 0.0
            fig = plt.figure(figsize=(width / 72, (height + title_h) / 72))
            ax = fig.add_axes((0, 0, 1, height / (height + title_h)))
        box = ax.get_position()
        width = box.width * ax.figure.get_figwidth() * 72
        height = box.height * ax.figure.get_figheight() * 72
        fit = min(width / need_w, height / need_h)
        if fit < 1:
            g = f = fit
            sx, sy = self.sx * fit, self.sy * fit
        elif grow:
            g, f = min(fit, 2.5), min(fit, 1.2)
            sx, sy = self.sx * g, self.sy * g
        else:
            g = f = 1.0
            sx = min(1.6 * self.sx, self.sx + (width - need_w) / spans[0]) if spans[0] else self.sx
            sy = min(1.6 * self.sy, self.sy + (height - need_h) / spans[1]) if spans[1] else self.sy
        if f < _MIN_FONT_SCALE:
            warnings.warn(
                f"ax is too small for this diagram ({width / 72:.1f} x {height / 72:.1f} inches), "
                f"so its text is shrunk to {f:.0%}; give it at least "
                f"{need_w * _MIN_FONT_SCALE / 72:.1f} x {need_h * _MIN_FONT_SCALE / 72:.1f} inches",
                stacklevel=3,
            )
        left, right, bottom, top = self.extents(sx, sy, g, f)
        cx, cy = (left + right) / 2, (bottom + top) / 2
        ax.set_xlim((cx - width / 2) / sx, (cx + width / 2) / sx)
        ax.set_ylim((cy - height / 2) / sy, (cy + height / 2) / sy)
        ax.set_axis_off()
        self.render(ax, sx, sy, g, f)
        if title is not None:
            ax.set_title(title)
        return ax


# --- draw_network --------------------------------------------------------------------------


def draw_network(layer_sizes, *, ax=None, steps=False, shapes=False, backward=False):
    """Diagram of a fully connected network with the forward and backward passes.

    Neurons are circles in columns (input on the left), connections thin grey
    lines; a blue arrow above shows the forward pass and red arrows below run
    right to left for the backward pass, starting from a loss box after the
    output layer. Layers with more than 10 neurons are drawn as 4 + "⋮" + 4,
    labelled with their true size. Layers are numbered as in the lessons: the
    input is ``X``, layer ``l`` computes ``Zl = A(l-1)·Wl + bl`` and ``Al = f(Zl)``.

    Parameters
    ----------
    layer_sizes : sequence of int
        List, tuple or 1-D array of at least 2 positive ints, input layer first,
        e.g. ``[2, 8, 1]``.
    ax : matplotlib.axes.Axes or None, keyword-only
        Axes to draw on; None makes a new figure sized to the drawing.
    steps : bool, keyword-only
        True numbers the four steps of training on the figure (1 forward,
        2 loss, 3 backward, 4 update).
    shapes : bool, keyword-only
        True labels each weight matrix and bias with its shape between its two
        layers (``W1: 2×8``, ``b1: 8``) and each layer's activations with their
        batch shape under the layer (``X: n×2``, ``Z1: n×8``, ``A1: n×8``,
        ``Z2: n×1``; ``n`` is the number of rows in a batch).
    backward : bool, keyword-only
        True replaces the generic backward arcs by red arrows labelled with the
        adjoints in the course notation: ``dZ2 = ∂L/∂Z2`` at the output,
        ``dA1 = dZ2·W2ᵀ`` passed back through ``W2``, ``dZ1 = dA1 ⊙ f′(Z1)`` at a
        hidden layer, and under each weight matrix its gradients
        (``dW1 = Xᵀ·dZ1``, ``db1 = Σ dZ1``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, axis turned off. Neurons carry the gid ``"neuron:i"``
        (layer i), shape labels ``"shape:W1"`` and ``"shape:X"``, the backward
        arrows ``"backward:..."``.
    """
    if isinstance(layer_sizes, (str, bytes, dict)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(
            f"layer_sizes must be a sequence of positive ints, got {with_type(layer_sizes)}"
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            "layer_sizes must have at least 2 layers (input and output), "
            f"got {describe(layer_sizes)}"
        )
    sizes = [check_int(f"layer_sizes[{i}]", size, minimum=1) for i, size in enumerate(layer_sizes)]
    flags = [
        _check_bool(name, value)
        for name, value in (("steps", steps), ("shapes", shapes), ("backward", backward))
    ]
    _check_ax(ax)
    return _network_scene(sizes, *flags).draw(ax, None, grow=True)


def _neuron_rows(size):
    """Heights of the circles for a layer of ``size`` neurons, and the height of a "⋮" or None."""
    if size <= _MAX_NEURONS_DRAWN:
        return [(size - 1) / 2 - k for k in range(size)], None
    return [4.0, 3.0, 2.0, 1.0, -1.0, -2.0, -3.0, -4.0], 0.0  # 4 circles, "⋮", 4 circles


def _network_texts(sizes):
    """Per layer 0..L: names, weight shapes, activation shapes, adjoints, dA passed back, dW."""
    last = len(sizes) - 1
    layers = range(1, last + 1)
    names = ["input"] + [f"hidden {i}" for i in range(1, last)] + ["output"]
    names = [f"{name}\n({size})" for name, size in zip(names, sizes, strict=True)]
    weights = [""] + [f"W{i}: {sizes[i - 1]}×{sizes[i]}\nb{i}: {sizes[i]}" for i in layers]
    activations = [f"X: n×{sizes[0]}"] + [f"Z{i}: n×{sizes[i]}\nA{i}: n×{sizes[i]}" for i in layers]
    activations[last] = f"Z{last}: n×{sizes[last]}"
    adjoints = [""] + [f"dZ{i} = dA{i} ⊙ f′(Z{i})" for i in layers]
    adjoints[last] = f"dZ{last} = ∂L/∂Z{last}"
    passed = ["", ""] + [f"dA{i - 1} = dZ{i}·W{i}ᵀ" for i in range(2, last + 1)]
    grads = [""] + [
        f"dW{i} = {'X' if i == 1 else f'A{i - 1}'}ᵀ·dZ{i}\ndb{i} = Σ dZ{i}" for i in layers
    ]
    return names, weights, activations, adjoints, passed, grads


def _network_scene(sizes, steps, shapes, backward):
    """draw_network's drawing: x is the layer number, y counts neurons (24 points apart)."""
    scene, pitch, radius = _Scene(), 24.0, 7.2
    rows = [_neuron_rows(size) for size in sizes]
    tops = [heights[0] for heights, _ in rows]
    half, last = max(tops), len(sizes) - 1
    x_loss = last + 0.8
    fills = ["#cfe2f3"] + ["#d9ead3"] * (last - 1) + ["#f4cccc"]
    number = {step: f"{step}  " if steps else "" for step in (1, 2, 3)}
    names, weights, activations, adjoints, passed, grads = _network_texts(sizes)
    grey_tag = {"boxstyle": "round", "facecolor": "0.95", "edgecolor": "0.65", "pad": 0.25}
    red_tag = {"facecolor": "white", "edgecolor": _RED, "zorder": 4}
    red_arrow = {"color": _RED, "linewidth": 1.5}
    plain = {"shrink_a": 0, "shrink_b": 0}  # arrows between points, not boxes

    def below(points):  # a height ``points`` under the lowest neuron, in grid units
        return -half - (radius + points) / pitch

    def width(text, size=9):
        return _text_size(text, size)[0] if text else 0.0

    # Columns apart by the old rule, or more so that neighbouring labels fit.
    gap = max(2.5, 0.55 * (2 * half + 1)) * pitch
    for i in range(1, last + 1):
        if shapes:  # a weight tag sits between the names of the taller of its two layers
            taller = max(width(names[j]) for j in (i - 1, i) if tops[j] == max(tops[i - 1 : i + 1]))
            gap = max(gap, width(weights[i]) + taller + 22)
            gap = max(gap, (width(activations[i - 1]) + width(activations[i])) / 2 + 20)
        if backward:
            tags = width(adjoints[i - 1], 9.5) + width(adjoints[i], 9.5) + 14
            gap = max(gap, tags / 2 + max(width(passed[i]), width(grads[i]), 40) + 20)
    scene.sx, scene.sy = gap, pitch

    # Neurons, layer names, connections, the loss box.
    for i, (heights, dots) in enumerate(rows):
        for k, h in enumerate(heights):
            style = {"facecolor": fills[i], "zorder": 3, "gid": f"neuron:{i}", "holds_text": False}
            scene.shape(f"neuron {i} {k}", (i, h), (2 * radius, 2 * radius), "circle", **style)
        if dots is not None:
            scene.text((i, dots), "⋮", size=14)
        scene.text((i, tops[i]), names[i], dy=radius + 3, va="bottom", size=9)
        if i < last:
            scene.segments += [[(i, h1), (i + 1, h2)] for h1 in heights for h2 in rows[i + 1][0]]
    frame = ("loss", {"facecolor": "#fff2cc", "zorder": 4, "gid": "loss"})
    loss = scene.text((x_loss, 0), f"{number[2]}loss\nL(ŷ, y)", frame=frame, zorder=5)
    style = {"color": "0.4", "linewidth": 1.0, "head": 10, "gid": "forward:output->loss"}
    scene.arrow((last, 0), (x_loss, 0), box_b="loss", shrink_a=radius + 1, **style)

    # The forward pass above; with shapes, a tag with W and b between two layer names.
    y_top = half + (radius + 3 + 2 * 1.2 * 9 + (4.5 if shapes else 0) + 14) / pitch
    forward = "forward: Z = A·W + b, then A = f(Z)" if shapes else "forward: a = σ(Wx + b)"
    style = {"color": _BLUE, "linewidth": 2, "head": 12, "gid": "forward:pass"}
    scene.arrow((0, y_top), (last, y_top), **plain, **style)
    scene.text((last / 2, y_top), number[1] + forward, dy=6, va="bottom", size=11, color=_BLUE)
    used = 6.0  # points used under the lowest neuron
    if shapes:
        for i in range(1, last + 1):
            style = {"dy": radius + 5.25, "va": "bottom", "size": 9, "bbox": grey_tag}
            scene.text((i - 0.5, max(tops[i - 1 : i + 1])), weights[i], gid=f"shape:W{i}", **style)
        for i, text in enumerate(activations):
            scene.text((i, below(used)), text, va="top", size=9, gid=f"shape:{text[0]}{i or ''}")
        style = {"dy": loss["h"] / 2 + 3, "va": "bottom", "size": 9, "gid": "shape:L"}
        scene.text((x_loss, 0), "L: scalar", **style)
        used += 1.2 * 9 * 2 + 8

    # The backward pass below: labelled arrows from tag to tag, or the generic arcs.
    if backward:
        y_row = below(used + 4 + 1.2 * 9 + 10)
        for i in range(1, last + 1):
            style = {"size": 9.5, "color": _RED, "zorder": 5, "gid": f"adjoint:{i}"}
            scene.text((i, y_row), adjoints[i], frame=(f"adjoint {i}", red_tag), **style)
        ends = {"box_a": "loss", "box_b": f"adjoint {last}", "corner": True}
        scene.arrow((x_loss, 0), (last, y_row), gid="backward:loss", **ends, **red_arrow)
        for i in range(last, 0, -1):
            ends = {"box_a": f"adjoint {i}"}
            ends |= {"box_b": f"adjoint {i - 1}"} if i > 1 else {"shrink_b": 0}
            gid = f"backward:{i}->{i - 1}"
            arrow = scene.arrow((i, y_row), (i - 1, y_row), gid=gid, **ends, **red_arrow)
            if passed[i]:
                style = {"dy": 4, "va": "bottom", "size": 9, "color": _RED, "gid": f"passed:{i}"}
                scene.text(None, passed[i], on=arrow, **style)
            style = {"dy": -5, "va": "top", "size": 9, "color": "#a01c1c", "gid": f"grad:W{i}"}
            scene.text(None, grads[i], on=arrow, **style)
        used += 4 + 1.2 * 9 + 10 + 5 + 2 * 1.2 * 9 + 12
        caption = f"{number[3]}backward: the adjoints flow right to left"
    else:
        y_arcs = below(used + 2)
        stops = list(range(last + 1)) + [x_loss]
        for right, left in zip(stops[:0:-1], stops[-2::-1], strict=True):
            style = {"rad": -0.3, "head": 14, "gid": f"backward:{right}->{left}"}
            scene.arrow((right, y_arcs), (left, y_arcs), **plain, **style, **red_arrow)
        used += 2 + 0.15 * gap + 12  # the arcs bulge down by 0.15 of their length
        caption = f"{number[3]}backward: chain rule  ∂L/∂a, ∂L/∂W"
    scene.text((x_loss / 2, below(used)), caption, va="top", size=11, color=_RED)
    if steps:
        update = "4  update: W ← W − η · ∂L/∂W"
        scene.text((x_loss / 2, below(used + 23)), update, va="top", size=11, color=_GREEN)
    return scene


# --- draw_graph ----------------------------------------------------------------------------

_NODE_KEYS = ("value", "grad", "op", "expr", "pos")
_PRODUCT = {"×", "*", "·"}  # drawn as "x·y", the course's product sign
_INFIX = {"+": " + ", "-": " − ", "−": " − ", "/": " / ", "÷": " ÷ "}
_POSTFIX = {"²", "³", "ᵀ"}
_EDGE_FORM = "(src, dst[, label[, local]])"


def draw_graph(nodes, edges, *, ax=None, backward=True, cut=(), title=None):
    """Draw a computational graph with forward values and backward gradients (micrograd, CS231n).

    Each node is a box with its name and operation (``a = x·y``), its forward
    value (``value 3.00``) and, when given, its adjoint ``∂L/∂a`` in red
    (``grad −1.50``). Black arrows run forward, left to right. With
    ``backward=True`` a red arrow runs back along every edge, labelled with the
    edge's local derivative; a node used twice gets two red arrows, and when the
    local derivatives are numbers its adjoint is shown as the sum of the two
    contributions (``x̄ = −2.00 + 0.18``). An edge in ``cut`` (a
    ``tf.stop_gradient``) gets a ✂ and no red arrow. Inputs sit on the left, the
    loss on the right: a node's column is one left of its first use, its row
    near the rows of the nodes that use it, and an edge bends round any box in
    its way.

    Parameters
    ----------
    nodes : dict of str to dict
        ``{name: spec}``, e.g. ``{"x": dict(value=1.5, grad=-1.82),
        "a": dict(op="×", value=-3.0, grad=1.0)}``. Every spec key is optional:

        - ``value``, ``grad`` : finite real numbers (or ``.numpy()`` scalars);
        - ``op`` : str, the operation. ``"×"``, ``"*"`` or ``"·"`` give ``a = x·y``;
          ``"+"``, ``"-"`` or ``"/"`` join the inputs (``z = m + b``); ``"²"`` gives
          ``L = r²``; any other text is a function (``"tanh"``: ``t = tanh(x)``).
          Inputs are in the order of ``edges``; a node with an op needs an input;
        - ``expr`` : str, the right-hand side written out, instead of ``op``;
        - ``pos`` : ``(col, row)``, two numbers placing the node by hand (columns
          grow to the right, rows downwards); other nodes are placed automatically.
    edges : list of tuple
        ``(src, dst)``, ``(src, dst, label)`` or ``(src, dst, label, local)``:
        ``src`` is an input of ``dst``; ``label`` (str or None) is written by the
        red arrow, e.g. ``"∂a/∂x = y"``; ``local`` (a finite number or None) is
        the value of ``∂dst/∂src``, written ``∂a/∂x = −2.00`` if there is no
        label. When ``local`` is given and ``dst`` has a ``grad``, the edge
        contributes ``local × grad[dst]`` to ``grad[src]``; when all of a node's
        contributions are known and it has a ``grad``, they must add up to it
        (relative tolerance 1e-4). No edge may repeat, and edges form no cycle.
    ax : matplotlib.axes.Axes or None, keyword-only
        Axes to draw on; None makes a new figure sized to the graph.
    backward : bool, keyword-only
        True (the default) draws the red backward arrows, their labels, the
        fan-out sums and a key under the graph.
    cut : sequence of (str, str), keyword-only
        Edges ``(src, dst)`` cut by ``tf.stop_gradient``; one pair may be given alone.
    title : str or None, keyword-only
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, axis turned off. Artists carry gids: ``"node:x"``,
        ``"forward:x->a"``, ``"backward:x->a"``, ``"cut:x->a"``, ``"value:x"``,
        ``"grad:x"``, ``"sum:x"``, ``"label:x->a"``.
    """
    specs = _check_specs("nodes", nodes, _NODE_KEYS, "dict(value=1.5, grad=-4.2)")
    specs = {name: _node_spec(f"nodes[{name!r}]", spec) for name, spec in specs.items()}
    edges = _check_edges(edges, specs)
    cuts = _check_cut(cut, edges, specs)
    backward = _check_bool("backward", backward)
    title = _check_text("title", title)
    _check_ax(ax)
    order = _topological_order(specs, edges)
    inputs = {n: [s for s, d, _, _ in edges if d == n] for n in order}
    for name in order:
        if specs[name]["op"] is not None and not inputs[name]:
            raise ValueError(
                f"nodes[{name!r}] has op {specs[name]['op']!r} but no edge into it; "
                "an input has no op"
            )
    col, row = _graph_layout(specs, edges, order)
    labels, terms = {}, {n: [] for n in order}
    for src, dst, label, local in edges:
        labels[src, dst] = (
            label if label is not None or local is None else (f"∂{dst}/∂{src} = {_number(local)}")
        )
        if (src, dst) not in cuts:
            grad = specs[dst]["grad"]
            terms[src].append(None if local is None or grad is None else local * grad)
    for name in order:  # a node's adjoint is the sum of what its uses send back
        known, grad = terms[name], specs[name]["grad"]
        if known and None not in known and grad is not None:
            total = math.fsum(known)
            if not math.isclose(grad, total, rel_tol=1e-4, abs_tol=1e-6):
                raise ValueError(
                    f"nodes[{name!r}]['grad'] is {grad!r}, but its edges send back local "
                    f"derivative × grad = {' + '.join(f'{t:.6g}' for t in known)} = {total:.6g}"
                )
        terms[name] = known if backward and None not in known else []
    scene = _graph_scene(specs, edges, cuts, labels, terms, (col, row), inputs, backward)
    return scene.draw(ax, title, grow=False)


def _node_spec(where, spec):
    """A node's spec with every key present (None when not given) and checked."""
    numbers = {
        key: None if spec.get(key) is None else _check_number(f"{where}[{key!r}]", spec[key])
        for key in ("value", "grad")
    }
    texts = {key: _check_text(f"{where}[{key!r}]", spec.get(key)) for key in ("op", "expr")}
    pos = None if spec.get("pos") is None else _check_pair(f"{where}['pos']", spec["pos"])
    return numbers | texts | {"pos": pos}


def _check_edges(edges, specs):
    """[(src, dst, label or None, local derivative or None)], every item checked."""
    seen, checked = set(), []
    for k, edge in enumerate(_check_links("edges", edges, _EDGE_FORM, specs)):
        src, dst = edge[0], edge[1]
        if (src, dst) in seen:
            raise ValueError(f"edges[{k}] repeats the edge {(src, dst)!r}; for x·x use op '²'")
        seen.add((src, dst))
        label = _check_text(f"edges[{k}][2]", edge[2]) if len(edge) > 2 else None
        local = edge[3] if len(edge) > 3 else None
        local = None if local is None else _check_number(f"edges[{k}][3]", local)
        checked.append((src, dst, label, local))
    return checked


def _check_cut(cut, edges, specs):
    """The set of cut edges (src, dst); a single pair may be given without the outer list."""
    if not isinstance(cut, (list, tuple, set, frozenset)):
        raise TypeError(f"cut must be a list of edges (src, dst), got {with_type(cut)}")
    pairs = [cut] if len(cut) == 2 and all(isinstance(c, str) for c in cut) else list(cut)
    known = {(src, dst) for src, dst, _, _ in edges}
    for k, pair in enumerate(pairs):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"cut[{k}] must be an edge (src, dst), got {with_type(pair)}")
        for i in (0, 1):
            _check_name(f"cut[{k}][{i}]", pair[i], specs)
        if tuple(pair) not in known:
            raise ValueError(f"cut[{k}] must be one of the edges, got {tuple(pair)!r}")
    return {tuple(pair) for pair in pairs}


def _topological_order(specs, edges):
    """Node names, each after all its inputs (ties in the order of ``nodes``); raises on a cycle."""
    order, done = [], set()
    while len(order) < len(specs):
        ready = [
            n for n in specs if n not in done and all(s in done for s, d, _, _ in edges if d == n)
        ]
        if not ready:
            stuck = [n for n in specs if n not in done]
            raise ValueError(f"edges must not form a cycle, got one through some of {stuck}")
        order.append(ready[0])
        done.add(ready[0])
    return order


def _graph_layout(specs, edges, order):
    """Column and row of each node: inputs as late as their first use, rows near their users."""
    users = {n: [d for s, d, _, _ in edges if s == n] for n in order}
    col = {}
    for n in order:  # as soon as its inputs allow, then pulled right up to its first use
        col[n] = max((col[s] + 1 for s, d, _, _ in edges if d == n), default=0)
    for n in reversed(order):
        if users[n]:
            col[n] = min(col[u] for u in users[n]) - 1
    row = {n: specs[n]["pos"][1] for n in order if specs[n]["pos"] is not None}
    col |= {n: specs[n]["pos"][0] for n in row}
    # Ties go in the order of the edges: the inputs of a = x·y are x above y.
    first_use = {n: min((k for k, (s, *_) in enumerate(edges) if s == n), default=0) for n in order}
    rank = {n: (first_use[n], k) for k, n in enumerate(order)}
    for c in sorted(set(col.values()), reverse=True):  # right to left: users have rows
        free = [n for n in order if col[n] == c and n not in row]
        wanted = {n: np.mean([row[u] for u in users[n] if u in row] or [math.inf]) for n in free}
        free.sort(key=lambda n: (wanted[n], rank[n]))
        placed = []  # one row apart at least, then shifted to sit on average where wanted
        for n in free:
            start = wanted[n] if math.isfinite(wanted[n]) else (placed[-1] + 1 if placed else 0.0)
            placed.append(max(start, placed[-1] + 1) if placed else start)
        shifts = [wanted[n] - r for n, r in zip(free, placed, strict=True) if wanted[n] < math.inf]
        row |= {n: r + float(np.mean(shifts or [0.0])) for n, r in zip(free, placed, strict=True)}
    spots = {}
    for n in order:
        spot = (round(col[n], 6), round(row[n], 6))
        if spot in spots:
            raise ValueError(
                f"nodes[{n!r}] is at (col, row) = {spot}, where {spots[spot]!r} is; "
                "give one of them another pos"
            )
        spots[spot] = n
    return col, row


def _node_lines(name, spec, inputs, terms):
    """The lines of text in a node's box: [(text, size, color, gid)]."""
    op = spec["op"]
    if spec["expr"] is not None:
        title = f"{name} = {spec['expr']}"
    elif op is None:
        title = name
    elif op in _PRODUCT or op in _INFIX:
        title = f"{name} = {_INFIX.get(op, '·').join(inputs)}"
    elif op in _POSTFIX and len(inputs) == 1:
        title = f"{name} = {inputs[0]}{op}"
    else:
        title = f"{name} = {op}({', '.join(inputs)})"
    lines = [(title, 10.5, _INK, f"title:{name}")]
    if spec["value"] is not None:
        lines.append((f"value {_number(spec['value'])}", 9.5, "0.3", f"value:{name}"))
    if spec["grad"] is not None:
        lines.append((f"grad {_number(spec['grad'])}", 9.5, _RED, f"grad:{name}"))
    if len(terms) > 1:  # x̄ = 2.00 + 0.50: one term per use of the node
        bar = f"{name}\u0304" if len(name) == 1 else f"d{name}"
        rest = "".join(f" − {_number(-t)}" if t < 0 else f" + {_number(t)}" for t in terms[1:])
        lines.append((f"{bar} = {_number(terms[0])}{rest}", 9, _RED, f"sum:{name}"))
    return lines


def _beside(u, normal, text, size, distance):
    """Where a label goes beside a line of direction u, on the side ``normal``.

    Returns text keywords: an offset ``distance`` points off the line plus, for a
    sloping line, what keeps the label's near corners off it, and the alignment.
    """
    if abs(normal[0]) > 0.9:  # a steep line: the label left or right of it
        ha = "left" if normal[0] > 0 else "right"
        return {"dx": distance * normal[0], "dy": distance * normal[1], "ha": ha, "va": "center"}
    lift = _text_size(text, size)[0] / 2 * abs(u[1] / u[0])
    dy = distance * normal[1] + math.copysign(lift, normal[1])
    return {"dx": distance * normal[0], "dy": dy, "va": "top" if normal[1] < 0 else "bottom"}


def _graph_scene(specs, edges, cuts, labels, terms, spot, inputs, backward):
    """draw_graph's drawing: x is the column, y minus the row."""
    scene, (col, row) = _Scene(), spot
    pad_x, pad_y, pitch, label_size = 9.0, 6.0, 13.5, 9.0
    lines = {n: _node_lines(n, specs[n], inputs[n], terms[n]) for n in specs}
    dims = {
        n: (
            max(max(_text_size(t, s)[0] for t, s, _, _ in lines[n]) + 2 * pad_x, 44.0),
            len(lines[n]) * pitch + 2 * pad_y,
        )
        for n in specs
    }
    drawn = {e: labels[e] if backward and e not in cuts else None for e in labels}
    drawn |= {e: "stop_gradient" for e in cuts}
    # An arrow as long as its label, with a little room at each end, or 32 points.
    length = {e: max(_text_size(drawn[e] or "", label_size)[0] + 14, 32.0) for e in drawn}
    # Each column as far from the last as its widest box and longest arrow need; x is in
    # units of 100 points, so that the grid steps come out near 100.
    cols = sorted(set(col.values()))
    widest = {c: max(dims[n][0] for n in specs if col[n] == c) for c in cols}
    x_at = {cols[0]: 0.0}
    for c0, c1 in zip(cols, cols[1:], strict=False):
        arrows = [length[s, d] for s, d, *_ in edges if {col[s], col[d]} == {c0, c1}]
        x_at[c1] = x_at[c0] + ((widest[c0] + widest[c1]) / 2 + max(arrows, default=28.0)) / 100
    where = {n: (x_at[col[n]], -row[n]) for n in specs}
    links = [(s, d, length[s, d]) for s, d, *_ in edges]
    gap_y = 2 * (1.2 * label_size + 8) if backward else 26.0  # room for a label above and below
    sx, sy = scene.sx, scene.sy = _grid_steps(where, dims, links, (28.0, gap_y))

    sinks = set(specs) - {s for s, *_ in edges}
    for n in specs:
        fill = "#dbe9f6" if not inputs[n] else ("#f4cccc" if n in sinks else "#fff2cc")
        scene.shape(n, where[n], dims[n], facecolor=fill, gid=f"node:{n}")
        top = dims[n][1] / 2 - pad_y - pitch / 2
        for k, (text, size, color, gid) in enumerate(lines[n]):
            scene.text(where[n], text, dy=top - k * pitch, size=size, color=color, gid=gid)

    def in_the_way(a, b, rad, ends):
        """Whether the arc3 curve from a to b (points) passes within 10 points of a box."""
        control = ((a[0] + b[0]) / 2 + rad * (b[1] - a[1]), (a[1] + b[1]) / 2 - rad * (b[0] - a[0]))
        for t in np.linspace(0, 1, 41)[1:-1]:
            x, y = (
                (1 - t) ** 2 * a[i] + 2 * t * (1 - t) * control[i] + t**2 * b[i] for i in (0, 1)
            )
            for n in set(specs) - set(ends):
                if (
                    abs(x - where[n][0] * sx) < dims[n][0] / 2 + 10
                    and abs(y - where[n][1] * sy) < dims[n][1] / 2 + 10
                ):
                    return True
        return False

    scissors = {"boxstyle": "circle", "facecolor": "white", "edgecolor": "0.4", "pad": 0.15}
    for src, dst, _, _ in edges:
        a, b, gid = where[src], where[dst], f"{src}->{dst}"
        pa, pb = (a[0] * sx, a[1] * sy), (b[0] * sx, b[1] * sy)
        bends = (0.0, -0.3, 0.3, -0.5, 0.5)  # straight if nothing is in the way
        rad = next((r for r in bends if not in_the_way(pa, pb, r, (src, dst))), 0.5)
        u = _unit((pb[0] - pa[0], pb[1] - pa[1]))
        # The red arrow's side: outside the bend (arc3 bends to the right for rad > 0),
        # else below the edge, or right of a vertical one.
        normal = (u[1], -u[0])
        down_or_right = normal[1] < -1e-9 or (abs(normal[1]) <= 1e-9 and normal[0] > 0)
        if (rad < 0) if rad else not down_or_right:
            normal = (-normal[0], -normal[1])
        ends = {"box_a": src, "box_b": dst, "rad": rad}
        if (src, dst) in cuts or not backward:
            forward = scene.arrow(a, b, gid=f"forward:{gid}", **ends)
            if (src, dst) in cuts:
                mark = {"size": 15, "color": "0.1", "zorder": 6, "bbox": scissors}
                scene.text(None, "✂", on=forward, gid=f"cut:{gid}", **mark)
                note = {"size": 8, "color": "0.3", "style": "italic"}
                note |= _beside(u, normal, "stop_gradient", 8, 16)
                scene.text(None, "stop_gradient", on=forward, **note)
            continue
        off = 3.5  # the two arrows of an edge, 7 points apart
        shift = (-off * normal[0], -off * normal[1])
        scene.arrow(a, b, offset=shift, gid=f"forward:{gid}", **ends)
        ends = {"box_a": dst, "box_b": src, "rad": -rad, "color": _RED}
        back = scene.arrow(b, a, offset=(-shift[0], -shift[1]), gid=f"backward:{gid}", **ends)
        if labels[src, dst]:
            style = {"size": label_size, "color": _RED, "gid": f"label:{gid}"}
            style |= _beside(u, normal, labels[src, dst], label_size, 4)
            scene.text(None, labels[src, dst], on=back, **style)

    if backward:  # a key under the graph
        key = [
            ("→ forward: values", _INK),
            ("← backward: grads; arrows show local derivatives", _RED),
        ]
        key += [("✂ stop_gradient: no gradient", "0.3")] if cuts else []
        low = min(where[n][1] * sy - dims[n][1] / 2 for n in specs) - 22
        left = min(where[n][0] * sx - dims[n][0] / 2 for n in specs)
        for text, color in key:
            scene.text(
                (left / sx, low / sy), text, ha="left", va="top", size=9, color=color, gid="key"
            )
            left += _text_size(text, 9)[0] + 24
    return scene


# --- draw_flow -----------------------------------------------------------------------------

_BOX_KEYS = ("pos", "text", "kind", "color")
_KINDS = {  # kind: (shape, fill, edge colour, edge style, font style)
    "step": ("round", "#dbe9f6", "k", "-", "normal"),
    "decision": ("diamond", "#fff2cc", "k", "-", "normal"),
    "data": ("slanted", "#d9ead3", "k", "-", "normal"),
    "terminal": ("terminal", "#f4cccc", "k", "-", "normal"),
    "note": ("rect", "#f5f5f5", "0.5", "--", "italic"),
}
_ARROW_FORM = "(src, dst[, label[, style]])"
_ARROW_KEYS = ("linestyle", "color", "bend")
_LINESTYLES = {"solid": "-", "dashed": "--", "dotted": ":"}


def draw_flow(boxes, arrows, *, ax=None, title=None):
    """Draw boxes joined by arrows: a flow chart, a pipeline, a decision tree.

    Each box is sized from its text, which may have several lines, so the text
    always fits; arrows start and end on the borders of the boxes, and an
    arrow's label sits on the arrow, on a white background. Boxes are placed on
    a grid by hand; the grid is spread until boxes and labels fit.

    Parameters
    ----------
    boxes : dict of str to dict
        ``{name: spec}``; each spec has

        - ``pos`` : ``(x, y)``, required, two finite numbers in grid units; x grows
          to the right and y upwards, as in a plot. No two boxes share a pos;
        - ``text`` : str, the text in the box, lines split on ``"\\n"`` (default: the name);
        - ``kind`` : ``"step"`` (default; a rounded box), ``"decision"`` (a diamond),
          ``"data"`` (a slanted box), ``"terminal"`` (a pill, for start and stop)
          or ``"note"`` (a dashed grey box with italic text);
        - ``color`` : a matplotlib colour for the fill, instead of the kind's.
    arrows : list of tuple
        ``(src, dst)``, ``(src, dst, label)`` or ``(src, dst, label, style)``:
        two box names, a str label or None, and a dict with any of
        ``linestyle`` (``"solid"``, ``"dashed"`` or ``"dotted"``), ``color``
        (e.g. ``"tab:red"`` for a gradient flowing back) and ``bend`` (a number
        in [-1, 1]; 0 is straight, positive bends to the right of the direction
        of travel, as matplotlib's ``arc3``: use it for an arrow looping back).
    ax : matplotlib.axes.Axes or None, keyword-only
        Axes to draw on; None makes a new figure sized to the drawing.
    title : str or None, keyword-only
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, axis turned off. Boxes carry the gid ``"box:name"``,
        their texts ``"text:name"``, arrows ``"arrow:src->dst"`` and labels
        ``"label:src->dst"``.
    """
    specs = _check_specs("boxes", boxes, _BOX_KEYS, "dict(pos=(0, 1), text='step')")
    specs = {name: _box_spec(f"boxes[{name!r}]", name, spec) for name, spec in specs.items()}
    spots = {}
    for name, spec in specs.items():
        if spec["pos"] in spots:
            raise ValueError(
                f"boxes[{name!r}]['pos'] is {spec['pos']}, where {spots[spec['pos']]!r} is"
            )
        spots[spec["pos"]] = name
    arrows = [
        _arrow_spec(k, arrow)
        for k, arrow in enumerate(_check_links("arrows", arrows, _ARROW_FORM, specs))
    ]
    title = _check_text("title", title)
    _check_ax(ax)

    scene, size, label_size = _Scene(), 10.0, 9.0
    dims = {}
    for name, spec in specs.items():
        w, h = _text_size(spec["text"], size)
        w, h = w + 20, h + 14
        shape = _KINDS[spec["kind"]][0]
        if shape == "diamond":  # a diamond twice as wide and high holds the text
            w, h = 2 * w - 20, 2 * h - 14
        dims[name] = (w + {"slanted": h / 3, "terminal": h / 2}.get(shape, 0.0), h)
    where = {name: spec["pos"] for name, spec in specs.items()}
    links = []
    for src, dst, label, _ in arrows:
        w, h = _text_size(label, label_size) if label else (0.0, 0.0)
        links.append((src, dst, (h if where[src][0] == where[dst][0] else w) + 36))
    scene.sx, scene.sy = _grid_steps(where, dims, links, (30.0, 26.0))

    for name, spec in specs.items():
        shape, fill, edge, edge_style, font = _KINDS[spec["kind"]]
        style = {"facecolor": spec["color"] or fill, "edgecolor": edge, "linestyle": edge_style}
        scene.shape(name, where[name], dims[name], shape, gid=f"box:{name}", **style)
        scene.text(
            where[name],
            spec["text"],
            size=size,
            style=font,
            multialignment="center",
            gid=f"text:{name}",
        )
    white = {"boxstyle": "round", "facecolor": "white", "edgecolor": "none", "pad": 0.2}
    for src, dst, label, style in arrows:
        arrow = scene.arrow(
            where[src],
            where[dst],
            box_a=src,
            box_b=dst,
            linewidth=1.4,
            gid=f"arrow:{src}->{dst}",
            **style,
        )
        if label:  # on the arrow, on a white background
            scene.text(
                None,
                label,
                on=arrow,
                size=label_size,
                color=style["color"],
                zorder=5,
                multialignment="center",
                bbox=white,
                gid=f"label:{src}->{dst}",
            )
    return scene.draw(ax, title, grow=False)


def _box_spec(where, name, spec):
    """A box's spec with every key present and checked (text defaults to the name)."""
    if "pos" not in spec:
        raise ValueError(f"{where} needs a pos=(x, y), got {describe(spec)}")
    text, kind = spec.get("text", name), spec.get("kind", "step")
    if not isinstance(text, str):
        raise TypeError(f"{where}['text'] must be a str, got {with_type(text)}")
    if not text.strip():
        raise ValueError(f"{where}['text'] must not be blank, got {text!r}")
    if not isinstance(kind, str):
        raise TypeError(f"{where}['kind'] must be a str, got {with_type(kind)}")
    if kind not in _KINDS:
        raise ValueError(f"{where}['kind'] must be one of {', '.join(_KINDS)}, got {kind!r}")
    color = spec.get("color")
    color = None if color is None else _check_color(f"{where}['color']", color)
    return {
        "pos": _check_pair(f"{where}['pos']", spec["pos"]),
        "text": text,
        "kind": kind,
        "color": color,
    }


def _arrow_spec(k, arrow):
    """(src, dst, label or None, style for the arrow patch) for arrows[k]."""
    label = _check_text(f"arrows[{k}][2]", arrow[2]) if len(arrow) > 2 else None
    style = arrow[3] if len(arrow) > 3 and arrow[3] is not None else {}
    where = f"arrows[{k}][3]"
    if not isinstance(style, dict):
        raise TypeError(f"{where} must be a dict like dict(bend=0.4), got {with_type(style)}")
    unknown = sorted(set(style) - set(_ARROW_KEYS), key=str)
    if unknown:
        raise ValueError(
            f"{where} has an unknown key {unknown[0]!r}; the keys are {', '.join(_ARROW_KEYS)}"
        )
    linestyle = style.get("linestyle", "solid")
    if not isinstance(linestyle, str):
        raise TypeError(f"{where}['linestyle'] must be a str, got {with_type(linestyle)}")
    if linestyle not in _LINESTYLES:
        raise ValueError(
            f"{where}['linestyle'] must be one of {', '.join(_LINESTYLES)}, got {linestyle!r}"
        )
    color = _check_color(f"{where}['color']", style.get("color", _INK))
    bend = _check_number(f"{where}['bend']", style.get("bend", 0.0))
    if not -1 <= bend <= 1:
        raise ValueError(f"{where}['bend'] must be in [-1, 1], got {bend!r}")
    return (
        arrow[0],
        arrow[1],
        label,
        {"linestyle": _LINESTYLES[linestyle], "color": color, "rad": bend},
    )
