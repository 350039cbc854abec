"""Small utilities shared by the backprop-notebooks lessons.

Modules
-------
data      synthetic data sets, the shipped digits data, and a train/val/test split
checks    gradient checks and side-by-side comparisons of arrays
plots     composable matplotlib figures (each takes ``ax=None`` and returns the axes)
diagrams  a network with its shapes, a computational graph, a flow chart (the same ``ax=None``)
setup     seeding, determinism and the environment the notebooks are tested in

Importing this package never imports TensorFlow: the lessons decide when that
happens, after they have set the environment variables TensorFlow reads.
"""

from . import checks, data, diagrams, plots, setup
from .setup import set_seed

__all__ = ["checks", "data", "diagrams", "plots", "setup", "set_seed"]
