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
SCALE8 = "def sgd8():"

MAIN = [DATA, PLAIN, LINE, TRAIN, CUSTOM, BUILD, LOGGER, FIT]

# Every check of this lesson but one (loss scaling) needs the plain run of section 2 (for its
# starting weights), and most need our run too, ~1.2 s of CPU: the lesson's key claim, parity
# bit for bit with plain fit, gets one mutant; Going deeper's loss scaling gets a mutant that
# fails before any training.
MUTANTS = [
    {
        "cells": [*MAIN, PARITY],
        "mutate": ("update_state(loss, sample_weight=tf.shape(x)[0])   # 6. logs",
                   "update_state(loss)   # 6. logs"),
        "fails_in": PARITY,
        "why": "a tracker that counts the 4-row batch like a 32-row one logs another epoch mean: "
               "the weights still agree, but the zero-tolerance loss history check fails.",
    },
    {
        "cells": [SCALE8],
        "mutate": ("SGD(learning_rate=0.01, loss_scale_factor=8)", "SGD(learning_rate=0.01 * 8)"),
        "fails_in": SCALE8,
        "why": "an SGD whose learning rate is 8 times larger is not one that scales the loss by "
               "8: its scale_loss(2.5) is 2.5, not 20, and the loss-scaling check fails before "
               "any training.",
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
        },
    },
]
