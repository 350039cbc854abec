"""Checks of lesson 04 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

REFEREE = "def check_gradient("
SEC6 = "n, a = tf.Variable(3), tf.Variable(3.0)"
SEC6_TABLE = "broken = [tape.gradient(row[1], row[2])"
SEC6_CHECK = "assert all(g is None for g in broken)"
STRAIGHT = "q = tf.Variable([0.4, 1.6, -2.3])"

MUTANTS = [
    {
        "cells": ["w, b = tf.Variable(0.5), tf.Variable(0.1)", 'assert np.isclose(float(grads["w"])'],
        "mutate": ("    L = r**2", "    L = r**3"),
        "fails_in": 'assert np.isclose(float(grads["w"])',
        "why": "with L = r³ the tape's ∂L/∂w is 3r²·x, no longer the 2r·x of the chain rule by "
               "hand, so section 1's check fails",
    },
    {
        "cells": ["w, b = tf.Variable(0.5), tf.Variable(0.1)", REFEREE, "def loss64(wb):"],
        "mutate": ("    L64 = (wb64[0] * 2.0 + wb64[1] - 1.5) ** 2",
                   "    L64 = (tf.cast(tf.cast(wb64[0] * 2.0 + wb64[1], tf.float32), tf.float64)"
                   " - 1.5) ** 2"),
        "fails_in": "def loss64(wb):",
        "why": "one float32 rounding inside the float64 loss gives a relative error near 6e-8: "
               "it passes a 1e-6 bar, but the float64 bar of 1e-8 rejects it",
    },
    {
        "cells": [REFEREE, "x_frozen = tf.Variable(", "assert before == [None, None]"],
        "mutate": ("    y_before = tf.reduce_sum(x_frozen**3 + x_const**3)\n"
                   "    tape.watch([x_frozen, x_const])",
                   "    tape.watch([x_frozen, x_const])\n"
                   "    y_before = tf.reduce_sum(x_frozen**3 + x_const**3)"),
        "fails_in": "assert before == [None, None]",
        "why": "watching before the first sum gives it gradients, so the check that tape.watch "
               "acts only from its line on fails",
    },
    {
        "cells": [REFEREE, "x, u = tf.Variable([2.0, 3.0])", "assert np.array_equal(J, [[3, 2]"],
        "mutate": ("g_vjp = tape.gradient(y, x, output_gradients=u)", "g_vjp = tape.gradient(y, x)"),
        "fails_in": "assert np.array_equal(J, [[3, 2]",
        "why": "without output_gradients the tape returns the column sums (4, 8) of J, not uᵀJ = "
               "(5, 14), and the exact check of the vector-Jacobian product fails",
    },
    {
        "cells": [REFEREE, "x, u = tf.Variable([2.0, 3.0])", "v4 = tf.Variable(tf.ones(4))"],
        "mutate": ("y23 = tf.ones((2, 3)) * tf.reduce_sum(v4)",
                   "y23 = tf.reduce_sum(tf.ones((2, 3)) * tf.reduce_sum(v4))"),
        "fails_in": "v4 = tf.Variable(tf.ones(4))",
        "why": "a target summed to a scalar has a Jacobian of the source's shape (4,), not "
               "(2, 3, 4), so the check of the shape rule fails",
    },
    {
        "cells": [REFEREE, "s = tf.stop_gradient(x**2)"],
        "mutate": ("s = tf.stop_gradient(x**2)", "s = tf.identity(x**2)"),
        "fails_in": "s = tf.stop_gradient(x**2)",
        "why": "without stop_gradient both paths count and the gradient is 3x² = 12, which the "
               "referee (twin frozen at 4) rejects",
    },
    {
        "cells": [SEC6, SEC6_TABLE, SEC6_CHECK],
        "mutate": ("tf.reduce_sum(3 * np.sin(w))", "tf.reduce_sum(3 * tf.sin(w))"),
        "fails_in": SEC6_CHECK,
        "why": "the 'broken' NumPy case now uses tf.sin and has a gradient, so the check that "
               "every broken version gives None fails",
    },
    {
        "cells": [SEC6, SEC6_TABLE, SEC6_CHECK],
        "mutate": ("v_fixed.assign_add(1.0)", "v_fixed.assign_add(2.0)"),
        "fails_in": SEC6_CHECK,
        "why": "a fixed variable holding 3, not 2, has d(v²)/dv = 6, not the 4 the chain rule by "
               "hand expects",
    },
    {
        "cells": [REFEREE, SEC6, SEC6_TABLE, "twins = {"],
        "mutate": ('"v = v + 1": (lambda t: t * t, 2.0)', '"v = v + 1": (lambda t: t * t, 1.0)'),
        "fails_in": "twins = {",
        "why": "a twin evaluated at v's starting value 1 has slope 2, not the 4 of v after "
               "assign_add: the referee rejects the pair",
    },
    {
        "cells": [REFEREE, SEC6, SEC6_TABLE, STRAIGHT],
        "mutate": ("q + tf.stop_gradient(tf.round(q) - q)", "q + (tf.round(q) - q)"),
        "fails_in": STRAIGHT,
        "why": "without stop_gradient the straight-through sum has gradient 3·(1 − 1) = 0, "
               "which the referee rejects",
    },
    {
        "cells": [REFEREE, "def softplus_custom(x):", "xs = tf.constant([-1.0, 0.0, 1.0, 100.0])",
                  'assert np.isinf(table["naive value"][3])'],
        "mutate": ("return u * tf.sigmoid(x)", "return u * tf.sigmoid(-x)"),
        "fails_in": 'assert np.isinf(table["naive value"][3])',
        "why": "custom_gradient returns σ(−x) instead of σ(x): right at x = 0 (0.5), wrong "
               "elsewhere, so only the referee's diagonal-Jacobian check in section 7 catches it",
    },
    {
        "cells": [REFEREE, "first = tape.gradient(y, x)"],
        "mutate": ("with tf.GradientTape() as tape:\n    y = x**3",
                   "with tf.GradientTape(persistent=True) as tape:\n    y = x**3"),
        "fails_in": "first = tape.gradient(y, x)",
        "why": "a persistent tape allows a second gradient() call, so the RuntimeError the lesson "
               "shows never comes; the else branch of the try must fail",
    },
    {
        "cells": ["def intermediate_alive("],
        "mutate": ("tf.GradientTape(persistent=persistent)", "tf.GradientTape(persistent=True)"),
        "fails_in": "def intermediate_alive(",
        "why": "if the plain tape kept its record, its intermediate would survive gradient(), "
               "and the (True, False, False) check fails",
    },
    {
        "cells": [REFEREE, "rng = np.random.default_rng(1)"],
        "mutate": (".reshape(4, 2, 3, 2)", ".reshape(4, 2, 2, 3)"),
        "fails_in": "rng = np.random.default_rng(1)",
        "why": "a loop of gradients stacked in the wrong layout no longer equals jacobian(Y, W)",
    },
]

BUILD_SOLUTION_HEAD = """\
x = np.array(x, dtype=np.float64)
grad = np.zeros_like(x)
for i in np.ndindex(x.shape):
    original = x[i]
