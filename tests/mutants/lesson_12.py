"""Checks of lesson 12 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are listed by a substring of each.
"""

DATA = "def build_mlp():"
TRAIN = "model = build_mlp()"
KERAS_FILE = "folder_before = sorted("
RELOAD = "reloaded = keras.saving.load_model"
LAYER = "class Standardize("
SERVED = "pixel_mean = X_train.mean"
HELPERS = "def attempt(what, action, hint):"

MUTANTS = [
    {
        "cells": [DATA, TRAIN, KERAS_FILE, RELOAD],
        "mutate": ("model.save(keras_path)", "build_mlp().save(keras_path)"),
        "fails_in": RELOAD,
        "why": "an untrained model is saved instead of the trained one, and the reloaded logits are "
               "no longer exactly the original's",
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
