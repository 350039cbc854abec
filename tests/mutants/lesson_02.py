"""Mutants for lesson 02: its checks must fail when the lesson's own computation is wrong."""

MODEL = "W0 = layer.kernel.numpy()"
FORWARD = "y_hand = X @ W0 + b0"
BOUND = "bound = (n + 10) * u * mse_exact"
LOSSES = "regression = {  # name"
TAPE = "def tape_derivative(loss_fn"
HUBER = "left1, right1 ="

MUTANTS = [
    {
        "cells": [MODEL, FORWARD, BOUND],
        "mutate": ("mse_hand = np.mean((y_hand - y) ** 2)", "mse_hand = np.sum((y_hand - y) ** 2) / (n - 1)"),
        "fails_in": BOUND,
        "why": "dividing by n − 1 instead of n is off by 0.4 %, far outside the float32 worst-case bound "
               "(n + 10)·u·L, so the loss check fails.",
    },
    {
        "cells": [LOSSES, TAPE, HUBER],
        "mutate": ("np.where(np.abs(r) <= 1, 0.5 * r**2, np.abs(r) - 0.5)",
                   "np.where(np.abs(r) <= 1, r**2, np.abs(r) - 0.5)"),
        "fails_in": HUBER,
        "why": "a Huber loss with r² (not r²/2) inside has slope 2 on the left of δ and 1 on the right: the "
               "check that the slope is continuous at δ fails.",
    },
]
