"""Checks of lesson 14 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first. Only cheap cells run here (short trainings of a tiny model, no worker processes):
the launcher's failure paths (crash, hang, taken port, orphan) and the workers themselves are
tested in tests/e2e/test_cluster.py.
"""

DATA_XY = "X, y = helpers.data.make_linear()"
DEVICES = "cpu = tf.config.list_physical_devices"
STRATEGIES = "strategy, strategy4 = ("
DATA = "GLOBAL_BATCH, STEPS, LR = 20, 10, 0.1"
SLICES = "for k, (x_dist, y_dist) in enumerate("
IMPORT = "places = ["
MODEL = "def build_model():"
LOOP = "def train_mirrored("
SINGLE = "def train_single("
COMPARE = "weights_mirrored, losses_mirrored = train_mirrored()"
BUG = "per_replica_mean = lambda yb, p: tf.reduce_mean(per_example_mse(yb, p))  # the bug"
CHECK_DATA = "rng_check = np.random.default_rng(3)"
MIRRORED = [DATA_XY, DEVICES, STRATEGIES, DATA, IMPORT, MODEL, LOOP]

MUTANTS = [
    {
        "cells": [DATA_XY],
        "mutate": ("replicas = [grad_rows[s].sum() / B for s in slices]",
                   "replicas = [grad_rows[s].sum() / len(grad_rows[s]) for s in slices]"),
        "fails_in": DATA_XY,
        "why": "each replica divides by its own 10 rows, so the replicas' sum is twice the "
               "one-device gradient; the NumPy check of the equation catches it",
    },
    {
        "cells": [DATA_XY, DEVICES, STRATEGIES, DATA, SLICES],
        "mutate": ("from_tensor_slices((X, y)).batch(GLOBAL_BATCH)",
                   "from_tensor_slices((X, y)).shuffle(100, seed=0).batch(GLOBAL_BATCH)"),
        "fails_in": SLICES,
        "why": "a shuffled pipeline: the slices are no longer the halves of the data's global "
               "batches, which the slice check compares row for row",
    },
    {
        "cells": [*MIRRORED, SINGLE, COMPARE],
        "mutate": ("global_batch_size=GLOBAL_BATCH)", "global_batch_size=GLOBAL_BATCH // 2)"),
        "fails_in": COMPARE,
        "why": "replica_loss divides by the per-replica batch size, so the distributed run "
               "takes steps twice too long and no longer matches one device",
    },
    {
        "cells": [*MIRRORED, BUG],
        "mutate": ("tf.reduce_mean(per_example_mse(yb, p))  # the bug",
                   "keras.losses.MeanSquaredError()(yb, p)  # the bug"),
        "fails_in": BUG,
        "why": "the Keras loss object scales by 1/R itself, so its run is the correct one with "
               "η = 0.1, not the η = 0.2 run the bit-for-bit check expects",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "predict",
        "context": MIRRORED,
        "guess": 'my_guess = "about 2"',
        "shows": "measured 1.0004",
    },
    {
        "exercise": 2,
        "kind": "fix",
        "context": [DEVICES, STRATEGIES, IMPORT, MODEL, CHECK_DATA],
        "wrong": {
            "hard-coded": "return lambda batch: tf.constant(0.0)",
            "shortcut": "return make_train_step(strategy, model, optimizer, loss_fn)",
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
        "context": [DEVICES, STRATEGIES, IMPORT, MODEL, CHECK_DATA],
        "wrong": {
            "hard-coded": "return tf.reduce_sum(per_example_mse(yb, predictions)) / 20.0",
            "default global batch size": (
                "return tf.nn.compute_average_loss(per_example_mse(yb, predictions))"),
        },
    },
]

# The lesson splits the CPU into logical devices, which TensorFlow allows only before its
# runtime starts (re-running the split cell is safe): its jobs run first in their process.
RUNTIME_FIRST = True
