"""Re-execute lessons in place, in the environment the tests use.

    python -m tools.execute 04 06      # lessons by number (or paths to notebooks)
    python -m tools.execute            # every lesson

Each notebook runs in a fresh kernel of this Python environment, with its own
folder as working directory and the kernel environment of ``tools.kernels``,
exactly as ``pytest`` later runs it. The stored outputs are replaced, execution
counts start at 1, and the time spent running the cells (kernel start excluded)
is printed: that is the number in the README catalogue. A notebook that raises
is not written back. ``python -m tools refresh`` runs this as one of its steps.
"""

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

from tools import lessons
from tools.kernels import kernel_environment


def resolve(items):
    """Lesson numbers (``"04"``, ``"4"``) and notebook paths, as resolved paths."""
    paths = []
    for item in items:
        if str(item).isdigit():
            paths.append(lessons.lesson(item))
        else:
            path = Path(item).resolve()
            if not path.is_file():
                raise FileNotFoundError(f"no such notebook: {item}")
            paths.append(path)
    return paths


@dataclasses.dataclass(frozen=True)
class Timing:
    """How long a notebook's cells took: wall-clock seconds, and the kernel's CPU seconds.

    On a busy machine the wall-clock time grows with the load while the CPU time
    barely moves, so the two together say whether a slow run was the machine's fault.
    """

    seconds: float
    cpu_seconds: float

    def __str__(self):
        return f"{self.seconds:.1f} s ({self.cpu_seconds:.1f} s CPU)"


def _cpu_seconds(pid):
    """User + system CPU seconds of a process and its threads so far (NaN if unknown)."""
    try:
        times = psutil.Process(pid).cpu_times()
    except (psutil.Error, TypeError, ValueError):
        return float("nan")
    return times.user + times.system + times.children_user + times.children_system


def execute(path, timeout=600):
    """Run one notebook (in a kernel environment already set up); write it back.

    Returns the ``Timing`` of its cells (kernel start excluded). Raises the cell's
    error, without writing, if a cell fails.
    """
    path = Path(path)
    nb = lessons.read(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.reset_execution_trackers()
    # The kernel process's own stderr (ipykernel's start-up warnings) goes to a log that is
    # shown only if the notebook fails; what a cell writes to stderr is in its outputs.
    with tempfile.TemporaryFile("w+") as log:
        try:
            with client.setup_kernel(cwd=str(path.parent), stderr=log):
                info = client.wait_for_reply(client.kc.kernel_info())
                nb.metadata["language_info"] = info["content"]["language_info"]
                pid = getattr(client.km.provisioner, "pid", None)
                start, cpu_start = time.perf_counter(), _cpu_seconds(pid)
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index,
                                        execution_count=client.code_cells_executed + 1)
                elapsed = Timing(time.perf_counter() - start, _cpu_seconds(pid) - cpu_start)
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read()[-3000:])
            raise
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.validate(nb)
    lessons.write_or_check(path, lessons.notebook_text(nb), check=False)
    return elapsed


def coalesce_streams(outputs):
    """Merge consecutive stream outputs of the same stream into one.

    A busy machine may deliver one ``print`` as two messages; merged, the stored
    outputs are the same however the kernel's text was chunked.
    """
    merged = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (out.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == out.name):
            previous.text += out.text
        else:
            merged.append(out)
    return merged


def execute_all(paths, report=print):
    """Execute each notebook in turn; return ``{path: Timing}`` and the list of failures."""
    times, failed = {}, []
    with kernel_environment():
        for path in paths:
            try:
                times[path] = execute(path)
            except Exception as exc:  # report every failing notebook, then exit non-zero
                print(f"{lessons.shown(path)} FAILED\n{exc}", file=sys.stderr)
                failed.append(path)
                continue
            report(f"{lessons.shown(path)} {times[path]}")
    return times, failed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.execute",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson numbers or notebook paths "
                        "(default: every lesson)")
    args = parser.parse_args(argv)
    try:
        paths = resolve(args.notebooks) or lessons.lessons()
    except (FileNotFoundError, LookupError) as error:
        parser.error(str(error))
    _, failed = execute_all(paths)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
