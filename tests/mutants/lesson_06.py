"""Mutants for lesson 06: a wrong backward pass and a wrong reflected subtraction."""

MUTANTS = [
    {
        "cells": ["def backward(params, cache):", "X_data, y_data = helpers.data.make_xor",
                  "class Value:", "def _unary(op):", "def backward_pass(self):", "to_values = np.vectorize"],
        "mutate": ("dZ1 = dA1 * (1 - A1 ** 2)", "dZ1 = dA1 * (1 - A1)"),
        "fails_in": "to_values = np.vectorize",
        "why": "backward uses 1 - tanh instead of 1 - tanh**2 for the tanh derivative; the Value engine's "
               "gradients of W1 and b1 no longer match the matrix backward pass",
    },
    {
        "cells": ["x, y, z = 1.5, -2.0, 0.5", "class Value:", "def _unary(op):", "def backward_pass(self):",
                  "rsub = 1 - xr"],
        "mutate": ("Value.__rsub__ = lambda self, other: other + (-self)",
                   "Value.__rsub__ = lambda self, other: self + (-other)"),
        "fails_in": "rsub = 1 - xr",
        "why": "__rsub__ computes self - other, so 1 - x evaluates to x - 1 with gradient +1; "
               "the reflected-operations check catches the value and the gradient",
    },
]
