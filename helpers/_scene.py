"""The layout engine of :mod:`helpers.diagrams` (private): argument checks, text
measurement, and a scene of boxes, texts and arrows laid out on a grid and drawn to fit
the axes. The public functions and their docstrings are in ``helpers/diagrams.py``.
"""

import math
import warnings

import numpy as np

from ._validate import check_real, describe, unwrap, with_type

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
