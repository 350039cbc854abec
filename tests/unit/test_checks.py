"""Tests for helpers.checks: numerical gradients, relative errors and printed comparisons."""

import warnings

import numpy as np
import pandas as pd
import pytest

from helpers import checks


class FakeTensor:
    """Stands in for a TensorFlow tensor: holds a value and hands it over via .numpy()."""

    def __init__(self, value):
        self._value = np.asarray(value)

    def numpy(self):
        return self._value


# --- numerical_gradient --------------------------------------------------------------------


def test_numerical_gradient_matches_analytic_gradient_of_sum_of_cubes():
    x = np.random.default_rng(0).normal(size=(3, 4))
    grad = checks.numerical_gradient(lambda v: np.sum(v**3), x)
    assert grad.shape == (3, 4) and grad.dtype == np.float64
    assert checks.relative_error(grad, 3 * x**2) < 1e-7


def test_numerical_gradient_matches_analytic_gradient_of_quadratic_form():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 5))
    x = rng.normal(size=5)
    grad = checks.numerical_gradient(lambda v: v @ A @ v, x)
    assert checks.relative_error(grad, (A + A.T) @ x) < 1e-7


def test_numerical_gradient_matches_analytic_gradient_of_sigmoid_cross_entropy():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(4, 1))
    t = np.array([[0.0], [1.0], [1.0], [0.0]])

    def loss(v):
        p = 1 / (1 + np.exp(-v))
        return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))

    expected = (1 / (1 + np.exp(-z)) - t) / len(z)
    assert checks.relative_error(checks.numerical_gradient(loss, z), expected) < 1e-7


def test_numerical_gradient_of_zero_dimensional_input():
    grad = checks.numerical_gradient(lambda v: v**2, np.array(3.0))
    assert grad.shape == () and grad.dtype == np.float64
    assert abs(float(grad) - 6.0) < 1e-6


def test_numerical_gradient_of_python_float_and_int_array():
    assert abs(float(checks.numerical_gradient(lambda v: np.sin(v), 0.0)) - 1.0) < 1e-9
    grad = checks.numerical_gradient(lambda v: np.sum(v**2), np.array([1, 2, 3], dtype=np.int32))
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [2.0, 4.0, 6.0], rtol=1e-7)


def test_numerical_gradient_leaves_input_unchanged():
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    before = x.copy()
    checks.numerical_gradient(lambda v: np.sum(np.tanh(v)), x)
    np.testing.assert_array_equal(x, before)
    assert x.dtype == np.float32


def test_numerical_gradient_leaves_input_unchanged_even_if_f_mutates_its_argument():
    x = np.arange(6, dtype=np.float64).reshape(2, 3)
    before = x.copy()

    def vandal(v):
        total = np.sum(v**2)
        v[...] = 99.0
        return total

    grad = checks.numerical_gradient(vandal, x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, 2 * before, rtol=1e-6)


def test_numerical_gradient_calls_f_with_float64_arrays_of_x_shape():
    seen = []

    def record(v):
        seen.append((type(v), v.dtype, v.shape))
        return float(np.sum(v))

    checks.numerical_gradient(record, np.zeros((2, 3), dtype=np.float32))
    assert len(seen) == 12
    assert set(seen) == {(np.ndarray, np.dtype(np.float64), (2, 3))}


@pytest.mark.parametrize(
    "wrap",
    [float, np.float32, lambda s: np.array(s), lambda s: np.array([[s]]), FakeTensor],
    ids=["python float", "numpy scalar", "0-d array", "size-1 array", "object with .numpy()"],
)
def test_numerical_gradient_accepts_every_kind_of_scalar_result(wrap):
    grad = checks.numerical_gradient(lambda v: wrap(np.sum(2.0 * v)), np.zeros(3))
    np.testing.assert_allclose(grad, [2.0, 2.0, 2.0], rtol=1e-5)


