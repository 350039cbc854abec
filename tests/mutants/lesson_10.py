"""Mutants for lesson 10: a standard error without the square root, and a truth with the wrong
frequency, both caught by the check of the truth's MSE on fresh draws."""

CELLS = ["def make_sine", "def mse_and_se", 'assert abs(floor["fresh"][0] - 0.25)']

MUTANTS = [
    {
        "cells": CELLS,
        "mutate": ("sq.std(ddof=1) / np.sqrt(sq.size)", "sq.std(ddof=1) / sq.size"),
        "fails_in": 'assert abs(floor["fresh"][0] - 0.25)',
        "why": "the standard error divides by n instead of sqrt(n), so it is 140 times too small on "
               "20,000 fresh points; the check that the truth scores 0.25 within 3 SE there fails",
    },
    {
        "cells": CELLS,
        "mutate": ("np.sin(3 * X.astype(np.float64))", "np.sin(X.astype(np.float64))"),
        "fails_in": 'assert abs(floor["fresh"][0] - 0.25)',
        "why": "the yardstick uses sin(x) instead of the data's sin(3x); its MSE on fresh draws is far "
               "above the noise variance 0.25 and the check fails",
    },
]
