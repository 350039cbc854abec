"""Checks of lesson 07 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the cells a mutant or an exercise needs are listed by a substring of each.
"""

NEURON = ["def sigmoid(z)", "def train_single_neuron"]
NETWORK = ["def sigmoid(z)", "def init_params("]
TRAINED = [*NETWORK, "def train(", "finals, curves, ok = "]  # section 6's 20 runs

# One cheap mutant per main-path check (sections 1 to 6), then one Going-deeper one (the
# stacked runs). Section 2's landscape costs ~1 s (its figure evaluates the loss on a fine
# grid); section 6's 20 runs get a mutant with 200 updates, which fails in 0.3 s. Dropped: the
# mutants that need the full 20 runs (~1 s each: section 7's stuck runs, Going deeper's stuck
# runs and stacked starts), Keras's 700 updates and the classic program bit for bit.
MUTANTS = [
    {
        "cells": [*NEURON, "assert np.abs(path[-1]).max() < 1e-12"],
        "mutate": ("epochs=10_000):", "epochs=1_000):"),
        "fails_in": "assert np.abs(path[-1]).max() < 1e-12",
        "why": "after 1,000 updates the single neuron is near, not at, w = 0, b = 0; the check "
               "that its weights and predictions are 0 and 0.5 within 1e-12 fails",
    },
    {
        "cells": [*NEURON, "def single_unit_mse", "w_grid = np.linspace"],
        "mutate": ("biases = np.linspace(-12, 12, 121)", "biases = np.linspace(-1, 1, 121)"),
        "fails_in": "w_grid = np.linspace",
        "why": "the search for the best bias covers only [-1, 1]: far from the origin the best "
               "bias lies outside it, the corners look far worse than they are, and the check "
               "that the corner (-6, -6) is only a little above 0.25 fails",
    },
    {
        "cells": ["def sigmoid(z)", "def half_sse(theta)", "right, wrong = half_sse_gradient"],
        "mutate": ("sigmoid_derivative(s if pass_output else z)", "sigmoid_derivative(z)"),
        "fails_in": "right, wrong = half_sse_gradient",
        "why": "the gradient always passes z to sigmoid_derivative; the gradient check against "
               "central differences fails",
    },
    {
        "cells": [*NETWORK, "def gradient_check("],
        "mutate": ("dZ1 = dA1 * sigmoid_derivative(A1)",
                   'dZ1 = dA1 * sigmoid_derivative(X @ p["W1"] + p["b1"])'),
        "fails_in": "def gradient_check(",
        "why": "backward takes the hidden sigma' at the pre-activation Z1 instead of the output "
               "A1; the gradient check against central differences fails on W1 and b1",
    },
    {
        "cells": [*NETWORK, "def train(", "assert all(np.all(np.abs(forward(p, X)[1] - y) < 0.1)"],
        "mutate": ("p[name] -= learning_rate * grads[name]", "p[name] += learning_rate * grads[name]"),
        "fails_in": "assert all(np.all(np.abs(forward(p, X)[1] - y) < 0.1)",
        "why": "train climbs the loss instead of descending it; the networks do not fit XOR "
               "and the check that every prediction is within 0.1 fails",
    },
    {
        "cells": [*NETWORK, "def train(", "views = {"],
        "mutate": ("losses = train(p, backward, 700)", "losses = train(p, backward, 70)"),
        "fails_in": "views = {",
        "why": "after only 70 updates the hidden units are not yet the two gates; the check of "
               "the inputs each unit is on for fails",
    },
    {
        "cells": TRAINED,
        "mutate": ("train(p, backward, 2000)", "train(p, backward, 200)"),
        "fails_in": "finals, curves, ok = ",
        "why": "200 updates (a dropped zero) are too few: 2-4-1 runs have not fit XOR yet, and "
               "the check that every 2-4-1 run succeeds fails",
    },
    {
        "cells": [*NETWORK, "def train(", "def init_stack(", "stacked = backward_stack("],
        "mutate": ('"b1": dZ1.sum(axis=-2, keepdims=True)', '"b1": dZ1.sum(axis=0, keepdims=True)'),
        "fails_in": "stacked = backward_stack(",
        "why": "the stacked backward pass sums the bias gradient over axis 0, the runs, as the "
               "2-D code does; the run-by-run comparison with backward fails",
    },
]

DEEP_SOLUTION = """
    dZ3 = 2 * (A3 - y) / len(X) * sigmoid_derivative(A3)
    dZ2 = (dZ3 @ p["W3"].T) * sigmoid_derivative(A2)
    dZ1 = (dZ2 @ p["W2"].T) * sigmoid_derivative(A1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2,
            "b2": dZ2.sum(axis=0), "W3": A2.T @ dZ3, "b3": dZ3.sum(axis=0)}
"""

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": ["def sigmoid(z)", "def forward_deep("],
        "wrong": {
            "hard-coded": 'return {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 4)), '
                          '"b2": np.zeros(4), "W3": np.zeros((4, 1)), "b3": np.zeros(1)}',
            "the middle sigma' forgotten": DEEP_SOLUTION.replace(
                '(dZ3 @ p["W3"].T) * sigmoid_derivative(A2)', 'dZ3 @ p["W3"].T'),
            "shortcut: central differences": """
                grads = {}
                for name in p:
                    def loss_of(value):
                        return np.mean((forward_deep({**p, name: value}, X)[2] - y) ** 2)
                    grads[name] = helpers.checks.numerical_gradient(loss_of, p[name])
                return grads
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": ["def sigmoid(z)"],
        "guess": 'my_guess = "half"',
        "shows": "measured: predictions",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [*NETWORK, "def train(", "def init_colleague("],
        "wrong": {
            "hard-coded": 'return {"W1": np.array([[0.3, -1.2], [0.8, 0.1]]), "b1": np.zeros(2), '
                          '"W2": np.full((2, 1), 0.5), "b2": np.zeros(1)}',
            "one random column for every unit": """
                rng = np.random.default_rng(seed)
                column = rng.standard_normal((2, 1))
                return {"W1": np.tile(column, (1, n_hidden)), "b1": np.zeros(n_hidden),
                        "W2": np.full((n_hidden, 1), 0.5), "b2": np.zeros(1)}
            """,
            "shortcut: section 4's init_params": "return init_params(n_hidden, seed)",
        },
    },
    {
        "exercise": 4,
        "kind": "predict",
        "context": [*NETWORK, "def train(", "def init_stack("],
        "guess": 'my_guess = "90%"',
        "shows": "measured: 2-3-1 succeeds",
    },
]
