"""Checks of lesson 12 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are listed by a substring of each.
"""

DATA = "def build_mlp():"
TRAIN = "model = build_mlp()"
KERAS_FILE = "folder_before = sorted("
RELOAD = "reloaded = keras.saving.load_model"
WEIGHTS = "weights_path = tmp /"
COPIES = "B = keras.saving.load_model"
RESUME = "def resume(m, steps=16):"
RESUME_CHECK = "excess = np.array("
LAYER = "class Standardize("
SERVED = "pixel_mean = X_train.mean"
ROUND_TRIP = "served_back = keras.saving.load_model"
EXPORT = "export_dir = tmp /"
SIGNATURE = "loaded = tf.saved_model.load"
LOAD_EXPORT = "tfsm = keras.layers.TFSMLayer"
PATHS = "infer = tf.function("
CLI = "command = [sys.executable"
NO_TRACE = "workdir.cleanup()"
H5_COUNTS = "def h5_counts(source):"
H5_CHECK = "in_keras = h5_counts("
NO_CONFIG = "class NoConfig("
UNREGISTERED = "class Unregistered("
LOGS = "class Collect(logging.Handler):"
TRACES = "infer_unsigned = tf.function("
FOLDING = "z_no_folding = tf.function("
HELPERS = "def attempt(what, action, hint):"

UP_TO_SERVED = [DATA, TRAIN, KERAS_FILE, LAYER, SERVED]
UP_TO_EXPORT = UP_TO_SERVED + [EXPORT, SIGNATURE, LOAD_EXPORT]

