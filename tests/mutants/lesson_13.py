"""Checks of lesson 13 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the cells a mutant or an exercise needs are listed by a substring of each.
"""

GRADIENTS = ["def make_loss(k)", "class Counter:", "def jvp(f, x, x_dot)"]
MODES = [*GRADIENTS, "def vjp(f, x, y_bar)", "jvp_passes, f.calls = f.calls, 0"]
RACE = ["def one_plus_one_es(", "def regression(", "race, race_runs = ", "gd_cost, es_cost = "]
RNN = ["T, UNITS = 50, 16", "def log_growth("]
MEMORY = ["import weakref", "def memory_of_step(", "for (depth, blocks), (held, peak"]

MUTANTS = [
    {
        "cells": [*GRADIENTS, "def reverse_mode_gradient("],
        "mutate": ("directions = tf.eye(P, dtype=tf.float64)",
                   "directions = [tf.eye(P, dtype=tf.float64)[0]] * P"),
        "fails_in": "def reverse_mode_gradient(",
        "why": "forward mode pushes the same direction e_0 through every pass, so its 'gradient' "
               "repeats one partial derivative; the agreement with reverse mode fails",
    },
    {
        "cells": MODES,
        "mutate": ("for e in tf.eye(d, dtype=tf.float64)], axis=1)",
                   "for e in tf.eye(d, dtype=tf.float64)], axis=0)"),
        "fails_in": "jvp_passes, f.calls = f.calls, 0",
        "why": "the JVP columns are stacked as rows, giving the transposed Jacobian; the check "
               "that both modes build the same (m, n) Jacobian fails",
    },
    {
        "cells": RACE,
        "mutate": ("max_evals=20_000", "max_evals=200"),
        "fails_in": "gd_cost, es_cost = ",
        "why": "the evolution strategy stops at a budget of 200 evaluations before it reaches "
               "the target at P = 51; the convergence check fails",
    },
    {
        "cells": [*RNN, "growth = {}"],
        "mutate": ("tanh_c, W_c = log_growth(c * Q, dh_c, h_c)",
                   "tanh_c, W_c = log_growth(Q, dh_c, h_c)"),
        "fails_in": "growth = {}",
        "why": "splitting the log-growth with Q instead of c Q puts ln c into the tanh' part; the "
               "check that the W part is exactly ln 1.5 fails",
    },
    {
        "cells": [*RNN, "W_small = 0.9 * Q"],
        "mutate": ("h = tf.tanh(tf.linalg.matvec(W, h) + w_in * xs[t]) + probes[t]",
                   "h = tf.tanh(tf.linalg.matvec(W, h) + w_in * xs[t] + probes[t])"),
        "fails_in": "W_small = 0.9 * Q",
        "why": "the probe sits inside the tanh, so it measures dL/d(pre-activation), not dL/dh_t; "
               "the BPTT recursion check fails",
    },
    {
        "cells": MEMORY,
        "mutate": ('        log["peak"] = max(log["peak"], alive_bytes())\n', ""),
        "fails_in": "for (depth, blocks), (held, peak",
        "why": "the peak is sampled only between the passes, where it equals what the tape holds; "
               "it misses the recomputation, and the peak check fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [*GRADIENTS, "def vjp(f, x, y_bar)"],
        "wrong": {
            "hard-coded": "return np.zeros((m, x.shape[0]))",
            "always reverse mode": """
                rows = [vjp(f, x, e) for e in tf.eye(m, dtype=x.dtype)]
                return tf.stack(rows, axis=0)
            """,
            "columns stacked as rows": """
                d = x.shape[0]
                if d <= m:
                    return tf.stack([jvp(f, x, e) for e in tf.eye(d, dtype=x.dtype)], axis=0)
                return tf.stack([vjp(f, x, e) for e in tf.eye(m, dtype=x.dtype)], axis=0)
            """,
            "tf.eye without a dtype": """
                d = x.shape[0]
                if d <= m:
                    return tf.stack([jvp(f, x, e) for e in tf.eye(d)], axis=1)
                return tf.stack([vjp(f, x, e) for e in tf.eye(m)], axis=0)
            """,
            "tape.jacobian": """
                with tf.GradientTape() as tape:
                    tape.watch(x)
                    y = f(x)
                return tape.jacobian(y, x)
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": RACE[:3],
        "guess": "my_guess = 5000",
        "shows": "measured: ",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def colleague_loss("],
        "wrong": {
            "hard-coded": "return 1.0",
            "a float64 constant, a float32 range": """
                t = tf.constant(theta, dtype=tf.float64)
                return tf.reduce_sum(tf.tanh(t) * tf.range(1.0, 6.0)) ** 2
            """,
            "the square forgotten": """
                t = tf.constant(theta, dtype=tf.float64)
                return tf.reduce_sum(tf.tanh(t) * tf.range(1.0, 6.0, dtype=tf.float64))
            """,
            "theta still rounded to float32": """
                t = tf.constant(np.float32(theta), dtype=tf.float64)
                return tf.reduce_sum(tf.tanh(t) * tf.range(1.0, 6.0, dtype=tf.float64)) ** 2
            """,
            "the loss value rounded to float32": """
                t = tf.constant(theta, dtype=tf.float64)
                value = tf.reduce_sum(tf.tanh(t) * tf.range(1.0, 6.0, dtype=tf.float64)) ** 2
                return tf.cast(value, tf.float32)
            """,
        },
    },
]
