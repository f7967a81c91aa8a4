"""json-formula tokens (specification sections 4-6): names, quoted names, strings, JSON literals, numbers,
global names (``$name``) and operators."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from .errors import FormulaSyntaxError


class Kind(Enum):
    NAME = "name"
    QUOTED_NAME = "quoted name"
    GLOBAL = "global"
    STRING = "string"
    NUMBER = "number"
    LITERAL = "JSON literal"
    OPERATOR = "operator"
    EOF = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # the operator, or the decoded name / string; "" at the end
    position: int
    value: object = None  # a number's or JSON literal's value


# Longest first, so that "<=" wins over "<" and "[?" over "[".
_OPERATORS = (
    "[?", "&&", "||", "==", "!=", "<>", "<=", ">=",
    "[", "]", "(", ")", "{", "}", ".", ",", ":", "@", "*", "/", "+", "-", "~", "&", "|", "!", "<", ">", "=",
)  # fmt: skip
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_NAME_PART = _NAME_START | frozenset("0123456789")
_DIGITS = frozenset("0123456789")
_ESCAPES = {
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "\\": "\\",
    "`": "`",
    "'": "'",
    '"': '"',
    "/": "/",
}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an EOF token."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in " \t\n\r":
            i += 1
        elif char in _NAME_START:
            end = _scan_name(text, i)
            kind = Kind.GLOBAL if char == "$" else Kind.NAME
            tokens.append(Token(kind, text[i:end], i))
            i = end
        elif char in _DIGITS or (char == "." and text[i + 1 : i + 2].isdigit() and text[i + 1] in _DIGITS):
            end, number = _scan_number(text, i)
            tokens.append(Token(Kind.NUMBER, text[i:end], i, number))
            i = end
        elif char == '"':
            end, decoded = _scan_quoted(text, i, '"')
            tokens.append(Token(Kind.STRING, decoded, i))
            i = end
        elif char == "'":
            end, decoded = _scan_quoted(text, i, "'")
            tokens.append(Token(Kind.QUOTED_NAME, decoded, i))
            i = end
        elif char == "`":
            end, literal = _scan_literal(text, i)
            tokens.append(Token(Kind.LITERAL, text[i:end], i, literal))
            i = end
        else:
            operator = next((op for op in _OPERATORS if text.startswith(op, i)), None)
            if operator is None:
                raise FormulaSyntaxError(f"unexpected character {char!r} at position {i}")
            tokens.append(Token(Kind.OPERATOR, operator, i))
            i += len(operator)
    tokens.append(Token(Kind.EOF, "", len(text)))
    return tokens


def _scan_name(text: str, start: int) -> int:
    end = start + 1
    while end < len(text) and text[end] in _NAME_PART:
        end += 1
    return end


def _scan_number(text: str, start: int) -> tuple[int, int | float]:
    """INT, or REAL_OR_EXPONENT_NUMBER: ``INT? '.' [0-9]+ EXP?`` or ``INT EXP`` (leading zeros allowed)."""
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    is_real = False
    if end + 1 < len(text) and text[end] == "." and text[end + 1] in _DIGITS:
        is_real = True
        end += 1
        while end < len(text) and text[end] in _DIGITS:
            end += 1
    if end < len(text) and text[end] in "eE":
        exp_end = end + 1
        if exp_end < len(text) and text[exp_end] in "+-":
            exp_end += 1
        if exp_end < len(text) and text[exp_end] in _DIGITS:
            is_real = True
            end = exp_end
            while end < len(text) and text[end] in _DIGITS:
                end += 1
    literal = text[start:end]
    return end, (float(literal) if is_real else int(literal))


def _scan_quoted(text: str, start: int, quote: str) -> tuple[int, str]:
    """A double-quoted string or a single-quoted name with JSON escapes (and \\` \\' besides)."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return i + 1, "".join(out)
        if char == "\\":
            i, decoded = _escape(text, i)
            out.append(decoded)
            continue
        out.append(char)
        i += 1
    raise FormulaSyntaxError(f"unterminated {quote}-quoted text at position {start}")


def _escape(text: str, i: int) -> tuple[int, str]:
    code = text[i + 1 : i + 2]
    if code in _ESCAPES:
        return i + 2, _ESCAPES[code]
    if code == "u":
        digits = text[i + 2 : i + 6]
        if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
            value = int(digits, 16)
            # A surrogate pair written as two escapes is one code point, as in JSON.
            if 0xD800 <= value < 0xDC00 and text[i + 6 : i + 8] == "\\u":
                low = text[i + 8 : i + 12]
                if len(low) == 4 and all(c in "0123456789abcdefABCDEF" for c in low):
                    low_value = int(low, 16)
                    if 0xDC00 <= low_value < 0xE000:
                        return i + 12, chr(0x10000 + ((value - 0xD800) << 10) + (low_value - 0xDC00))
            return i + 6, chr(value)
    raise FormulaSyntaxError(f"invalid escape sequence at position {i}")


def _scan_literal(text: str, start: int) -> tuple[int, object]:
    """A JSON literal between backticks; an escaped backtick (\\`) is part of it."""
    i = start + 1
    out: list[str] = []
    while i < len(text):
        char = text[i]
        if char == "\\" and text[i + 1 : i + 2] == "`":
            out.append("`")
            i += 2
            continue
        if char == "`":
            source = "".join(out)
            try:
                return i + 1, json.loads(source)
            except ValueError as error:
                raise FormulaSyntaxError(f"invalid JSON literal `{source}` at position {start}") from error
        out.append(char)
        i += 1
    raise FormulaSyntaxError(f"unterminated JSON literal at position {start}")
