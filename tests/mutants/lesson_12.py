"""Mutants for lesson 12: its checks must fail when the lesson's own computation is wrong."""

ADAM = "def adam_steps(grads,"

MUTANTS = [
    {
        "cells": [ADAM],
        "mutate": ("w = w - lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + eps)",
                   "w = w - lr / (1 - beta_1**t) * m / (np.sqrt(v) + eps)"),
        "fails_in": ADAM,
        "why": "our Adam without the sqrt(1 - beta_2^t) factor takes steps about 30 times too large, and "
               "the comparison with Keras's own Adam steps (rtol 1e-5) fails.",
    },
    {
        "cells": [ADAM],
        "mutate": ("* m / (np.sqrt(v) + eps)", "* m / np.sqrt(v + eps)"),
        "fails_in": ADAM,
        "why": "epsilon added under the square root instead of to sqrt(v): the weights with tiny gradients "
               "move by a different amount than Keras moves them, and the rtol 1e-5 comparison fails.",
    },
]
