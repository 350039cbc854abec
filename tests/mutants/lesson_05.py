"""Mutants for lesson 05: each breaks the lesson's code and must be caught by its own check cell."""

MUTANTS = [
    {
        "cells": ["def train_step(", "rng_big = ", "def one_step("],
        "mutate": ('"tf.function + XLA": tf.function(train_step, jit_compile=True)',
                   '"tf.function + XLA": tf.function(lambda m, o, f, x, y: '
                   'train_step(m, o, f, x[1:], y[1:]), jit_compile=True)'),
        "fails_in": "def one_step(",
        "why": "the XLA step silently drops the first row of its batch; its update then differs "
               "from eager's by about a percent of each layer's largest step, far beyond the 1e-4 "
               "tolerance of section 8's update check",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", "def batches(", "def train_step(",
                  "unweighted, weighted =", "np.testing.assert_allclose(float(weighted.result())"],
        "mutate": ("weighted.update_state(batch_loss, sample_weight=len(xb))",
                   "weighted.update_state(batch_loss)"),
        "fails_in": "np.testing.assert_allclose(float(weighted.result())",
        "why": "a Mean of batch losses without the batch size as weight counts the 4-row "
               "validation batch as much as the 16-row one; it no longer equals the loss on the "
               "whole set",
    },
]
