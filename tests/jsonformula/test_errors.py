"""Errors: syntax, types, functions and evaluation as the specification names them, and constructs this
interpreter does not implement, which raise rather than evaluate to a default."""

from __future__ import annotations

import pytest

from provenance.errors import ProvenanceError
from provenance.jsonformula import (
    EvaluationError,
    FormulaSyntaxError,
    FormulaTypeError,
    FunctionError,
    JsonFormulaError,
    Scope,
    UnsupportedError,
    compile_expression,
    evaluate,
)


@pytest.mark.parametrize(
    "expression", ["foo[", "foo[a]", "a ==", "{a}", "`[1,`", '"open', "foo..bar", "[1:2:3:4]"]
)
def test_text_that_is_not_json_formula_is_a_syntax_error(expression: str) -> None:
    with pytest.raises(FormulaSyntaxError):
        compile_expression(expression)


def test_errors_are_provenance_errors_with_a_diagnostic() -> None:
    with pytest.raises(ProvenanceError) as caught:
        compile_expression("a ==")
    assert isinstance(caught.value, JsonFormulaError)
    assert "position" in caught.value.diagnostics()


def test_a_division_by_zero_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        evaluate("1 / 0", {})


def test_a_zero_slice_step_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        evaluate("a[::0]", {"a": [1, 2]})


def test_an_object_operand_of_arithmetic_is_a_type_error() -> None:
    with pytest.raises(FormulaTypeError):
        evaluate("{a: 1} + 1", {})


def test_keys_of_null_is_a_type_error() -> None:
    with pytest.raises(FormulaTypeError):
        evaluate("keys(missing)", {})


def test_a_wrong_number_of_arguments_is_a_function_error() -> None:
    with pytest.raises(FunctionError, match=r"if\(\) takes 3 arguments but received 2"):
        evaluate("if(1, 2)", {})


def test_an_unknown_function_is_a_function_error() -> None:
    with pytest.raises(FunctionError, match="unknown function nosuch"):
        evaluate("nosuch(1)", {})


def test_a_specified_function_this_interpreter_lacks_is_unsupported_and_named() -> None:
    with pytest.raises(UnsupportedError, match=r"function weekday\(\) is not supported") as caught:
        evaluate("weekday(now(), 3)", {})
    assert caught.value.construct == "function now()" or "weekday" in caught.value.construct


def test_check_finds_an_unsupported_function_in_a_branch_evaluation_would_skip() -> None:
    expression = compile_expression("false() && sortBy(a, &b)")
    assert evaluate("false() && sortBy(a, &b)", {}) is False  # never reached
    with pytest.raises(UnsupportedError):
        expression.check()


def test_check_accepts_the_host_functions_it_is_told_about() -> None:
    compile_expression("_mine(@) || length(a)").check(custom={"_mine"})
    with pytest.raises(FunctionError):
        compile_expression("_mine(@)").check()


def test_an_expression_type_argument_is_unsupported() -> None:
    with pytest.raises(UnsupportedError, match="expression-type"):
        evaluate("length(&a)", {"a": []})


def test_globals_and_host_functions_come_from_the_scope() -> None:
    def double(args: object, current: object, scope: Scope) -> object:
        assert isinstance(args, list)
        return args[0] * 2

    scope = Scope(globals={"$n": 21}, functions={"_double": double})
    assert evaluate("_double($n)", {}, scope) == 42
    assert evaluate("$missing", {}, scope) is None
