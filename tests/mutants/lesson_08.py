"""Mutants for lesson 08: a wrong Adam bias correction and RMSprop's epsilon moved out of the root."""

_BENCH = ["batches = [(tf.constant", "def train(optimizer", "class HandOptimizer",
          "class SGD:", "def compare_with_keras"]

MUTANTS = [
    {
        "cells": _BENCH + ["class Adam:"],
        "mutate": ("alpha = lr * sqrt(1 - beta_2_t) / (1 - beta_1_t)",
                   "alpha = lr * (1 - beta_2_t) / (1 - beta_1_t)"),
        "fails_in": "class Adam:",
        "why": "Adam's second-moment bias correction drops the square root, so early steps are ~30x too "
               "small; the comparison with keras.optimizers.Adam after 20 steps fails",
    },
    {
        "cells": _BENCH + ["class RMSprop:"],
        "mutate": ("return w - lr * g / sqrt(s + self.epsilon), s",
                   "return w - lr * g / (sqrt(s) + self.epsilon), s"),
        "fails_in": "class RMSprop:",
        "why": "RMSprop adds epsilon outside the square root (PyTorch's form); the bit-for-bit comparison "
               "with keras.optimizers.RMSprop fails",
    },
]
