"""Mutants for lesson 01: its checks must fail when the lesson's own computation is wrong."""

DATA = "X, y = helpers.data.make_linear()"
MODEL = "def weights_of(model):"
FIT = "history = model.fit(X, y, epochs=50"
PREDICT = "lams, V = np.linalg.eigh(H)"
BAND = "def simulate(lr, epochs"
TABLE = "df = pd.DataFrame(history.history)"
EXCESS = "along = V.T @ e50"

MUTANTS = [
    {
        "cells": [DATA, MODEL, FIT, PREDICT, BAND],
        "mutate": ("H = A.T @ A / len(A)", "H = 2 * A.T @ A / len(A)"),
        "fails_in": BAND,
        "why": "H taken as the Hessian 2AᵀA/n (the step is then 1 − 4ηλ) predicts a distance far below "
               "what minibatch SGD reaches, and the two-sided band check rejects the prediction.",
    },
    {
        "cells": [DATA, MODEL, FIT, PREDICT, TABLE, EXCESS],
        "mutate": ("along = V.T @ e50", "along = e50"),
        "fails_in": EXCESS,
        "why": "the error not rotated into the eigenbasis: Σ λ_i (v_iᵀe)² no longer equals the measured "
               "excess loss, and the identity check fails.",
    },
]
