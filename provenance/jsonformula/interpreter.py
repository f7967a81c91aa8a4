"""Evaluation of a json-formula syntax tree (specification sections 7 and 8)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from . import functions
from .errors import EvaluationError, FormulaTypeError, UnsupportedError
from .nodes import (
    And,
    Arithmetic,
    ArrayOf,
    Call,
    Chain,
    Compare,
    Current,
    ExpressionRef,
    Field,
    Filter,
    Flatten,
    Global,
    Index,
    Literal,
    Negate,
    Node,
    Not,
    ObjectOf,
    ObjectValues,
    Or,
    Pipe,
    Projection,
    Slice,
)
from .values import Json, equal, format_number, is_number, number, parse_number, to_number, to_string, truthy


@dataclass(frozen=True)
class Scope:
    """What an evaluation can see besides the data: global variables and the host's functions.

    ``depth`` counts the host functions being evaluated inside one another (a named expression that calls
    itself is stopped, not left to exhaust the stack).
    """

    globals: Mapping[str, Json] = field(default_factory=dict)
    functions: Mapping[str, CustomFunction] = field(default_factory=dict)
    depth: int = 0


# A function the host adds (the rubrics' named expressions): called with its evaluated arguments, the
# current node and the caller's scope.
CustomFunction = Callable[[Sequence[Json], Json, Scope], Json]


def evaluate(node: Node, current: Json, scope: Scope) -> Json:
    """The value of ``node`` with ``current`` as ``@``."""
    handler = _HANDLERS.get(type(node))
    if handler is None:  # pragma: no cover - every node type has a handler (tested)
        raise TypeError(f"no evaluation for {type(node).__name__}")
    return handler(node, current, scope)


def _literal(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Literal)
    return node.value


def _current(node: Node, current: Json, scope: Scope) -> Json:
    return current


def _field(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Field)
    return current.get(node.name) if isinstance(current, dict) else None


def _global(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Global)
    return scope.globals.get(node.name)


def _chain(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Chain | Pipe)
    return evaluate(node.right, evaluate(node.left, current, scope), scope)


def _index(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Index)
    if not isinstance(current, list):
        return None
    position = node.index + len(current) if node.index < 0 else node.index
    return current[position] if 0 <= position < len(current) else None


def _slice(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Slice)
    if node.step == 0:
        raise EvaluationError("invalid slice: the step cannot be 0")
    if not isinstance(current, list):
        return None
    return current[node.start : node.stop : node.step]  # Python slices are the specified semantics


def _flatten(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Flatten)
    source = evaluate(node.source, current, scope)
    if not isinstance(source, list):
        return None
    merged: list[Json] = []
    for item in source:
        if isinstance(item, list):
            merged.extend(item)
        else:
            merged.append(item)
    return merged


def _object_values(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, ObjectValues)
    source = evaluate(node.source, current, scope)
    return list(source.values()) if isinstance(source, dict) else None


def _projection(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Projection)
    source = evaluate(node.source, current, scope)
    if not isinstance(source, list):
        return None
    return [evaluate(node.right, item, scope) for item in source]


def _filter(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Filter)
    source = evaluate(node.source, current, scope)
    if not isinstance(source, list):
        return None
    kept = [item for item in source if truthy(evaluate(node.condition, item, scope))]
    return [evaluate(node.right, item, scope) for item in kept]


def _array_of(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, ArrayOf)
    return [evaluate(item, current, scope) for item in node.items]


def _object_of(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, ObjectOf)
    return {key: evaluate(value, current, scope) for key, value in node.items}


def _or(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Or)
    left = evaluate(node.left, current, scope)
    return left if truthy(left) else evaluate(node.right, current, scope)


def _and(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, And)
    left = evaluate(node.left, current, scope)
    return evaluate(node.right, current, scope) if truthy(left) else left


def _not(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Not)
    return not truthy(evaluate(node.operand, current, scope))


def _negate(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Negate)
    return number(-_strict_number(evaluate(node.operand, current, scope)))


def _strict_number(value: Json) -> int | float:
    """The operand of unary minus as the reference implementation converts it (JavaScript's Number() of
    the value): a string that is not a number, an object or an array of more than one element fail."""
    if isinstance(value, list):
        if len(value) > 1:
            raise FormulaTypeError("unary minus: cannot convert an array to a number")
        return _strict_number(value[0]) if value else 0
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:
            raise FormulaTypeError(f"unary minus: cannot convert {value!r} to a number")
        return number(parsed)
    return to_number(value, "unary minus")


def _compare(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Compare)
    left = evaluate(node.left, current, scope)
    right = evaluate(node.right, current, scope)
    if node.operator == "==":
        return equal(left, right)
    if node.operator == "!=":
        return not equal(left, right)
    return _order(node.operator, left, right)


def _order(operator: str, left: Json, right: Json) -> bool:
    """Ordering (section 7.1.2): strings by code point, otherwise both as numbers; false when an operand
    cannot be a number (an array, an object, or, beside no number at all, a string that is not one)."""
    if isinstance(left, str) and isinstance(right, str):
        return _compare_values(operator, left, right)
    if isinstance(left, list | dict) or isinstance(right, list | dict):
        return False
    if not is_number(left) and not is_number(right):
        # Neither operand is a number: a string that does not read as one cannot be ordered (the
        # reference implementation gives false), where beside a number it reads as 0.
        numbers = [
            parse_number(v) if isinstance(v, str) else to_number(v, "comparison") for v in (left, right)
        ]
        if numbers[0] is None or numbers[1] is None:
            return False
        return _compare_values(operator, numbers[0], numbers[1])
    return _compare_values(operator, to_number(left, "comparison"), to_number(right, "comparison"))


def _compare_values(operator: str, a: float | str, b: float | str) -> bool:
    if operator == "<":
        return a < b  # type: ignore[operator]
    if operator == "<=":
        return a <= b  # type: ignore[operator]
    if operator == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


def _arithmetic(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Arithmetic)
    left = evaluate(node.left, current, scope)
    right = evaluate(node.right, current, scope)
    if node.operator == "~":
        return _as_list(left) + _as_list(right)
    return _balanced(node.operator, left, right)


def _as_list(value: Json) -> list[Json]:
    """The union operator's operands: arrays as they are, null as nothing, anything else as one element."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        raise FormulaTypeError("union: cannot convert object to an array")
    return [value]


