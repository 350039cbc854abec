"""The environment every tested notebook kernel runs in, set up and torn down in one place.

``tools.execute`` (which stores the outputs), ``conftest.py`` (nbval, which
compares them) and every test that starts a kernel or an IPython shell use
:func:`kernel_environment`, so that the outputs stored in a lesson are exactly
the outputs the tests reproduce.
"""

import contextlib
import os
import shutil
import tempfile

#: Fixed for every tested kernel. TensorFlow reads most of these once, when it is
#: imported, so they must be in the environment before the kernel starts.
NOTEBOOK_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",        # no C++ log lines on stderr
    "TF_ENABLE_ONEDNN_OPTS": "0",       # oneDNN reorders float sums; off = same digits
    "TF_NUM_INTRAOP_THREADS": "1",      # one thread per op: sums in one fixed order
    "TF_NUM_INTEROP_THREADS": "2",      # ops may still overlap (tf.data, collectives)
    "OMP_NUM_THREADS": "1",             # NumPy's BLAS, single-threaded for the same reason
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",              # set iteration order of str keys is repeatable
    "PYTHONDONTWRITEBYTECODE": "1",     # running the notebooks writes nothing to the repo
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silence the debugger's frozen-modules warning
    "COLUMNS": "100",                   # fixed terminal width for anything that asks
    "LINES": "40",
}


@contextlib.contextmanager
def kernel_environment(*, apply=True):
    """Give kernels started inside the block the tested environment; clean up after it.

    Makes two private temporary folders: an IPython folder holding an empty
    default profile (so that the user's own IPython configuration and start-up
    scripts cannot change a notebook's outputs; a kernel's configuration is
    otherwise IPython's default, exactly what a student's kernel gets) and a
    ``TMPDIR`` for the kernels' temporary files. Kernels are stopped without
    running their exit handlers, so what TensorFlow would delete at exit
    (``__autograph_generated_file*.py``) stays there until this block ends and
    removes both folders.

    Parameters
    ----------
    apply : bool, keyword-only
        True: set the variables in ``os.environ`` for the block (restored after it),
        for kernels started by this process. False: only yield them, for a child
        process started with ``env={**os.environ, **env}``.

    Yields
    ------
    dict[str, str]
        ``NOTEBOOK_ENV`` plus ``IPYTHONDIR`` and ``TMPDIR``.
    """
    if not isinstance(apply, bool):
        raise TypeError(f"apply must be a bool, got {apply!r} ({type(apply).__name__})")
    with contextlib.ExitStack() as stack:
        ipython_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="backprop-ipython-"))
        tmp_dir = tempfile.mkdtemp(prefix="backprop-tmp-")
        stack.callback(shutil.rmtree, tmp_dir, ignore_errors=True)
        os.makedirs(os.path.join(ipython_dir, "profile_default"))
        env = {**NOTEBOOK_ENV, "IPYTHONDIR": ipython_dir, "TMPDIR": tmp_dir}
        if apply:
            saved = {name: os.environ.get(name) for name in env}
            stack.callback(_restore, saved)
            os.environ.update(env)
        yield env


def _restore(saved):
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
