"""Checks of lesson 11 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are picked by a substring of each.
"""

DATA = "X, y = helpers.data.load_digits()"
FORMULAS = "def softmax(z):"
FORMULA_CHECK = "loss_numpy, loss_keras = cross_entropy(z64, y_small)"
GRADIENTS = "dZ_tape = tape.gradient(loss_small, z_var).numpy()"
GRADIENT_CHECK = 'assert helpers.checks.compare("tape vs (P - Y)/n, float32"'
NAIVE = "def naive_xent(z, labels):"
TABLE = "on_probs = keras.losses.SparseCategoricalCrossentropy(reduction=None)"
TABLE_CHECK = "naive, stable, clipped = (table.loc[name] for name in ways)"
MODEL = "def build_mlp(width=64, seed=0):"
LN10 = "initial_loss = float(xent(y_train, mlp(X_train)))"
STEP = "def make_step(model, optimizer):"
LOOP = "def fit_by_hand(model, optimizer, train, val"
TRAIN = "hist_loop = fit_by_hand(mlp"
CONFUSION = "np.add.at(cm, (y_val, pred_val), 1)"
COLLEAGUE = "def colleague_loss(model, xb, yb):"

MUTANTS = [
    {
        "cells": [FORMULAS, FORMULA_CHECK],
        "mutate": ("return -np.mean(np.log(", "return -np.sum(np.log("),
        "fails_in": FORMULA_CHECK,
        "why": "a cross-entropy summed over the batch instead of averaged is 4 times Keras's batch "
               "mean, and the check that our loss equals Keras's rejects it.",
    },
    {
        "cells": [FORMULAS, GRADIENTS, GRADIENT_CHECK],
        "mutate": ("dZ = (softmax(z64) - np.eye(10)[y_small]) / len(z_small)",
                   "dZ = softmax(z64) - np.eye(10)[y_small]"),
        "fails_in": GRADIENT_CHECK,
        "why": "P - Y without the 1/n of the batch mean is 4 times the tape's gradient, and the "
               "tape-vs-formula comparison fails.",
    },
    {
        "cells": [FORMULAS, NAIVE, TABLE, TABLE_CHECK],
        "mutate": ("on_probs = keras.losses.SparseCategoricalCrossentropy(reduction=None)",
                   "on_probs = keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
                   "reduction=None)"),
        "fails_in": TABLE_CHECK,
        "why": "probabilities passed as logits give a softmax applied twice, not the clipped 16.12 "
               "with a zero gradient that the check expects.",
    },
    {
        "cells": [DATA, FORMULAS, MODEL, LN10],
        "mutate": ("keras.layers.Dense(10)])",
                   "keras.layers.Dense(10, kernel_initializer=keras.initializers.RandomNormal("
                   "stddev=1.0))])"),
        "fails_in": LN10,
        "why": "output weights drawn with standard deviation 1 make the untrained logits large, the "
               "initial loss lands far from ln 10, and the sanity check rejects it.",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [FORMULAS],
        "wrong": {
            "hard-coded": "return 2.0, np.zeros((6, 7))",
            "naive softmax": """
                z = np.asarray(z, dtype=np.float64)
                rows = np.arange(len(z))
                p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                loss = -np.mean(np.log(p[rows, labels]))
                p[rows, labels] -= 1
                return float(loss), p / len(z)
            """,
            "one-hot rows of 10, copied from section 3": """
                z = np.asarray(z, dtype=np.float64)
                shifted = z - z.max(axis=1, keepdims=True)
                sums = np.exp(shifted).sum(axis=1)
                loss = np.mean(np.log(sums) - shifted[np.arange(len(z)), labels])
                return float(loss), (np.exp(shifted) / sums[:, None] - np.eye(10)[labels]) / len(z)
            """,
            "Keras's loss and the tape": """
                z_var = tf.Variable(np.asarray(z, dtype=np.float32))
                with tf.GradientTape() as tape:
                    loss = xent(labels, z_var)
                return float(loss), tape.gradient(loss, z_var).numpy()
            """,
            "forgot the 1/n": """
                z = np.asarray(z, dtype=np.float64)
                rows = np.arange(len(z))
                shifted = z - z.max(axis=1, keepdims=True)
                sums = np.exp(shifted).sum(axis=1)
                dZ = np.exp(shifted) / sums[:, None]
                dZ[rows, labels] -= 1
                return float(np.mean(np.log(sums) - shifted[rows, labels])), dZ
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [DATA, FORMULAS, MODEL, STEP, LOOP, TRAIN, CONFUSION],
        "guess": "my_guess = 0",
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, FORMULAS, MODEL, COLLEAGUE],
        "wrong": {
            "hard-coded": "return tf.constant(2.3)",
            "softmax twice": "return xent(yb, tf.nn.softmax(model(xb, training=True)))",
            "a NumPy loss": """
                logits = model(xb, training=True).numpy().astype(np.float64)
                m = logits.max(axis=1)
                shifted = np.log(np.exp(logits - m[:, None]).sum(axis=1)) + m
                return np.mean(shifted - logits[np.arange(len(yb)), yb])
            """,
            "leans on Keras's rescue": (
                "return keras.losses.SparseCategoricalCrossentropy()("
                "yb, keras.activations.softmax(model(xb, training=True)))"),
        },
    },
    {
        "exercise": 4,
        "kind": "predict",
        "context": [DATA, FORMULAS, MODEL, STEP],
        "guess": "guess_20, guess_60 = 0.5, 0.5",
        "shows": "measured after 60 epochs",
    },
]
