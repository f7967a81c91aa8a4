"""A json-formula interpreter, written from the public specification (json-formula 2.0.0, PDF Association
Forms Technical Working Group; opensource.adobe.com/json-formula). No Python package implements it.

``compile_expression("length(a[?b > `1`])").evaluate({"a": [...]})``, or ``evaluate(text, data)``. Globals
(``$name``) and host functions (``_name(...)``, the rubrics' named expressions) come in a :class:`Scope`.
Constructs the interpreter does not implement raise :class:`UnsupportedError` naming the construct, at
compile time (:meth:`Expression.check`) or when reached; the specification's own errors are the
:class:`JsonFormulaError` subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

from . import functions
from .errors import (
    EvaluationError,
    FormulaSyntaxError,
    FormulaTypeError,
    FunctionError,
    JsonFormulaError,
    UnsupportedError,
)
from .interpreter import CustomFunction, Scope, compile_node
from .nodes import Call, ExpressionRef, Node
from .parser import parse
from .values import Json, format_number, to_json_text, truthy, type_name


@dataclass(frozen=True)
class Expression:
    """A parsed json-formula expression, ready to evaluate many times."""

    text: str
    tree: Node

    def evaluate(self, data: Json, scope: Scope | None = None) -> Json:
        run = self.__dict__.get("_compiled")
        if run is None:  # compiled on first use, not when parsed or unpickled (a cached rubric)
            run = compile_node(self.tree)
            object.__setattr__(self, "_compiled", run)
        return run(data, scope or Scope())

    def __getstate__(self) -> dict[str, object]:
        return {"text": self.text, "tree": self.tree}  # the compiled closure is not picklable

    def calls(self) -> Iterator[str]:
        """The names of the functions the expression calls, in order, repeats included."""
        for node in _walk(self.tree):
            if isinstance(node, Call):
                yield node.name

    def check(self, custom: Iterable[str] = ()) -> None:
        """Raise :class:`UnsupportedError` (or :class:`FunctionError` for an unknown name) now for every
        construct evaluation would reject, whether or not evaluation reaches it."""
        known = set(custom)
        for node in _walk(self.tree):
            if isinstance(node, ExpressionRef):
                raise UnsupportedError("expression-type argument (&expression)")
            if isinstance(node, Call) and node.name not in known:
                functions.lookup(node.name)
                functions.check_arity(node.name, len(node.args))


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for slot in fields(node):
        child = getattr(node, slot.name)
        if isinstance(child, Node):
            yield from _walk(child)
        elif isinstance(child, tuple):
            for item in child:
                if isinstance(item, Node):
                    yield from _walk(item)
                elif isinstance(item, tuple):  # an object expression's (key, value) pairs
                    yield from (n for part in item if isinstance(part, Node) for n in _walk(part))


def compile_expression(text: str) -> Expression:
    """Parse ``text``; :class:`FormulaSyntaxError` when it is not json-formula."""
    return Expression(text, parse(text))


def evaluate(text: str, data: Json, scope: Scope | None = None) -> Json:
    """Parse and evaluate ``text`` on ``data`` in one step."""
    return compile_expression(text).evaluate(data, scope)


__all__ = [
    "CustomFunction",
    "EvaluationError",
    "Expression",
    "FormulaSyntaxError",
    "FormulaTypeError",
    "FunctionError",
    "Json",
    "JsonFormulaError",
    "Scope",
    "UnsupportedError",
    "compile_expression",
    "evaluate",
    "format_number",
    "to_json_text",
    "truthy",
    "type_name",
]
