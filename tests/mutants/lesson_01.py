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
PROBE = "def batches_fit_uses(seed"

# One mutant per kind of claim, each as cheap as it can be: the main path's exact answer,
# forward pass, step count and falling loss, and Going deeper's batches. Only the falling
# loss, a claim about 50 epochs of training, pays for the whole fit.
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
        "mutate": ("epochs=50, batch_size=32, verbose=0", "epochs=5, batch_size=32, verbose=0"),
        "fails_in": FIT,
        "why": "5 epochs (a dropped digit) make 5 × 4 = 20 steps, not 200, and the step-count "
               "check of the callback fails.",
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
        "cells": [PROBE],
        "mutate": ("epochs=epochs, verbose=0, callbacks=[watch])",
                   "epochs=epochs, shuffle=False, verbose=0, callbacks=[watch])"),
        "fails_in": PROBE,
        "why": "a probe fit with shuffle=False sees the rows in order, its batch of 4 is points "
               "96-99, and the check that fit shuffles fails.",
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
