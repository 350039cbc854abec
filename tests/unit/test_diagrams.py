"""Tests for helpers.diagrams: what each drawing shows, where it puts it, and bad input."""

import math
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import same_color
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon

from helpers import diagrams
from tools.lessons import ROOT

# A missing glyph (e.g. for "✂" or "⊙") or any other drawing problem shows up as a warning.
pytestmark = pytest.mark.filterwarnings("error")

REPO = str(ROOT)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def with_gid(ax, prefix):
    """The patches and texts whose gid starts with ``prefix``, in drawing order."""
    return [a for a in [*ax.patches, *ax.texts] if (a.get_gid() or "").startswith(prefix)]


def is_red(artist):
    color = artist.get_edgecolor() if isinstance(artist, FancyArrowPatch) else artist.get_color()
    return same_color(color, "tab:red")


def drawn(ax):
    """Draw the figure; return its renderer."""
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


# How near (pixels) an arrow's tail and the tip of its head come to the border they end on: the
# tip of the head's outline is set back by half the stroke width, so that the stroke touches.
TAIL, TIP = 3, 4


def arrow_points(arrow):
    """The points of an arrow's line as drawn (display coordinates), and the tip of its head."""
    path = arrow.get_transform().transform_path(arrow.get_path())
    line, *head = path.to_polygons(closed_only=False)
    tip = max(np.concatenate(head), key=lambda p: np.linalg.norm(p - line[0]))
    return line, tip


def outline(patch):
    return patch.get_transform().transform_path(patch.get_path()).to_polygons()[0]


def distance_to_outline(point, patch):
    """Distance in pixels from a point to the nearest edge of a patch's outline."""
    corners = outline(patch)
    best = math.inf
    for a, b in zip(corners[:-1], corners[1:], strict=True):
        t = np.clip(np.dot(point - a, b - a) / max(np.dot(b - a, b - a), 1e-12), 0, 1)
        best = min(best, float(np.linalg.norm(point - (a + t * (b - a)))))
    return best


def snapshot(ax):
    """Everything drawn, as comparable values: text, place and colour of texts, patch outlines."""
    drawn(ax)
    return (
        [
            (t.get_text(), t.get_gid(), t.get_color(), tuple(np.round(t.get_position(), 9)))
            for t in ax.texts
        ],
        [(type(p).__name__, p.get_gid(), np.round(outline(p), 6).tolist()) for p in ax.patches],
        (ax.get_xlim(), ax.get_ylim()),
    )


# --- examples from the lessons -------------------------------------------------------------


def fan_out_graph():
    """f = x·y + tanh(x) at x = 1.5, y = -2: x is used twice."""
    x, y = 1.5, -2.0
    t = math.tanh(x)
    nodes = {
        "x": dict(value=x, grad=y + (1 - t**2)),
        "y": dict(value=y, grad=x),
        "a": dict(op="×", value=x * y, grad=1.0),
        "t": dict(op="tanh", value=t, grad=1.0),
        "f": dict(op="+", value=x * y + t, grad=1.0),
    }
    edges = [
        ("x", "a", "∂a/∂x = y", y),
        ("y", "a", "∂a/∂y = x", x),
        ("x", "t", "∂t/∂x = 1 − t²", 1 - t**2),
        ("a", "f", "1", 1.0),
        ("t", "f", "1", 1.0),
    ]
    return nodes, edges


def stop_gradient_graph():
    """f = x · stop_gradient(x²) at x = 3: the gradient reaches x along one path only."""
    nodes = {
        "x": dict(value=3.0, grad=9.0),
        "s": dict(op="²", value=9.0),
        "f": dict(op="×", value=27.0, grad=1.0),
    }
    edges = [("x", "s", "2x", 6.0), ("x", "f", "s", 9.0), ("s", "f", "x", 3.0)]
    return nodes, edges


def training_loop():
    boxes = {
        "epoch": dict(pos=(0, 1), text="next epoch", kind="terminal"),
        "shuffle": dict(pos=(1, 1), text="shuffle the\ntraining rows"),
        "batches": dict(pos=(2, 1), text="batches of\nn rows", kind="data"),
        "step": dict(pos=(3, 1), text="step: forward, loss,\nbackward, update"),
        "metrics": dict(pos=(3, 0), text="update the\nmetrics"),
        "val": dict(pos=(2, 0), text="evaluate on the\nvalidation set"),
        "stop?": dict(pos=(1, 0), text="no better val_loss\nfor 5 epochs?", kind="decision"),
        "done": dict(pos=(0, 0), text="stop", kind="terminal"),
        "note": dict(pos=(1.5, -1), text="one epoch = one pass over the data", kind="note"),
    }
    arrows = [
        ("epoch", "shuffle"),
        ("shuffle", "batches"),
        ("batches", "step"),
        ("step", "metrics"),
        ("metrics", "step", "next\nbatch", dict(bend=0.6)),
        ("metrics", "val", "last batch\ndone"),
        ("val", "stop?"),
        ("stop?", "done", "yes"),
        ("stop?", "epoch", "no", dict(linestyle="dashed")),
    ]
    return boxes, arrows


