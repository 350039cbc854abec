"""Checks of lesson 14 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first. The launcher's failure paths (crash, hang, taken port, orphan) are tested in
tests/e2e/test_cluster.py, with stand-in workers that start in milliseconds.
"""

DEVICES = "cpu = tf.config.list_physical_devices"
DATA = "GLOBAL_BATCH, STEPS, LR = 20, 10, 0.1"
IMPORT = "places = ["
MODEL = "def build_model():"
LOOP = "def train_mirrored("
SINGLE = "def train_single("
COMPARE = "weights_mirrored, losses_mirrored = train_mirrored()"
TABLE = "candidates = {"
CHECK_DATA = "rng_check = np.random.default_rng(3)"
MIRRORED = [DEVICES, DATA, IMPORT, MODEL, LOOP]

MUTANTS = [
    {
        "cells": ["X, y = helpers.data.make_linear()"],
        "mutate": ("replicas = [grad_rows[s].sum() / B for s in slices]",
                   "replicas = [grad_rows[s].sum() / len(grad_rows[s]) for s in slices]"),
        "fails_in": "X, y = helpers.data.make_linear()",
        "why": "each replica divides by its own 10 rows, so the replicas' sum is twice the "
               "one-device gradient; the NumPy check of the equation catches it",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", DEVICES, DATA],
        "mutate": ("from_tensor_slices((X, y)).batch(GLOBAL_BATCH)",
                   "from_tensor_slices((X, y)).shuffle(100, seed=0).batch(GLOBAL_BATCH)"),
        "fails_in": DATA,
        "why": "a shuffled pipeline: the slices are no longer the halves of the data's global "
               "batches, which the slice check compares row for row",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, SINGLE, COMPARE],
        "mutate": ("global_batch_size=GLOBAL_BATCH)", "global_batch_size=GLOBAL_BATCH // 2)"),
        "fails_in": COMPARE,
        "why": "replica_loss divides by the per-replica batch size, so the distributed run "
               "takes steps twice too long and no longer matches one device",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, SINGLE, COMPARE,
                  "with strategy.scope():\n    fitted"],
        "mutate": ("epochs=2, shuffle=False, verbose=0)", "epochs=2, shuffle=True, verbose=0)"),
        "fails_in": "with strategy.scope():\n    fitted",
        "why": "fit shuffles its rows, so it no longer sees our global batches and its weights "
               "and epoch losses differ from our loop's",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, TABLE,
                  "good, bug, keras_loss ="],
        "mutate": ("strategy, strategy4 = mirrored(devices[:2]), mirrored(devices)",
                   "strategy, strategy4 = mirrored(devices[:2]), mirrored(devices[:2])"),
        "fails_in": "good, bug, keras_loss =",
        "why": "the 'four-replica' strategy has two replicas, so the per-replica mean is off by "
               "2 where the table check expects 4",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, SINGLE, COMPARE, TABLE,
                  "weights_bug, losses_bug ="],
        "mutate": ('weights_bug, losses_bug = train_mirrored(candidates["tf.reduce_mean"])',
                   'weights_bug, losses_bug = train_mirrored(candidates["keras.losses.MeanSquaredError()"])'),
        "fails_in": "weights_bug, losses_bug =",
        "why": "the Keras loss object scales by 1/R itself, so its run is the correct one with "
               "η = 0.1, not the η = 0.2 run the bit-for-bit check expects",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, SINGLE, COMPARE,
                  "setup = dict(", "w_workers = ["],
        "mutate": ("global_batch_size=GLOBAL_BATCH, steps=STEPS)",
                   "global_batch_size=GLOBAL_BATCH // 2, steps=STEPS)"),
        "fails_in": "w_workers = [",
        "why": "the workers get the per-worker batch size as the global one: each trains on 5 "
               "rows per step and scales its loss wrongly; the rows and weights checks fail",
    },
    {
        "cells": ["X, y = helpers.data.make_linear()", *MIRRORED, SINGLE, COMPARE,
                  "def compiled(model):"],
        "mutate": ("loss = tf.reduce_sum(errors[:3]) / 6 + tf.reduce_sum(errors[3:]) / 4",
                   "loss = tf.reduce_mean(errors)"),
        "fails_in": "def compiled(model):",
        "why": "a prediction that weights every row of the short batch 1/5, as one device does, "
               "does not explain fit's weights on two replicas",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "predict",
        "context": ["X, y = helpers.data.make_linear()", *MIRRORED],
        "guess": "my_guess = 2",
        "shows": "measured",
    },
    {
        "exercise": 2,
        "kind": "fix",
        "context": ["X, y = helpers.data.make_linear()", DEVICES, DATA, IMPORT, MODEL, CHECK_DATA,
                    "def colleague_make_step("],
        "wrong": {
            "hard-coded": "return lambda batch: tf.constant(0.0)",
            "left as the colleague's": "return colleague_make_step(strategy, model, optimizer, loss_fn)",
            "halved the gradients": """
                def replica_step(xb, yb):
                    with tf.GradientTape() as tape:
                        loss = loss_fn(yb, model(xb, training=True))
                    grads = tape.gradient(loss, model.trainable_variables)
                    grads = tf.distribute.get_replica_context().all_reduce("SUM", grads)
                    optimizer.apply_gradients(zip([g / 2 for g in grads], model.trainable_variables))
                    return loss

                @tf.function
                def train_step(batch):
                    return strategy.reduce("SUM", strategy.run(replica_step, args=batch), axis=None)
                return train_step
            """,
        },
    },
    {
        "exercise": 3,
        "kind": "build",
        "context": ["X, y = helpers.data.make_linear()", DEVICES, DATA, IMPORT, MODEL, CHECK_DATA],
        "wrong": {
            "hard-coded": "return tf.reduce_sum(per_example_mse(yb, predictions)) / 20.0",
            "own mean": "return tf.reduce_mean(per_example_mse(yb, predictions))",
            "default global batch size": (
                "return tf.nn.compute_average_loss(per_example_mse(yb, predictions))"),
        },
    },
]

# The lesson splits the CPU into logical devices, which TensorFlow allows only before its
# runtime starts: its mutants and exercises need a process in which no other lesson ran first.
FRESH_PROCESS = True
