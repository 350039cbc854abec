"""Checks of lesson 01 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are picked by a substring of each.
"""

DATA = "X, y = helpers.data.make_linear()"
LSQ = "theta_star = np.linalg.lstsq(A, y.astype"
GRAD = "grad_star = 2 / len(A)"
MODEL = "def weights_of(model):"
FORWARD = "predictions = model(X[:3])"
FIT = "history = model.fit(X, y"
FALLING = "drops = -np.diff(losses[-11:])"
CURVE = 'losses = history.history["loss"]'
DISTANCE = "d50 = np.hypot("
KEPT = "kept = distances[1:] / distances[:-1]"
SLOW = "lams, V = np.linalg.eigh(H)"
EXCESS = "along = V.T @ e50"
PROBE = "def batches_fit_uses(seed"
REPLAY = "def replay(theta, epochs"
HISTORY = "per_point = np.mean("
LONGER = "long_run = replay("
FIXED = "theta_fixed = np.linalg.lstsq("

MUTANTS = [
    {
        "cells": [DATA, LSQ, GRAD],
        "mutate": ("A = np.hstack([X, np.ones_like(X)]).astype(np.float64)",
                   "A = np.hstack([X, np.ones_like(X)])"),
        "fails_in": GRAD,
        "why": "least squares in float32 is not the exact minimum: the gradient at the answer is "
               "about 1e-8, not below 1e-12, and the gradient check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FORWARD],
        "mutate": ("keras.layers.Dense(1)])", 'keras.layers.Dense(1, activation="tanh")])'),
        "fails_in": FORWARD,
        "why": "a unit with an activation is no longer the line w·x + b, and the forward check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT],
        "mutate": ("epochs=50, batch_size=32, verbose=0", "epochs=50, batch_size=50, verbose=0"),
        "fails_in": FIT,
        "why": "batches of 50 make 2 steps per epoch, not 4: the step count of the callback is 100, "
               "and the 200-step check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, CURVE, FALLING],
        "mutate": ('model.compile(optimizer="sgd"',
                   "model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3)"),
        "fails_in": FALLING,
        "why": "a learning rate of 0.3 gets to the bottom within 50 epochs: the loss no longer falls "
               "in every one of the last epochs and its gap to L* is far below 0.01.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, DISTANCE, KEPT],
        "mutate": ("kept = distances[1:] / distances[:-1]", "kept = distances[1:] / distances[0]"),
        "fails_in": KEPT,
        "why": "the distance divided by the starting distance, not by the previous epoch's, is not "
               "the fraction each epoch keeps: it falls to 0.3 and the 0.97-0.98 check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, DISTANCE, KEPT, SLOW, EXCESS],
        "mutate": ("H = 2 / len(A) * A.T @ A", "H = A.T @ A / len(A)"),
        "fails_in": SLOW,
        "why": "half the Hessian (the old lesson's AᵀA/n) predicts a slow factor of 0.986 per epoch; "
               "fit's measured 0.972-0.979 is no longer within 0.01 of it.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, DISTANCE, KEPT, SLOW, EXCESS],
        "mutate": ("along = V.T @ e50", "along = e50"),
        "fails_in": EXCESS,
        "why": "the error not rotated into the eigenbasis: ½ Σ λ_i (v_iᵀe)² no longer equals the "
               "measured excess loss, and the identity check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, PROBE, REPLAY],
        "mutate": ("fit_order = seed0[:4]", "fit_order = seed1[:4]"),
        "fails_in": REPLAY,
        "why": "the replay with another seed's batches is not what fit computed: the weights differ "
               "by far more than 1e-5 and the replay check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, PROBE, REPLAY],
        "mutate": ("theta = theta - lr * 2 / len(B) * A[B].T @ residual",
                   "theta = theta - lr * 2 / 32 * A[B].T @ residual"),
        "fails_in": REPLAY,
        "why": "dividing every batch's gradient by 32 shrinks the step of the batch of 4 eightfold; "
               "the replay drifts away from fit and the replay check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, CURVE, PROBE, REPLAY, HISTORY],
        "mutate": ("per_point = np.mean(np.concatenate(squares))",
                   "per_point = np.mean([np.mean(s) for s in squares])"),
        "fails_in": HISTORY,
        "why": "the plain mean of the four batch losses (what the lesson used to say history holds) "
               "is 0.35, not history's 0.40: Keras weights each batch by its size.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, CURVE, PROBE, REPLAY, HISTORY],
        "mutate": ("    squares.append(residual**2)\n    theta = theta - eta * 2 / len(B) * A[B].T @ residual",
                   "    theta = theta - eta * 2 / len(B) * A[B].T @ residual\n    squares.append((A[B] @ theta - y[B, 0])**2)"),
        "fails_in": HISTORY,
        "why": "each batch's loss measured after its update, not before: lower than history's, and "
               "the check fails.",
    },
    {
        "cells": [DATA, LSQ, MODEL, FIT, PROBE, REPLAY, LONGER, FIXED],
        "mutate": ("weight[B] = 1 / len(B)", "weight[B] = 1 / 100"),
        "fails_in": FIXED,
        "why": "equal weights make θ_fixed the plain least-squares answer, where fit's fixed order "
               "does not end, and the check that the long run ends at θ_fixed fails.",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return 0.3, -0.2",
            "forgot the 2": """
                for start in range(0, len(x), batch_size):
                    xb, yb = x[start:start + batch_size], y[start:start + batch_size]
                    residual = w * xb + b - yb
                    w, b = w - lr * np.mean(residual * xb), b - lr * np.mean(residual)
                return w, b
            """,
            "all points in every step": """
                for start in range(0, len(x), batch_size):
                    residual = w * x + b - y
                    w, b = w - lr * 2 * np.mean(residual * x), b - lr * 2 * np.mean(residual)
                return w, b
            """,
            "sum instead of mean": """
                for start in range(0, len(x), batch_size):
                    xb, yb = x[start:start + batch_size], y[start:start + batch_size]
                    residual = w * xb + b - yb
                    w, b = w - lr * 2 * np.sum(residual * xb), b - lr * 2 * np.sum(residual)
                return w, b
            """,
            "w updated before b's gradient": """
                for start in range(0, len(x), batch_size):
                    xb, yb = x[start:start + batch_size], y[start:start + batch_size]
                    w = w - lr * 2 * np.mean((w * xb + b - yb) * xb)
                    b = b - lr * 2 * np.mean(w * xb + b - yb)
                return w, b
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [DATA, LSQ, MODEL],
        "guess": 'my_guess = "five"',
        "shows": "measured: 21 epochs",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, LSQ, "def colleague_line("],
        "wrong": {
            "hard-coded": "return 0.9804, -0.0218",
            "left as the colleague's": "return colleague_line(x, y)",
            "np.polyfit": "return tuple(float(v) for v in np.polyfit(x, y, 1))",
            "an array, not two floats": """
                A = np.stack([x, np.ones_like(x)], axis=1)
                return np.linalg.lstsq(A, y, rcond=None)[0]
            """,
            "w and b swapped": """
                A = np.stack([x, np.ones_like(x)], axis=1)
                theta = np.linalg.lstsq(A, y, rcond=None)[0]
                return float(theta[1]), float(theta[0])
            """,
        },
    },
]