MUTANTS = [
    {
        "cells": [DATA, TRAIN, KERAS_FILE, RELOAD],
        "mutate": ("model.save(keras_path)", "build_mlp().save(keras_path)"),
        "fails_in": RELOAD,
        "why": "an untrained model is saved instead of the trained one, and the reloaded logits are "
               "no longer exactly the original's",
    },
    {
        "cells": [DATA, TRAIN, KERAS_FILE, RELOAD],
        "mutate": ("reloaded = keras.saving.load_model(keras_path)",
                   "reloaded = keras.saving.load_model(keras_path)\n"
                   "reloaded.optimizer.iterations.assign(0)"),
        "fails_in": RELOAD,
        "why": "a reload whose optimizer state is not the saved one fails the exact comparison of the "
               "optimizer variables",
    },
    {
        "cells": [DATA, TRAIN, KERAS_FILE, WEIGHTS],
        "mutate": ("fresh.load_weights(weights_path)\n", "fresh.build(input_shape=(None, 64))\n"),
        "fails_in": WEIGHTS,
        "why": "without load_weights the rebuilt model keeps its initial weights, and its logits are "
               "not the original's",
    },
    {
        "cells": [DATA, TRAIN, KERAS_FILE, WEIGHTS, COPIES, RESUME, RESUME_CHECK],
        "mutate": ("compile_adam(C)\nC.load_weights(weights_path)",
                   "C.load_weights(weights_path)\ncompile_adam(C)"),
        "fails_in": RESUME_CHECK,
        "why": "C loaded before compiling gets a fresh Adam, so it no longer ends with A's weights "
               "exactly",
    },
    {
        "cells": [DATA, TRAIN, KERAS_FILE, WEIGHTS, COPIES, RESUME, RESUME_CHECK],
        "mutate": ("compile_adam(D)  # a fresh Adam: m = v = 0, t = 0",
                   "compile_adam(D)\nD.load_weights(weights_path)"),
        "fails_in": RESUME_CHECK,
        "why": "a D that gets the optimizer state after all continues A's run exactly, and the check "
               "that its loss stays above A's fails",
    },
    {
        "cells": UP_TO_SERVED,
        "mutate": ("pixel_mean @ W + b]", "b]"),
        "fails_in": SERVED,
        "why": "folding the weights without shifting the bias by mu W moves the logits by whole "
               "units, far beyond the 1e-4 allowed",
    },
    {
        "cells": UP_TO_SERVED + [ROUND_TRIP],
        "mutate": ('"std": self.std.tolist()}', '"std": self.mean.tolist()}'),
        "fails_in": ROUND_TRIP,
        "why": "a get_config that stores the wrong array reloads a different layer, and the "
               "round-trip logits are no longer exactly equal",
    },
    {
        "cells": UP_TO_EXPORT,
        "mutate": ("served.export(export_dir, verbose=False)",
                   "model.export(export_dir, verbose=False)"),
        "fails_in": LOAD_EXPORT,
        "why": "exporting the MLP without the standardizing layer gives other logits, and the "
               "SavedModel no longer matches predict() within 1e-6",
    },
    {
        "cells": UP_TO_EXPORT + [PATHS],
        "mutate": ('"tf.function": lambda x: infer(tf.constant(x)).numpy()',
                   '"tf.function": lambda x: infer(tf.constant(x / 16)).numpy()'),
        "fails_in": PATHS,
        "why": "a path that scales the pixels once more disagrees with predict() by far more than "
               "1e-5",
    },
    {
        "cells": UP_TO_SERVED + [EXPORT, CLI],
        "mutate": ("served.export(export_dir, verbose=False)",
                   "served.export(export_dir, verbose=False, "
                   "input_signature=[tf.TensorSpec((1, 64), tf.float32)])"),
        "fails_in": CLI,
        "why": "an export whose signature takes one row at a time shows shape (1, 64) to "
               "saved_model_cli instead of (-1, 64)",
    },
    {
        "cells": [DATA, TRAIN, KERAS_FILE, NO_TRACE],
        "mutate": ("workdir.cleanup()", "pass"),
        "fails_in": NO_TRACE,
        "why": "a temporary folder that is not deleted fails the no-trace check",
    },
    {
        "cells": [DATA, TRAIN, H5_COUNTS, H5_CHECK],
        "mutate": ("model.save_weights(weights_file)", "build_mlp().save_weights(weights_file)"),
        "fails_in": H5_CHECK,
        "why": "a weights file written by a model without an optimizer holds no optimizer arrays, "
               "and the two files no longer hold the same counts",
    },
    {
        "cells": UP_TO_SERVED + [NO_CONFIG],
        "mutate": ("NoConfig(pixel_mean, pixel_std)]).save(broken)",
                   "NoConfig(pixel_mean.tolist(), pixel_std.tolist())]).save(broken)"),
        "fails_in": NO_CONFIG,
        "why": "given plain lists, Keras records the arguments itself and the save succeeds, so the "
               "check that saving fails says so",
    },
    {
        "cells": UP_TO_SERVED + [NO_CONFIG, UNREGISTERED],
        "mutate": ("class Unregistered(NoConfig):",
                   "@keras.saving.register_keras_serializable(package='deeper')\n"
                   "class Unregistered(NoConfig):"),
        "fails_in": UNREGISTERED,
        "why": "a registered class loads without custom_objects, and the check that loading fails "
               "says so",
    },
    {
        "cells": UP_TO_SERVED + [LOGS],
        "mutate": ("served.export(version_2)  # verbose left at its default",
                   "served.export(version_2, verbose=False)"),
        "fails_in": LOGS,
        "why": "a quiet export prints no report, and the check of what export prints fails",
    },
    {
        "cells": UP_TO_EXPORT + [PATHS, TRACES],
        "mutate": ("infer_unsigned = tf.function(lambda x: served(x, training=False))",
                   "infer_unsigned = tf.function(lambda x: served(x, training=False), "
                   "reduce_retracing=True)"),
        "fails_in": TRACES,
        "why": "with reduce_retracing the function without a signature generalizes its shape after "
               "the second batch size, and the three traces the check counts are not there",
    },
    {
        "cells": UP_TO_EXPORT + [PATHS, FOLDING],
        "mutate": ('set_experimental_options({"constant_folding": False})',
                   'set_experimental_options({"constant_folding": True})'),
        "fails_in": FOLDING,
        "why": "with constant folding left on, the graph still multiplies by 1/sigma and does not "
               "reproduce the eager division bit for bit",
    },
]

