"""Checks of lesson 06 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

HAND = "x, y, z = 1.5, -2.0, 0.5"  # section 1: forward and backward by hand
REFEREES = "xyz = [tf.Variable("  # section 1's check: tape and central differences
PROBE = "rng_probe = np.random.default_rng(1)"  # section 2: the probe loss
PROBE_CHECK = 'right = [e for label, e in errors.items() if "index" in label]'
NETWORK = "def forward(params, X, Y):"  # section 3: forward and backward
DATA = "X_data, y_data = helpers.data.make_xor("
GRADIENT_CHECK = "def gradient_check("  # section 4
ALL_BATCHES = "good = pd.DataFrame("
TOLERANCE = "TOLERANCE = 1e-5"
VALUE = "TAPE = []"  # section 5: the engine
BACKPROP = "def backprop(output):"
ENGINE = "recorded = list(TAPE)"
FIT = "batches = tf.data.Dataset.from_tensor_slices("  # section 6: the ladder's two ends
NUMPY = "params, numpy_losses = dict(params64), []"
LADDER = "weight_gap = max("
SWEEP = "sweep = {}"  # Going deeper: central differences
FULL_VALUE = "numbers mixed with Values"  # Going deeper: the engine on the network
OBJECT_ARRAYS = "to_values = np.vectorize(Value"

ENGINE_CELLS = [HAND, REFEREES, VALUE, BACKPROP, ENGINE]
BACKWARD_CELLS = [NETWORK, DATA, GRADIENT_CHECK, ALL_BATCHES, TOLERANCE]
LADDER_CELLS = [NETWORK, DATA, FIT, NUMPY, LADDER]

# One mutant per main-path check (the referees of section 1, the probe, the gradient check and
# its negative control, the engine, the ladder's two ends) and two Going-deeper ones (the ε
# sweep, the engine on the network). Where several mutants failed one check the cheapest is
# kept; the rung mutants, which train every rung (~0.6 s each), are dropped.
MUTANTS = [
    {
        "cells": [HAND, REFEREES],
        "mutate": ("x_bar = a_bar * y + s_bar * (1 - s**2)", "x_bar = a_bar * y"),
        "fails_in": REFEREES,
        "why": "x's adjoint keeps only its path through a = x·y and forgets the one through "
               "tanh(x): the tape and central differences disagree",
    },
    {
        "cells": [PROBE, PROBE_CHECK],
        "mutate": ('"dA = dZ·Wᵀ  (index form)": (G @ W.T, dA_num)',
                   '"dA = dZ·Wᵀ  (index form)": (G @ W, dA_num)'),
        "fails_in": PROBE_CHECK,
        "why": "the 'index form' candidate is really dZ·W, which has the right shape but is off "
               "by ~200 %: the probe check fails",
    },
    {
        "cells": BACKWARD_CELLS,
        "mutate": ("dZ1 = dA1 * (1 - A1**2)", "dZ1 = dA1 * (1 - A1)"),
        "fails_in": TOLERANCE,
        "why": "backward uses 1 − tanh instead of 1 − tanh² for tanh's derivative: the gradient "
               "check fails on W1 and b1",
    },
    {
        "cells": BACKWARD_CELLS,
        "mutate": ("numeric = helpers.checks.numerical_gradient(loss_of, params[name])",
                   "numeric = grads[name]"),
        "fails_in": TOLERANCE,
        "why": "a gradient check that compares backward with itself cannot fail; the negative "
               "control (the forgotten tanh derivative must fail W1, b1) exposes it",
    },
    {
        "cells": ENGINE_CELLS,
        "mutate": ("[(self, other.data), (other, self.data)]",
                   "[(self, self.data), (other, other.data)]"),
        "fails_in": ENGINE,
        "why": "the engine's product rule gives each factor its own value as local derivative "
               "instead of the other factor's: its gradients differ from the hand adjoints",
    },
    {
        "cells": LADDER_CELLS,
        "mutate": ("params[name] - LR * grads[name]", "params[name] - 1.1 * LR * grads[name]"),
        "fails_in": LADDER,
        "why": "the NumPy loop steps 10 % too far: it no longer lands on fit's weights",
    },
    {
        "cells": [NETWORK, DATA, SWEEP],
        "mutate": ("params64[name], eps=eps)", "params64[name])"),
        "fails_in": SWEEP,
        "why": "the sweep forgets to pass its step, so every row uses the default ε: the error "
               "no longer changes with ε and the sweep's check fails",
    },
    {
        "cells": [HAND, REFEREES, VALUE, BACKPROP, ENGINE, NETWORK, DATA, SWEEP, FULL_VALUE,
                  OBJECT_ARRAYS],
        "mutate": ("return self + (-1.0) * other", "return self + other"),
        "fails_in": OBJECT_ARRAYS,
        "why": "Value - number adds instead of subtracting, so the engine differentiates a "
               "different loss: its gradients no longer match backward",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": ["def forward_bce(", "def tape_gradients("],
        "wrong": {
            "hard-coded": """
                return {"W1": np.zeros((3, 5)), "b1": np.zeros(5), "W2": np.zeros((5, 1)),
                        "b2": np.zeros(1)}
            """,
            "the MSE's dZ2": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = 2 * (Z2 - Y) / len(X)
                dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
            "no 1/n": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = 1 / (1 + np.exp(-Z2)) - Y
                dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
            "tanh's derivative": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = (1 / (1 + np.exp(-Z2)) - Y) / len(X)
                dZ1 = (dZ2 @ params["W2"].T) * (1 - A1**2)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
            "no ReLU mask": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = (1 / (1 + np.exp(-Z2)) - Y) / len(X)
                dZ1 = dZ2 @ params["W2"].T
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
            "shortcut: its own GradientTape": """
                X, Y = cache[:2]
                tp = {name: tf.Variable(value) for name, value in params.items()}
                with tf.GradientTape() as tape:
                    Z2 = tf.nn.relu(X @ tp["W1"] + tp["b1"]) @ tp["W2"] + tp["b2"]
                    loss = tf.reduce_mean(tf.math.softplus(Z2) - Y * Z2)
                return {name: g.numpy() for name, g in zip(tp, tape.gradient(loss, list(tp.values())))}
            """,
            "shortcut: the check's referee": "return tape_gradients(params, cache[0], cache[1])",
            "shortcut: central differences": """
                X, Y = cache[:2]
                return {name: helpers.checks.numerical_gradient(
                    lambda v: forward_bce({**params, name: v}, X, Y)[0], params[name]) for name in params}
            """,
            "a missing key": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = (sigmoid(Z2) - Y) / len(X)
                dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
                return {"W1": X.T @ dZ1, "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
            "dW1 transposed": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = (1 / (1 + np.exp(-Z2)) - Y) / len(X)
                dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
                return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": LADDER_CELLS,
        "guess": "my_guess = 0.0",
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [NETWORK, DATA, GRADIENT_CHECK, "def colleague_backward("],
        "wrong": {
            "hard-coded": """
                return {"W1": np.zeros((2, 8)), "b1": np.zeros(8), "W2": np.zeros((8, 1)),
                        "b2": np.zeros(1)}
            """,
            "left as the colleague's": "return colleague_backward(params, cache)",
            "shortcut: section 3's backward": "return backward(params, cache)",
            "the pre-activation": """
                X, Y, Z1, A1, Z2 = cache
                dZ2 = 2 * (Z2 - Y) / len(X)
                dZ1 = (dZ2 @ params["W2"].T) * (1 - Z1**2)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
            """,
        },
    },
]
