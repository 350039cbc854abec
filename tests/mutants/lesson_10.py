"""Checks of lesson 10 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format.
"""

DATA = ["def make_sine", "def mean_and_se"]
TRUTH_CHECK = "assert abs(fresh - 0.25)"
MODELS = [*DATA, "def build_mlp", "big = build_mlp()"]
LOOP = [*MODELS, "def make_step", "def train_by_hand"]
DROPOUT = [*LOOP, "drop_model = build_mlp(dropout=P)", "def paired("]

MUTANTS = [
    {
        "cells": [*DATA, TRUTH_CHECK],
        "mutate": ("values.std(ddof=1) / np.sqrt(values.size)", "values.std(ddof=1) / values.size"),
        "fails_in": TRUTH_CHECK,
        "why": "the standard error divides by n instead of sqrt(n), so it is 140 times too small on "
               "20,000 fresh points; the check that the truth scores 0.25 within 3 SE there fails",
    },
    {
        "cells": [*DATA, TRUTH_CHECK],
        "mutate": ("np.sin(3 * X.astype(np.float64))", "np.sin(X.astype(np.float64))"),
        "fails_in": TRUTH_CHECK,
        "why": "the yardstick uses sin(x) instead of the data's sin(3x); its MSE on fresh draws is far "
               "above the noise variance 0.25 and the check fails",
    },
    {
        "cells": [*MODELS, "assert best + 1 <= 0.4 * EPOCHS"],
        "mutate": ("EPOCHS, LEARNING_RATE = 80, 0.02", "EPOCHS, LEARNING_RATE = 80, 0.002"),
        "fails_in": "assert best + 1 <= 0.4 * EPOCHS",
        "why": "with a learning rate ten times smaller the network is still learning after 80 "
               "epochs: no early minimum, no climb, and the overfitting check fails",
    },
    {
        "cells": [*LOOP, "assert hand_val == list(val_curve"],
        "mutate": ("map(tf.constant, (X_train", "map(np.asarray, (X_train"),
        "fails_in": "assert hand_val == list(val_curve",
        "why": "the step reads NumPy arrays, which become graph constants that TensorFlow "
               "simplifies; the rounding changes and our loop no longer reproduces fit's "
               "validation losses bit for bit",
    },
    {
        "cells": [*LOOP, "def sum_of_squares", "same_weights = lambda"],
        "mutate": ("penalty = sum(model.losses) if add_penalty else 0", "penalty = 0"),
        "fails_in": "same_weights = lambda",
        "why": "a step that never adds model.losses makes the 'with the penalty' loop as large as "
               "the one that forgot it; the check that the penalty shrinks Σw² tenfold fails",
    },
    {
        "cells": [*DROPOUT, "assert p_se < u_se / 2"],
        "mutate": ("return (*mean_and_se(e_b - e_a),", "return (mean_and_se(e_b - e_a)[0], "
                   "mean_and_se(e_b)[1],"),
        "fails_in": "assert p_se < u_se / 2",
        "why": "the 'paired' SE is the SE of one model's MSE, the wrong yardstick; it is not smaller "
               "than the unpaired SE, and the check that the shared noise cancels fails",
    },
    {
        "cells": [*DROPOUT, "def open_test_set", "rows = [{", "open_test_set(nets[pick])",
                  "gap_pick, gap_truth"],
        "mutate": ('pick = int(sweep["val MSE"].idxmin())', 'pick = int(sweep["val MSE"].idxmax())'),
        "fails_in": "gap_pick, gap_truth",
        "why": "the sweep picks the worst run on validation; no run is worse than it, and the check "
               "that three runs are clearly behind the pick fails",
    },
    {
        "cells": [*LOOP, "def sum_of_squares", "same_weights = lambda", "def compiled"],
        "mutate": ("model.set_weights(best_weights)", "pass"),
        "fails_in": "def compiled",
        "why": "our loop stops but keeps the last epoch's weights instead of restoring the best "
               "ones; EarlyStopping restores them, and the bit-for-bit comparison fails",
    },
    {
        "cells": [*LOOP, "def sum_of_squares", "drop_model = build_mlp(dropout=P)",
                  "start = build_mlp(l2=L2)"],
        "mutate": ("2 * L2 * k.numpy()", "L2 * k.numpy()"),
        "fails_in": "start = build_mlp(l2=L2)",
        "why": "the check expects the λ/2 convention of some books (gradient λW); Keras's L2 has "
               "no ½, its gradient is 2λW, and the check fails",
    },
]