# --- draw_network --------------------------------------------------------------------------


def test_draw_network_draws_one_circle_per_neuron_and_labels_both_passes():
    ax = diagrams.draw_network([2, 3, 1])
    assert isinstance(ax, Axes)
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 6
    text = " ".join(texts(ax))
    assert "forward: Z = A·W + b, then A = f(Z)" in text
    assert "backward: chain rule" in text and "∂L/∂a, ∂L/∂W" in text
    assert not ax.axison


def test_draw_network_steps_names_the_four_steps_of_training():
    text = " ".join(texts(diagrams.draw_network([2, 3, 1], steps=True)))
    for step in ("1  forward", "2  loss", "3  backward", "4  update"):
        assert step in text


def test_draw_network_without_steps_has_no_step_numbers():
    text = " ".join(texts(diagrams.draw_network([2, 3, 1])))
    assert "1  forward" not in text and "update" not in text


def test_draw_network_draws_on_given_axes_and_handles_wide_layers():
    fig, ax = plt.subplots()
    assert diagrams.draw_network((64, 8, 10), ax=ax) is ax
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == 8 + 8 + 10  # the 64-neuron layer is drawn as 4 + "⋮" + 4
    assert "input\n(64)" in texts(ax)
    assert plt.get_fignums() == [fig.number]


def test_draw_network_without_ax_makes_one_new_figure():
    ax = diagrams.draw_network([3, 4, 2])
    assert plt.get_fignums() == [ax.figure.number]


def test_draw_network_accepts_numpy_sizes():
    ax = diagrams.draw_network(np.array([3, 4, 2]))
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 9


def test_draw_network_shapes_labels_the_lesson_06_mlp_with_its_shapes():
    ax = diagrams.draw_network([2, 8, 1], shapes=True)
    labels = {a.get_gid(): a.get_text() for a in with_gid(ax, "shape:")}
    assert labels == {
        "shape:W1": "W1: 2×8\nb1: 8",
        "shape:W2": "W2: 8×1\nb2: 1",
        "shape:X": "X: n×2",
        "shape:Z1": "Z1: n×8\nA1: n×8",
        "shape:Z2": "Z2: n×1",
        "shape:L": "L: scalar",
    }


def test_draw_network_without_shapes_has_no_shape_labels():
    assert with_gid(diagrams.draw_network([2, 8, 1]), "shape:") == []


def test_draw_network_backward_labels_the_adjoints_in_course_notation():
    ax = diagrams.draw_network([2, 8, 1], backward=True)
    text = texts(ax)
    for adjoint in (
        "dZ2 = ∂L/∂Z2",
        "dA1 = dZ2·W2ᵀ",
        "dZ1 = dA1 ⊙ f'(Z1)",
        "dW2 = A1ᵀ·dZ2\ndb2 = Σ dZ2",
        "dW1 = Xᵀ·dZ1\ndb1 = Σ dZ1",
    ):
        assert adjoint in text
    assert not any("chain rule" in t for t in text)  # the generic arcs are replaced


def test_draw_network_backward_arrows_are_red_and_run_right_to_left():
    ax = diagrams.draw_network([2, 8, 4, 1], backward=True)
    drawn(ax)
    arrows = with_gid(ax, "backward:")
    assert [a.get_gid() for a in arrows] == [
        "backward:loss",
        "backward:3->2",
        "backward:2->1",
        "backward:1->0",
    ]
    assert all(is_red(a) for a in arrows)
    for arrow in arrows[1:]:
        line, tip = arrow_points(arrow)
        assert line[0][0] > tip[0]  # the tail is right of the head


