"""Checks of lesson 05 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

DATA = "X, y = helpers.data.make_linear()"
BATCHES = "def batches("
STEP = "def train_step("
EPOCH = "def run_epoch("
AVERAGES = "val_order = np.arange(len(X_val))"
STOPPER = "class EarlyStopper"
FIT = "def fit_by_hand("
PLAIN_SGD = "class PlainSGD"
PARITY_RUN = "atol = 0 if not"
PARITY_CHECK = "parity = helpers.checks.compare_table("

# The exercises' checks train (~2 s of CPU), so the mutants are the cheapest that show the
# main path's checks fail: one step, the weighted epoch mean, the stopper's strict comparison,
# parity with fit (PlainSGD), and tracing's rule 1. Dropped: the batches' sanity check, the
# whole loop's restore (Exercise 3 checks that), tf.function's speed, and Going deeper (each
# re-trains for 0.4-3 s).
MUTANTS = [
    {
        "cells": [DATA, STEP],
        "mutate": ("optimizer.apply_gradients(zip(gradients, model.trainable_variables))",
                   "optimizer.apply_gradients(zip([-g for g in gradients], "
                   "model.trainable_variables))"),
        "fails_in": STEP,
        "why": "a sign error climbs the gradient: the step raises the batch's loss instead of "
               "lowering it",
    },
    {
        "cells": [DATA, BATCHES, STEP, EPOCH, AVERAGES],
        "mutate": ("mean_loss.update_state(loss, sample_weight=len(xb))",
                   "mean_loss.update_state(loss)"),
        "fails_in": AVERAGES,
        "why": "run_epoch averages the batch losses without weighting them by batch size; its "
               "validation loss is then the plain mean 0.4394, not the loss on all rows 0.5405",
    },
    {
        "cells": [DATA, STOPPER, "stopper = EarlyStopper(patience=2)"],
        "mutate": ("if val_loss < self.best:", "if val_loss <= self.best:"),
        "fails_in": "stopper = EarlyStopper(patience=2)",
        "why": "a non-strict comparison counts a repeated loss as an improvement, so the tie "
               "0.3, 0.3 resets the patience and the stopper does not stop after the 4th epoch",
    },
    {
        "cells": [DATA, BATCHES, STEP, EPOCH, PLAIN_SGD, PARITY_RUN, PARITY_CHECK],
        "mutate": ("variable.assign_sub(self.learning_rate * gradient)",
                   "variable.assign_add(self.learning_rate * gradient)"),
        "fails_in": PARITY_CHECK,
        "why": "PlainSGD adds the step instead of subtracting it, so its weights leave those "
               "of Keras's SGD",
    },
    {
        "cells": ["seen, graph_runs = [], tf.Variable(0)"],
        "mutate": ("@tf.function\ndef traced(x):", "def traced(x):"),
        "fails_in": "seen, graph_runs = [], tf.Variable(0)",
        "why": "without tf.function the Python code runs at every call, so the list gets 3 "
               "values and the check of rule 1 fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return [0.5, 0.3, 0.2]",
            "shortcut: fit": """
                model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                              loss="mse", jit_compile=False)
                rng, losses = np.random.default_rng(seed), []
                for epoch in range(epochs):
                    order = rng.permutation(len(X))
                    losses += model.fit(X[order], y[order], batch_size=batch_size, shuffle=False,
                                        verbose=0).history["loss"]
                return losses
            """,
            "the loss after the update": """
                rng, loss_fn, epoch_losses = np.random.default_rng(seed), keras.losses.MeanSquaredError(), []
                for epoch in range(epochs):
                    order = rng.permutation(len(X))
                    mean_loss = keras.metrics.Mean()
                    for start in range(0, len(X), batch_size):
                        rows = order[start:start + batch_size]
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y[rows], model(X[rows], training=True))
                        gradients = tape.gradient(loss, model.trainable_variables)
                        for variable, gradient in zip(model.trainable_variables, gradients):
                            variable.assign_sub(learning_rate * gradient)
                        after = loss_fn(y[rows], model(X[rows]))
                        mean_loss.update_state(after, sample_weight=len(rows))
                    epoch_losses.append(float(mean_loss.result()))
                return epoch_losses
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = 2",
        "shows": "measured 4",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, BATCHES, STEP, EPOCH, STOPPER, FIT],
        "wrong": {
            "hard-coded": "return [0.1289]",
            "shortcut: the check's reference": """
                h = fit_by_hand(model, optimizer, mse, (X_train, y_train), (X_val, y_val),
                                epochs=epochs, batch_size=16, patience=patience, seed=seed,
                                print_every=100)
                return list(h["val_loss"])
            """,
            "a copy of the list, not of the weights": """
                rng, best_loss, best_weights, bad_epochs, history = np.random.default_rng(seed), np.inf, None, 0, []
                for epoch in range(epochs):
                    run_epoch(model, mse, X_train, y_train, 16, rng.permutation(len(X_train)), train_step, optimizer)
                    history.append(run_epoch(model, mse, X_val, y_val, 16, np.arange(len(X_val))))
                    if history[-1] < best_loss:
                        best_loss, best_weights, bad_epochs = history[-1], list(model.weights), 0
                    else:
                        bad_epochs += 1
                    if bad_epochs == patience:
                        break
                model.set_weights(best_weights)
                return history
            """,
        },
    },
]
