"""tools.student_copies: a lesson's student copy, made with nbgrader's preprocessors."""

import nbformat

from tools import lessons, student_copies


def lesson_file(tmp_path):
    path = tmp_path / "notebooks" / "99_demo.ipynb"
    path.parent.mkdir()
    badge = lessons.colab_badge(lessons.NOTEBOOKS / path.name)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# 99 · Demo\n\nOne line.\n\n{badge}"),
        nbformat.v4.new_markdown_cell("See [the data](../data/README.md) and [00](00_x.ipynb)."),
        nbformat.v4.new_markdown_cell("### Exercise 1 · Build: double"),
        nbformat.v4.new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n"
                                  "    ### END SOLUTION"),
        nbformat.v4.new_code_cell("assert double(3) == 6"),
        nbformat.v4.new_markdown_cell("<details><summary>Why</summary>Twice.</details>"),
    ])
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok\n")]
    nbformat.write(nb, path)
    return path


def test_copy_stubs_the_solution_keeps_the_explanation_and_clears_outputs(tmp_path):
    copy = student_copies.student_copy(lesson_file(tmp_path))
    sources = [c.source for c in copy.cells]
    assert sources[3] == "def double(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert "<details>" in sources[5]
    assert all(c.outputs == [] for c in copy.cells if c.cell_type == "code")
    assert copy.cells[4].metadata["nbgrader"]["locked"] is True


def test_copy_points_its_badge_at_itself_and_rebases_links_to_other_files(tmp_path):
    copy = student_copies.student_copy(lesson_file(tmp_path))
    assert "/notebooks/exercises/99_demo.ipynb" in copy.cells[0].source
    assert "Student copy" in copy.cells[0].source
    assert "(../../data/README.md)" in copy.cells[1].source  # from notebooks/exercises/
    assert "(00_x.ipynb)" in copy.cells[1].source  # lessons lead to their student copies


def test_stub_out_matches_what_nbgrader_writes():
    source = "x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\nz = 3"
    assert student_copies.stub_out(source) == (
        "x = 1\n# YOUR CODE HERE\nraise NotImplementedError()\nz = 3")


def test_solution_lines_are_those_only_inside_solution_regions(tmp_path):
    nb = lessons.read(lesson_file(tmp_path))
    assert student_copies.solution_lines(nb) == {"return 2 * x"}