CLIP_HEAD = '@keras.saving.register_keras_serializable(package="exercises")\nclass Clip(keras.layers.Layer):\n'
CLIP_INIT = '''    def __init__(self, low, high, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = np.asarray(low, "float32"), np.asarray(high, "float32")

    def call(self, x):
        return keras.ops.minimum(keras.ops.maximum(x, self.low), self.high)
'''

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [HELPERS],
        "wrong": {
            "hard-coded": CLIP_HEAD + '''    def __init__(self, low, high, **kwargs):
        super().__init__(**kwargs)

    def call(self, x):
        return keras.ops.clip(x, 0.0, 1.0)

    def get_config(self):
        return super().get_config()
''',
            "no get_config": CLIP_HEAD + CLIP_INIT,
            "NumPy in call": CLIP_HEAD + '''    def __init__(self, low, high, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = np.asarray(low, "float32"), np.asarray(high, "float32")

    def call(self, x):
        return np.clip(x, self.low, self.high)

    def get_config(self):
        return {**super().get_config(), "low": self.low.tolist(), "high": self.high.tolist()}
''',
            "no **kwargs": CLIP_HEAD + '''    def __init__(self, low, high):
        super().__init__()
        self.low, self.high = np.asarray(low, "float32"), np.asarray(high, "float32")

    def call(self, x):
        return keras.ops.minimum(keras.ops.maximum(x, self.low), self.high)

    def get_config(self):
        return {**super().get_config(), "low": self.low.tolist(), "high": self.high.tolist()}
''',
            "arrays in get_config": CLIP_HEAD + CLIP_INIT + '''
    def get_config(self):
        return {**super().get_config(), "low": self.low, "high": self.high}
''',
            "not registered": "class Clip(keras.layers.Layer):\n" + CLIP_INIT + '''
    def get_config(self):
        return {**super().get_config(), "low": self.low.tolist(), "high": self.high.tolist()}
''',
            "no base config": CLIP_HEAD + CLIP_INIT + '''
    def get_config(self):
        return {"low": self.low.tolist(), "high": self.high.tolist()}
''',
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "guess_sgd, guess_momentum = False, True",
        "shows": "largest |w_A - w_copy|",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [DATA, HELPERS],
        "wrong": {
            "hard-coded": "resumed = build_mlp()\ncompile_adam(resumed)\nreturn resumed",
            "the colleague's order": (
                "resumed = build_mlp()\n"
                "resumed.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=loss_fn)\n"
                "resumed.load_weights(path)\nreturn resumed"),
            "loaded, then compiled": (
                "resumed = build_mlp()\nresumed.load_weights(path)\ncompile_adam(resumed)\n"
                "return resumed"),
        },
    },
    {
        "exercise": 4,
        "kind": "fix",
        "context": [DATA, TRAIN, LAYER, SERVED, HELPERS],
        "wrong": {
            "hard-coded": 'fixed_infer = tf.function(lambda x: tf.zeros((tf.shape(x)[0], 10)))',
            "no signature": "@tf.function\ndef fixed_infer(x):\n    return served(x, training=False)",
            "float64 rows": (
                "@tf.function(input_signature=[tf.TensorSpec(shape=(None, 64), dtype=tf.float64)])\n"
                "def fixed_infer(x):\n    return served(x, training=False)"),
            "one row": (
                "@tf.function(input_signature=[tf.TensorSpec(shape=(1, 64), dtype=tf.float32)])\n"
                "def fixed_infer(x):\n    return served(x, training=False)"),
        },
    },
]
