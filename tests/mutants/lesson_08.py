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
        "why": "the momentum also damps the new gradient's step; 20 steps miss Keras's SGD(momentum=0.9)",
    },
    {
        "cells": _BENCH + ["class Momentum:", "class Nesterov(Momentum)"],
        "mutate": ("return w + (self.momentum * v - lr * g), v", "return w + v, v"),
        "fails_in": "class Nesterov(Momentum)",
        "why": "Nesterov without the look-ahead is plain momentum; the comparison with "
               "SGD(nesterov=True) fails",
    },
    {
        "cells": _BENCH + ["class RMSprop:"],
        "mutate": ("return w - lr * g / np.sqrt(s + self.epsilon), s",
                   "return w - lr * g / (np.sqrt(s) + self.epsilon), s"),
        "fails_in": "class RMSprop:",
        "why": "RMSprop adds epsilon outside the square root (PyTorch's form): 4.3e-3 off "
               "keras.optimizers.RMSprop after 20 steps",
    },
    {
        "cells": _BENCH + ["class Adam:"],
        "mutate": ("alpha = lr * np.sqrt(1 - self.beta_2**t)", "alpha = lr * (1 - self.beta_2**t)"),
        "fails_in": "class Adam:",
        "why": "Adam's second-moment correction loses its square root, so the first steps are "
               "about 30x too small; the comparison with keras.optimizers.Adam fails",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f"],
        "mutate": ('"Momentum": (Momentum(0.9), 0.02)', '"Momentum": (Momentum(0.0), 0.02)'),
        "fails_in": "steps_to = lambda f",
        "why": "momentum 0 is plain SGD, which needs 223 steps: the check that momentum needs "
               "less than half of SGD's fails",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f"],
        "mutate": ('"RMSprop": (RMSprop(), 0.1)', '"RMSprop": (RMSprop(), 0.01)'),
        "fails_in": "steps_to = lambda f",
        "why": "with lr 0.01 RMSprop hops by ±0.005, not ±0.05: the check that its hop is lr fails",
    },
    {
        "cells": _BENCH + _SCHEDULES,
        "mutate": ("return peak * t / warmup_steps", "return peak * (t + 1) / warmup_steps"),
        "fails_in": "S, N, PEAK =",
        "why": "the warm-up starts one step ahead of Keras's CosineDecay; the per-step "
               "comparison at 1e-7 fails",
    },
    {
        "cells": _BENCH + _SCHEDULES + ["scheduled = max_abs_diff"],
        "mutate": ("lr = self.schedule(self.iterations)", "lr = self.schedule(self.iterations + 1)"),
        "fails_in": "scheduled = max_abs_diff",
        "why": "HandOptimizer asks the schedule with the 1-based step, not Keras's 0-based one: "
               "42 steps of SGD with warm-up miss Keras's by more than 1e-6",
    },
    {
        "cells": _BENCH + _RULES + ["class AdamVariant(Adam)", "beta_2, w_adam = np.float32"],
        "mutate": ("m, v = m + (g - m) * (1 - self.beta_1), v + (g * g - v) * (1 - self.beta_2)",
                   "m, v = self.beta_1 * m + (1 - self.beta_1) * g, v + (g * g - v) * (1 - self.beta_2)"),
        "fails_in": "beta_2, w_adam = np.float32",
        "why": "with m in the textbook grouping, 'Keras's order' is no longer Keras's: not bit for bit",
    },
    {
        "cells": _BENCH + _RULES + ["class AdamVariant(Adam)", "beta_2, w_adam = np.float32"],
        "mutate": ("(w.dtype.type(b) ** t for b in", "(np.float64(b) ** t for b in"),
        "fails_in": "beta_2, w_adam = np.float32",
        "why": "AdamVariant with float64 powers is our main-path Adam again: 1.2e-6 off Keras's, not "
               "within 4 float32 spacings, and not bit for bit in Keras's order",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f"],
        "mutate": ('"Nesterov": (Nesterov(0.9), 0.02)', '"Nesterov": (Momentum(0.9), 0.02)'),
        "fails_in": "steps_to = lambda f",
        "why": "a 'Nesterov' that is plain momentum needs as many steps and swings as far: the "
               "check that Nesterov needs fewer steps than momentum fails",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["w, v, looks = np.array("],
        "mutate": ("np.array([1.0, 20.0]) * (w + 0.9 * v)", "np.array([1.0, 20.0]) * w"),
        "fails_in": "w, v, looks = np.array(",
        "why": "the textbook form with the gradient at w, not at the look-ahead point, is plain "
               "momentum: its points w + μv are not our Nesterov's",
    },
    {
        "cells": _BENCH + _RULES + ["class RMSpropOutside(RMSprop)", "k = int(np.argmin("],
        "mutate": ("k = int(np.argmin(np.abs(g1)))", "k = int(np.argmax(np.abs(g1)))"),
        "fails_in": "k = int(np.argmin(",
        "why": "the weight with the largest first gradient does not feel epsilon's place: the gap "
               "is elsewhere and its first-step difference is tiny",
    },
    {
        "cells": _BENCH + _RULES + ["class RMSpropOutside(RMSprop)"],
        "mutate": ("return w - lr * g / (np.sqrt(s) + self.epsilon), s",
                   "return w - lr * g / np.sqrt(s + self.epsilon), s"),
        "fails_in": "class RMSpropOutside(RMSprop)",
        "why": "'epsilon outside' put back inside is Keras's RMSprop: the check that the textbook "
               "form misses Keras's by more than 1e-5 fails",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f", "kappa = 20.0"],
        "mutate": ("4 / (kappa**0.5 + 1) ** 2", "2 / (kappa**0.5 + 1) ** 2"),
        "fails_in": "kappa = 20.0",
        "why": "half Polyak's learning rate: the eigenvalues no longer have modulus sqrt(mu*)",
    },
    {
        "cells": _BENCH + _RULES + _VALLEY + ["steps_to = lambda f", "def rosenbrock(",
                                              "long = descend("],
        "mutate": ("lambda t: 0.03 * 0.999**t", "lambda t: 0.03 * 0.99999**t"),
        "fails_in": "long = descend(",
        "why": "a rate that barely decays leaves RMSprop near its 2-cycle: it never reaches f < 1e-3",
    },
    {
        "cells": _BENCH + _RULES + ["class AdamW(Adam)"],
        "mutate": ("w = w - w * self.weight_decay * lr", "w = w - w * self.weight_decay"),
        "fails_in": "class AdamW(Adam)",
        "why": "the decay forgets the learning rate (w shrinks by 10 % a step): AdamW misses Keras's",
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
