"""Checks of lesson 10 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format.
"""

DATA = ["def make_sine", "def mean_and_se"]
TRUTH_CHECK = "assert abs(fresh - 0.25)"
MODELS = [*DATA, "def build_mlp", "big = build_mlp()"]
LOOP = [*MODELS, "def make_step", "def train_by_hand"]

MUTANTS = [
    {
        "cells": [*DATA, TRUTH_CHECK],
        "mutate": ("values.std(ddof=1) / np.sqrt(values.size)", "values.std(ddof=1) / values.size"),
        "fails_in": TRUTH_CHECK,
        "why": "the standard error divides by n instead of sqrt(n), so it is 140 times too small on "
               "20,000 fresh points; the check that the truth scores 0.25 within 3 SE there fails",
    },
    {
        "cells": [*MODELS, "assert best + 1 <= 0.4 * EPOCHS"],
        "mutate": ("EPOCHS, LEARNING_RATE = 80, 0.02", "EPOCHS, LEARNING_RATE = 80, 0.002"),
        "fails_in": "assert best + 1 <= 0.4 * EPOCHS",
        "why": "with a learning rate ten times smaller the network is still learning after 80 "
               "epochs: no early minimum, no climb, and the overfitting check fails",
    },
    {
        "cells": [*LOOP, "assert hand_val == list(val_curve"],
        "mutate": ("map(tf.constant, (X_train", "map(np.asarray, (X_train"),
        "fails_in": "assert hand_val == list(val_curve",
        "why": "the step reads NumPy arrays, which become graph constants that TensorFlow "
               "simplifies; the rounding changes and our loop no longer reproduces fit's "
               "validation losses bit for bit",
    },
    {
        "cells": [*MODELS, "before = squared_errors(build_mlp()"],
        "mutate": ("before = squared_errors(build_mlp(), X_train, y_train).mean()",
                   "before = squared_errors(big, X_train, y_train).mean()"),
        "fails_in": "before = squared_errors(build_mlp()",
        "why": "the loss 'before the step' taken from the trained network is far below fit's "
               "epoch-1 training loss: the check that epoch 1 reports the untrained loss fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return np.zeros((300, 400)), np.zeros((300, 400))",
            "kept with probability p": """
                keep = rng.random(A.shape) < p
                return A * keep / (1 - p), d_out * keep / (1 - p)
            """,
            "no rescaling": """
                keep = rng.random(A.shape) >= p
                return A * keep, d_out * keep
            """,
            "backward pass without the mask": """
                keep = rng.random(A.shape) >= p
                return A * keep / (1 - p), d_out / (1 - p)
            """,
            "backward pass without the scale": """
                keep = rng.random(A.shape) >= p
                return A * keep / (1 - p), d_out * keep
            """,
            "a new mask for the backward pass": """
                out = A * (rng.random(A.shape) >= p) / (1 - p)
                return out, d_out * (rng.random(A.shape) >= p) / (1 - p)
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = (0.35625, 0.15)",
        "shows": "measured: penalty 0.7125",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def make_sine", "def mean_and_se", "def build_mlp", "def colleague_val_mse"],
        "wrong": {
            "hard-coded": "return 0.5",
            "left as the colleague's": "return colleague_val_mse(model, X, y)",
            "averaged over many calls": (
                "return float(np.mean([colleague_val_mse(model, X, y) for _ in range(20)]))"),
            "a tensor, not a float": "return tf.reduce_mean((model(X, training=False) - y) ** 2)",
            "a float32, not a Python float": "return np.mean((model(X).numpy() - y) ** 2)",
        },
    },
]