def test_draw_network_backward_arrows_end_on_the_adjoint_tags():
    ax = diagrams.draw_network([2, 8, 4, 1], shapes=True, backward=True)
    drawn(ax)
    tag = {t.get_text()[:3]: t for t in ax.texts if t.get_text().startswith("dZ")}
    frames = [
        p
        for p in ax.patches
        if same_color(p.get_edgecolor(), "tab:red") and not isinstance(p, FancyArrowPatch)
    ]
    assert len(frames) == len(tag) == 3
    for i, j in ((3, 2), (2, 1)):
        line, tip = arrow_points(with_gid(ax, f"backward:{i}->{j}")[0])
        starts = [p for p in frames if distance_to_outline(line[0], p) < TAIL]
        ends = [p for p in frames if distance_to_outline(tip, p) < TIP]
        assert len(starts) == len(ends) == 1 and starts != ends
        assert starts[0].contains_point(tag[f"dZ{i}"].get_window_extent().get_points().mean(0))
        assert ends[0].contains_point(tag[f"dZ{j}"].get_window_extent().get_points().mean(0))


def test_draw_network_labels_do_not_overlap():
    ax = diagrams.draw_network([2, 8, 1], shapes=True, backward=True, steps=True)
    renderer = drawn(ax)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)


@pytest.mark.parametrize(
    "layer_sizes, kwargs, error, match",
    [
        ([3], {}, ValueError, "layer_sizes must have at least 2 layers"),
        ([], {}, ValueError, "layer_sizes"),
        (3, {}, TypeError, "layer_sizes must be a sequence"),
        ("23", {}, TypeError, "layer_sizes"),
        (None, {}, TypeError, "layer_sizes"),
        ([2, 0, 1], {}, ValueError, r"layer_sizes\[1\] must be a positive integer, got 0"),
        ([2, -3], {}, ValueError, r"layer_sizes\[1\]"),
        ([2.0, 1], {}, TypeError, r"layer_sizes\[0\] must be an int"),
        ([2, True], {}, TypeError, r"layer_sizes\[1\]"),
        ([2, 1], {"steps": 1}, TypeError, r"steps must be a bool, got 1 \(int\)"),
        ([2, 1], {"steps": "yes"}, TypeError, "steps"),
        ([2, 1], {"shapes": None}, TypeError, r"shapes must be a bool, got None"),
        ([2, 1], {"backward": "no"}, TypeError, r"backward must be a bool, got 'no'"),
        ([2, 1], {"ax": 5}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_draw_network_rejects_bad_arguments(layer_sizes, kwargs, error, match):
    with pytest.raises(error, match=match):
        diagrams.draw_network(layer_sizes, **kwargs)
    assert plt.get_fignums() == []


def test_draw_network_takes_only_layer_sizes_by_position():
    _, ax = plt.subplots()
    with pytest.raises(TypeError):
        diagrams.draw_network([2, 1], ax)


# --- draw_graph ----------------------------------------------------------------------------


def test_draw_graph_node_shows_its_operation_value_and_grad():
    nodes = {"x": dict(value=1.5), "y": dict(value=2.0), "a": dict(op="×", value=3.0, grad=-1.5)}
    ax = diagrams.draw_graph(nodes, [("x", "a"), ("y", "a")])
    assert {"a = x·y", "value 3.00", "grad −1.50", "x", "value 1.50"} <= set(texts(ax))
    assert is_red(with_gid(ax, "grad:a")[0])
    assert not any(t.startswith("grad") for t in texts(ax) if t != "grad −1.50")


@pytest.mark.parametrize(
    "op, expr, title",
    [
        ("×", None, "z = u·v"),
        ("*", None, "z = u·v"),
        ("+", None, "z = u + v"),
        ("-", None, "z = u − v"),
        ("max", None, "z = max(u, v)"),
        (None, "(u + v)²", "z = (u + v)²"),
        (None, None, "z"),
    ],
)
def test_draw_graph_writes_each_operation_with_its_inputs_in_edge_order(op, expr, title):
    nodes = {"u": {}, "v": {}, "z": dict(op=op, expr=expr)}
    ax = diagrams.draw_graph(nodes, [("u", "z"), ("v", "z")], backward=False)
    assert with_gid(ax, "title:z")[0].get_text() == title


def test_draw_graph_writes_a_one_input_function_and_a_power():
    nodes = {"x": {}, "t": dict(op="tanh"), "L": dict(op="²")}
    ax = diagrams.draw_graph(nodes, [("x", "t"), ("t", "L")], backward=False)
    assert {"t = tanh(x)", "L = t²"} <= set(texts(ax))


def test_draw_graph_draws_one_black_and_one_red_arrow_per_edge():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    forward, backward = with_gid(ax, "forward:"), with_gid(ax, "backward:")
    assert len(forward) == len(backward) == len(edges)
    assert not any(is_red(a) for a in forward) and all(is_red(a) for a in backward)
    assert {a.get_gid() for a in backward} == {f"backward:{s}->{d}" for s, d, *_ in edges}


def test_draw_graph_backward_arrows_run_from_user_to_input():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    drawn(ax)
    boxes = {p.get_gid(): p for p in with_gid(ax, "node:")}
    for src, dst, *_ in edges:
        line, tip = arrow_points(with_gid(ax, f"backward:{src}->{dst}")[0])
        assert distance_to_outline(line[0], boxes[f"node:{dst}"]) < TAIL
        assert distance_to_outline(tip, boxes[f"node:{src}"]) < TIP


def test_draw_graph_fan_out_node_gets_two_red_arrows_and_its_grad_as_the_sum():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    assert len(with_gid(ax, "backward:x->")) == 2
    (total,) = with_gid(ax, "sum:x")
    assert total.get_text() == "x̄ = −2.00 + 0.18" and is_red(total)
    assert "grad −1.82" in texts(ax)
    assert with_gid(ax, "sum:y") == []  # y is used once


def test_draw_graph_labels_each_red_arrow_with_the_local_derivative():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    labels = {a.get_gid(): a.get_text() for a in with_gid(ax, "label:")}
    assert labels["label:x->a"] == "∂a/∂x = y"
    assert labels["label:x->t"] == "∂t/∂x = 1 − t²"
    assert all(is_red(a) for a in with_gid(ax, "label:"))


def test_draw_graph_writes_the_local_derivative_when_an_edge_has_no_label():
    nodes = {"x": dict(value=1.5, grad=-4.0), "a": dict(op="×", value=3.0, grad=2.0)}
    ax = diagrams.draw_graph(nodes, [("x", "a", None, -2.0)])
    assert with_gid(ax, "label:x->a")[0].get_text() == "∂a/∂x = −2.00"


def test_draw_graph_cut_edge_has_no_backward_arrow():
    nodes, edges = stop_gradient_graph()
    ax = diagrams.draw_graph(nodes, edges, cut=[("s", "f")])
    assert with_gid(ax, "backward:s->f") == []
    assert with_gid(ax, "label:s->f") == []
    assert len(with_gid(ax, "forward:s->f")) == 1  # the forward pass still uses s
    assert [t.get_text() for t in with_gid(ax, "cut:s->f")] == ["✂"]
    assert {a.get_gid() for a in with_gid(ax, "backward:")} == {"backward:x->s", "backward:x->f"}


def test_draw_graph_cut_may_be_one_pair_and_sends_nothing_back():
    nodes, edges = stop_gradient_graph()
    # grad x = 9 = s·1 from x -> f alone; through the cut s -> f nothing comes back.
    ax = diagrams.draw_graph(nodes, edges, cut=("s", "f"))
    assert len(with_gid(ax, "cut:")) == 1 and with_gid(ax, "sum:x") == []


def test_draw_graph_bends_an_edge_round_a_box_in_its_way():
    nodes, edges = stop_gradient_graph()  # x, s and f in one row: x -> f would cross s
    ax = diagrams.draw_graph(nodes, edges, cut=[("s", "f")])
    renderer = drawn(ax)
    box = with_gid(ax, "node:s")[0].get_window_extent(renderer)
    for arrow in with_gid(ax, "forward:x->f") + with_gid(ax, "backward:x->f"):
        line, tip = arrow_points(arrow)
        assert not any(box.contains(*point) for point in [*line, tip])


def test_draw_graph_without_backward_draws_only_the_forward_pass():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges, backward=False)
    assert len(with_gid(ax, "forward:")) == len(edges)
    for prefix in ("backward:", "label:", "sum:", "key"):
        assert with_gid(ax, prefix) == []


def test_draw_graph_puts_inputs_left_of_their_users_and_the_loss_last():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    renderer = drawn(ax)
    x = {p.get_gid()[5:]: p.get_window_extent(renderer).x0 for p in with_gid(ax, "node:")}
    for src, dst, *_ in edges:
        assert x[src] < x[dst]
    assert x["f"] == max(x.values())


def test_draw_graph_pos_places_a_node_by_hand():
    nodes = {"x": {}, "y": dict(pos=(0, -3)), "a": dict(op="+")}
    ax = diagrams.draw_graph(nodes, [("x", "a"), ("y", "a")], backward=False)
    renderer = drawn(ax)
    box = {p.get_gid()[5:]: p.get_window_extent(renderer) for p in with_gid(ax, "node:")}
    assert box["y"].y0 > box["a"].y1  # row -3 is above the automatic rows around 0


def test_draw_graph_text_fits_inside_its_box():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    renderer = drawn(ax)
    for patch in with_gid(ax, "node:"):
        name, box = patch.get_gid()[5:], patch.get_window_extent(renderer)
        for text in ax.texts:
            if (text.get_gid() or "").endswith(f":{name}"):
                inner = text.get_window_extent(renderer)
                assert box.x0 < inner.x0 and inner.x1 < box.x1, text.get_text()
                assert box.y0 < inner.y0 and inner.y1 < box.y1, text.get_text()


def test_draw_graph_labels_do_not_overlap_each_other_or_the_boxes():
    nodes, edges = fan_out_graph()
    ax = diagrams.draw_graph(nodes, edges)
    renderer = drawn(ax)
    labels = [t.get_window_extent(renderer) for t in with_gid(ax, "label:")]
    boxes = [p.get_window_extent(renderer) for p in with_gid(ax, "node:")]
    for i, label in enumerate(labels):
        assert not any(label.overlaps(other) for other in labels[i + 1 :] + boxes)


def test_draw_graph_draws_on_the_given_axes_with_a_title():
    fig, ax = plt.subplots(figsize=(8, 4))
    nodes, edges = fan_out_graph()
    assert diagrams.draw_graph(nodes, edges, ax=ax, title="f = x·y + tanh(x)") is ax
    assert ax.get_title() == "f = x·y + tanh(x)" and plt.get_fignums() == [fig.number]


def test_draw_graph_is_deterministic():
    nodes, edges = fan_out_graph()
    first = snapshot(diagrams.draw_graph(nodes, edges, cut=[("a", "f")]))
    assert snapshot(diagrams.draw_graph(nodes, edges, cut=[("a", "f")])) == first


def test_draw_graph_accepts_numpy_and_numpy_method_numbers():
    class Scalar:
        def numpy(self):
            return np.float32(2.0)

    nodes = {"x": dict(value=np.float64(1.0), grad=Scalar()), "q": dict(op="²", value=np.array(1))}
    ax = diagrams.draw_graph(nodes, [("x", "q")])
    assert "grad 2.00" in texts(ax)


def test_draw_graph_warns_when_the_axes_are_too_small():
    _, ax = plt.subplots(figsize=(1.5, 1))
    nodes, edges = fan_out_graph()
    with pytest.warns(UserWarning, match="ax is too small for this diagram"):
        diagrams.draw_graph(nodes, edges, ax=ax)


_NODES = {"x": dict(value=1.0), "a": dict(op="²", value=1.0)}
_EDGES = [("x", "a")]


def _node(**spec):
    return {"x": spec}


# (nodes, edges, keyword arguments, the error, what its message says)
_BAD_GRAPHS = [
    ([("x", {})], _EDGES, {}, TypeError, r"nodes must be a dict .*got \[\('x', \{\}\)\]"),
    ({}, _EDGES, {}, ValueError, r"nodes must not be empty, got \{\}"),
    ({1: {}}, [], {}, TypeError, r"nodes keys must be non-empty str, got 1 \(int\)"),
    ({"x": 1.0}, [], {}, TypeError, r"nodes\['x'\] must be a dict .*got 1.0 \(float\)"),
    (_node(grd=1.0), [], {}, ValueError, r"nodes\['x'\] has an unknown key 'grd'"),
    (_node(value="1"), [], {}, TypeError, r"nodes\['x'\]\['value'\] .*got '1'"),
    (_node(value=math.nan), [], {}, ValueError, r"nodes\['x'\]\['value'\] .*nan"),
    (_node(grad=math.inf), [], {}, ValueError, r"nodes\['x'\]\['grad'\] .*inf"),
    (_node(op=2), [], {}, TypeError, r"nodes\['x'\]\['op'\] must be a str or None, got 2"),
    (_node(expr=["x"]), [], {}, TypeError, r"nodes\['x'\]\['expr'\] .*got \['x'\]"),
    (_node(pos=(1,)), [], {}, ValueError, r"nodes\['x'\]\['pos'\] must be a pair .*\(1,\)"),
    (_node(pos="01"), [], {}, TypeError, r"nodes\['x'\]\['pos'\] must be a pair .*'01'"),
    (_node(pos=(0, "a")), [], {}, TypeError, r"nodes\['x'\]\['pos'\]\[1\] .*got 'a'"),
    (_node(op="+"), [], {}, ValueError, r"nodes\['x'\] has op '\+' but no edge into it"),
    (_NODES, "x->a", {}, TypeError, r"edges must be a list of .*got 'x->a' \(str\)"),
    (_NODES, ["xa"], {}, TypeError, r"edges\[0\] must be a tuple .*got 'xa' \(str\)"),
    (_NODES, [("x",)], {}, ValueError, r"edges\[0\] must be a tuple .*got \('x',\)"),
    (_NODES, [("x", "b")], {}, ValueError, r"edges\[0\]\[1\] is an unknown name 'b'"),
    (_NODES, [(0, "a")], {}, TypeError, r"edges\[0\]\[0\] must be a name \(str\), got 0"),
    (_NODES, [("x", "x")], {}, ValueError, r"edges\[0\] goes from 'x' to itself"),
    (_NODES, _EDGES * 2, {}, ValueError, r"edges\[1\] repeats the edge \('x', 'a'\)"),
    (_NODES, [("x", "a", 2)], {}, TypeError, r"edges\[0\]\[2\] must be a str or None, got 2"),
    (_NODES, [("x", "a", "", "2")], {}, TypeError, r"edges\[0\]\[3\] .*got '2'"),
    (_NODES, [("x", "a", "", math.nan)], {}, ValueError, r"edges\[0\]\[3\] .*nan"),
    (_NODES, _EDGES + [("a", "x")], {}, ValueError, "edges must not form a cycle"),
    (_NODES, _EDGES, {"cut": "x"}, TypeError, r"cut must be a list of edges .*got 'x'"),
    (_NODES, _EDGES, {"cut": [("x",)]}, TypeError, r"cut\[0\] must be an edge .*\('x',\)"),
    (_NODES, _EDGES, {"cut": [("x", "q")]}, ValueError, r"cut\[0\]\[1\] is an unknown name 'q'"),
    (_NODES, _EDGES, {"cut": [("a", "x")]}, ValueError, r"cut\[0\] must be one .*\('a', 'x'\)"),
    (_NODES, _EDGES, {"backward": 1}, TypeError, r"backward must be a bool, got 1 \(int\)"),
    (_NODES, _EDGES, {"title": 3}, TypeError, r"title must be a str or None, got 3 \(int\)"),
    (_NODES, _EDGES, {"ax": "ax"}, TypeError, "ax must be a matplotlib Axes"),
    (
        {"x": dict(grad=5.0), "a": dict(op="²", grad=1.0)},
        [("x", "a", "2x", 2.0)],
        {},
        ValueError,
        r"nodes\['x'\]\['grad'\] is 5.0, but its edges send back .* = 2",
    ),
    (
        {"x": dict(pos=(0, 0)), "y": dict(pos=(0, 0))},
        [],
        {},
        ValueError,
        r"nodes\['y'\] is at \(col, row\) = \(0.0, 0.0\), where 'x' is",
    ),
]


@pytest.mark.parametrize("nodes, edges, kwargs, error, match", _BAD_GRAPHS)
def test_draw_graph_rejects_bad_arguments(nodes, edges, kwargs, error, match):
    with pytest.raises(error, match=match):
        diagrams.draw_graph(nodes, edges, **kwargs)
    assert plt.get_fignums() == []


# --- draw_flow -----------------------------------------------------------------------------


def test_draw_flow_shows_every_box_text_and_arrow_label():
    boxes, arrows = training_loop()
    ax = diagrams.draw_flow(boxes, arrows, title="What model.fit does")
    assert {b["text"] for b in boxes.values()} | {"next\nbatch", "yes", "no"} <= set(texts(ax))
    assert ax.get_title() == "What model.fit does" and not ax.axison


def test_draw_flow_draws_one_arrow_per_arrow_with_its_style():
    boxes, arrows = training_loop()
    arrows = [*arrows, ("val", "step", "dW", dict(color="tab:red"))]
    ax = diagrams.draw_flow(boxes, arrows)
    drawn_arrows = {a.get_gid(): a for a in with_gid(ax, "arrow:")}
    assert len(drawn_arrows) == len(arrows)
    assert drawn_arrows["arrow:stop?->epoch"].get_linestyle() == "--"
    assert drawn_arrows["arrow:epoch->shuffle"].get_linestyle() == "-"
    assert is_red(drawn_arrows["arrow:val->step"]) and is_red(with_gid(ax, "label:val->step")[0])
    assert not is_red(drawn_arrows["arrow:step->metrics"])


def test_draw_flow_draws_each_kind_as_its_shape():
    boxes, arrows = training_loop()
    ax = diagrams.draw_flow(boxes, arrows)
    shape = {p.get_gid(): p for p in with_gid(ax, "box:")}
    assert isinstance(shape["box:stop?"], Polygon) and len(outline(shape["box:stop?"])) == 5
    assert isinstance(shape["box:batches"], Polygon)  # slanted
    assert isinstance(shape["box:step"], FancyBboxPatch)
    assert shape["box:note"].get_linestyle() == "--"
    assert same_color(shape["box:step"].get_facecolor(), "#dbe9f6")


def test_draw_flow_color_overrides_the_fill_of_a_box():
    ax = diagrams.draw_flow({"a": dict(pos=(0, 0), color="#f4cccc")}, [])
    assert same_color(with_gid(ax, "box:a")[0].get_facecolor(), "#f4cccc")
    assert texts(ax) == ["a"]  # the text defaults to the name


def test_draw_flow_text_fits_inside_its_box():
    boxes, arrows = training_loop()
    ax = diagrams.draw_flow(boxes, arrows)
    renderer = drawn(ax)
    shapes = {p.get_gid()[4:]: p for p in with_gid(ax, "box:")}
    for text in with_gid(ax, "text:"):
        bbox, box = text.get_window_extent(renderer), shapes[text.get_gid()[5:]]
        for corner in (
            (bbox.x0, bbox.y0),
            (bbox.x0, bbox.y1),
            (bbox.x1, bbox.y0),
            (bbox.x1, bbox.y1),
        ):
            assert box.contains_point(corner), text.get_text()


def test_draw_flow_arrows_start_and_end_on_the_borders_of_their_boxes():
    boxes, arrows = training_loop()
    ax = diagrams.draw_flow(boxes, arrows)
    drawn(ax)
    shapes = {p.get_gid()[4:]: p for p in with_gid(ax, "box:")}
    for src, dst, *_ in arrows:
        line, tip = arrow_points(with_gid(ax, f"arrow:{src}->{dst}")[0])
        assert distance_to_outline(line[0], shapes[src]) < TAIL, (src, dst)
        assert distance_to_outline(tip, shapes[dst]) < TIP, (src, dst)
        inside = [p for p in line[1:-1] for b in (src, dst) if shapes[b].contains_point(p)]
        assert inside == [], (src, dst)  # never under the text of its boxes


def test_draw_flow_boxes_and_labels_do_not_overlap():
    boxes, arrows = training_loop()
    ax = diagrams.draw_flow(boxes, arrows)
    renderer = drawn(ax)
    parts = [(a.get_gid(), a.get_window_extent(renderer)) for a in with_gid(ax, "box:")]
    parts += [(t.get_gid(), t.get_window_extent(renderer)) for t in with_gid(ax, "label:")]
    for i, (a, box_a) in enumerate(parts):
        for b, box_b in parts[i + 1 :]:
            if not {a, b} & {"box:stop?"}:  # a diamond's bounding box is mostly empty
                assert not box_a.overlaps(box_b), (a, b)


def test_draw_flow_spreads_the_grid_to_fill_given_axes_but_keeps_box_sizes():
    boxes, arrows = training_loop()
    widths, spans = [], []
    for figsize in ((13, 5), (16, 7)):  # both big enough for 10-point text
        fig, ax = plt.subplots(figsize=figsize)
        assert diagrams.draw_flow(boxes, arrows, ax=ax) is ax
        renderer = drawn(ax)
        box = {p.get_gid(): p.get_window_extent(renderer) for p in with_gid(ax, "box:")}
        widths.append(box["box:step"].width / fig.dpi)
        spans.append((box["box:step"].x0 - box["box:epoch"].x0) / fig.dpi)
    assert widths[0] == pytest.approx(widths[1])
    assert spans[1] > spans[0]


def test_draw_flow_is_deterministic():
    boxes, arrows = training_loop()
    assert snapshot(diagrams.draw_flow(boxes, arrows)) == snapshot(
        diagrams.draw_flow(boxes, arrows)
    )


def test_draw_flow_without_ax_makes_one_figure_sized_to_the_drawing():
    small = diagrams.draw_flow({"a": dict(pos=(0, 0)), "b": dict(pos=(1, 0))}, [("a", "b")])
    big = diagrams.draw_flow(*training_loop())
    assert small.figure.get_figwidth() < big.figure.get_figwidth() <= 9.5
    assert len(plt.get_fignums()) == 2


_BOXES = {"a": dict(pos=(0, 0)), "b": dict(pos=(1, 0))}


def _box(**spec):
    return {"a": spec}


def _arrow(**style):
    return [("a", "b", None, style)]


# (boxes, arrows, keyword arguments, the error, what its message says)
_BAD_FLOWS = [
    ([1], [], {}, TypeError, r"boxes must be a dict .*got \[1\] \(list\)"),
    ({}, [], {}, ValueError, r"boxes must not be empty"),
    ({"": dict(pos=(0, 0))}, [], {}, TypeError, r"boxes keys must be non-empty str, got ''"),
    ({"a": (0, 0)}, [], {}, TypeError, r"boxes\['a'\] must be a dict .*got \(0, 0\) \(tuple\)"),
    (_box(text="a"), [], {}, ValueError, r"boxes\['a'\] needs a pos=\(x, y\)"),
    (_box(pos=(0, 0), txt="a"), [], {}, ValueError, r"boxes\['a'\] has an unknown key 'txt'"),
    (_box(pos=0), [], {}, TypeError, r"boxes\['a'\]\['pos'\] must be a pair .*got 0"),
    (_box(pos=(0, math.inf)), [], {}, ValueError, r"boxes\['a'\]\['pos'\]\[1\] .*inf"),
    (_box(pos=(0, 0), text=1), [], {}, TypeError, r"boxes\['a'\]\['text'\] must be a str, got 1"),
    (_box(pos=(0, 0), text=" "), [], {}, ValueError, r"\['text'\] must not be blank, got ' '"),
    (
        _box(pos=(0, 0), kind="loop"),
        [],
        {},
        ValueError,
        r"\['kind'\] must be one of step, .*'loop'",
    ),
    (_box(pos=(0, 0), kind=1), [], {}, TypeError, r"boxes\['a'\]\['kind'\] must be a str, got 1"),
    (_box(pos=(0, 0), color="reddish"), [], {}, ValueError, r"\['color'\] .*got 'reddish'"),
    (_box(pos=(0, 0), color=1), [], {}, TypeError, r"boxes\['a'\]\['color'\] .*got 1 \(int\)"),
    (_BOXES | {"c": dict(pos=(1, 0))}, [], {}, ValueError, r"\['c'\]\['pos'\] .*where 'b' is"),
    (_BOXES, ("a", "b"), {}, TypeError, r"arrows\[0\] must be a tuple .*got 'a' \(str\)"),
    (_BOXES, {"a": "b"}, {}, TypeError, r"arrows must be a list of .*got \{'a': 'b'\}"),
    (_BOXES, [("a", "b", "x", {}, 0)], {}, ValueError, r"arrows\[0\] must be a tuple .*'b'"),
    (_BOXES, [("a", "c")], {}, ValueError, r"arrows\[0\]\[1\] is an unknown name 'c'"),
    (_BOXES, [("a", "a")], {}, ValueError, r"arrows\[0\] goes from 'a' to itself"),
    (_BOXES, [("a", "b", 5)], {}, TypeError, r"arrows\[0\]\[2\] must be a str or None, got 5"),
    (_BOXES, [("a", "b", None, "--")], {}, TypeError, r"arrows\[0\]\[3\] must be a dict .*'--'"),
    (_BOXES, _arrow(style="--"), {}, ValueError, r"arrows\[0\]\[3\] has an unknown key 'style'"),
    (_BOXES, _arrow(linestyle="--"), {}, ValueError, r"\['linestyle'\] must be one of .*'--'"),
    (_BOXES, _arrow(linestyle=2), {}, TypeError, r"\[3\]\['linestyle'\] must be a str, got 2"),
    (_BOXES, _arrow(color="nope"), {}, ValueError, r"\[3\]\['color'\] .*got 'nope'"),
    (_BOXES, _arrow(bend=2), {}, ValueError, r"\[3\]\['bend'\] must be in \[-1, 1\], got 2.0"),
    (_BOXES, _arrow(bend="up"), {}, TypeError, r"arrows\[0\]\[3\]\['bend'\] .*got 'up'"),
    (_BOXES, [], {"title": ["t"]}, TypeError, r"title must be a str or None, got \['t'\]"),
    (_BOXES, [], {"ax": plt}, TypeError, "ax must be a matplotlib Axes"),
]


@pytest.mark.parametrize("boxes, arrows, kwargs, error, match", _BAD_FLOWS)
def test_draw_flow_rejects_bad_arguments(boxes, arrows, kwargs, error, match):
    with pytest.raises(error, match=match):
        diagrams.draw_flow(boxes, arrows, **kwargs)
    assert plt.get_fignums() == []


# --- the package stays light ---------------------------------------------------------------


def test_drawing_never_imports_tensorflow():
    code = (
        "import sys, matplotlib; matplotlib.use('Agg'); from helpers import diagrams; "
        "diagrams.draw_network([2, 1], shapes=True, backward=True); "
        "diagrams.draw_graph({'x': {}, 'y': dict(op='tanh')}, [('x', 'y')]); "
        "diagrams.draw_flow({'a': dict(pos=(0, 0))}, []); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')); "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    env = dict(os.environ, PYTHONPATH=REPO)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
