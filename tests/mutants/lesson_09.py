"""Checks of lesson 09 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; the other cells a mutant or an exercise needs are listed by a substring of each.
"""

# main path
SLOPES = "z = tf.constant(np.arange(-600, 601) / 100"
SLOPE_CHECK = "gap = np.abs(slopes[\"sigmoid\"] - sig * (1 - sig)).max()"
NET = "def deep_mlp("
GRADIENTS = "def layer_gradients("
MEASURE = "nets = {\"sigmoid\": deep_mlp(\"sigmoid\")"
MEAN_FIELD = "def estimated_factors("
INIT = "def small_random("
CHAIN = "chain = deep_mlp(\"linear\""
# going deeper
MORE = "for name, f in {\"leaky_relu\""

BASE = [NET, GRADIENTS]  # the data, the mse, deep_mlp, layer_gradients, gradient_norms

MUTANTS = [
    {
        "cells": [SLOPES, SLOPE_CHECK],
        "mutate": ('"sigmoid": keras.activations.sigmoid', '"sigmoid": keras.activations.hard_sigmoid'),
        "fails_in": SLOPE_CHECK,
        "why": "the hard sigmoid's slope is 1/6 on its ramp, not σ(1 − σ): the tape no longer "
               "matches the formula, and its largest slope is not 1/4",
    },
    {
        "cells": [*BASE, MEASURE],
        "mutate": ("keras.layers.Dense(32, activation, kernel_initializer=init)",
                   "keras.layers.Dense(32, \"relu\", kernel_initializer=init)"),
        "fails_in": MEASURE,
        "why": "a deep_mlp that ignores its activation makes every net a ReLU net: the sigmoid's "
               "ratio is about 120, not above 1e8",
    },
    {
        "cells": [*BASE, MEASURE, MEAN_FIELD],
        "mutate": ("np.mean(slope(A_net[l].numpy()) ** 2)", "np.mean(slope(A_net[l].numpy()))"),
        "fails_in": MEAN_FIELD,
        "why": "r from the mean of f' instead of the mean of f'² predicts about 2 per layer for the "
               "sigmoid, not 4.3: the prediction is not within 2× of the measurement",
    },
    {
        "cells": [*BASE, INIT],
        "mutate": ("expected = (32 * variance / 2) ** (14 / 2)", "expected = (32 * variance) ** (14 / 2)"),
        "fails_in": INIT,
        "why": "forgetting ReLU's mean(f'²) = 1/2 predicts a ratio of 1 for Glorot, where 122 is "
               "measured",
    },
    {
        "cells": [*BASE, CHAIN],
        "mutate": ('deep_mlp("linear", init="orthogonal")', 'deep_mlp("linear")'),
        "fails_in": CHAIN,
        "why": "Glorot kernels are not rotations: each layer no longer multiplies the gradient's "
               "length by exactly the gain",
    },
    {
        "cells": [SLOPES, MORE],
        "mutate": ('"gelu": keras.activations.gelu}', '"gelu": keras.ops.gelu}'),
        "fails_in": MORE,
        "why": "keras.ops.gelu is the tanh approximation, whose slope differs from Φ + z·φ by "
               "more than 1e-6",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": BASE,
        "wrong": {
            "hard-coded": "return np.array([2e-9, 9e-9, 4e-8, 2e-7, 8e-7])",
            "no σ'": """
                A = [X.astype(np.float64)]
                for W, b in zip(kernels[:-1], biases[:-1]):
                    A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
                dA = 2 / len(X) * (A[-1] @ kernels[-1] + biases[-1] - y) @ kernels[-1].T
                lengths = [np.linalg.norm(dA)]
                for l in range(len(kernels) - 1, 1, -1):
                    dA = dA @ kernels[l - 1].T
                    lengths.append(np.linalg.norm(dA))
                return np.array(lengths[::-1])
            """,
            "σ instead of σ'": """
                A = [X.astype(np.float64)]
                for W, b in zip(kernels[:-1], biases[:-1]):
                    A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
                dA = 2 / len(X) * (A[-1] @ kernels[-1] + biases[-1] - y) @ kernels[-1].T
                lengths = [np.linalg.norm(dA)]
                for l in range(len(kernels) - 1, 1, -1):
                    dA = (dA * A[l]) @ kernels[l - 1].T
                    lengths.append(np.linalg.norm(dA))
                return np.array(lengths[::-1])
            """,
            "no 2/n": """
                A = [X.astype(np.float64)]
                for W, b in zip(kernels[:-1], biases[:-1]):
                    A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
                dA = (A[-1] @ kernels[-1] + biases[-1] - y) @ kernels[-1].T
                lengths = [np.linalg.norm(dA)]
                for l in range(len(kernels) - 1, 1, -1):
                    dA = (dA * A[l] * (1 - A[l])) @ kernels[l - 1].T
                    lengths.append(np.linalg.norm(dA))
                return np.array(lengths[::-1])
            """,
            "off by one in the kernels": """
                A = [X.astype(np.float64)]
                for W, b in zip(kernels[:-1], biases[:-1]):
                    A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
                dA = 2 / len(X) * (A[-1] @ kernels[-1] + biases[-1] - y) @ kernels[-1].T
                lengths = [np.linalg.norm(dA)]
                for l in range(len(kernels) - 1, 1, -1):
                    dA = (dA * A[l] * (1 - A[l])) @ kernels[l].T
                    lengths.append(np.linalg.norm(dA))
                return np.array(lengths[::-1])
            """,
            "shortcut through the tape": """
                model = deep_mlp("sigmoid", depth=len(kernels) - 1)
                for layer, W, b in zip(model.layers, kernels, biases):
                    layer.kernel.assign(W)
                    layer.bias.assign(b)
                return gradient_norms(model, X, y)
            """,
            "the check's own network": "return gradient_norms(net, X, y)",
            "biases left out": """
                A = [X.astype(np.float64)]
                for W in kernels[:-1]:
                    A.append(1 / (1 + np.exp(-(A[-1] @ W))))
                dA = 2 / len(X) * (A[-1] @ kernels[-1] + biases[-1] - y) @ kernels[-1].T
                lengths = [np.linalg.norm(dA)]
                for l in range(len(kernels) - 1, 1, -1):
                    dA = (dA * A[l] * (1 - A[l])) @ kernels[l - 1].T
                    lengths.append(np.linalg.norm(dA))
                return np.array(lengths[::-1])
            """,
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": BASE,
        "guess": "my_guess = 4 * 7",
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": [*BASE, "def colleague_mlp("],
        "wrong": {
            "hard-coded": 'return deep_mlp("relu", init="he_normal")',
            "left as the colleague's": "return colleague_mlp(seed, depth, width)",
            "one seeded initializer per layer": """
                keras.utils.set_random_seed(seed)
                hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer=keras.
                          initializers.RandomNormal(stddev=math.sqrt(2 / width), seed=seed))
                          for _ in range(depth)]
                return keras.Sequential([keras.Input((width,)), *hidden, keras.layers.Dense(1)])
            """,
            "no activation": """
                keras.utils.set_random_seed(seed)
                hidden = [keras.layers.Dense(width, kernel_initializer=keras.initializers.
                          RandomNormal(stddev=math.sqrt(2 / width))) for _ in range(depth)]
                return keras.Sequential([keras.Input((width,)), *hidden, keras.layers.Dense(1)])
            """,
            "variance as the standard deviation": """
                keras.utils.set_random_seed(seed)
                hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer=keras.
                          initializers.RandomNormal(stddev=2 / width))
                          for _ in range(depth)]
                return keras.Sequential([keras.Input((width,)), *hidden, keras.layers.Dense(1)])
            """,
            "not reproducible": """
                hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer=keras.
                          initializers.RandomNormal(stddev=math.sqrt(2 / width)))
                          for _ in range(depth)]
                return keras.Sequential([keras.Input((width,)), *hidden, keras.layers.Dense(1)])
            """,
        },
    },
    {
        "exercise": 4,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return [np.asarray(g) for g in grads]",
            "each tensor on its own": """
                out = []
                for g in grads:
                    g = np.asarray(g, dtype=np.float64)
                    out.append(g * c / max(np.linalg.norm(g), c))
                return out
            """,
            "always scaled to length c": """
                global_norm = math.sqrt(sum(np.sum(np.square(np.asarray(g, float))) for g in grads))
                return [np.asarray(g, float) * c / global_norm for g in grads]
            """,
            "shortcut: tf.clip_by_global_norm": """
                clipped, _ = tf.clip_by_global_norm([tf.constant(g) for g in grads], c)
                return [t.numpy() for t in clipped]
            """,
            "a generator, not a list": """
                norm = math.sqrt(sum(np.sum(np.square(np.asarray(g, float))) for g in grads))
                return (np.asarray(g, float) * c / max(norm, c) for g in grads)
            """,
            "no square root": """
                total = sum(np.sum(np.square(np.asarray(g, float))) for g in grads)
                return [np.asarray(g, float) * c / max(total, c) for g in grads]
            """,
        },
    },
]
