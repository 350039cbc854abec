"""Checks of lesson 03 that must fail: mutants of its train_step, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are named by a substring of each.
"""

DATA = "train_batches = tf.data.Dataset.from_tensor_slices((X, y)).batch(32)"
PLAIN = "plain = keras.Sequential("
LINE = "class LineModel(keras.Model):"
TRAIN = "class TrainStepModel(LineModel):"
CUSTOM = "class CustomModel(TrainStepModel):"
BUILD = "custom = CustomModel()"
LOGGER = "class GradNormLogger("
FIT = "grad_log = GradNormLogger()"
PARITY = "parity = helpers.checks.compare_table("
FIRST = "g_first = np.array("
FULL = "class FullStepModel(LineModel):"
WEIGHTED = "def fit_from_start("
SCALE8 = "def sgd8():"
MIXED = "mp_norms = GradNormLogger()"
SCRIPT = 'DIST_SCRIPT = """'
RUN_SCRIPT = 'DIST_SCRIPT += """'
DIST_CHECK = 'R, loss_ours = dist["replicas"]'
STOP = "stopper = keras.callbacks.EarlyStopping("
REPLAY_STOP = "best, wait, stop_at, best_at"
PER_BATCH = "for epoch in [1, 10, 25, 50]:"
FIGURE = "per_epoch = norms.reshape(EPOCHS, 4)"
HAND = "class HandMeanModel(CustomModel):"
GRAPH = "class RecordingModel(CustomModel):"

MAIN = [DATA, PLAIN, LINE, TRAIN, CUSTOM, BUILD, LOGGER, FIT]

