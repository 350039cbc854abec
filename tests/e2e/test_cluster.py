"""Lesson 14's cluster launcher keeps its promises on every failure path.

``notebooks/workers/cluster.py`` starts worker processes for the lesson's
``MultiWorkerMirroredStrategy`` run; the lesson itself runs only the healthy path
(nbval checks it). Here the failure paths run with stand-in workers, small
``python -c`` programs that start in milliseconds: a crash, a hang, a taken port,
and, with the real ``mwms_worker.py``, a held port and an orphaned worker. Where
the real worker would import TensorFlow, a stand-in ``tensorflow`` module on its
path makes it fail fast (or sleep), so that no test waits for TensorFlow.
"""

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tools.lessons import ROOT

pytestmark = pytest.mark.slow

WORKERS = ROOT / "notebooks" / "workers"


def load_cluster():
    spec = importlib.util.spec_from_file_location("cluster", WORKERS / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cluster = load_cluster()

# Worker 1 writes an error and exits with code 1; worker 0 waits for it (longer than any
# timeout here, so a launcher that forgot to kill it makes the test fail, not hang).
CRASH = [sys.executable, "-c", "import os, sys, time\n"
         "if os.environ['TF_CONFIG'].endswith('0}}'): time.sleep(20)\n"
         "sys.exit('worker crashed on purpose')"]
HANG = [sys.executable, "-c", "import time; time.sleep(20)"]
TAKEN = [sys.executable, "-c", f"import sys; sys.exit({cluster.PORT_IN_USE})"]


def running(pid):
    """True if process pid exists and is not a zombie (Linux: read /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def fake_tensorflow(folder, body):
    """A folder holding a module ``tensorflow`` whose import runs ``body``."""
    folder.mkdir()
    (folder / "tensorflow.py").write_text(body)
    return folder


def test_tf_config_names_every_worker_and_this_one():
    assert cluster.tf_config([40001, 40002], 1) == (
        '{"cluster": {"worker": ["127.0.0.1:40001", "127.0.0.1:40002"]}, '
        '"task": {"type": "worker", "index": 1}}')


def test_free_ports_are_distinct_and_free_once_returned():
    ports = cluster.free_ports(3)
    assert len(set(ports)) == 3
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", port))  # raises if free_ports still held it


def test_a_crashed_worker_is_named_and_its_waiting_partner_killed(tmp_path):
    procs = []
    with pytest.raises(RuntimeError) as caught:
        cluster.run_cluster(CRASH, tmp_path, timeout=60, procs=procs)
    assert not isinstance(caught.value, cluster.PortInUse)
    assert "worker 1 failed (return code 1" in str(caught.value)
    assert "worker crashed on purpose" in str(caught.value)  # the end of its stderr
    assert [p.returncode for p in procs] == [-signal.SIGKILL, 1]


def test_hung_workers_time_out_and_are_killed(tmp_path):
    procs, start = [], time.monotonic()
    timed_out = r"worker 0 timed out \(return code None, timeout 0\.3 s\)"
    with pytest.raises(RuntimeError, match=timed_out):
        cluster.run_cluster(HANG, tmp_path, timeout=0.3, procs=procs)
    assert time.monotonic() - start < 30
    assert [p.returncode for p in procs] == [-signal.SIGKILL, -signal.SIGKILL]


def test_a_crash_is_not_retried(tmp_path):
    started = []
    with pytest.raises(RuntimeError) as caught:
        cluster.run_with_retry(CRASH, tmp_path, timeout=60, started=started)
    assert len(started) == 1 and not isinstance(caught.value, cluster.PortInUse)


def test_a_taken_port_is_retried_once_with_the_first_error_as_cause(tmp_path):
    started = []
    with pytest.raises(cluster.PortInUse, match="ports taken twice") as caught:
        cluster.run_with_retry(TAKEN, tmp_path, timeout=60, started=started)
    assert len(started) == 2
    assert isinstance(caught.value.__cause__, cluster.PortInUse)
    # each attempt ended on a worker's 98 (its partner may have been killed before it exited)
    assert all(cluster.PORT_IN_USE in [p.returncode for p in group] for group in started)


def test_the_real_worker_exits_98_on_a_held_port_before_importing_tensorflow(tmp_path,
                                                                             monkeypatch):
    # A tensorflow that exits with 7 if imported: exit code 98 proves the port check came first.
    fake = fake_tensorflow(tmp_path / "fake", "raise SystemExit(7)\n")
    command = [sys.executable, str(cluster.WORKER), str(tmp_path)]
    env = {"PYTHONPATH": str(fake)}
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        held, free = holder.getsockname()[1], cluster.free_ports(1)[0]
        for index, ports, code in [(0, [held, free], 98), (1, [held, free], 7)]:
            config = cluster.tf_config(ports, index)
            done = subprocess.run(command, env={**os.environ, **env, "TF_CONFIG": config},
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == code, (index, done.returncode, done.stderr[-2000:])
    # Through the launcher: worker 1's tensorflow import now sleeps, as a worker waiting
    # for its partner would, so worker 0's exit code 98 is the failure the launcher sees.
    procs, sleepy = [], fake_tensorflow(tmp_path / "sleepy", "import time\ntime.sleep(20)\n")
    monkeypatch.setenv("PYTHONPATH", str(sleepy))  # the launcher passes its environment on
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        with pytest.raises(cluster.PortInUse, match="address already in use"):
            cluster.run_cluster(command, tmp_path, timeout=60, procs=procs,
                                ports=[holder.getsockname()[1], cluster.free_ports(1)[0]])
    assert [p.returncode for p in procs] == [cluster.PORT_IN_USE, -signal.SIGKILL]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to see the orphan (Linux)")
def test_an_orphaned_worker_exits_on_its_own(tmp_path):
    # The real worker, orphaned: a starter process launches it with MWMS_PARENT_PID set to
    # its own pid, prints the worker's pid and exits at once, as a crashed kernel would.
    # Its tensorflow import sleeps, as a worker waiting for a partner would.
    fake = fake_tensorflow(tmp_path / "fake", "import time\ntime.sleep(20)\n")
    starter = ("import os, subprocess, sys\n"
               "env = {**os.environ, 'MWMS_PARENT_PID': str(os.getpid())}\n"
               "p = subprocess.Popen(sys.argv[1:], env=env, stdout=subprocess.DEVNULL,\n"
               "                     stderr=subprocess.DEVNULL)\n"
               "print(p.pid)")
    env = {**os.environ, "PYTHONPATH": str(fake),
           "TF_CONFIG": cluster.tf_config(cluster.free_ports(2), 0)}
    done = subprocess.run([sys.executable, "-c", starter, sys.executable, str(cluster.WORKER),
                           str(tmp_path)], env=env, capture_output=True, text=True, check=True,
                          timeout=60)
    orphan = int(done.stdout)
    try:
        deadline = time.monotonic() + 10
        while running(orphan) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(orphan), "the orphaned worker must exit when its parent is gone"
    finally:  # on the failure path, do not leave it behind
        if running(orphan):
            os.kill(orphan, signal.SIGKILL)
