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
RUN = "hist_linear = fit_by_hand("
PLAIN_SGD = "class PlainSGD"
PARITY_RUN = "atol = 0 if not"
PARITY_CHECK = "parity = helpers.checks.compare_table("
TIMED = "def timed_run(step):"
TIMING = "graph_step = tf.function(train_step)"
LOOP = [DATA, BATCHES, STEP, EPOCH, AVERAGES, STOPPER, FIT, RUN]
REPLAY = [*LOOP, PLAIN_SGD, PARITY_RUN, "def replay_dataset(", "def keras_run("]

MUTANTS = [
    {
        "cells": [DATA, BATCHES],
        "mutate": ("for start in range(0, len(order), batch_size):",
                   "for start in range(0, len(order) - batch_size + 1, batch_size):"),
        "fails_in": BATCHES,
        "why": "batches drops the last, smaller batch, so an epoch no longer visits all 60 rows "
               "and the batch sizes are not 16, 16, 16, 12",
    },
    {
        "cells": [DATA, BATCHES, STEP],
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
        "cells": LOOP,
        "mutate": ("model.set_weights(stopper.best_weights)  # back to the best epoch, as Keras does",
                   "pass  # the best weights are not restored"),
        "fails_in": RUN,
        "why": "without the final set_weights the model keeps the last epoch's weights, whose "
               "validation loss (0.1109) is not the best one (0.1000)",
    },
    {
        "cells": [DATA, BATCHES, STEP, EPOCH, PLAIN_SGD, PARITY_RUN, PARITY_CHECK],
        "mutate": ("batch_size=16, shuffle=False, verbose=0)",
                   "batch_size=16, shuffle=True, verbose=0)"),
        "fails_in": PARITY_CHECK,
        "why": "fit shuffles our order again, so it no longer sees our batches and its weights "
               "and epoch losses differ from our loop's",
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
        "cells": [DATA, BATCHES, STEP, EPOCH, PLAIN_SGD, PARITY_RUN, TIMED, TIMING],
        "mutate": ("timed_run(train_step), timed_run(graph_step)",
                   "timed_run(train_step), timed_run(train_step)"),
        "fails_in": TIMING,
        "why": "timing the eager step twice shows no speed-up and no trace: the check of the "
               "graph's speed and its two traces fails",
    },
    {
        "cells": ["seen, graph_runs = [], tf.Variable(0)"],
        "mutate": ("@tf.function\ndef traced(x):", "def traced(x):"),
        "fails_in": "seen, graph_runs = [], tf.Variable(0)",
        "why": "without tf.function the Python code runs at every call, so the list gets 3 "
               "values and the check of rule 1 fails",
    },
    {
        "cells": ["def noisy(x):"],
        "mutate": ("x + tf.random.uniform([])", "x + np.random.uniform()"),
        "fails_in": "def noisy(x):",
        "why": "NumPy's random is drawn once while tracing, like Python's, so the 'fresh' column "
               "repeats one value and the check fails",
    },
    {
        "cells": REPLAY,
        "mutate": ("epochs=epochs, steps_per_epoch=4,", "epochs=epochs,"),
        "fails_in": "def keras_run(",
        "why": "without steps_per_epoch, fit's first epoch reads the whole 40-epoch dataset, so "
               "its history is not fit_by_hand's",
    },
    {
        "cells": REPLAY,
        "mutate": ("order = rng.permutation(len(train[0]))",
                   "order = np.random.default_rng(seed).permutation(len(train[0]))"),
        "fails_in": "def keras_run(",
        "why": "a generator created anew every epoch gives every epoch the same order, which is "
               "not the order fit replays, so the histories differ",
    },
    {
        "cells": [DATA, BATCHES, STEP, EPOCH, PLAIN_SGD, PARITY_RUN, "def with_penalties("],
        "mutate": ("loss_fn(y_true, y_pred) + sum(model.losses)", "loss_fn(y_true, y_pred)"),
        "fails_in": "def with_penalties(",
        "why": "without sum(model.losses) the L2 penalty is not differentiated, so our step "
               "does not match fit on a regularized model",
    },
    {
        "cells": [DATA, BATCHES, STEP, EPOCH, PLAIN_SGD, PARITY_RUN, "rng_big = ",
                  "def update_gap("],
        "mutate": ('"tf.function + XLA": tf.function(train_step, jit_compile=True)',
                   '"tf.function + XLA": tf.function(lambda m, o, f, x, y: '
                   'train_step(m, o, f, x[1:], y[1:]), jit_compile=True)'),
        "fails_in": "def update_gap(",
        "why": "the XLA step silently drops the first row of its batch; its update then differs "
               "from eager's by about a percent of each variable's largest step, far beyond the "
               "1e-4 tolerance",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return [0.5, 0.3, 0.2]",
            "a new generator every epoch": """
                loss_fn, epoch_losses = keras.losses.MeanSquaredError(), []
                for epoch in range(epochs):
                    order = np.random.default_rng(seed).permutation(len(X))
                    mean_loss = keras.metrics.Mean()
                    for start in range(0, len(X), batch_size):
                        rows = order[start:start + batch_size]
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y[rows], model(X[rows], training=True))
                        gradients = tape.gradient(loss, model.trainable_variables)
                        for variable, gradient in zip(model.trainable_variables, gradients):
                            variable.assign_sub(learning_rate * gradient)
                        mean_loss.update_state(loss, sample_weight=len(rows))
                    epoch_losses.append(float(mean_loss.result()))
                return epoch_losses
            """,
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
            "shortcut: a Keras optimizer": """
                rng, loss_fn = np.random.default_rng(seed), keras.losses.MeanSquaredError()
                sgd, epoch_losses = keras.optimizers.SGD(learning_rate=learning_rate), []
                for epoch in range(epochs):
                    order = rng.permutation(len(X))
                    mean_loss = keras.metrics.Mean()
                    for start in range(0, len(X), batch_size):
                        rows = order[start:start + batch_size]
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y[rows], model(X[rows], training=True))
                        gradients = tape.gradient(loss, model.trainable_variables)
                        sgd.apply_gradients(zip(gradients, model.trainable_variables))
                        mean_loss.update_state(loss, sample_weight=len(rows))
                    epoch_losses.append(float(mean_loss.result()))
                return epoch_losses
            """,
            "no shuffle": """
                loss_fn, epoch_losses = keras.losses.MeanSquaredError(), []
                for epoch in range(epochs):
                    mean_loss = keras.metrics.Mean()
                    for start in range(0, len(X), batch_size):
                        rows = np.arange(len(X))[start:start + batch_size]
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y[rows], model(X[rows], training=True))
                        gradients = tape.gradient(loss, model.trainable_variables)
                        for variable, gradient in zip(model.trainable_variables, gradients):
                            variable.assign_sub(learning_rate * gradient)
                        mean_loss.update_state(loss, sample_weight=len(rows))
                    epoch_losses.append(float(mean_loss.result()))
                return epoch_losses
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
            "a plain mean of the batch losses": """
                rng, loss_fn, epoch_losses = np.random.default_rng(seed), keras.losses.MeanSquaredError(), []
                for epoch in range(epochs):
                    order = rng.permutation(len(X))
                    batch_losses = []
                    for start in range(0, len(X), batch_size):
                        rows = order[start:start + batch_size]
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y[rows], model(X[rows], training=True))
                        gradients = tape.gradient(loss, model.trainable_variables)
                        for variable, gradient in zip(model.trainable_variables, gradients):
                            variable.assign_sub(learning_rate * gradient)
                        batch_losses.append(float(loss))
                    epoch_losses.append(float(np.mean(batch_losses)))
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
        "context": [DATA, BATCHES, STEP, EPOCH, STOPPER, FIT, "def colleague_fit("],
        "wrong": {
            "hard-coded": "return [0.1084]",
            "shortcut: the check's reference": """
                h = fit_by_hand(model, optimizer, mse, (X_train, y_train), (X_val, y_val),
                                epochs=epochs, batch_size=16, patience=patience, seed=seed,
                                print_every=100)
                return list(h["val_loss"])
            """,
            "left as the colleague's": (
                "return colleague_fit(model, optimizer, epochs=epochs, patience=patience, "
                "seed=seed)"),
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
