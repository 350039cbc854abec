"""The maintainers' tools, one module per job; run each as ``python -m tools.<name>``.

``python -m tools`` lists them; ``python -m tools <command> ...`` runs one:

==================  =================================================================
``start``           copy the lessons into work/ and open JupyterLab there (``tools.start``)
``new-lesson``      write a new lesson in the house anatomy (``tools.new_lesson``)
``refresh``         stamp, execute, make student copies, print run times (``tools.refresh``)
``execute``         re-execute lessons in the tested environment (``tools.execute``)
``setup-cell``      stamp the Colab set-up cell into every lesson (``tools.setup_cell``)
``nbgrader``        stamp nbgrader metadata, or write a course folder (``tools.nbgrader_metadata``)
``student-copies``  write the student copies in notebooks/exercises/ (``tools.student_copies``)
``budgets``         measure each lesson against the house budgets (``tools.budgets``)
``prose-numbers``   find numbers in the prose that no code prints (``tools.prose_numbers``)
==================  =================================================================

The facts they share (the repository root, the lesson list, the solution
markers, the repository URL) live in :mod:`tools.lessons`; the environment of
the kernels they start lives in :mod:`tools.kernels`.
"""