"""

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])",
            "divides by eps, not 2·eps": BUILD_SOLUTION_HEAD + """\
    x[i] = original + eps
    f_plus = float(f(x))
    x[i] = original - eps
    f_minus = float(f(x))
    x[i] = original
    grad[i] = (f_plus - f_minus) / eps
return grad
""",
            "forgets to put x_i back": BUILD_SOLUTION_HEAD + """\
    x[i] = original + eps
    f_plus = float(f(x))
    x[i] = original - eps
    f_minus = float(f(x))
    grad[i] = (f_plus - f_minus) / (2 * eps)
return grad
""",
            "stays in x's dtype (float32)": """\
x = np.array(x)
grad = np.zeros_like(x)
for i in np.ndindex(x.shape):
    original = x[i]
    x[i] = original + eps
    f_plus = float(f(x))
    x[i] = original - eps
    f_minus = float(f(x))
    x[i] = original
    grad[i] = (f_plus - f_minus) / (2 * eps)
return grad
""",
            "forward difference": BUILD_SOLUTION_HEAD + """\
    x[i] = original + eps
    f_plus = float(f(x))
    x[i] = original
    f_here = float(f(x))
    grad[i] = (f_plus - f_here) / eps
return grad
""",
            "changes the caller's array": """\
x = np.asarray(x, dtype=np.float64)
grad = np.zeros_like(x)
for i in np.ndindex(x.shape):
    original = x[i]
    x[i] = original + eps
    f_plus = float(f(x))
    x[i] = original - eps
    f_minus = float(f(x))
    grad[i] = (f_plus - f_minus) / (2 * eps)
return grad
""",
            "shortcut: numerical_gradient": "return helpers.checks.numerical_gradient(f, x, eps=eps)",
            "shortcut: numerical_jacobian": "return helpers.checks.numerical_jacobian(f, x, eps=eps)",
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": 'guess_gradient_shape = "(5, 4)"\nguess_jacobian_shape = (5, 4)\nguess_nonzero = 300',
        "shows": "measured (3, 4)",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def colleague_fit_slope("],
        "wrong": {
            "hard-coded": "slope.assign(1.9)",
            "watches the tensor, still rebinds the name": """\
for _ in range(steps):
    with tf.GradientTape() as tape:
        tape.watch(slope)
        loss = tf.reduce_mean((slope * x - y) ** 2)
    slope = slope - lr * tape.gradient(loss, slope)
""",
            "a new variable every step": """\
for _ in range(steps):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((slope * x - y) ** 2)
    slope = tf.Variable(slope - lr * tape.gradient(loss, slope))
""",
            "steps uphill": """\
for _ in range(steps):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((slope * x - y) ** 2)
    slope.assign_add(lr * tape.gradient(loss, slope))
""",
            "one step only": """\
with tf.GradientTape() as tape:
    loss = tf.reduce_mean((slope * x - y) ** 2)
slope.assign_sub(lr * tape.gradient(loss, slope))
""",
        },
    },
]
