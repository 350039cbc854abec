"""Mutants for lesson 04: each breaks the lesson's code and must be caught by its own check cell."""


REFEREE = "def check_gradient("

MUTANTS = [
    {
        "cells": [REFEREE, "def softplus_custom(x):", "versions = {",
                  "naive_val, naive_grad ="],
        "mutate": ("return upstream * tf.sigmoid(x)", "return upstream * tf.sigmoid(-x)"),
        "fails_in": "naive_val, naive_grad =",
        "why": "custom_gradient returns sigma(-x) instead of sigma(x): right at x = 0 (0.5), wrong "
               "elsewhere, so only the referee's diagonal-Jacobian check in section 7 can catch it",
    },
    {
        "cells": [REFEREE, "first = tape.gradient(y, x)"],
        "mutate": ("with tf.GradientTape() as tape:\n    y = x ** 3",
                   "with tf.GradientTape(persistent=True) as tape:\n    y = x ** 3"),
        "fails_in": "first = tape.gradient(y, x)",
        "why": "a persistent tape allows a second gradient() call, so the RuntimeError the lesson "
               "shows never comes; the else branch of the try must fail",
    },
]
