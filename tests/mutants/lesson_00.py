"""Checks of lesson 00 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

DIFFERENCES = "def forward_difference("  # section 1: f and the two differences
RATIOS = "forward_ratio ="  # section 1's check
GRADIENT = "def grad_g(w, b):"  # section 2
GRADIENT_CHECK = "direction = grad_g("
CHAIN = "def loss_of(w):"  # section 3
SHAPES = "by_hand = np.array("  # section 4
BROADCAST = "column = np.array("  # section 5
TRAP = "w_true = np.array("  # section 6
AXES = "centred_rows = M - M.mean("  # section 7
SQUARE = "S = np.arange(9.0)"
MSE_GRADIENT = "grad_formula = 2 / len(X)"  # section 8
EPSILON = "def median_error("  # Going deeper: how small may ε be?
HESSIAN = "H = 2 / n * A.T @ A"  # Going deeper: the Hessian
PAIRS = "by_pairs = np.mean("  # Going deeper: what the (n, n) loss computes

MUTANTS = [
    {
        "cells": [DIFFERENCES, RATIOS],
        "mutate": ("/ (2 * eps)", "/ eps"),
        "fails_in": RATIOS,
        "why": "a central difference divided by ε instead of 2ε measures 2f', so its error no "
               "longer shrinks a hundredfold and the ratio check fails",
    },
    {
        "cells": [DIFFERENCES, RATIOS],
        "mutate": ("(f(x + eps) - f(x - eps))", "(f(x + eps) - f(x))"),
        "fails_in": RATIOS,
        "why": "a 'central' difference over [x, x + ε] with a step of 2ε is a forward "
               "difference, whose error shrinks only tenfold: the ratio check fails",
    },
    {
        "cells": [DIFFERENCES, GRADIENT, GRADIENT_CHECK],
        "mutate": ("w + 4 * b", "w + 2 * b"),
        "fails_in": GRADIENT_CHECK,
        "why": "∂g/∂b forgets that 2b² has derivative 4b: the measured partials disagree",
    },
    {
        "cells": [DIFFERENCES, GRADIENT, GRADIENT_CHECK],
        "mutate": ("np.array([2 * w + b, w + 4 * b])", "np.array([w + 4 * b, 2 * w + b])"),
        "fails_in": GRADIENT_CHECK,
        "why": "the two partial derivatives swapped: the formula no longer matches the measurement",
    },
    {
        "cells": [DIFFERENCES, CHAIN],
        "mutate": ("chain = (2 * r) * 1.0 * x", "chain = r * 1.0 * x"),
        "fails_in": CHAIN,
        "why": "dL/dr written as r instead of 2r: the product of local derivatives is half the "
               "measured slope",
    },
    {
        "cells": [SHAPES],
        "mutate": ("predictions = X @ w ", "predictions = X @ w[::-1] "),
        "fails_in": SHAPES,
        "why": "weights paired with the wrong features: X @ w no longer equals the row sums",
    },
    {
        "cells": [BROADCAST],
        "mutate": ("column = np.array([[10.0], [20.0], [30.0], [40.0]])",
                   "column = np.array([10.0, 20.0, 30.0])"),
        "fails_in": BROADCAST,
        "why": "a flat vector where a column was meant: column + b adds entry by entry, shape "
               "(3,), instead of every pair, and the shape check fails",
    },
    {
        "cells": [SHAPES, TRAP],
        "mutate": ("right = prediction[:, 0] - y", "right = prediction - y"),
        "fails_in": TRAP,
        "why": "the 'right' residual falls into the (n, 1) - (n,) trap: its loss is not 0",
    },
    {
        "cells": [AXES],
        "mutate": ("M - M.mean(axis=1, keepdims=True)", "M - M.mean(axis=0, keepdims=True)"),
        "fails_in": AXES,
        "why": "column means subtracted where row means were meant: rows do not average to 0",
    },
    {
        "cells": [SQUARE],
        "mutate": ("S - S.mean(axis=1)", "S - S.mean(axis=1, keepdims=True)"),
        "fails_in": SQUARE,
        "why": "with keepdims the square case is right, so the check that shows it wrong fails",
    },
    {
        "cells": [MSE_GRADIENT],
        "mutate": ("grad_formula = 2 / len(X)", "grad_formula = 1 / len(X)"),
        "fails_in": MSE_GRADIENT,
        "why": "the gradient without its factor 2 is half the measured one",
    },
    {
        "cells": [MSE_GRADIENT],
        "mutate": ("X.T @ (X @ w - y)", "X.T @ (X @ w - y[:, 0])"),
        "fails_in": MSE_GRADIENT,
        "why": "(n, 1) minus (n,) broadcasts the residual to (n, n): the gradient's shape check "
               "fails",
    },
    {
        "cells": [EPSILON],
        "mutate": ("grid**2 / 6 *", "grid**2 / 2 *"),
        "fails_in": EPSILON,
        "why": "a truncation model of ε²/2 (the forward difference's order, squared) does not "
               "match the measured central-difference error",
    },
    {
        "cells": [HESSIAN],
        "mutate": ("H = 2 / n * A.T @ A", "H = 1 / n * A.T @ A"),
        "fails_in": HESSIAN,
        "why": "AᵀA/n is half the Hessian: the numerical derivative of the gradient disagrees",
    },
    {
        "cells": [SHAPES, TRAP, PAIRS],
        "mutate": ("np.var(p) + np.var(y6) + (", "np.var(p) + ("),
        "fails_in": PAIRS,
        "why": "the pair average without var(y) does not equal the broadcast loss",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return np.zeros((4, 6))",
            "forgot to square": "return (A[:, None, :] - B[None, :, :]).sum(axis=2)",
            "summed the wrong axis": "return ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=0)",
            "no new axis": "return ((A - B) ** 2).sum(axis=1)",
            "distances, not squared": "return np.sqrt(((A[:, None] - B[None]) ** 2).sum(axis=2))",
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = [(3, 1), (3,), (2, 3, 4), (2, 3, 4), (2, 3)]",
        "shows": "measured: (3, 3)",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def colleague_mse("],
        "wrong": {
            "hard-coded": "return 0.0",
            "left as the colleague's": "return colleague_mse(X, w, y)",
            "reshaped only y": "return np.mean((X @ w - np.reshape(y, (-1, 1))) ** 2)",
        },
    },
]
