"""The syntax tree of a json-formula expression."""

from __future__ import annotations

from dataclasses import dataclass

from .values import Json


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every syntax-tree node."""


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: Json


@dataclass(frozen=True, slots=True)
class Current(Node):
    """``@``: the node being evaluated."""


@dataclass(frozen=True, slots=True)
class Field(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Global(Node):
    """``$name``: a global variable given with the evaluation."""

    name: str


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """``left.right``, and every construct that evaluates ``right`` on the result of ``left``."""

    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Pipe(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Index(Node):
    """``[n]`` on the current node."""

    index: int


@dataclass(frozen=True, slots=True)
class Slice(Node):
    """``[start:stop:step]`` on the current node."""

    start: int | None
    stop: int | None
    step: int | None


@dataclass(frozen=True, slots=True)
class Flatten(Node):
    """``[]``: one level of nested arrays merged."""

    source: Node


@dataclass(frozen=True, slots=True)
class ObjectValues(Node):
    """``.*``: the values of an object."""

    source: Node


@dataclass(frozen=True, slots=True)
class Projection(Node):
    """``right`` applied to each element of the array ``source`` gives (nulls kept, unlike JMESPath)."""

    source: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """``source[?condition]`` followed by the projected ``right``."""

    source: Node
    condition: Node
    right: Node


@dataclass(frozen=True, slots=True)
class ArrayOf(Node):
    """``[a, b, ...]``: an array built from expressions."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ObjectOf(Node):
    """``{key: expr, ...}``: an object built from expressions."""

    items: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class And(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Compare(Node):
    operator: str  # one of == != < <= > >= (= and <> are normalised)
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    operator: str  # one of + - * / & ~
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ExpressionRef(Node):
    """``&expression``: an expression handed to a function unevaluated."""

    body: Node
