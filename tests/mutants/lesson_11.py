"""Mutants for lesson 11: its checks must fail when the lesson's own computation is wrong."""

DATA = "X, y = helpers.data.load_digits()"
XENT = "xent = keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
MODEL = "def build_mlp(width=64, seed=0):"
LN10 = "initial_loss = float(xent(y_train, mlp(X_train)))"
OVERFLOW = "def log_sum_exp_xent(z, labels):"
TABLE = "keras_on_logits = keras.losses.SparseCategoricalCrossentropy"
STABLE = "naive_loss = np.array(table.iloc[0, :3], dtype=float)"

MUTANTS = [
    {
        "cells": [DATA, XENT, MODEL, LN10],
        "mutate": ("keras.layers.Dense(10)])",
                   "keras.layers.Dense(10, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))])"),
        "fails_in": LN10,
        "why": "output weights drawn with standard deviation 1 make the untrained logits large, the initial "
               "loss is about 5.4, far from ln 10, and the initial-loss check rejects it.",
    },
    {
        "cells": [XENT, OVERFLOW, TABLE, STABLE],
        "mutate": ("tf.reduce_sum(tf.exp(z - m), axis=1)", "tf.reduce_sum(tf.exp(z), axis=1)"),
        "fails_in": STABLE,
        "why": "log-sum-exp without subtracting the row maximum overflows at z = 1000 (inf loss, NaN "
               "gradient), and the check that our version gives exactly 0, 1000, 2000 fails.",
    },
]
