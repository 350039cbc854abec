"""Mutants for lesson 13: a saddle step of the wrong size, and a probe that misses the peak."""

MUTANTS = [
    {
        "cells": ["eta_saddle = 0.1"],
        "mutate": ("points.assign_sub(eta_saddle * tape.gradient",
                   "points.assign_sub(0.5 * eta_saddle * tape.gradient"),
        "fails_in": "eta_saddle = 0.1",
        "why": "gradient descent on the saddle takes half the step it claims, so the escape steps "
               "no longer match ceil(ln(1/y0) / ln(1 + 2 eta))",
    },
    {
        "cells": ["def alive_bytes():", "def memory_of_step(", "memory = []",
                  "depths = memory.index"],
        "mutate": ('return held, max(held, peak["bytes"]), forward_runs',
                   'return held, held, forward_runs'),
        "fails_in": "depths = memory.index",
        "why": "the peak is taken from the bytes held between the passes instead of the probes "
               "inside the backward pass, so recompute_grad's peak looks constant; the peak check "
               "catches it",
    },
]
