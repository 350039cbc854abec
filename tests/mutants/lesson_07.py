"""Checks of lesson 07 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the cells a mutant or an exercise needs are listed by a substring of each.
"""

NEURON = ["def sigmoid(z)", "def train_single_neuron"]
NETWORK = ["def sigmoid(z)", "def init_params("]

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
        "mutate": ("zip(scores, y.ravel())) / 4", "zip(scores, y.ravel())) / 2"),
        "fails_in": "w_grid = np.linspace",
        "why": "the loss divides by 2 instead of the 4 rows, so its floor is 0.5; the check that "
               "the landscape's lowest value is 0.25 fails",
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
        "cells": [*NETWORK, "def gradient_check("],
        "mutate": ("dZ2 = 2 * (A2 - y) / len(X) * sigmoid_derivative(A2)",
                   "dZ2 = (A2 - y) * sigmoid_derivative(A2)"),
        "fails_in": "def gradient_check(",
        "why": "backward drops the 2/n of the mean squared error; every gradient is off by a "
               "factor of 2 and the gradient check fails",
    },
    {
        "cells": [*NETWORK, "def train(", "assert all(np.all(np.abs(forward(p, X)[1] - y) < 0.1)"],
        "mutate": ("p[name] -= learning_rate * grads[name]", "p[name] += learning_rate * grads[name]"),
        "fails_in": "assert all(np.all(np.abs(forward(p, X)[1] - y) < 0.1)",
        "why": "train climbs the loss instead of descending it; the networks do not fit XOR "
               "and the check that every prediction is within 0.1 fails",
    },
    {
        "cells": [*NETWORK, "def init_stack(", "stacked = backward_stack("],
        "mutate": ('"b1": dZ1.sum(axis=-2, keepdims=True)', '"b1": dZ1.sum(axis=0, keepdims=True)'),
        "fails_in": "stacked = backward_stack(",
        "why": "the stacked backward pass sums the bias gradient over axis 0, the runs, as the "
               "2-D code does; the run-by-run comparison with backward fails",
    },
    {
        "cells": [*NETWORK, "def train(", "def init_stack(", "stacks, curves, ok = "],
        "mutate": ("def train(p, backward_fn, epochs, learning_rate=2.0):",
                   "def train(p, backward_fn, epochs, learning_rate=0.2):"),
        "fails_in": "stacks, curves, ok = ",
        "why": "with a tenfold smaller learning rate, 5,000 updates are too few for the 2-4-1 "
               "runs; the check that at least 90 % of them succeed fails",
    },
    {
        "cells": [*NETWORK, "def train(", "def init_stack(", "stacks, curves, ok = ",
                  "def closest_pair("],
        "mutate": ("for a in (0, 3) for b in (1, 2)", "for a in (0, 1) for b in (2, 3)"),
        "fails_in": "def closest_pair(",
        "why": "closest_pair compares the wrong pairs of inputs and misses the collapsed pair; "
               "the check that it lies within 0.01 of one hidden point fails",
    },
    {
        "cells": [*NEURON, "X_int = np.array("],
        "mutate": ("weights += learning_rate * (X.T @ adjustments)",
                   "weights += learning_rate * X.T @ adjustments"),
        "fails_in": "X_int = np.array(",
        "why": "without the parentheses 0.1 * X.T is computed first, in float32 for the float32 "
               "table; the run no longer matches the integer one bit for bit",
    },
    {
        "cells": [*NETWORK, "def train(", "model = keras.Sequential("],
        "mutate": ("keras.optimizers.SGD(learning_rate=2.0)", "keras.optimizers.SGD(learning_rate=1.0)"),
        "fails_in": "model = keras.Sequential(",
        "why": "Keras trains with half the learning rate of the NumPy loop; its weights no "
               "longer match within 1e-5",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": ["def sigmoid(z)", "def forward_deep("],
        "wrong": {
            "hard-coded": 'return {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 4)), '
                          '"b2": np.zeros(4), "W3": np.zeros((4, 1)), "b3": np.zeros(1)}',
            "the middle sigma' forgotten": """
                dZ3 = 2 * (A3 - y) / len(X) * sigmoid_derivative(A3)
                dZ2 = dZ3 @ p["W3"].T
                dZ1 = (dZ2 @ p["W2"].T) * sigmoid_derivative(A1)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2,
                        "b2": dZ2.sum(axis=0), "W3": A2.T @ dZ3, "b3": dZ3.sum(axis=0)}
            """,
            "dW2 from the inputs": """
                dZ3 = 2 * (A3 - y) / len(X) * sigmoid_derivative(A3)
                dZ2 = (dZ3 @ p["W3"].T) * sigmoid_derivative(A2)
                dZ1 = (dZ2 @ p["W2"].T) * sigmoid_derivative(A1)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": X.T @ dZ2,
                        "b2": dZ2.sum(axis=0), "W3": A2.T @ dZ3, "b3": dZ3.sum(axis=0)}
            """,
            "sigma' of the wrong layer": """
                dZ3 = 2 * (A3 - y) / len(X) * sigmoid_derivative(A3)
                dZ2 = (dZ3 @ p["W3"].T) * sigmoid_derivative(A3)
                dZ1 = (dZ2 @ p["W2"].T) * sigmoid_derivative(A2)
                return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2,
                        "b2": dZ2.sum(axis=0), "W3": A2.T @ dZ3, "b3": dZ3.sum(axis=0)}
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": ["def sigmoid(z)"],
        "guess": "my_guess = 0",
        "shows": "measured: predictions",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [*NETWORK, "def train(", "def init_colleague("],
        "wrong": {
            "hard-coded": 'return {"W1": np.array([[0.3, -1.2], [0.8, 0.1]]), "b1": np.zeros(2), '
                          '"W2": np.array([[1.0], [-0.5]]), "b2": np.zeros(1)}',
            "one random column for every unit": """
                rng = np.random.default_rng(seed)
                column, weight = rng.standard_normal((2, 1)), rng.standard_normal()
                return {"W1": np.tile(column, (1, n_hidden)), "b1": np.zeros(n_hidden),
                        "W2": np.full((n_hidden, 1), weight), "b2": np.zeros(1)}
            """,
            "no seed": """
                rng = np.random.default_rng()
                return {"W1": rng.standard_normal((2, n_hidden)), "b1": np.zeros(n_hidden),
                        "W2": rng.standard_normal((n_hidden, 1)), "b2": np.zeros(1)}
            """,
            "all zeros": """
                return {"W1": np.zeros((2, n_hidden)), "b1": np.zeros(n_hidden),
                        "W2": np.zeros((n_hidden, 1)), "b2": np.zeros(1)}
            """,
        },
    },
    {
        "exercise": 4,
        "kind": "predict",
        "context": [*NETWORK, "def train(", "def init_stack("],
        "guess": "my_guess = 0.3",
        "shows": "measured: 2-3-1 succeeds",
    },
]