MUTANTS = [
    {
        "cells": [DATA, PLAIN, LINE, TRAIN, CUSTOM, BUILD],
        "mutate": ("custom.set_weights(initial_weights)    # start", "pass    # start"),
        "fails_in": BUILD,
        "why": "without copying the plain run's starting weights the model keeps its own random "
               "ones, so it does not compute w0 x + b0: the start check fails.",
    },
    {
        "cells": [*MAIN, PARITY],
        "mutate": ("update_state(loss, sample_weight=tf.shape(x)[0])   # 6. logs",
                   "update_state(loss)   # 6. logs"),
        "fails_in": PARITY,
        "why": "a tracker that counts the 4-row batch like a 32-row one logs another epoch mean: "
               "the weights still agree, but the zero-tolerance loss history check fails.",
    },
    {
        "cells": [*MAIN, FIRST],
        "mutate": ('"grad_norm": tf.linalg.global_norm(grads)}',
                   '"grad_norm": tf.linalg.global_norm(grads[:1])}'),
        "fails_in": FIRST,
        "why": "a gradient norm of the kernel's gradient only is not the norm of g: the hand "
               "computation of the first step's norm disagrees.",
    },
    {
        "cells": [DATA, PLAIN, LINE, FULL, WEIGHTED],
        "mutate": ("y_pred=y_pred, sample_weight=sample_weight)\n            scaled",
                   "y_pred=y_pred)\n            scaled"),
        "fails_in": WEIGHTED,
        "why": "a train_step that drops the sample weights from the loss still trains, but not like "
               "plain fit on weighted data: the bit-for-bit parity check with sample weights fails.",
    },
    {
        "cells": [DATA, PLAIN, LINE, TRAIN, CUSTOM, BUILD, FULL, WEIGHTED, SCALE8],
        "mutate": ("grads = tape.gradient(scaled, self.trainable_variables)",
                   "grads = tape.gradient(loss, self.trainable_variables)"),
        "fails_in": SCALE8,
        "why": "differentiating the unscaled loss while apply still divides by the loss scale "
               "makes every step 8 times too small: the loss_scale_factor=8 parity check fails.",
    },
    {
        "cells": [*MAIN, FULL, WEIGHTED, MIXED],
        "mutate": ('"grad_norm": tf.linalg.global_norm(grads) / scale}',
                   '"grad_norm": tf.linalg.global_norm(grads)}'),
        "fails_in": MIXED,
        "why": "under mixed_float16 the gradients in the step are those of the scaled loss: a "
               "norm not divided by S is 32768 times too large, and the check against the "
               "float32 norms fails.",
    },
    {
        "cells": [DATA, PLAIN, LINE, FULL, WEIGHTED, SCRIPT, RUN_SCRIPT, DIST_CHECK],
        "mutate": ("loss = self.compute_loss(x=x, y=y, y_pred=self(x, training=True))",
                   "loss = tf.reduce_mean(tf.square(self(x, training=True) - y))"),
        "fails_in": DIST_CHECK,
        "why": "a loss written as a plain mean is not divided by the number of replicas, so the "
               "summed gradients are twice too large under 2 replicas: the weights no longer "
               "match one device.",
    },
    {
        "cells": [*MAIN, FIGURE, PER_BATCH],
        "mutate": ("per_epoch = norms.reshape(EPOCHS, 4)", "per_epoch = norms.reshape(4, EPOCHS).T"),
        "fails_in": PER_BATCH,
        "why": "norms laid out column by column mix the epochs' steps up: the 4-row batch is no "
               "longer the largest in every epoch, and the per-batch checks fail.",
    },
    {
        "cells": [DATA, PLAIN, LINE, TRAIN, CUSTOM, HAND],
        "mutate": ("hand.fit(train_batches, epochs=EPOCHS, verbose=0)",
                   "hand.fit(train_batches.shuffle(100, seed=1), epochs=EPOCHS, verbose=0)"),
        "fails_in": HAND,
        "why": "a dataset that reorders its rows every epoch no longer gives plain fit's bits: "
               "the check that would catch fit reordering the batches fails.",
    },
    {
        "cells": [DATA, PLAIN, LINE, TRAIN, CUSTOM, FULL, WEIGHTED, GRAPH],
        "mutate": ('print("rows in this batch:", len(data[0]))',
                   'tf.print("rows in this batch:", tf.shape(data[0])[0])'),
        "fails_in": GRAPH,
        "why": "asking the graph for the number of rows works, so no TypeError comes and the "
               "check that len(x) fails inside fit's step fails.",
    },
    {
        "cells": [*MAIN, STOP, REPLAY_STOP],
        "mutate": ("if v < best - min_delta:", "if v < best:"),
        "fails_in": REPLAY_STOP,
        "why": "a replay of EarlyStopping that ignores min_delta counts every fall of val_loss as "
               "an improvement and never stops where the callback did.",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "fix",
        "context": [DATA, PLAIN, LINE, "class ColleagueModel("],
        "wrong": {
            "hard-coded": """
                self.dense.kernel.assign([[0.0861]])
                return {"loss": 0.0}
            """,
            "divided by 32 by hand": """
                x, y = data
                with tf.GradientTape() as tape:
                    y_pred = self(x, training=True)
                    loss = keras.losses.mean_squared_error(y, y_pred) / 32
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply(grads, self.trainable_variables)
                self.loss_tracker.update_state(loss, sample_weight=tf.shape(x)[0])
                return {"loss": self.loss_tracker.result()}
            """,
            "divided by 16 by hand": """
                x, y = data
                with tf.GradientTape() as tape:
                    y_pred = self(x, training=True)
                    loss = tf.reduce_sum(keras.losses.mean_squared_error(y, y_pred)) / 16
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply(grads, self.trainable_variables)
                self.loss_tracker.update_state(loss, sample_weight=tf.shape(x)[0])
                return {"loss": self.loss_tracker.result()}
            """,
            "left as the colleague's": "return ColleagueModel.train_step(self, data)",
            "shortcut: Keras's built-in step": "return keras.Model.train_step(self, data)",
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [DATA, LINE, TRAIN, CUSTOM, LOGGER],
        "guess": 'my_guess = "mean"',
        "shows": "measured 'last'",
    },
    {
        "exercise": 3,
        "kind": "build",
        "context": [LINE],
        "wrong": {
            "hard-coded": 'return {"loss": 0.0, "step_size": 0.1432}',
            "learning rate times the gradient norm": """
                x, y = data
                with tf.GradientTape() as tape:
                    loss = self.compute_loss(x=x, y=y, y_pred=self(x, training=True))
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply(grads, self.trainable_variables)
                size = self.optimizer.learning_rate * tf.linalg.global_norm(grads)
                return {"loss": loss, "step_size": size}
            """,
            "references instead of copies": """
                x, y = data
                with tf.GradientTape() as tape:
                    loss = self.compute_loss(x=x, y=y, y_pred=self(x, training=True))
                grads = tape.gradient(loss, self.trainable_variables)
                before = list(self.trainable_variables)
                self.optimizer.apply(grads, self.trainable_variables)
                change = [v - b for v, b in zip(self.trainable_variables, before)]
                return {"loss": loss, "step_size": tf.linalg.global_norm(change)}
            """,
            "drops the loss from the logs": """
                x, y = data
                with tf.GradientTape() as tape:
                    loss = self.compute_loss(x=x, y=y, y_pred=self(x, training=True))
                grads = tape.gradient(loss, self.trainable_variables)
                before = [tf.identity(v) for v in self.trainable_variables]
                self.optimizer.apply(grads, self.trainable_variables)
                change = [v - b for v, b in zip(self.trainable_variables, before)]
                return {"step_size": tf.linalg.global_norm(change)}
            """,
        },
    },
]
