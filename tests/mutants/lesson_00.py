"""Checks of lesson 00 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

DIFFERENCES = "def forward_difference("  # section 1: f and the two differences
RATIOS = "forward_ratio ="  # section 1's check
GRADIENT = "def grad_g(w, b):"  # section 2: the partials, measured
DIRECTIONS = "turn = np.arange(-180, 181)"  # the slope in 361 directions, plotted
DIRECTIONS_CHECK = "length = np.linalg.norm(grad_g("
CHAIN = "def two_loss(w):"  # section 3: two paths
SHAPES = "by_hand = np.array("  # section 4
BROADCAST = "column = np.array("  # section 5
TRAP = "w_true = np.array("  # section 6
AXES = "centred_rows = M - M.mean("  # section 7
SQUARE = "S = np.arange(9.0)"
SUM_OVER_EXAMPLES = "X_small, r_small = "  # section 8: X.T @ r on a 2 x 3 case
MSE_GRADIENT = "grad_formula = 2 / len(X)"
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
        "cells": [DIFFERENCES, GRADIENT],
        "mutate": ("w + 4 * b", "w + 2 * b"),
        "fails_in": GRADIENT,
        "why": "∂g/∂b forgets that 2b² has derivative 4b: the measured partials disagree",
    },
    {
        "cells": [DIFFERENCES, GRADIENT],
        "mutate": ("np.array([2 * w + b, w + 4 * b])", "np.array([w + 4 * b, 2 * w + b])"),
        "fails_in": GRADIENT,
        "why": "the two partial derivatives swapped: the formula no longer matches the measurement",
    },
    {
        "cells": [DIFFERENCES, GRADIENT, DIRECTIONS, DIRECTIONS_CHECK],
        "mutate": ("np.arctan2(gb, gw)", "np.arctan2(gw, gb)"),
        "fails_in": DIRECTIONS_CHECK,
        "why": "the angle of ∇g with its two components swapped is another direction: the largest "
               "slope is no longer at angle 0, and the steepest-direction check fails",
    },
    {
        "cells": [DIFFERENCES, GRADIENT, DIRECTIONS, DIRECTIONS_CHECK],
        "mutate": ("b0 - eps * db)) / (2 * eps)", "b0 - eps * db)) / eps"),
        "fails_in": DIRECTIONS_CHECK,
        "why": "a slope divided by ε instead of 2ε is twice too large: the steepest slope is "
               "2|∇g|, and the check that it equals |∇g| fails",
    },
    {
        "cells": [DIFFERENCES, CHAIN],
        "mutate": ("paths = [r1 * x1, r2 * x2]", "paths = [r1 * x1]"),
        "fails_in": CHAIN,
        "why": "one path forgotten (w used twice, its adjoint taken from one use): 1.2 is not the "
               "measured slope 2.5",
    },
    {
        "cells": [DIFFERENCES, CHAIN],
        "mutate": ("paths = [r1 * x1, r2 * x2]", "paths = [2 * r1 * x1, 2 * r2 * x2]"),
        "fails_in": CHAIN,
        "why": "∂L/∂r_i written 2r_i, forgetting that L is the mean of two squares: the sum of the "
               "paths is twice the measured slope",
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
        "cells": [SUM_OVER_EXAMPLES],
        "mutate": ("X_small.T @ r_small, by_hand", "X_small.T @ r_small[::-1], by_hand"),
        "fails_in": SUM_OVER_EXAMPLES,
        "why": "residuals paired with the wrong examples: X.T @ r no longer equals the sum over "
               "examples of X[i, k]·r[i]",
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
        "guess": 'my_guess = ["(3, 1)", (3,), (2, 3, 4), (2, 3, 4), "two by three"]',
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
