"""A Pratt parser of json-formula (specification section 4; precedence from 4.1, projections from 8.3)."""

from __future__ import annotations

from typing import NoReturn

from .errors import FormulaSyntaxError
from .lexer import Kind, Token, tokenize
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

_COMPARATORS = {"==": "==", "=": "==", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
# Binding powers, weakest first: pipe, or, and, comparison, concatenation, additive, multiplicative, flatten,
# (projection stop), filter, dot, bracket.
_PIPE, _OR, _AND, _COMPARE, _CONCAT, _ADD, _MULTIPLY, _FLATTEN = 1, 2, 3, 5, 6, 7, 8, 9
_UNARY = _MULTIPLY  # the operand of ! and - binds flatten, dot and brackets, not * or /
_PROJECTION_STOP = 10
_STAR, _FILTER, _DOT, _BRACKET = 20, 21, 40, 55
_BINARY = {
    "|": _PIPE, "||": _OR, "&&": _AND, "&": _CONCAT, "+": _ADD, "-": _ADD, "~": _ADD, "*": _MULTIPLY,
    "/": _MULTIPLY, "[?": _FILTER, ".": _DOT,
}  # fmt: skip


def parse(expression: str) -> Node:
    """The syntax tree of ``expression``; :class:`FormulaSyntaxError` when it is not json-formula."""
    return _Parser(tokenize(expression), expression).parse()


class _Parser:
    def __init__(self, tokens: list[Token], text: str) -> None:
        self._tokens = tokens
        self._text = text
        self._i = 0

    # -- token helpers -------------------------------------------------------------------------------

    def _peek(self, ahead: int = 0) -> Token:
        return self._tokens[min(self._i + ahead, len(self._tokens) - 1)]

    def _is(self, text: str, ahead: int = 0) -> bool:
        token = self._peek(ahead)
        return token.kind is Kind.OPERATOR and token.text == text

    def _next(self) -> Token:
        token = self._peek()
        self._i += 1
        return token

    def _expect(self, text: str) -> None:
        if not self._is(text):
            self._fail(f"expected {text!r}")
        self._i += 1

    def _fail(self, message: str) -> NoReturn:
        token = self._peek()
        found = token.kind.value if token.kind is Kind.EOF else repr(token.text)
        raise FormulaSyntaxError(f"{message}, found {found} at position {token.position} in {self._text!r}")

    def _left_power(self) -> int:
        token = self._peek()
        if token.kind is not Kind.OPERATOR:
            return 0
        if token.text == "[":
            return _FLATTEN if self._is("]", 1) else _BRACKET
        if token.text in _COMPARATORS:
            return _COMPARE
        return _BINARY.get(token.text, 0)

    # -- expressions ---------------------------------------------------------------------------------

    def parse(self) -> Node:
        node = self._expression(0)
        if self._peek().kind is not Kind.EOF:
            self._fail("unexpected token")
        return node

    def _expression(self, power: int) -> Node:
        left = self._prefix()
        while power < self._left_power():
            left = self._infix(left)
        return left

    def _prefix(self) -> Node:
        token = self._next()
        if token.kind is Kind.NAME:
            return self._call(token.text) if self._is("(") else Field(token.text)
        if token.kind is Kind.QUOTED_NAME:
            return Field(token.text)
        if token.kind is Kind.GLOBAL:
            return Global(token.text)
        if token.kind is Kind.STRING:
            return Literal(token.text)
        if token.kind in (Kind.NUMBER, Kind.LITERAL):
            return Literal(token.value)  # type: ignore[arg-type]
        if token.kind is Kind.OPERATOR:
            return self._prefix_operator(token.text)
        self._i -= 1
        self._fail("expected an expression")

    def _prefix_operator(self, text: str) -> Node:
        if text == "@":
            return Current()
        if text == "!":
            return Not(self._expression(_UNARY))
        if text == "-":
            return Negate(self._expression(_UNARY))
        if text == "(":
            inner = self._expression(0)
            self._expect(")")
            return inner
        if text == "[":
            return self._bracket(Current(), prefix=True)
        if text == "[?":
            return self._filter(Current())
        if text == "{":
            return self._object()
        if text == "*":
            return Projection(ObjectValues(Current()), self._rhs(_STAR))
        if text == "&":
            return ExpressionRef(self._expression(0))
        self._i -= 1
        self._fail("expected an expression")

    def _infix(self, left: Node) -> Node:
        text = self._next().text
        if text in _COMPARATORS:
            return Compare(_COMPARATORS[text], left, self._expression(_COMPARE))
        if text == "|":
            return Pipe(left, self._expression(_PIPE))
        if text == "||":
            return Or(left, self._expression(_OR))
        if text == "&&":
            return And(left, self._expression(_AND))
        if text in ("&", "+", "-", "~", "*", "/"):
            return Arithmetic(text, left, self._expression(_BINARY[text]))
        if text == ".":
            return self._dot(left)
        if text == "[":
            return self._bracket(left, prefix=False)
        if text == "[?":
            return self._filter(left)
        self._i -= 1
        self._fail("unexpected token")

    # -- brackets, projections -----------------------------------------------------------------------

    def _bracket(self, left: Node, *, prefix: bool) -> Node:
        """After ``[``: index, slice, ``[*]``, ``[]``, or (as a prefix only) an array of expressions."""
        if self._is("]"):
            self._i += 1
            return Projection(Flatten(left), self._rhs(_FLATTEN))
        if self._is("*") and self._is("]", 1):
            self._i += 2
            return Projection(left, self._rhs(_STAR))
        if self._index_ahead():
            parts = self._slice_parts()
            if len(parts) == 1 and parts[0] is not None:
                return Chain(left, Index(parts[0]))
            start, stop, step = [*parts, None, None][:3]
            return Projection(Chain(left, Slice(start, stop, step)), self._rhs(_STAR))
        if not prefix:
            self._fail("expected an index, a slice, '*' or ']' after '['")
        items = [self._expression(0)]
        while self._is(","):
            self._i += 1
            items.append(self._expression(0))
        self._expect("]")
        return ArrayOf(tuple(items))

    def _index_ahead(self) -> bool:
        """Whether the bracket holds a signed integer followed by ']' or ':', or starts with ':'."""
        if self._is(":"):
            return True
        ahead = 1 if self._is("-") else 0
        token = self._peek(ahead)
        if token.kind is not Kind.NUMBER or not isinstance(token.value, int):
            return False
        return self._is("]", ahead + 1) or self._is(":", ahead + 1)

    def _signed_int(self) -> int:
        negative = self._is("-")
        if negative:
            self._i += 1
        token = self._next()
        if token.kind is not Kind.NUMBER or not isinstance(token.value, int):
            self._i -= 1
            self._fail("expected an integer")
        return -token.value if negative else token.value

    def _slice_parts(self) -> list[int | None]:
        """``n]`` as [n], or ``start:stop:step]`` as up to three parts (each optional)."""
        parts: list[int | None] = []
        current: int | None = None
        while True:
            if self._is("]"):
                self._i += 1
                parts.append(current)
                return parts
            if self._is(":"):
                self._i += 1
                parts.append(current)
                current = None
                if len(parts) > 2:
                    self._fail("a slice has at most three parts")
                continue
            if current is not None:
                self._fail("expected ':' or ']'")
            current = self._signed_int()

    def _filter(self, left: Node) -> Node:
        condition = self._expression(0)
        self._expect("]")
        return Filter(left, condition, self._rhs(_FILTER))

    def _rhs(self, power: int) -> Node:
        """What a projection applies to each element: the chain of dots and brackets that follows."""
        if self._left_power() < _PROJECTION_STOP:
            return Current()
        if self._is("."):
            self._i += 1
            return self._dot_rhs(Current(), power)
        if self._is("[") or self._is("[?"):
            return self._expression(power)
        self._fail("unexpected token after a projection")

    def _dot(self, left: Node) -> Node:
        if self._is("*"):
            self._i += 1
            return Projection(ObjectValues(left), self._rhs(_STAR))
        return Chain(left, self._dot_rhs_single())

    def _dot_rhs(self, left: Node, power: int) -> Node:
        if self._is("*"):
            self._i += 1
            return Projection(ObjectValues(left), self._rhs(_STAR))
        node: Node = Chain(left, self._dot_rhs_single())
        while power < self._left_power():
            node = self._infix(node)
        return node

    def _dot_rhs_single(self) -> Node:
        """What may follow a dot: a name, a quoted name, a function call, ``[a, b]`` or ``{k: v}``."""
        token = self._peek()
        if token.kind is Kind.NAME:
            self._i += 1
            return self._call(token.text) if self._is("(") else Field(token.text)
        if token.kind is Kind.QUOTED_NAME:
            self._i += 1
            return Field(token.text)
        if self._is("["):
            self._i += 1
            items = [self._expression(0)]
            while self._is(","):
                self._i += 1
                items.append(self._expression(0))
            self._expect("]")
            return ArrayOf(tuple(items))
        if self._is("{"):
            self._i += 1
            return self._object()
        self._fail("expected a name, a function, '[' or '{' after '.'")

    # -- functions and objects -----------------------------------------------------------------------

    def _call(self, name: str) -> Node:
        self._expect("(")
        args: list[Node] = []
        if not self._is(")"):
            args.append(self._expression(0))
            while self._is(","):
                self._i += 1
                args.append(self._expression(0))
        self._expect(")")
        return Call(name, tuple(args))

    def _object(self) -> Node:
        items: list[tuple[str, Node]] = []
        while True:
            token = self._next()
            if token.kind not in (Kind.NAME, Kind.QUOTED_NAME):
                self._i -= 1
                self._fail("expected a key name")
            self._expect(":")
            items.append((token.text, self._expression(0)))
            if self._is(","):
                self._i += 1
                continue
            self._expect("}")
            return ObjectOf(tuple(items))
