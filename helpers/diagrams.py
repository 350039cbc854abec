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

import numpy as np

from ._scene import (
    _BLUE,
    _GREEN,
    _INK,
    _MAX_NEURONS_DRAWN,
    _RED,
    _check_bool,
    _check_color,
    _check_links,
    _check_name,
    _check_number,
    _check_pair,
    _check_specs,
    _check_text,
    _grid_steps,
    _number,
    _Scene,
    _text_size,
    _unit,
)
from ._validate import check_int, describe, with_type
from .plots import _check_ax

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
        ``dA1 = dZ2·W2ᵀ`` passed back through ``W2``, ``dZ1 = dA1 ⊙ f'(Z1)`` at a
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
    # an ASCII prime: at diagram size a typographic prime merges into the f
    adjoints = [""] + [f"dZ{i} = dA{i} ⊙ f'(Z{i})" for i in layers]
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
    forward = "forward: Z = A·W + b, then A = f(Z)"  # the notation of lesson 00
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
