"""Checks of lesson 08 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

# The test bench of section 2: data and model, train, HandOptimizer, SGD, compare.
_BENCH = ["batches = [(X[i:i + 16]", "def train(optimizer", "class HandOptimizer", "class SGD:",
          "def compare("]
_RULES = ["class Momentum:", "class Nesterov(Momentum)", "class RMSprop:", "class Adam:"]
_VALLEY = ["def descend("]  # also defines rules, paths and heights
_SCHEDULES = ["def step_decay(", "S, N, PEAK ="]

MUTANTS = [
    {
        "cells": ["class SGD:"],
        "mutate": ("return w - lr * g, state", "return w + lr * g, state"),
        "fails_in": "class SGD:",
        "why": "SGD steps up the gradient: the one-step check on w1² + w2² lands on (1.2, -2.4)",
    },
    {
        "cells": _BENCH + ["class Momentum:"],
        "mutate": ("v = self.momentum * v - lr * g", "v = self.momentum * (v - lr * g)"),
        "fails_in": "class Momentum:",
        "why": "the momentum also damps the new gradient's step; 10 steps miss Keras's SGD(momentum=0.9)",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f"],
        "mutate": ('"Momentum": (Momentum(0.9), 0.02)', '"Momentum": (Momentum(0.0), 0.02)'),
        "fails_in": "steps_to = lambda f",
        "why": "momentum 0 is plain SGD, which needs 223 steps: the check that momentum needs "
               "less than half of SGD's fails",
    },
    {
        "cells": _SCHEDULES,
        "mutate": ("return peak * t / warmup_steps", "return peak * (t + 1) / warmup_steps"),
        "fails_in": "S, N, PEAK =",
        "why": "the warm-up starts one step ahead of Keras's CosineDecay; the per-step "
               "comparison at 1e-7 fails",
    },
    {
        "cells": _SCHEDULES + ["decay, piecewise ="],
        "mutate": ("S.PiecewiseConstantDecay([14, 28]", "S.PiecewiseConstantDecay([13, 28]"),
        "fails_in": "decay, piecewise =",
        "why": "with boundary 13 PiecewiseConstantDecay already drops at t = 14, like step decay: "
               "the check that boundary 14 drops one step later fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return w, state",
            "no bias correction": """
                m, u, t = state
                m = self.beta_1 * m + (1 - self.beta_1) * g
                u = np.maximum(self.beta_2 * u, np.abs(g))
                return w - lr * m / (u + self.epsilon), (m, u, t + 1)
            """,
            "forgot the abs": """
                m, u, t = state
                t = t + 1
                m = self.beta_1 * m + (1 - self.beta_1) * g
                u = np.maximum(self.beta_2 * u, g)
                correction = 1 - w.dtype.type(self.beta_1) ** t
                return w - lr / correction * m / (u + self.epsilon), (m, u, t)
            """,
            "returns only the weights": """
                m, u, t = state
                t = t + 1
                m = self.beta_1 * m + (1 - self.beta_1) * g
                u = np.maximum(self.beta_2 * u, np.abs(g))
                return w - lr / (1 - self.beta_1**t) * m / (u + self.epsilon)
            """,
            "shortcut: Keras's Adamax inside step": """
                if not isinstance(state, list):  # the first step: a Keras optimizer as the state
                    state = [keras.optimizers.Adamax(lr, beta_2=self.beta_2), tf.Variable(w)]
                state[1].assign(w)
                state[0].apply([tf.constant(g)], [state[1]])
                return state[1].numpy(), state
            """,
            "no running maximum": """
                m, u, t = state
                t = t + 1
                m = self.beta_1 * m + (1 - self.beta_1) * g
                u = np.abs(g)
                correction = 1 - w.dtype.type(self.beta_1) ** t
                return w - lr / correction * m / (u + self.epsilon), (m, u, t)
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = 1.0",
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": _BENCH + ["def step_decay(", "class ColleagueMomentum"],
        "wrong": {
            "hard-coded": "return w, v",
            "left as the colleague's": """
                v = self.momentum * v + g
                return w - lr * v, v
            """,
            "no carry-over": """
                v = -lr * g
                return w + v, v
            """,
            "shortcut: Keras's SGD inside step": """
                if not isinstance(v, list):  # the first step: a Keras optimizer as the state
                    v = [keras.optimizers.SGD(lr, momentum=self.momentum), tf.Variable(w)]
                v[0].learning_rate = lr
                v[1].assign(w)
                v[0].apply([tf.constant(g)], [v[1]])
                return v[1].numpy(), v
            """,
        },
    },
]
