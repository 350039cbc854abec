"""Mutants for lesson 09: a wrong sigmoid derivative in the hand-built backward recursion, and the
mean-field factor computed from the mean of sigma' instead of the mean of sigma'^2."""

SETUP = ["rng = np.random.default_rng(0)", "def deep_mlp", "def layer_grads"]

MUTANTS = [
    {
        "cells": SETUP + ["rebuilt = (g[l]"],
        "mutate": ("(g[l] * h[l] * (1 - h[l]))", "(g[l] * h[l])"),
        "fails_in": "rebuilt = (g[l]",
        "why": "the rebuilt g_(l-1) uses sigma(z) where sigma'(z) = h(1 - h) belongs; the check that "
               "the recursion reproduces the tape's g_(l-1) (relative error <= 1e-6) fails",
    },
    {
        "cells": SETUP + ["rebuilt = (g[l]", "nets = {", "mean_field = np.prod"],
        "mutate": ("tf.reduce_mean((h[l] * (1 - h[l])) ** 2)", "tf.reduce_mean(h[l] * (1 - h[l]))"),
        "fails_in": "mean_field = np.prod",
        "why": "rho is computed from the mean of sigma' instead of the mean of sigma'^2, which predicts "
               "about 2 per layer instead of 4.3; the check that the measured ratio is within 2x of "
               "the mean-field prediction fails",
    },
]