@pytest.mark.parametrize(
    "f, x, kwargs, error, match",
    [
        (lambda v: v, np.zeros(3), {}, ValueError, r"f must return a scalar.*\(3,\)"),
        (lambda v: FakeTensor(np.ones(2)), np.zeros(3), {}, ValueError, "f must return a scalar"),
        (lambda v: "loss", np.zeros(3), {}, TypeError, "f must return a real scalar"),
        (lambda v: None, np.zeros(3), {}, TypeError, "f"),
        (lambda v: 1j * np.sum(v), np.zeros(3), {}, TypeError, "f"),
        (lambda v: np.nan, np.zeros(3), {}, ValueError, "f must return a finite"),
        ("not callable", np.zeros(3), {}, TypeError, "f must be callable"),
        (None, np.zeros(3), {}, TypeError, "f must be callable"),
        (np.sum, "abc", {}, TypeError, "x"),
        (np.sum, None, {}, TypeError, "x"),
        (np.sum, [[1.0, 2.0], [3.0]], {}, ValueError, "x"),
        (np.sum, np.array([1.0, np.nan]), {}, ValueError, "x must contain only finite"),
        (np.sum, np.zeros(3), {"eps": 0}, ValueError, "eps"),
        (np.sum, np.zeros(3), {"eps": -1e-6}, ValueError, "eps"),
        (np.sum, np.zeros(3), {"eps": float("inf")}, ValueError, "eps"),
        (np.sum, np.zeros(3), {"eps": float("nan")}, ValueError, "eps"),
        (np.sum, np.zeros(3), {"eps": "1e-6"}, TypeError, "eps"),
        (np.sum, np.zeros(3), {"eps": True}, TypeError, "eps"),
    ],
)
def test_numerical_gradient_rejects_bad_arguments(f, x, kwargs, error, match):
    with pytest.raises(error, match=match):
        checks.numerical_gradient(f, x, **kwargs)


# --- relative_error ------------------------------------------------------------------------


def test_relative_error_both_zero_is_zero_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert checks.relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
        assert checks.relative_error([0.0, 2.0], [0.0, 1.0]) == 0.5


def test_relative_error_is_the_largest_elementwise_ratio():
    value = checks.relative_error([1.0, 10.0, -4.0], [1.1, 10.0, -4.0])
    assert value == pytest.approx(0.1 / 1.1)
    assert checks.relative_error([1.0, 0.0], [-1.0, 0.0]) == pytest.approx(2.0)


def test_relative_error_returns_python_float_and_is_symmetric():
    a, b = np.array([1.0, 2.0]), np.array([1.5, 2.5])
    result = checks.relative_error(a, b)
    assert type(result) is float
    assert result == checks.relative_error(b, a)


def test_relative_error_accepts_objects_with_numpy_method():
    assert checks.relative_error(FakeTensor([2.0, 4.0]), np.array([2.0, 4.0])) == 0.0


def test_relative_error_of_empty_arrays_is_zero():
    assert checks.relative_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0


@pytest.mark.parametrize(
    "a, b, error, match",
    [
        (np.zeros(3), np.zeros(4), ValueError, r"a.shape=\(3,\) and b.shape=\(4,\)"),
        (np.zeros((2, 3)), np.zeros((3, 2)), ValueError, "same shape"),
        ("abc", np.zeros(3), TypeError, "a must contain real numbers"),
        (np.zeros(3), None, TypeError, "b must contain real numbers"),
        (np.zeros(2), [[1.0], [2.0, 3.0]], ValueError, "b"),
    ],
)
def test_relative_error_rejects_bad_arguments(a, b, error, match):
    with pytest.raises(error, match=match):
        checks.relative_error(a, b)


# --- compare -------------------------------------------------------------------------------


def test_compare_prints_one_fixed_width_row_for_exact_match(capsys):
    assert checks.compare("weights", np.ones(3), np.ones(3)) is True
    out = capsys.readouterr().out
    assert out == "weights                      exact=yes allclose=yes max|diff|=0.00e+00\n"


def test_compare_prints_close_but_not_exact(capsys):
    got = np.array([1.0, 2.0 + 1.234e-7])
    assert checks.compare("dense/kernel gradient", got, [1.0, 2.0]) is True
    out = capsys.readouterr().out
    assert out == "dense/kernel gradient        exact=no  allclose=yes max|diff|=1.23e-07\n"


