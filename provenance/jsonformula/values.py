"""json-formula values (specification section 2): JSON types, truthiness, deep equality and the coercions
the operators and functions share, with JavaScript's number formatting and string-to-number parsing (the
reference implementation's behaviour where the specification leaves it open)."""

from __future__ import annotations

import json
import math
import re
from typing import TypeAlias

from .errors import FormulaTypeError

Json: TypeAlias = "bool | int | float | str | list[Json] | dict[str, Json] | None"

# JavaScript's Number(string): optional whitespace around a decimal, hexadecimal, octal or binary literal.
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_PREFIXED = re.compile(r"0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_JS_SPACE = " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # noqa: E501


def type_name(value: Json) -> str:
    """The json-formula type of a value: number, string, boolean, array, object or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def is_number(value: Json) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def truthy(value: Json) -> bool:
    """False for null, false, 0, "", [] and {}; true for everything else (section 7.5.1)."""
    if value is None or value is False:
        return False
    if is_number(value):
        return value != 0
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


_SCALARS = frozenset({str, int, float, bool, type(None)})


def equal(left: Json, right: Json) -> bool:
    """Deep equality without coercion (section 7.1.1): values of different types are never equal."""
    if left.__class__ is right.__class__ and left.__class__ in _SCALARS:  # the common case, first
        return left == right
    if is_number(left) and is_number(right):
        return left == right
    if type_name(left) != type_name(right):
        return False
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(equal(left[key], right[key]) for key in left)
    return left == right


def number(value: float) -> int | float:
    """A computed number as JSON shows it: integral values as int (JavaScript has one number type)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def parse_number(text: str) -> float | None:
    """JavaScript's ``Number(text)``: None where it gives NaN."""
    stripped = text.strip(_JS_SPACE)
    if stripped == "":
        return 0.0
    if _DECIMAL.fullmatch(stripped):
        return float(stripped)
    prefixed = _PREFIXED.fullmatch(stripped)
    if prefixed:
        base = {"x": 16, "o": 8, "b": 2}[prefixed.group(1)[0].lower()]
        return float(int(prefixed.group(1)[1:], base))
    if stripped.lstrip("+-") == "Infinity":
        return -math.inf if stripped.startswith("-") else math.inf
    return None


def to_number(value: Json, where: str) -> int | float:
    """Coerce to a number (section 2.2): a string that is not a number reads 0, as in the reference
    implementation (the specification says the coercion fails); arrays and objects cannot be coerced."""
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if is_number(value):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        parsed = parse_number(value)
        return 0 if parsed is None else number(parsed)
    raise FormulaTypeError(f"{where}: cannot convert {type_name(value)} to a number")


def format_number(value: float) -> str:
    """A number as JavaScript's ``Number.prototype.toString()`` writes it."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**21:
        return str(value)
    as_float = float(value)
    if math.isnan(as_float):
        return "NaN"
    if math.isinf(as_float):
        return "Infinity" if as_float > 0 else "-Infinity"
    if as_float == 0:
        return "0"
    sign = "-" if as_float < 0 else ""
    mantissa, _, exponent = repr(abs(as_float)).partition("e")
    digits_int, _, digits_frac = mantissa.partition(".")
    digits = (digits_int + digits_frac).lstrip("0") or "0"
    # n: the position of the decimal point relative to the first significant digit (ECMA-262 Number::toString)
    leading_zeros = len(digits_int + digits_frac) - len((digits_int + digits_frac).lstrip("0"))
    n = len(digits_int) - leading_zeros + (int(exponent) if exponent else 0)
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    exp = n - 1
    exp_text = f"e+{exp}" if exp >= 0 else f"e-{-exp}"
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + exp_text


def to_string(value: Json, where: str) -> str:
    """Coerce a scalar to a string (section 2.2): null is "", booleans "true"/"false"; arrays and objects
    cannot be coerced."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        return value
    raise FormulaTypeError(f"{where}: cannot convert {type_name(value)} to a string")


def to_json_text(value: Json) -> str:
    """Compact JSON as JavaScript's ``JSON.stringify`` writes it (``toString()`` of arrays and objects)."""
    if is_number(value):
        return format_number(value)  # type: ignore[arg-type]
    if isinstance(value, list):
        return "[" + ",".join(to_json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(json.dumps(k, ensure_ascii=False) + ":" + to_json_text(v) for k, v in value.items())
            + "}"
        )
    return json.dumps(value, ensure_ascii=False)
