"""Checks of lesson 15 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.

Every cause of the field guide has a "differs" check (the changed loop is more than 1e-3 from
fit) and an "equal" check (the fixed loop is fit's run); a mutant that removes the cause must
fail the first, a mutant that removes the fix the second.
"""

DATA = "def build(kind="
RECORDER = "class StepRecorder"
REFERENCE = "def reference("
STEP = "def train_step("
LOOP = "def our_loop("
GAPS = "def gaps("
PARITY = "parity, moved = gaps(our_weights, fit_weights)"
CHECK = "def check_causes("
START_CAUSES = '"starting weights": ("plain"'
BROKEN_STEPS = "def without_penalties("
STEP_CAUSES = '"loss reduction": ("plain"'
LOGS = 'logs = {"mean, reset"'
OPTIMIZER = "adam_fit = reference(optimizer=adam)"
CLAIMS = "xb, yb, net = X[:32], y[:32], build()"
MODES = "norm = keras.layers.BatchNormalization()"
WEIGHTED = "weighted_fit = reference(sample_weight=s)"
SPACINGS = "def spacings("
RUNS = "in_spacings = {name"
ARITHMETIC = '{"arithmetic_optimization": False}'
HALVING = "def halving_step("
HALVING_CHECK = 'graph = in_python["tf.function"]'
DIST_1 = 'DIST_SCRIPT = """'
DIST_2 = 'for name in ["fit", *losses]:'
DIST_RUN = "done = subprocess.run("
DIST_3 = "probe = strategy.run("
MIXED = "def scaled_step("

BASE = [DATA, RECORDER, REFERENCE, STEP, LOOP, GAPS]
CAUSES_1 = [*BASE, CHECK, START_CAUSES]
CAUSES_2 = [*BASE, CHECK, BROKEN_STEPS, STEP_CAUSES]
DEEPER = [*BASE, PARITY, SPACINGS]  # spacings() and the three ways to run a step