def _balanced(operator: str, left: Json, right: Json) -> Json:
    """An arithmetic or concatenation operator, element by element when an operand is an array (7.4)."""
    if operator == "&" and (isinstance(left, dict) or isinstance(right, dict)):
        raise FormulaTypeError("concatenation: an object cannot be an operand")
    if isinstance(left, list) or isinstance(right, list):
        lefts = left if isinstance(left, list) else None
        rights = right if isinstance(right, list) else None
        size = max(len(lefts) if lefts is not None else 0, len(rights) if rights is not None else 0)
        return [
            _balanced(
                operator,
                (lefts[i] if i < len(lefts) else None) if lefts is not None else left,
                (rights[i] if i < len(rights) else None) if rights is not None else right,
            )
            for i in range(size)
        ]
    if operator == "&":
        return to_string(left, "concatenation") + to_string(right, "concatenation")
    a = to_number(left, f"operator {operator}")
    b = to_number(right, f"operator {operator}")
    if operator == "+":
        return number(a + b)
    if operator == "-":
        return number(a - b)
    if operator == "*":
        return number(a * b)
    if b == 0:
        raise EvaluationError(f"division by zero: {format_number(a)}/{format_number(b)}")
    return number(a / b)


def _call(node: Node, current: Json, scope: Scope) -> Json:
    assert isinstance(node, Call)
    if node.name == "if":  # the one function whose arguments are not all evaluated (section 9.2)
        functions.check_arity("if", len(node.args))
        condition = evaluate(node.args[0], current, scope)
        return evaluate(node.args[1] if truthy(condition) else node.args[2], current, scope)
    custom = scope.functions.get(node.name)
    builtin = functions.lookup(node.name) if custom is None else None
    args = [_argument(arg, current, scope) for arg in node.args]
    if custom is not None:
        return custom(args, current, scope)
    assert builtin is not None
    return builtin(args)


def _argument(arg: Node, current: Json, scope: Scope) -> Json:
    if isinstance(arg, ExpressionRef):
        # No supported function takes an expression argument: say so rather than evaluate it.
        raise UnsupportedError("expression-type argument (&expression)")
    return evaluate(arg, current, scope)


def _expression_ref(node: Node, current: Json, scope: Scope) -> Json:
    raise UnsupportedError("expression-type value (&expression) outside a function argument")


_Handler = Callable[[Node, Json, Scope], Json]
_HANDLERS: dict[type[Node], _Handler] = {
    Literal: _literal,
    Current: _current,
    Field: _field,
    Global: _global,
    Chain: _chain,
    Pipe: _chain,
    Index: _index,
    Slice: _slice,
    Flatten: _flatten,
    ObjectValues: _object_values,
    Projection: _projection,
    Filter: _filter,
    ArrayOf: _array_of,
    ObjectOf: _object_of,
    Or: _or,
    And: _and,
    Not: _not,
    Negate: _negate,
    Compare: _compare,
    Arithmetic: _arithmetic,
    Call: _call,
    ExpressionRef: _expression_ref,
}