SWEEP = [*DROPOUT, "def open_test_set", "rows = [{"]
MUTANTS += [
    {
        "cells": [*MODELS, "before = squared_errors(build_mlp()"],
        "mutate": ("before = squared_errors(build_mlp(), X_train, y_train).mean()",
                   "before = squared_errors(big, X_train, y_train).mean()"),
        "fails_in": "before = squared_errors(build_mlp()",
        "why": "the loss 'before the step' taken from the trained network is far below fit's "
               "epoch-1 training loss: the check that epoch 1 reports the untrained loss fails",
    },
    {
        "cells": [*LOOP, "def sum_of_squares", "sgd_l2 = build_mlp("],
        "mutate": ("optimizer = kind(learning_rate)", "optimizer = keras.optimizers.Adam(learning_rate)"),
        "fails_in": "sgd_l2 = build_mlp(",
        "why": "a make_step that ignores kind trains the 'SGD' model with Adam: its Σw² collapses "
               "too, and the check that SGD barely shrinks it fails",
    },
    {
        "cells": [*DROPOUT, "seed_rows = []", "diffs = by_seed"],
        "mutate": ("net.set_weights(weights)", "pass"),
        "fails_in": "diffs = by_seed",
        "why": "the seed comparison forgets to restore each network's best epoch and compares the "
               "epoch-80 networks; dropout then looks better, and the check that the plain network "
               "leads at the best epochs fails",
    },
    {
        "cells": [*SWEEP, "effects = []"],
        "mutate": ("d_val, se_val, _ = paired(nets[k], nets[k + 1])",
                   "d_val, _, se_val = paired(nets[k], nets[k + 1])"),
        "fails_in": "effects = []",
        "why": "the L2 effects are read against the unpaired SE, the wrong yardstick; no effect is "
               "beyond 2 of them, and the check that one is clear (and holds on fresh data) fails",
    },
    {
        "cells": [*SWEEP, "open_test_set(nets[pick])", "def sum_of_squares", "same_weights = lambda",
                  "again = build_mlp("],
        "mutate": ("    if test_visits:", "    if False:"),
        "fails_in": "again = build_mlp(",
        "why": "the test set's door lets a second visit through; the check that it refuses one fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return np.zeros((300, 400)), np.zeros((300, 400))",
            "kept with probability p": """
                keep = rng.random(A.shape) < p
                return A * keep / (1 - p), d_out * keep / (1 - p)
            """,
            "no rescaling": """
                keep = rng.random(A.shape) >= p
                return A * keep, d_out * keep
            """,
            "backward pass without the mask": """
                keep = rng.random(A.shape) >= p
                return A * keep / (1 - p), d_out / (1 - p)
            """,
            "backward pass without the scale": """
                keep = rng.random(A.shape) >= p
                return A * keep / (1 - p), d_out * keep
            """,
            "a new mask for the backward pass": """
                out = A * (rng.random(A.shape) >= p) / (1 - p)
                return out, d_out * (rng.random(A.shape) >= p) / (1 - p)
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = (0.35625, 0.15)",
        "shows": "measured: penalty 0.7125",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def make_sine", "def mean_and_se", "def build_mlp", "def colleague_val_mse"],
        "wrong": {
            "hard-coded": "return 0.5",
            "left as the colleague's": "return colleague_val_mse(model, X, y)",
            "averaged over many calls": (
                "return float(np.mean([colleague_val_mse(model, X, y) for _ in range(20)]))"),
            "a tensor, not a float": "return tf.reduce_mean((model(X, training=False) - y) ** 2)",
            "a float32, not a Python float": "return np.mean((model(X).numpy() - y) ** 2)",
        },
    },
]
