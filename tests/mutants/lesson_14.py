"""Mutants for lesson 14 (no cluster needed): launchers that retry the wrong failures."""

LAUNCHER = ["WORKERS = pathlib.Path", "def free_ports(n):", "class PortInUse",
            "def run_cluster(", "crash = [sys.executable"]

MUTANTS = [
    {
        "cells": LAUNCHER,
        "mutate": ("except PortInUse as error:  # only a taken port",
                   "except RuntimeError as error:  # only a taken port"),
        "fails_in": "crash = [sys.executable",
        "why": "train_on_cluster retries any failure, so a crashed worker is started a second "
               "time and its error hidden behind a retry; the launcher check counts the attempts",
    },
    {
        "cells": LAUNCHER,
        "mutate": ("error = PortInUse if p.returncode == PORT_IN_USE else RuntimeError",
                   "error = RuntimeError"),
        "fails_in": "crash = [sys.executable",
        "why": "wait_for no longer tells a taken port from other failures, so a port race is "
               "never retried and the real worker's exit code 98 is not reported as PortInUse; "
               "the launcher check catches it",
    },
]
