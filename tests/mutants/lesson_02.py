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
EDGE = "def keras_loss_after("
REPLAY = "model_fit = make_model(0.1)"
BOUND = "bound = (n + 10) * u * mse_exact"
QUARTIC = "def quartic(p):"
MAE = "def mae_grad(w, b):"
CROSS_ENTROPY = "def tape_derivative("
SCAN = "lrs = np.round(np.arange("

BASE = [MODEL, GRADIENT]  # the data, the model, x, t, mse, mse_grad, w_init, b_init, r0

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
        "cells": [MODEL, FORWARD, BOUND],
        "mutate": ("mse_hand = np.mean((y_hand - y) ** 2)",
                   "mse_hand = np.sum((y_hand - y) ** 2) / (n - 1)"),
        "fails_in": BOUND,
        "why": "the same n − 1 is far outside the float32 worst-case bound (n + 10)·u·L of "
               "Going deeper",
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
        "cells": [*BASE, REFEREES, REFEREES_CHECK],
        "mutate": ("return np.array([2 * np.mean(r * x), 2 * np.mean(r)])",
                   "return np.array([2 * np.mean(r * x), 2 * np.mean(r * x)])"),
        "fails_in": REFEREES_CHECK,
        "why": "dL/db with the input as a factor (as if dr/db were x) disagrees with both referees",
    },
    {
        "cells": [*BASE, REFEREES, STEP, STEP_CHECK],
        "mutate": ("theta0 - grad_tape * np.float32(eta)", "theta0 + grad_tape * np.float32(eta)"),
        "fails_in": STEP_CHECK,
        "why": "a step along the gradient instead of against it lands far from train_on_batch's "
               "weights",
    },
    {
        "cells": [*BASE, REFEREES, STEP, STEP_CHECK],
        "mutate": ("assert np.array_equal(X @ W1 + b1,", "assert np.array_equal(X @ W1,"),
        "fails_in": STEP_CHECK,
        "why": "a forward pass that forgets the bias passed the first check (b = 0 at the start) "
               "but fails once the step has made b nonzero",
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
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, EDGE],
        "mutate": ("eta_crit = 2 / lam_max\n", "eta_crit = 1 / lam_max\n"),
        "fails_in": EDGE,
        "why": "with a limit half the true one, Keras's SGD at 1.02 times it still converges, so "
               "the divergence check fails",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, EDGE],
        "mutate": ("eta_crit = 2 / lam_max\n", "eta_crit = 2 / lam_min\n"),
        "fails_in": EDGE,
        "why": "2/λ_min is far above the true limit, so Keras's SGD at 0.98 times it diverges",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN],
        "mutate": ("curvatures, arrows = np.linalg.eigh(H)",
                   "curvatures, arrows = np.linalg.eigvalsh(H)[::-1], np.linalg.eigh(H)[1]"),
        "fails_in": HESSIAN,
        "why": "eigenvalues largest first (as some libraries order them) pair each arrow with the "
               "other's λ: the gradient at the arrows' tips is not λ times the arrow",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, RATES, RATES_CHECK],
        "mutate": ('"too large": 1.05}', '"too large": 0.95}'),
        "fails_in": RATES_CHECK,
        "why": "η = 0.95 is just below η_crit: after the first step the loss keeps falling, and "
               "the check that it rises at every step fails",
    },
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, RATES, RATES_CHECK],
        "mutate": ('"about right": 0.7', '"about right": 0.3'),
        "fails_in": RATES_CHECK,
        "why": "η = 0.3 is still 0.0017 above L* after 15 steps, not within 1e-4: the check "
               "measures the rate, it does not just draw it",
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
        "cells": [*BASE, DESCENT, MINIBATCH, REPLAY],
        "mutate": ("for start in range(0, n, batch_size):",
                   "for start in range(0, n - n % batch_size, batch_size):"),
        "fails_in": REPLAY,
        "why": "a loop that drops the last, short batch of 4 rows makes 6 updates, not fit's 8, "
               "and lands on other weights",
    },
    {
        "cells": [*BASE, REFEREES, QUARTIC],
        "mutate": ("quartic_dw = 4 * np.mean(r0**3 * x)", "quartic_dw = 4 * np.mean(r0**3)"),
        "fails_in": QUARTIC,
        "why": "with a wrong reference derivative the r⁴ error no longer shrinks like ε²",
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
    {
        "cells": [*BASE, DESCENT, SURFACE, HESSIAN, SCAN],
        "mutate": ("(2 / n * (theta @ A.T - t) @ A)", "(1 / n * (theta @ A.T - t) @ A)"),
        "fails_in": SCAN,
        "why": "half the gradient moves the edge to twice 2/λ_max: the scan no longer matches "
               "the prediction",
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
