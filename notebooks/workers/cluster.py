"""Run lesson 14's workers as a small MultiWorkerMirroredStrategy cluster on this machine.

Lesson 14 makes one call::

    results = cluster.train_on_cluster(setup, n_workers=2)

which writes ``setup`` (the data, the initial weights and the settings that
``mwms_worker.py`` reads) into a temporary folder, starts one worker process per
free port on 127.0.0.1, waits, and returns what each worker saved. Starting
processes is easy; making sure none of them outlives a failure is the work done
here. The launcher and the worker promise five things (``tests/e2e/test_cluster.py``
checks each failure path):

1. **A timeout.** If a worker hangs, the wait ends after ``timeout`` seconds with a
   ``RuntimeError`` that names the worker, its return code and the end of its
   stderr. A worker that *fails* ends the wait at once, since its partner would
   wait for it forever.
2. **Cleanup, always.** A ``try``/``finally`` kills every worker still running and
   waits for it, whatever happened. If the notebook's kernel itself dies, each
   worker notices within half a second that its parent (``MWMS_PARENT_PID``) is
   gone and exits (code 3).
3. **A retry only where it helps.** A taken port (exit code 98) is a race we can
   lose by bad luck (another program may bind a port between our check and the
   worker's), so ``run_with_retry`` tries once more with new ports; if that fails
   too, the error carries the first one as its cause. Any other failure is
   raised at once: retrying a crash only hides it.
4. **No fight over a GPU.** Each worker gets ``CUDA_VISIBLE_DEVICES=""``, so on a
   GPU runtime (Colab) the workers do not all try to claim the one GPU.
5. **Quiet.** The workers' stdout and stderr go to files in the temporary
   folder, never to the notebook.

This module needs only the standard library and NumPy: it never imports TensorFlow.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WORKER = Path(__file__).resolve().with_name("mwms_worker.py")
PORT_IN_USE = 98  # the worker's exit code when its port is taken (errno EADDRINUSE)
TIMEOUT = 90      # seconds for the whole cluster; a healthy run takes a few seconds


class PortInUse(RuntimeError):
    """A worker could not bind its port: the one failure worth a retry with new ports."""


def free_ports(n):
    """n distinct free TCP ports on 127.0.0.1 (all bound at once, so they cannot repeat)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))  # port 0: the operating system chooses a free port
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def tf_config(ports, index):
    """The TF_CONFIG of worker ``index`` in a cluster of workers on 127.0.0.1 at ``ports``."""
    cluster = {"worker": [f"127.0.0.1:{port}" for port in ports]}
    return json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})


def start_workers(command, workdir, ports, procs):
    """Start ``command`` once per port, appending each process to ``procs`` at once."""
    for index in range(len(ports)):
        env = {**os.environ, "TF_CONFIG": tf_config(ports, index), "CUDA_VISIBLE_DEVICES": "",
               "MWMS_PARENT_PID": str(os.getpid())}
        with (open(workdir / f"worker_{index}.out", "w") as out,
              open(workdir / f"worker_{index}.err", "w") as err):
            procs.append(subprocess.Popen(command, env=env, stdout=out, stderr=err,
                                          stdin=subprocess.DEVNULL))


def stderr_tail(workdir, index, lines=4):
    """The last lines worker ``index`` wrote to stderr."""
    text = (workdir / f"worker_{index}.err").read_text(errors="replace").strip().splitlines()
    return "\n".join(text[-lines:]) or "(nothing)"


def wait_for(procs, workdir, timeout):
    """Wait until every process exited; raise if one failed or the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        codes = [p.poll() for p in procs]  # poll() every process: it sets p.returncode on exit
        if None not in codes or any(code not in (None, 0) for code in codes):
            break  # all exited, or one failed (the others would wait for it forever)
        time.sleep(0.05)
    for index, p in sorted(enumerate(procs), key=lambda ip: ip[1].returncode is None):
        if p.returncode != 0:  # failed workers first, then hung ones
            what = "timed out" if p.returncode is None else "failed"
            error = PortInUse if p.returncode == PORT_IN_USE else RuntimeError
            raise error(f"worker {index} {what} (return code {p.returncode}, timeout {timeout} s); "
                        f"end of its stderr:\n{stderr_tail(workdir, index)}")


def run_cluster(command, workdir, *, n_workers=2, timeout=TIMEOUT, procs=None, ports=None):
    """Start n_workers copies of ``command``, wait for them; no process outlives this call.

    ``procs`` (a list) receives every process started, even if a later start
    fails; ``ports`` fixes the ports (default: free ones).
    """
    procs = [] if procs is None else procs
    try:
        start_workers(command, Path(workdir), ports or free_ports(n_workers), procs)
        wait_for(procs, Path(workdir), timeout)
    finally:  # whatever happened: kill what still runs, and reap every process
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait()
    return procs


def run_with_retry(command, workdir, *, n_workers=2, timeout=TIMEOUT, started=None):
    """``run_cluster``, tried a second time with new ports if (and only if) a port was taken.

    ``started`` (a list) receives one list of processes per attempt.
    """
    started = [] if started is None else started
    first = None
    for _attempt in (1, 2):
        procs = []
        started.append(procs)
        try:
            return run_cluster(command, workdir, n_workers=n_workers, timeout=timeout,
                               procs=procs)
        except PortInUse as error:  # only a taken port is worth a second try
            if first is not None:
                raise PortInUse(f"ports taken twice; last attempt: {error}") from first
            first = error


def train_on_cluster(setup, *, n_workers=2, timeout=TIMEOUT):
    """Train with ``mwms_worker.py`` on n_workers processes; return what each worker saved.

    ``setup`` holds ``x``, ``y``, ``weights`` (the list of initial weights),
    ``learning_rate``, ``global_batch_size`` and ``steps``. Returns one dict per
    worker, in index order: ``weights`` (list of arrays), ``losses`` (one per
    step) and ``rows`` (the row numbers it trained on, one row per step).
    """
    with tempfile.TemporaryDirectory(prefix="mwms-") as tmp:
        workdir = Path(tmp)
        settings = {key: value for key, value in setup.items() if key != "weights"}
        np.savez(workdir / "setup.npz", **settings,
                 **{f"w_{k}": w for k, w in enumerate(setup["weights"])})
        run_with_retry([sys.executable, str(WORKER), str(workdir)], workdir,
                       n_workers=n_workers, timeout=timeout)
        results = []
        for index in range(n_workers):
            with np.load(workdir / f"worker_{index}.npz") as saved:
                n_weights = len([key for key in saved.files if key.startswith("w_")])
                results.append({"weights": [saved[f"w_{k}"] for k in range(n_weights)],
                                "losses": saved["losses"], "rows": saved["rows"]})
    return results
