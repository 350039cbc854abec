"""tools.budgets: each lesson measured against the house budgets."""

import nbformat

from tools import budgets


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text, images=0):
    cell = nbformat.v4.new_code_cell(text)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})
                    for _ in range(images)]
    return cell


def test_prose_words_skip_math_code_urls_tags_and_link_targets():
    text = ("Two words $x^2 + y$ `code here` https://example.org "
            "<b>bold</b> [link text](https://x.org/a) $$\\int f$$ 3.5")
    assert budgets.prose_words(text) == 6  # Two, words, bold, link, text, 3.5


def test_measure_counts_only_the_main_path_and_splits_cells_at_headings():
    nb = nbformat.v4.new_notebook(cells=[
        md("# 99 · Demo\n\nOne two three."),
        code("import os\nif 'google.colab' in os.environ:\n    pass"),
        code("import helpers\nhelpers.set_seed(0)"),
        md("## 1. First\n\nfour five"),
        code("a = 1\n\nb = 2", images=2),
        md("## Summary\n\n- six seven eight\n\n## Going deeper: more\n\nnot counted here"),
        code("\n".join(["x = 1"] * 30)),
        md("## Exercises\n\n### Exercise 1 · Build: a\n\n### Exercise 2 · Fix: b"),
    ])
    m = budgets.measure(nb)
    assert (m.main_code_lines, m.main_figures, m.deeper_sections, m.exercises) == (2, 2, 1, 2)
    assert m.summary_words == 4  # "Summary six seven eight"
    assert m.main_words == 5 + 4 + 4  # title cell, section 1, summary
    assert m.long_deeper_cells == [(6, 30)]
    over = m.over()
    assert any("Going-deeper code cells over 24 lines: cell 6 (30)" in o for o in over)
    assert any("2 exercises < 3" in o for o in over)


def test_a_long_main_path_cell_is_reported_with_its_index():
    nb = nbformat.v4.new_notebook(cells=[md("## 1. A"), code("\n".join(["y = 2"] * 16))])
    assert budgets.measure(nb).long_main_cells == [(1, 16)]
