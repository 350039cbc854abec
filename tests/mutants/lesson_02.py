"""Checks of lesson 02 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are listed by a substring of each.
"""

# main path
MODEL = "def make_model(lr):"
FORWARD = "mse_hand = np.mean((y_hand - y) ** 2)"
FORWARD_CHECK = "relative = abs(mse_hand - mse_keras)"
GRADIENT = "def mse_grad(w, b):"
REFEREES = "grad_numerical = helpers.checks.numerical_gradient("
REFEREES_CHECK = "np.testing.assert_allclose(grad_numerical, grad_numpy"
STEP = "theta0 = np.concatenate("
STEP_CHECK = "assert np.array_equal(theta_tape, theta1)"
DESCENT = "def gradient_descent("
PATH_CHECK = "path_losses = np.array("
SURFACE = "surface = np.vectorize(mse)"  # section 5's map; H and its eigenvectors (the arrows)
HESSIAN = "H_numerical = helpers.checks.numerical_jacobian("
RATES = 'rates = {"too small"'
RATES_CHECK = "small, right, large = excess.values()"
MINIBATCH = "def minibatch_sgd("
BATCH_CHECK = "full, mini, single = runs_B.values()"
# going deeper
MAE = "def mae_grad(w, b):"
CROSS_ENTROPY = "def tape_derivative("

BASE = [MODEL, GRADIENT]  # the data, the model, x, t, mse, mse_grad, w_init, b_init, r0

# One mutant per main-path check (the forward pass, the referees, one step, the path, the
# Hessian, the three rates, the batch sizes) and two cheap Going-deeper ones (the MAE's and
# cross-entropy's gradients). Where several mutants failed one check the cheapest is kept; the
# learning-rate edge (~0.7 s each), the replay, the float32 bound, the quartic and the scan
# are dropped.
MUTANTS = [
    {
        "cells": [MODEL, FORWARD, FORWARD_CHECK],
        "mutate": ("mse_hand = np.mean((y_hand - y) ** 2)",
                   "mse_hand = np.sum((y_hand - y) ** 2) / (n - 1)"),
        "fails_in": FORWARD_CHECK,
        "why": "dividing by n − 1 instead of n is off by 1 %, far above the 2e-5 allowed between "
               "the loss by hand and evaluate's",
    },
    {
        "cells": [*BASE, REFEREES, REFEREES_CHECK],
        "mutate": ("return np.array([2 * np.mean(r * x), 2 * np.mean(r)])",
                   "return np.array([np.mean(r * x), np.mean(r)])"),
        "fails_in": REFEREES_CHECK,
        "why": "a gradient without the factor 2 from d(r²)/dr is half of what finite differences "
               "and the tape measure",
    },
    {
        "cells": [*BASE, REFEREES, STEP, STEP_CHECK],
        "mutate": ("theta0 - grad_tape * np.float32(eta)", "theta0 + grad_tape * np.float32(eta)"),
        "fails_in": STEP_CHECK,
        "why": "a step along the gradient instead of against it lands far from train_on_batch's "
               "weights",
    },
    {
        "cells": [*BASE, DESCENT, PATH_CHECK],
        "mutate": ("w, b = np.array([w, b]) - lr * mse_grad(w, b)",
                   "w, b = np.array([w, b]) + lr * mse_grad(w, b)"),
        "fails_in": PATH_CHECK,
        "why": "gradient ascent raises the loss at every step",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN],
        "mutate": ("H = 2 / n * A.T @ A", "H = 1 / n * A.T @ A"),
        "fails_in": HESSIAN,
        "why": "AᵀA/n is half the Hessian; finite differences of the gradient measure (2/n)AᵀA",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, RATES, RATES_CHECK],
        "mutate": ('"too large": 1.05}', '"too large": 0.95}'),
        "fails_in": RATES_CHECK,
        "why": "η = 0.95 is just below η_crit: after the first step the loss keeps falling, and "
               "the check that it rises at every step fails",
    },
    {
        "cells": [*BASE, DESCENT, MINIBATCH, BATCH_CHECK],
        "mutate": ("w - lr * 2 * np.mean(r * x[rows]), b - lr * 2 * np.mean(r)",
                   "w - lr * 2 * np.sum(r * x[rows]), b - lr * 2 * np.sum(r)"),
        "fails_in": BATCH_CHECK,
        "why": "the gradient of the summed (not mean) batch loss makes full-batch steps 100 "
               "times too long: the run diverges",
    },
    {
        "cells": [*BASE, MAE],
        "mutate": ("return np.array([np.mean(s * x), np.mean(s)])",
                   "return np.array([np.mean(s), np.mean(s)])"),
        "fails_in": MAE,
        "why": "the MAE's dL/dw without the input disagrees with finite differences",
    },
    {
        "cells": [CROSS_ENTROPY],
        "mutate": ("soft.sum(axis=1, keepdims=True) * p - soft", "p - soft"),
        "fails_in": CROSS_ENTROPY,
        "why": "for targets that do not sum to 1 the tape gives s·p − y, not p − y",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return np.array([-0.35, -0.11])",
            "δ forgotten outside": """
                r = w * x + b - t
                dl_dr = np.where(np.abs(r) <= delta, r, np.sign(r))
                return np.array([np.mean(dl_dr * x), np.mean(dl_dr)])
            """,
            "no x in dL/dw": """
                r = w * x + b - t
                dl_dr = np.clip(r, -delta, delta)
                return np.array([np.mean(dl_dr), np.mean(dl_dr)])
            """,
            "the MSE's gradient": """
                r = w * x + b - t
                return np.array([2 * np.mean(r * x), 2 * np.mean(r)])
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [*BASE, DESCENT, SURFACE, HESSIAN],
        "guess": 'my_guess = "3 times larger"',
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [*BASE, "def colleague_step("],
        "wrong": {
            "hard-coded": "return 0.1, -0.2",
            "left as the colleague's": "return colleague_step(w, b, x, t, lr)",
            "divided by 100, the size of our data": """
                r = w * x + b - t
                return w - lr * 2 * np.sum(r * x) / 100, b - lr * 2 * np.sum(r) / 100
            """,
            "the mean, without the 2": """
                r = w * x + b - t
                return w - lr * np.mean(r * x), b - lr * np.mean(r)
            """,
            "only w fixed": """
                r = w * x + b - t
                return w - lr * 2 * np.mean(r * x), b - lr * 2 * np.sum(r)
            """,
        },
    },
]
