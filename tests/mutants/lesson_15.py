"""Checks of lesson 15 that must fail: mutants of its code, wrong answers to its exercises.

See tests/e2e/test_checks_can_fail.py for the format. The lesson's two setup cells always
run first; list the other cells a mutant or an exercise needs, by a substring of each.
"""

MUTANTS = [
    # One small edit that makes the lesson's code wrong, and the check cell that catches it.
    {
        "cells": ["def f(x):", "assert abs(slope - 6.0)"],
        "mutate": ("return x**2", "return x**2 + x"),
        "fails_in": "assert abs(slope - 6.0)",
        "why": "f is no longer the parabola, so its slope at 3 is 7 and the slope check fails",
    },
]

EXERCISES = [
    {
        "exercise": 1,
        "kind": "build",
        "context": [],
        "wrong": {
            "hard-coded": "return 0.9553",
            "forgot the 2": "return (g(x + eps) - g(x - eps)) / eps",
        },
    },
    {
        "exercise": 2,
        "kind": "predict",
        "context": [],
        "guess": "my_guess = 2",
        "shows": "measured",
    },
    {
        "exercise": 3,
        "kind": "fix",
        "context": ["def colleague_difference("],
        "wrong": {
            "hard-coded": "return -0.8912",
            "left as the colleague's": "return colleague_difference(g, x, eps)",
        },
    },
]