def test_compare_prints_capital_no_and_returns_false_when_outside_tolerance(capsys):
    assert checks.compare("bias", [0.0, 1.0], [0.0, 1.5]) is False
    out = capsys.readouterr().out
    assert out == "bias                         exact=no  allclose=NO  max|diff|=5.00e-01\n"


def test_compare_uses_atol_and_rtol():
    assert checks.compare("loose", [1.0], [1.01], atol=0.02) is True
    assert checks.compare("relative", [100.0], [101.0], atol=0.0, rtol=0.02) is True
    assert checks.compare("strict", [100.0], [101.0]) is False


def test_compare_float32_and_float64_with_equal_values_is_exact(capsys):
    assert checks.compare("dtype mix", np.float32([0.5, 0.25]), np.array([0.5, 0.25])) is True
    assert "exact=yes" in capsys.readouterr().out


def test_compare_accepts_objects_with_numpy_method(capsys):
    assert checks.compare("tensor", FakeTensor([[1.0, 2.0]]), [[1.0, 2.0]]) is True
    assert capsys.readouterr().out.startswith("tensor ")


def test_compare_nan_is_not_close(capsys):
    assert checks.compare("diverged", [np.nan], [1.0]) is False
    assert "allclose=NO" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        (
            ("x", np.zeros(3), np.zeros(4)),
            {},
            ValueError,
            r"got.shape=\(3,\) and expected.shape=\(4,\)",
        ),
        (("x", np.zeros((1, 3)), np.zeros(3)), {}, ValueError, "same shape"),
        ((3, np.zeros(3), np.zeros(3)), {}, TypeError, "name must be a str"),
        ((None, np.zeros(3), np.zeros(3)), {}, TypeError, "name"),
        (("x", "abc", np.zeros(3)), {}, TypeError, "got"),
        (("x", np.zeros(3), None), {}, TypeError, "expected"),
        (("x", np.zeros(3), np.zeros(3)), {"atol": -1.0}, ValueError, "atol"),
        (("x", np.zeros(3), np.zeros(3)), {"atol": float("nan")}, ValueError, "atol"),
        (("x", np.zeros(3), np.zeros(3)), {"atol": "1e-6"}, TypeError, "atol"),
        (("x", np.zeros(3), np.zeros(3)), {"rtol": -0.1}, ValueError, "rtol"),
        (("x", np.zeros(3), np.zeros(3)), {"rtol": float("inf")}, ValueError, "rtol"),
        (("x", np.zeros(3), np.zeros(3)), {"rtol": None}, TypeError, "rtol"),
    ],
)
def test_compare_rejects_bad_arguments(args, kwargs, error, match, capsys):
    with pytest.raises(error, match=match):
        checks.compare(*args, **kwargs)
    assert capsys.readouterr().out == ""


# --- compare_table -------------------------------------------------------------------------


def test_compare_table_from_dict_has_expected_columns_and_values(capsys):
    table = checks.compare_table(
        {
            "same": (np.ones(3), np.ones(3)),
            "close": ([1.0], [1.0 + 1e-8]),
            "far": ([0.0], [2.0]),
        }
    )
    assert capsys.readouterr().out == ""
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["exact", "allclose", "max_abs_diff"]
    assert list(table.index) == ["same", "close", "far"] and table.index.name == "name"
    assert table["exact"].dtype == bool and table["allclose"].dtype == bool
    assert table["max_abs_diff"].dtype == np.float64
    assert table["exact"].tolist() == [True, False, False]
    assert table["allclose"].tolist() == [True, True, False]
    assert table.loc["far", "max_abs_diff"] == 2.0


def test_compare_table_from_triples_matches_compare(capsys):
    rows = [("a", [1.0, 2.0], [1.0, 2.5]), ("b", FakeTensor([3.0]), [3.0])]
    table = checks.compare_table(rows, atol=0.6)
    assert table["allclose"].tolist() == [
        checks.compare("a", [1.0, 2.0], [1.0, 2.5], atol=0.6),
        True,
    ]
    assert table.loc["a", "max_abs_diff"] == 0.5


def test_compare_table_of_no_rows_is_empty_with_the_columns():
    table = checks.compare_table({})
    assert table.empty and list(table.columns) == ["exact", "allclose", "max_abs_diff"]


