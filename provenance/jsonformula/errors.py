"""The errors of json-formula evaluation, named as the specification names them (section 3, "Errors")."""

from __future__ import annotations

from ..errors import ProvenanceError


class JsonFormulaError(ProvenanceError):
    """Base class of every json-formula error."""


class FormulaSyntaxError(JsonFormulaError):
    """The expression does not follow the json-formula grammar (the specification's ``SyntaxError``)."""


class FormulaTypeError(JsonFormulaError):
    """A value could not be coerced to the type an operator or function needs (``TypeError``)."""


class FunctionError(JsonFormulaError):
    """An unknown function, or a function called with the wrong number of arguments (``FunctionError``)."""


class EvaluationError(JsonFormulaError):
    """An unexpected condition while evaluating, such as a division by zero (``EvaluationError``)."""


class UnsupportedError(JsonFormulaError):
    """A construct of the json-formula specification that this interpreter does not implement.

    Raised, never evaluated to a default: a rubric statement must not silently read false because the
    interpreter lacks a function.
    """

    def __init__(self, construct: str) -> None:
        super().__init__(f"json-formula {construct} is not supported by this interpreter")
        self.construct = construct
