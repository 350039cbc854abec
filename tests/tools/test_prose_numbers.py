"""tools.prose_numbers: numbers in the prose must be printed or written by the lesson's code."""

import nbformat
import pytest

from tools import prose_numbers


def lesson(markdown, code="", output=""):
    cell = nbformat.v4.new_code_cell(code)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), cell])


@pytest.mark.parametrize(("written", "digits"), [
    ("0.0651", 3), ("4.28", 3), ("1500", 2), ("16,897", 5), ("1.00", 3), ("2000", 1), ("0.03", 1),
])
def test_significant_digits_of_a_written_number(written, digits):
    assert prose_numbers.significant_digits(written) == digits


@pytest.mark.parametrize(("text", "value"), [
    ("a 2.85e-5 gap", 2.85e-5), ("a $2.85\\times10^{-5}$ gap", 2.85e-5),
    ("a 2.85×10⁻⁵ gap", 2.85e-5), ("16,897 weights", 16897.0),
])
def test_numbers_in_reads_plain_scientific_latex_and_unicode_forms(text, value):
    (found,) = prose_numbers.numbers_in(text, prose=True)
    assert found[1] == pytest.approx(value)


def test_words_versions_code_and_links_are_not_prose_numbers():
    text = ("float32 W2 `lr = 0.0123` [see](https://x.org/1.234) Keras 3.15 and "
            "TensorFlow 2.21 run 2.21.0")
    assert prose_numbers.numbers_in(text, prose=True) == []


def test_a_printed_number_explains_the_prose_rounded_or_as_a_percentage():
    assert prose_numbers.unexplained(lesson("the distance is 0.274", output="d = 0.27397\n")) == []
    assert prose_numbers.unexplained(lesson("98.6 % of the points", output="0.98612\n")) == []
    assert prose_numbers.unexplained(lesson("a step of 0.125", code="eta = 0.125")) == []


def test_a_stale_number_is_reported_unless_allowed():
    nb = lesson("the distance is 0.274, in 1998", output="d = 0.2812\n")
    assert prose_numbers.unexplained(nb) == ["0.274", "1998"]
    assert prose_numbers.unexplained(nb, {"1998": "a year", "0.274": "quoted"}) == []


def test_short_numbers_are_not_checked():
    assert prose_numbers.unexplained(lesson("a rate of 0.05 and 12 epochs")) == []


def test_the_allowed_list_parses_and_names_lessons_by_number():
    allowed = prose_numbers.allowed_numbers()
    assert all(len(k) == 2 and k.isdigit() for k in allowed)


def test_a_learning_rate_is_checked_however_short_it_is():
    stale = lesson("Adam with learning rate 0.05 and $\\eta = 2$", code="Adam(learning_rate=0.03)")
    assert prose_numbers.unexplained(stale) == ["0.05", "2"]
    fresh = lesson("Adam with learning rate 0.02 and η = 2", code="lr = 0.02; eta = 2.0")
    assert prose_numbers.unexplained(fresh) == []