@pytest.mark.parametrize(
    "rows, kwargs, error, match",
    [
        (None, {}, TypeError, "rows must be a dict"),
        (5, {}, TypeError, "rows"),
        ("abc", {}, TypeError, "rows"),
        ({"a": np.zeros(3)}, {}, ValueError, r"rows\['a'\] must be a \(got, expected\) pair"),
        ({"a": (np.zeros(3),)}, {}, ValueError, "rows"),
        ([("a", np.zeros(3))], {}, ValueError, "rows must contain"),
        ([("a", np.zeros(3), np.zeros(4))], {}, ValueError, r"rows\['a'\].*same shape"),
        ([("a", "x", np.zeros(1))], {}, TypeError, r"rows\['a'\]"),
        ([(1, np.zeros(3), np.zeros(3))], {}, TypeError, "rows names must be str"),
        ([("a", [1], [1]), ("a", [2], [2])], {}, ValueError, "rows names must be unique"),
        ({"a": ([1.0], [1.0])}, {"atol": -1}, ValueError, "atol"),
        ({"a": ([1.0], [1.0])}, {"rtol": "0"}, TypeError, "rtol"),
    ],
)
def test_compare_table_rejects_bad_arguments(rows, kwargs, error, match):
    with pytest.raises(error, match=match):
        checks.compare_table(rows, **kwargs)


# --- numerical_jacobian ------------------------------------------------------------------------


def test_numerical_jacobian_has_the_layout_of_the_tape_jacobian():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    jac = checks.numerical_jacobian(lambda z: np.sin(z).sum(axis=0), x)
    assert jac.shape == (2, 2, 2)  # f(x).shape + x.shape
    expected = np.zeros((2, 2, 2))
    for i in range(2):
        for j in range(2):
            expected[j, i, j] = np.cos(x[i, j])
    np.testing.assert_allclose(jac, expected, atol=1e-9)


def test_numerical_jacobian_leaves_x_alone_and_is_deterministic():
    x = np.array([0.5, -0.25])
    first = checks.numerical_jacobian(lambda z: np.array([z[0] * z[1], z[0] ** 2]), x)
    again = checks.numerical_jacobian(lambda z: np.array([z[0] * z[1], z[0] ** 2]), x)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(x, [0.5, -0.25])
    np.testing.assert_allclose(first, [[-0.25, 0.5], [1.0, 0.0]], atol=1e-9)


def test_numerical_jacobian_rejects_bad_input_naming_it():
    with pytest.raises(TypeError, match="f must be callable, got 3"):
        checks.numerical_jacobian(3, [1.0])
    with pytest.raises(ValueError, match="eps must be a finite number > 0, got 0.0"):
        checks.numerical_jacobian(np.sin, [1.0], eps=0)
    with pytest.raises(ValueError, match="x must contain only finite numbers"):
        checks.numerical_jacobian(np.sin, [np.nan])
    with pytest.raises(ValueError, match="the same shape every call"):
        checks.numerical_jacobian(lambda z: np.ones(int(z[0] > 1) + 1), [1.0])
    with pytest.raises(ValueError, match="f must return finite values"):
        checks.numerical_jacobian(lambda z: np.full_like(z, np.inf), [1.0])


# --- the exercises' checks ---------------------------------------------------------------------


def test_expect_close_passes_silently_within_the_tolerance():
    assert checks.expect_close("dW", [1.0, 2.0], [1.0, 2.0 + 1e-9], rtol=1e-6) is None


def test_expect_close_says_expected_got_difference_and_hint():
    with pytest.raises(AssertionError) as failure:
        checks.expect_close("dW", [0.0, 2.0], [1.0, 2.0], hint="forgot the 2/n?")
    message = str(failure.value)
    assert message.startswith("dW: expected [1., 2.] (shape (2,), float64), got [0., 2.]")
    assert "largest difference 1" in message and message.endswith("Hint: forgot the 2/n?")


def test_expect_close_rejects_the_wrong_shape_even_where_the_numbers_agree():
    with pytest.raises(AssertionError, match=r"dW: expected shape \(3, 1\), got shape \(3,\)"):
        checks.expect_close("dW", np.ones(3), np.ones((3, 1)))