MUTANTS = [
    # section 2: the fair comparison
    {
        "cells": [*BASE, PARITY],
        "mutate": ("epochs=2, shuffle=False, verbose=0", "epochs=2, shuffle=True, verbose=0"),
        "fails_in": PARITY,
        "why": "fit left to shuffle the rows every epoch sees other batches than our loop, so "
               "the gap of exactly 0 that section 2 claims is gone",
    },
    # section 4: each cause removed must fail its "differs" check ...
    {
        "cells": CAUSES_1,
        "mutate": ("our_loop(build(seed=None), sgd())", "our_loop(build(seed=0), sgd())"),
        "fails_in": START_CAUSES,
        "why": "a re-seeded build gives fit's starting weights, so the starting-weights case no "
               "longer differs from fit",
    },
    {
        "cells": CAUSES_1,
        "mutate": ("batches=lambda: rows.shuffle(100).batch(32)", "batches=lambda: rows.batch(32)"),
        "fails_in": START_CAUSES,
        "why": "without the reshuffle the batches are fit's, so the batch-order case no longer "
               "differs",
    },
    {
        "cells": CAUSES_1,
        "mutate": ("drop_remainder=True", "drop_remainder=False"),
        "fails_in": START_CAUSES,
        "why": "keeping the last batch gives fit's 8 steps, so the last-batch case no longer "
               "differs",
    },
    {
        "cells": CAUSES_2,
        "mutate": ('reduction="none"', 'reduction="sum_over_batch_size"'),
        "fails_in": STEP_CAUSES,
        "why": "the batch mean instead of the per-row vector is fit's loss, so the "
               "loss-reduction case no longer differs",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("loss_fn=keras.losses.BinaryCrossentropy())",
                   "loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))"),
        "fails_in": STEP_CAUSES,
        "why": "with from_logits=True the changed loss is fit's, so the from_logits case no "
               "longer differs",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("loss = loss_fn(yb, model(xb, training=True))  # + sum(model.losses) forgotten",
                   "loss = loss_fn(yb, model(xb, training=True)) + sum(model.losses)"),
        "fails_in": STEP_CAUSES,
        "why": "a step that adds the penalties trains like fit, so the penalties case no longer "
               "differs",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("loss = loss_fn(yb, model(xb)) + sum(model.losses)  # training=True forgotten",
                   "loss = loss_fn(yb, model(xb, training=True)) + sum(model.losses)"),
        "fails_in": STEP_CAUSES,
        "why": "a step in training mode trains like fit, so the training=True case no longer "
               "differs",
    },
    # ... and each fix removed must fail its "equal" check
    {
        "cells": CAUSES_1,
        "mutate": ("        keras.utils.set_random_seed(seed)  # the same starting weights every time",
                   "        pass  # not re-seeded"),
        "fails_in": START_CAUSES,
        "why": "build no longer re-seeds, so the fixed loop's network does not start from fit's "
               "weights and the equal check fails",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("loss = loss_fn(yb, model(xb, training=True)) + sum(model.losses)  # + penalties",
                   "loss = loss_fn(yb, model(xb, training=True))  # + penalties"),
        "fails_in": STEP_CAUSES,
        "why": "our unchanged loop forgets model.losses, so on the L2 network the fixed loop is "
               "no longer fit's run",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("loss = loss_fn(yb, model(xb, training=True)) + sum(model.losses)  # + penalties",
                   "loss = loss_fn(yb, model(xb)) + sum(model.losses)  # + penalties"),
        "fails_in": STEP_CAUSES,
        "why": "our unchanged loop runs in inference mode, so on the dropout+BN network the "
               "fixed loop is no longer fit's run",
    },
    {
        "cells": CAUSES_2,
        "mutate": ("def our_loop(model, optimizer, loss_fn=bce,",
                   "def our_loop(model, optimizer, loss_fn=keras.losses.BinaryCrossentropy(),"),
        "fails_in": STEP_CAUSES,
        "why": "our unchanged loop takes the logits for probabilities, so the fixed loop of the "
               "loss-reduction and from_logits cases is no longer fit's run",
    },
    # section 5: the logged loss and the optimizer's state
    {
        "cells": [*BASE, PARITY, CHECK, LOGS],
        "mutate": ('"last batch": losses[3::4]',
                   '"last batch": (losses * n).reshape(2, 4).sum(1) / n.reshape(2, 4).sum(1)'),
        "fails_in": LOGS,
        "why": "a 'last batch' log that is really the epoch's weighted mean equals fit's log, "
               "so the check that the last batch's loss differs fails",
    },
    {
        "cells": [*BASE, PARITY, CHECK, LOGS],
        "mutate": ('"mean, reset": (losses * n).reshape(2, 4).sum(1) / n.reshape(2, 4).sum(1)',
                   '"mean, reset": losses.reshape(2, 4).mean(1)'),
        "fails_in": LOGS,
        "why": "a plain mean of the batch losses lets the 4-row batch count as much as a "
               "32-row one, so it is not fit's log",
    },
    {
        "cells": [*BASE, CHECK, OPTIMIZER],
        "mutate": ("reused = gaps(our_loop(model, optimizer)[0], adam_fit)",
                   "reused = gaps(our_loop(build(), adam())[0], adam_fit)"),
        "fails_in": OPTIMIZER,
        "why": "a second run with a new optimizer is fit's run, so the reused-optimizer case no "
               "longer differs at step 1",
    },
    {
        "cells": [*BASE, CHECK, OPTIMIZER],
        "mutate": ("fresh = gaps(our_loop(build(), adam())[0], adam_fit)",
                   "fresh = gaps(our_loop(model, optimizer)[0], adam_fit)"),
        "fails_in": OPTIMIZER,
        "why": "the 'fresh' run reuses the optimizer a third time, so it is not fit's run",
    },
    # Going deeper: section 4's explanations
    {
        "cells": [DATA, BROKEN_STEPS, CLAIMS],
        "mutate": ("np.testing.assert_allclose(g_row, 32 * g_mean",
                   "np.testing.assert_allclose(g_row, g_mean"),
        "fails_in": CLAIMS,
        "why": "the per-row loss's gradient is 32 times the mean's, not equal to it",
    },
    {
        "cells": [*BASE, PARITY, MODES],
        "mutate": ("np.testing.assert_allclose(norm(h, training=False), (h - running[0])",
                   "np.testing.assert_allclose(norm(h, training=True), (h - running[0])"),
        "fails_in": MODES,
        "why": "in training mode batch norm uses the batch's statistics, not the running "
               "averages, so the inference-mode formula does not match",
    },
    {
        "cells": [*BASE, PARITY, MODES],
        "mutate": ("shuffled.fit(X, y, batch_size=32, epochs=2, verbose=0)",
                   "shuffled.fit(X, y, batch_size=32, epochs=2, verbose=0, shuffle=False)"),
        "fails_in": MODES,
        "why": "without its default shuffle fit keeps the rows in order, so the claim that the "
               "default ends elsewhere fails",
    },
    # sample weights
    {
        "cells": [*BASE, BROKEN_STEPS, WEIGHTED],
        "mutate": ("/ tf.reduce_sum(ys[:, 1])", "/ tf.cast(tf.shape(ys)[0], tf.float32)"),
        "fails_in": WEIGHTED,
        "why": "dividing the weighted sum by the number of rows is Keras's mean, so the "
               "Σs-case no longer differs",
    },
    {
        "cells": [*BASE, BROKEN_STEPS, WEIGHTED],
        "mutate": ("bce(ys[:, :1], z, sample_weight=ys[:, 1])", "bce(ys[:, :1], z)"),
        "fails_in": WEIGHTED,
        "why": "a loss that ignores the sample weights does not train like fit with them",
    },
    # eager, graph, XLA
    {
        "cells": [*DEEPER, RUNS],
        "mutate": ('runs = {"eager": lambda step: step,', 'runs = {"eager": tf.function,'),
        "fails_in": RUNS,
        "why": "an 'eager' run that is really a graph has no rounding gap, so the check that "
               "eager differs from fit fails",
    },
    {
        "cells": [*DEEPER, RUNS],
        "mutate": ('"XLA": lambda step: tf.function(step, jit_compile=True)',
                   '"XLA": lambda step: tf.function(lambda m, o, f, x, y: step(m, o, f, x[1:], '
                   'y[1:]), jit_compile=True)'),
        "fails_in": RUNS,
        "why": "an XLA step that drops the first row of each batch is a bug, far beyond the 16 "
               "spacings that rounding is allowed",
    },
    {
        "cells": [*DEEPER, ARITHMETIC],
        "mutate": ('{"arithmetic_optimization": False}', '{"arithmetic_optimization": True}'),
        "fails_in": ARITHMETIC,
        "why": "with the arithmetic optimizer on, fit's graph rounds the cross-entropy's "
               "gradient differently from the eager step",
    },
    {
        "cells": [*DEEPER, HALVING, HALVING_CHECK],
        "mutate": ("step=halving_step, run=runs[name])", "step=halving_step, run=runs['eager'])"),
        "fails_in": HALVING_CHECK,
        "why": "run eagerly, the Python count is right, so the graph's frozen rate (the bug) "
               "does not show",
    },
    {
        "cells": [*DEEPER, HALVING, HALVING_CHECK],
        "mutate": ("keras_schedule = gaps(our_loop(build(), halving())[0]",
                   "keras_schedule = gaps(our_loop(build(), sgd())[0]"),
        "fails_in": HALVING_CHECK,
        "why": "a constant rate instead of the Keras schedule is not fit's run",
    },
    # several replicas (a fresh Python process)
    {
        "cells": [*DEEPER, DIST_1, DIST_2, DIST_3, DIST_RUN],
        "mutate": ('"tf.reduce_mean": lambda yb, z: tf.reduce_mean(per_row(yb, z)),',
                   '"tf.reduce_mean": lambda yb, z: tf.nn.compute_average_loss(per_row(yb, z)),'),
        "fails_in": DIST_RUN,
        "why": "a 'tf.reduce_mean' run that divides by the global batch is fit's run, so the "
               "check that the per-replica mean differs fails",
    },
    {
        "cells": [*DEEPER, DIST_1, DIST_2, DIST_3, DIST_RUN],
        "mutate": ('"compute_average_loss": lambda yb, z: tf.nn.compute_average_loss(per_row(yb, z)),',
                   '"compute_average_loss": lambda yb, z: tf.reduce_mean(per_row(yb, z)),'),
        "fails_in": DIST_RUN,
        "why": "a per-replica mean makes every update twice too large, so the fixed loss is no "
               "longer fit's run",
    },
    # mixed precision
    {
        "cells": [*BASE, MIXED],
        "mutate": ('"no scale_loss": our_loop(build(), lso())[0]',
                   '"no scale_loss": our_loop(build(), lso(), step=scaled_step)[0]'),
        "fails_in": MIXED,
        "why": "a loop that does scale the loss takes fit's steps, not S times smaller ones",
    },
    {
        "cells": [*BASE, MIXED],
        "mutate": ("scaled = optimizer.scale_loss(loss)  # × S", "scaled = loss  # × S"),
        "fails_in": MIXED,
        "why": "without scale_loss the gradients are divided by S without being multiplied, so "
               "the 'fixed' loop is not fit's run",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": 'return 1, "hidden/kernel"',
            "the largest gap, not the first": """
                sizes = [max(np.abs(a - b).max() for a, b in zip(mine, other))
                         for mine, other in zip(ours, theirs)]
                if max(sizes) <= atol:
                    return None
                k = int(np.argmax(sizes))
                return k, names[int(np.argmax([np.abs(a - b).max()
                                               for a, b in zip(ours[k], theirs[k])]))]
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
            "lengths not compared": """
                for k, (mine, other) in enumerate(zip(ours, theirs)):
                    for name, a, b in zip(names, mine, other):
                        if np.abs(a - b).max() > atol:
                            return k, name
                return None
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [DATA, RECORDER, REFERENCE, STEP, LOOP, GAPS, PARITY],
        "guess": 'my_guess = "different"',
        "shows": "measured: same",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, RECORDER, REFERENCE, STEP, GAPS, "def colleague_loop("],
        "wrong": {
            "hard-coded": "return [model.get_weights()] * 13",
            "left as the colleague's": (
                "return colleague_loop(model, X, y, epochs=epochs, batch_size=batch_size, "
                "learning_rate=learning_rate)"),
            "the weights recorded before each step": """
                weights = [model.get_weights()]
                optimizer = keras.optimizers.Adam(learning_rate)
                for epoch in range(epochs):
                    for xb, yb in tf.data.Dataset.from_tensor_slices((X, y)).batch(batch_size):
                        weights.append(model.get_weights())
                        train_step(model, optimizer, bce, xb, yb)
                return weights
            """,
        },
    },
]
