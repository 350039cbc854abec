"""Mutants for lesson 07: a hidden-layer derivative taken at the pre-activation, in the lesson and in
the exercise solution."""

MUTANTS = [
    {
        "cells": ["def train_single_neuron", "def init_params", "def grad_check_table"],
        "mutate": ("* sigmoid_derivative(H)    # delta_1", '* sigmoid_derivative(X @ p["W1"] + p["b1"])    # delta_1'),
        "fails_in": "def grad_check_table",
        "why": "backward computes the hidden sigma' from the pre-activation Z1 instead of the output H; "
               "the gradient check against central differences fails on W1 and b1",
    },
    {
        "cells": ["def train_single_neuron", "def init_params", "def grad_check_table",
                  "def backward_buggy", "for n_hidden, seed in ((2, 7)"],
        "mutate": ("sigmoid_derivative(H)   # H = sigma(Z1): the output",
                   "sigmoid_derivative(out)   # H = sigma(Z1): the output"),
        "fails_in": "for n_hidden, seed in ((2, 7)",
        "why": "the exercise's backward_fixed uses the output unit's sigma' for the hidden layer; "
               "the exercise check's gradient check rejects it",
    },
]