def test_expect_close_rejects_an_answer_that_is_not_numbers():
    with pytest.raises(AssertionError, match="got None, not an array of numbers"):
        checks.expect_close("grad", None, [1.0])
    with pytest.raises(AssertionError, match="nan"):
        checks.expect_close("grad", [np.nan], [1.0])


def test_expect_equal_compares_arrays_exactly_and_other_values_with_eq():
    checks.expect_equal("shape", (2, 3), (2, 3))
    with pytest.raises(AssertionError, match=r"shape: expected \(3, 2\), got \(2, 3\)\.\nHint: T"):
        checks.expect_equal("shape", (2, 3), (3, 2), hint="T")
    with pytest.raises(AssertionError, match="expected shape"):
        checks.expect_equal("w", np.zeros(2), np.zeros((2, 1)))
    with pytest.raises(AssertionError, match="w: expected"):
        checks.expect_equal("w", np.array([1.0, 2.0]), np.array([1.0, 2.5]))


def test_expect_fails_with_what_it_was_told_and_passes_numpy_bools():
    checks.expect(np.bool_(True), name="loss falls", expected="below 0.1", got=0.05)
    with pytest.raises(AssertionError, match=r"^loss falls: expected below 0\.1, got 0\.5\.$"):
        checks.expect(False, name="loss falls", expected="below 0.1", got=0.5)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: checks.expect(1, name="a", expected=1, got=1), "ok must be a bool, got 1"),
    (lambda: checks.expect(True, name=3, expected=1, got=1), "name must be a str, got 3"),
    (lambda: checks.expect_close(3, 1.0, 1.0), "name must be a str, got 3"),
    (lambda: checks.expect_close("a", 1.0, 1.0, rtol=-1), "rtol must be a finite number >= 0"),
    (lambda: checks.expect_equal("a", 1, 1, hint=2), "hint must be a str, got 2"),
])
def test_the_checks_reject_bad_arguments_naming_them(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


def test_expect_close_shows_enough_digits_to_see_the_difference():
    with pytest.raises(AssertionError) as failure:
        checks.expect_close("g", [1.00001], [1.0], rtol=0.0)
    message = str(failure.value)
    expected, got = message.split("expected ")[1].split(", got ")
    assert expected.split(" (")[0] != got.split(" (")[0], message


@pytest.mark.parametrize(("guess", "measured", "right"), [
    ("(3, 4)", (3, 4), True), ([3, 4], (3, 4), True), ("1/3", 0.3333, True),
    (" Last ", "last", True), ("4", 4, True), (4.0, 4, True), (5, 4, False),
    ("three", (3, 4), False), (True, False, False),
])
def test_report_guess_reads_a_typed_guess_as_what_it_says_and_never_fails(guess, measured, right,
                                                                          capsys):
    assert checks.report_guess("x", guess, measured, rtol=0.01) is right
    shown = capsys.readouterr().out
    assert f"your guess {guess!r}" in shown and ("✓" in shown) is right


def test_report_guess_without_a_guess_says_so(capsys):
    assert checks.report_guess("x", None, 4) is False
    assert "no guess written yet" in capsys.readouterr().out


def test_forbid_fails_a_call_inside_the_block_and_restores_it_after():
    original = checks.numerical_gradient
    with checks.forbid(checks, "numerical_gradient", hint="write the loop"):
        with pytest.raises(AssertionError,
                           match=r"expected your own code, got a call to helpers.checks.numer"):
            checks.numerical_gradient(np.sin, [1.0])
    assert checks.numerical_gradient is original


def test_forbid_rejects_what_cannot_be_forbidden():
    with pytest.raises(AttributeError):
        with checks.forbid(checks, "no_such_function"):
            pass
    with pytest.raises(TypeError, match="must name a callable attribute"):
        with checks.forbid(np, "pi"):
            pass


def test_expect_close_says_when_the_answer_holds_nan():
    with pytest.raises(AssertionError, match=r"\(1 NaN in your answer\)"):
        checks.expect_close("loss", [np.nan, 1.0], [0.5, 1.0])
