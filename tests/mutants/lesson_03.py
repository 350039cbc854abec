"""Mutants for lesson 03: its checks must fail when the custom train_step is wrong."""

DATA = "train_batches = tf.data.Dataset.from_tensor_slices((X, y)).batch(32)"
PLAIN = "plain = keras.Sequential("
MODEL = "class TapeRegressor(keras.Model):"
WEIGHTED = "weighted_batches = tf.data.Dataset"

MUTANTS = [
    {
        "cells": [DATA, PLAIN, MODEL, WEIGHTED],
        "mutate": ("y_pred=y_pred, sample_weight=sample_weight)   # 2 loss",
                   "y_pred=y_pred)   # 2 loss"),
        "fails_in": WEIGHTED,
        "why": "a train_step that drops the sample weights from the loss still trains, but not like plain "
               "fit on weighted data: the bit-for-bit parity check with sample weights fails.",
    },
]
