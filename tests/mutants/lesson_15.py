"""Checks of lesson 15 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.

Every cause of the field guide has a "differs" check (the changed loop is more than 1e-3 from
fit, first at the step section 3's map expects) and an "equal" check (the fixed loop, our
unchanged loop, is fit's run). The causes share one comparison (check_causes) and one fixed
loop, so one mutant of each shared part fails the checks of every cause at once (the cell
prints every cause before its one assert, which lists the causes that failed). The budget
for this file is a few seconds of CPU: no mutant re-runs the Going-deeper experiments.
"""

DATA = "def build(regularized=False"
RECORDER = "class StepRecorder"
REFERENCE = "def reference("
STEP = "def train_step("
LOOP = "def our_loop("
GAPS = "def gaps("
FIT = "fit_weights, fit_log = reference()"
PARITY = "parity, moved = gaps(our_weights, fit_weights)"
CHECK = "def check_causes("
PLAIN_CAUSES = '"starting weights": (lambda: our_loop(build(seed=None), sgd()), 0)'
REGULARIZED_CAUSES = "regularized_fit = reference(regularized=True)[0]"
LOG = "mean_reset = [np.average("
OTHER_LOGS = "never_reset = [np.average("
OPTIMIZER = "adam_fit = reference(optimizer=adam)[0]"

BASE = [DATA, RECORDER, REFERENCE, STEP, LOOP, GAPS]

MUTANTS = [
    # the shared fixed loop (our unchanged loop, which every fix gives back) trains on nothing:
    # section 2's parity, the "equal" check of the five causes on the plain network, fails
    {
        "cells": [*BASE, FIT, PARITY],
        "mutate": ("for xb, yb in batches():", "for xb, yb in batches().take(0):"),
        "fails_in": PARITY,
        "why": "a loop over an empty pipeline never takes a step, so it has no steps 1 to 8 "
               "(NaN) and the gap of exactly 0 that section 2 claims is gone",
    },
    # the same broken loop on the regularized network: check_causes' "equal" clause fails for
    # both causes there (the fixed loop is NaN from step 1) and so does each "differs" clause
    {
        "cells": [*BASE, CHECK, REGULARIZED_CAUSES],
        "mutate": ("for xb, yb in batches():", "for xb, yb in batches().take(0):"),
        "fails_in": REGULARIZED_CAUSES,
        "why": "the fixed loop trains on nothing, so it is not fit's run ('equal' fails), and "
               "the changed loops differ by nothing more than 1e-3 ('differs' fails)",
    },
    # the shared comparison: compared with fit's own run, no cause differs, so every cause's
    # "differs" check (more than 1e-3, first at the expected step) fails
    {
        "cells": [*BASE, FIT, PARITY, CHECK, PLAIN_CAUSES],
        "mutate": ("found[cause] = gap = gaps(changed_loop()[0], fit_run)",
                   "found[cause] = gap = gaps(fit_run, fit_run)"),
        "fails_in": PLAIN_CAUSES,
        "why": "a comparison of fit's run with itself finds no cause at any step, so every "
               "cause's 'differs' check fails",
    },
    # section 5: the logged loss ("equal": fit's log; "differs": the two wrong logs)
    {
        "cells": [*BASE, FIT, PARITY, LOG],
        "mutate": ("np.average(losses[e], weights=sizes[e])", "np.mean(losses[e])"),
        "fails_in": LOG,
        "why": "a plain mean of the batch losses lets the 4-row batch count as much as a "
               "32-row one, so it is not fit's log",
    },
    {
        "cells": [*BASE, FIT, PARITY, LOG, OTHER_LOGS],
        "mutate": ("last_batch = [losses[3], losses[7]]", "last_batch = mean_reset"),
        "fails_in": OTHER_LOGS,
        "why": "a 'last batch' log that is really the epoch's weighted mean equals fit's log, "
               "so the check that it differs fails",
    },
    # section 5: the optimizer's state; swapping the runs fails both halves of one assert
    {
        "cells": [*BASE, CHECK, OPTIMIZER],
        "mutate": ("fresh = gaps(our_loop(model, optimizer)[0], adam_fit)  # a first run, with a "
                   "new optimizer\nmodel.set_weights(adam_fit[0])",
                   "our_loop(model, optimizer)\nmodel.set_weights(adam_fit[0])\n"
                   "fresh = gaps(our_loop(model, optimizer)[0], adam_fit)\n"
                   "model, optimizer = build(), adam()"),
        "fails_in": OPTIMIZER,
        "why": "the 'fresh' run gets the optimizer of an earlier run (no longer equal to fit) "
               "and the 'reused' run a new one (fit's run: no longer differs)",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": 'return 1, "hidden/kernel"',
            "lengths not compared": """
                for k, (mine, other) in enumerate(zip(ours, theirs)):
                    for name, a, b in zip(names, mine, other):
                        if np.abs(a - b).max() > atol:
                            return k, name
                return None
            """,
            "atol ignored": """
                for k, (mine, other) in enumerate(zip(ours, theirs)):
                    for name, a, b in zip(names, mine, other):
                        if not np.array_equal(a, b):
                            return k, name
                if len(ours) != len(theirs):
                    return min(len(ours), len(theirs)), None
                return None
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [DATA, RECORDER, STEP, LOOP, GAPS],
        "guess": 'my_guess = "different"',
        "shows": "measured 'same'",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, RECORDER, STEP, "def colleague_loop("],
        "wrong": {
            "hard-coded": "return [model.get_weights()] * 7",
            "left as the colleague's": (
                "return colleague_loop(model, X, y, epochs=epochs, batch_size=batch_size, "
                "learning_rate=learning_rate)"),
            "shortcut: fit with a StepRecorder": """
                recorder = StepRecorder()
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=bce,
                              jit_compile=False)
                model.fit(X, y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0,
                          callbacks=[recorder])
                return recorder.weights
            """,
        },
    },
]
