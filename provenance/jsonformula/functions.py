"""The json-formula functions this interpreter implements (specification section 9.3), and the names of
those it does not: calling one raises :class:`UnsupportedError`, never a default value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import EvaluationError, FormulaTypeError, FunctionError, UnsupportedError
from .values import Json, equal, is_number, number, to_json_text, to_number, to_string, truthy, type_name

# Every function of the json-formula 2.0.0 function reference.
SPECIFIED = frozenset(
    {
        "abs", "acos", "and", "asin", "atan2", "avg", "avgA", "casefold", "ceil", "codePoint", "contains",
        "cos", "datedif", "datetime", "day", "debug", "deepScan", "endsWith", "entries", "eomonth", "exp",
        "false", "find", "floor", "fromCodePoint", "fromEntries", "fround", "hasProperty", "hour", "if",
        "join", "keys", "left", "length", "log", "log10", "lower", "map", "max", "maxA", "merge", "mid",
        "millisecond", "min", "minA", "minute", "mod", "month", "not", "notNull", "now", "null", "or",
        "power", "proper", "random", "reduce", "register", "registerWithParams", "replace", "rept",
        "reverse", "right", "round", "search", "second", "sign", "sin", "sort", "sortBy", "split", "sqrt",
        "startsWith", "stdev", "stdevA", "stdevp", "stdevpA", "substitute", "sum", "tan", "time", "toArray",
        "toDate", "today", "toNumber", "toString", "trim", "true", "trunc", "type", "unique", "upper",
        "value", "values", "weekday", "year", "zip",
    }
)  # fmt: skip

Implementation = Callable[[Sequence[Json]], Json]


@dataclass(frozen=True, slots=True)
class Function:
    minimum: int
    maximum: int | None  # None: variadic
    run: Implementation


def check_arity(name: str, count: int) -> None:
    spec = _FUNCTIONS.get(name)
    if spec is None:
        return
    if count < spec.minimum or (spec.maximum is not None and count > spec.maximum):
        if spec.maximum == spec.minimum:
            expected = f"{spec.minimum} argument{'s' if spec.minimum != 1 else ''}"
        elif spec.maximum is None:
            expected = f"at least {spec.minimum} argument{'s' if spec.minimum != 1 else ''}"
        else:
            expected = f"{spec.minimum} to {spec.maximum} arguments"
        raise FunctionError(f"{name}() takes {expected} but received {count}")


def lookup(name: str) -> Callable[[Sequence[Json]], Json]:
    """The implementation of built-in function ``name``, checking the number of arguments it gets."""
    spec = _FUNCTIONS.get(name)
    if spec is None:
        if name in SPECIFIED:
            raise UnsupportedError(f"function {name}()")
        raise FunctionError(f"unknown function {name}()")

    def call(args: Sequence[Json]) -> Json:
        check_arity(name, len(args))
        return spec.run(args)

    return call


def implemented() -> frozenset[str]:
    """The names of the built-in functions this interpreter implements."""
    return frozenset(_FUNCTIONS)


# -- helpers -------------------------------------------------------------------------------------------


def _balanced(args: Sequence[Json], scalar: Callable[[Sequence[Json]], Json]) -> Json:
    """Apply ``scalar`` element by element when an argument is an array (section 9.1.1): scalars repeat,
    shorter arrays are padded with null, nested arrays keep their shape."""
    if any(isinstance(arg, dict) for arg in args):
        raise FormulaTypeError("expected a string or an array of strings but received an object")
    if not any(isinstance(arg, list) for arg in args):
        return scalar(args)
    size = max(len(arg) for arg in args if isinstance(arg, list))
    rows = []
    for i in range(size):
        row = [(arg[i] if i < len(arg) else None) if isinstance(arg, list) else arg for arg in args]
        rows.append(_balanced(row, scalar))
    return rows


def _string(value: Json, name: str) -> str:
    if isinstance(value, dict):
        raise FormulaTypeError(f"{name}() expected a string but received an object")
    return to_string(value, f"{name}()")


def _text(value: Json) -> str:
    """An element as ``join()`` and ``toString()`` write it: strings as they are, the rest as JSON."""
    return value if isinstance(value, str) else to_json_text(value)


def _integer(value: Json, name: str) -> int:
    return int(to_number(value, f"{name}()"))


# -- the functions -------------------------------------------------------------------------------------


def _abs(args: Sequence[Json]) -> Json:
    return _balanced(args, lambda a: number(abs(to_number(a[0], "abs()"))))


def _contains(args: Sequence[Json]) -> Json:
    subject, search = args
    if isinstance(subject, list):
        return any(equal(item, search) for item in subject)
    if subject is None or isinstance(subject, str):
        if not isinstance(search, str):
            raise FormulaTypeError("contains() requires a string search value for string subjects")
        return search in (subject or "")
    raise FormulaTypeError(f"contains() cannot process {type_name(subject)}: only a string or an array")


def _starts_with(args: Sequence[Json]) -> Json:
    return _balanced(args, lambda a: _string(a[0], "startsWith").startswith(_string(a[1], "startsWith")))


def _ends_with(args: Sequence[Json]) -> Json:
    return _balanced(args, lambda a: _string(a[0], "endsWith").endswith(_string(a[1], "endsWith")))


def _length(args: Sequence[Json]) -> Json:
    subject = args[0]
    if subject is None:
        return 0
    if isinstance(subject, str | list | dict):
        return len(subject)  # a str's length in Python counts code points, as the specification does
    raise FormulaTypeError(f"length() cannot process type {type_name(subject)}")


def _object(value: Json, name: str) -> dict[str, Json]:
    if not isinstance(value, dict):
        raise FormulaTypeError(f"{name}() expected an object but received {type_name(value)}")
    return value


def _keys(args: Sequence[Json]) -> Json:
    return list(_object(args[0], "keys"))


def _values(args: Sequence[Json]) -> Json:
    return list(_object(args[0], "values").values())


def _not_null(args: Sequence[Json]) -> Json:
    return next((arg for arg in args if arg is not None), None)


def _split_one(args: Sequence[Json]) -> Json:
    subject, separator = _string(args[0], "split"), _string(args[1], "split")
    return list(subject) if separator == "" else list(subject.split(separator))


def _split(args: Sequence[Json]) -> Json:
    return _balanced(args, _split_one)


def _join(args: Sequence[Json]) -> Json:
    items, glue = args
    if items is None or isinstance(items, dict):
        raise FormulaTypeError(f"join() expected an array but received {type_name(items)}")
    elements = items if isinstance(items, list) else [items]
    return _string(glue, "join").join(_text(item) for item in elements)


def _type(args: Sequence[Json]) -> Json:
    return type_name(args[0])


def _to_string(args: Sequence[Json]) -> Json:
    if len(args) > 1:
        raise UnsupportedError("function toString() with an indent argument")
    return _text(args[0])


def _to_number(args: Sequence[Json]) -> Json:
    if len(args) > 1:
        raise UnsupportedError("function toNumber() with a base argument")
    return _number_of(args[0])


def _number_of(value: Json) -> Json:
    """``toNumber()``: arrays element by element, an object null (as the reference implementation does)."""
    if isinstance(value, list):
        return [_number_of(item) for item in value]
    if isinstance(value, dict):
        return None
    return to_number(value, "toNumber()")


def _lower(args: Sequence[Json]) -> Json:
    return _balanced(args, lambda a: _string(a[0], "lower").lower())


def _upper(args: Sequence[Json]) -> Json:
    return _balanced(args, lambda a: _string(a[0], "upper").upper())


def _reverse(args: Sequence[Json]) -> Json:
    return _elements(args[0], "reverse")[::-1]


def _merge(args: Sequence[Json]) -> Json:
    merged: dict[str, Json] = {}
    for arg in args:
        if arg is not None:
            merged.update(_object(arg, "merge"))
    return merged


def _key(name: Json, function: str) -> Json:
    if not isinstance(name, str) and not is_number(name):
        raise FormulaTypeError(f"{function}() expected a string or a number but received {type_name(name)}")
    return name


def _has_property(args: Sequence[Json]) -> Json:
    subject, name = args[0], _key(args[1], "hasProperty")
    if subject is not None and not isinstance(subject, dict | list):
        raise FormulaTypeError("hasProperty() expected an object, an array or null")
    if isinstance(subject, dict):
        return _object_key(name, "hasProperty") in subject
    if isinstance(subject, list):
        index = _index(name, "hasProperty")
        return index is not None and 0 <= index < len(subject)
    return False


def _object_key(name: Json, function: str) -> str:
    if not isinstance(name, str):
        raise FormulaTypeError(f"{function}() requires a string key for objects")
    return name


def _index(name: Json, function: str) -> int | None:
    """An array index: a number (None when it is not whole); a string is a type error."""
    if not is_number(name):
        raise FormulaTypeError(f"{function}() requires an integer index for arrays")
    assert isinstance(name, int | float)
    return int(name) if float(name).is_integer() else None


def _to_array(args: Sequence[Json]) -> Json:
    return args[0] if isinstance(args[0], list) else [args[0]]


def _entries(args: Sequence[Json]) -> Json:
    subject = args[0]
    if isinstance(subject, str | int | float):  # a scalar reads as a one-element array
        subject = [subject]
    if isinstance(subject, list):
        return [[str(i), item] for i, item in enumerate(subject)]
    return [[key, item] for key, item in _object(subject, "entries").items()]


def _from_entries(args: Sequence[Json]) -> Json:
    pairs = args[0]
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise FormulaTypeError("fromEntries() expected an array of [key, value] pairs")
    return {_string(p[0], "fromEntries"): p[1] for p in pairs if isinstance(p, list)}


def _value(args: Sequence[Json]) -> Json:
    subject, index = args[0], _key(args[1], "value")
    if subject is not None and not isinstance(subject, dict | list):
        raise FormulaTypeError("value() expected an object, an array or null")
    if isinstance(subject, dict):
        return subject.get(_object_key(index, "value"))
    if isinstance(subject, list):
        position = _index(index, "value")
        if position is None:
            return None
        position = position + len(subject) if position < 0 else position
        return subject[position] if 0 <= position < len(subject) else None
    return None


def _elements(subject: Json, name: str) -> list[Json] | str:
    """A string or an array subject; null reads as the empty string."""
    if isinstance(subject, list):
        return subject
    if subject is None or isinstance(subject, str):
        return subject or ""
    raise FormulaTypeError(f"{name}() cannot process {type_name(subject)}: only a string or an array")


def _left(args: Sequence[Json]) -> Json:
    subject = _elements(args[0], "left")
    count = _integer(args[1], "left") if len(args) > 1 else 1
    if count < 0:
        raise EvaluationError("left() needs a count of zero or more")
    return subject[:count]


def _right(args: Sequence[Json]) -> Json:
    subject = _elements(args[0], "right")
    count = _integer(args[1], "right") if len(args) > 1 else 1
    if count < 0:
        raise EvaluationError("right() needs a count of zero or more")
    return subject[max(0, len(subject) - count) :] if count else subject[:0]


def _mid(args: Sequence[Json]) -> Json:
    start, length = _integer(args[1], "mid"), _integer(args[2], "mid")
    if start < 0 or length < 0:
        raise EvaluationError("mid() needs a start and a length of zero or more")
    return _elements(args[0], "mid")[start : start + length]


_FUNCTIONS: dict[str, Function] = {
    "abs": Function(1, 1, _abs),
    "and": Function(1, None, lambda args: all(truthy(a) for a in args)),
    "contains": Function(2, 2, _contains),
    "endsWith": Function(2, 2, _ends_with),
    "entries": Function(1, 1, _entries),
    "false": Function(0, 0, lambda args: False),
    "fromEntries": Function(1, 1, _from_entries),
    "hasProperty": Function(2, 2, _has_property),
    "if": Function(3, 3, lambda args: args[1] if truthy(args[0]) else args[2]),  # evaluated lazily elsewhere
    "join": Function(2, 2, _join),
    "keys": Function(1, 1, _keys),
    "left": Function(1, 2, _left),
    "length": Function(1, 1, _length),
    "lower": Function(1, 1, _lower),
    "merge": Function(1, None, _merge),
    "mid": Function(3, 3, _mid),
    "not": Function(1, 1, lambda args: not truthy(args[0])),
    "notNull": Function(1, None, _not_null),
    "null": Function(0, 0, lambda args: None),
    "or": Function(1, None, lambda args: any(truthy(a) for a in args)),
    "reverse": Function(1, 1, _reverse),
    "right": Function(1, 2, _right),
    "split": Function(2, 2, _split),
    "startsWith": Function(2, 2, _starts_with),
    "toArray": Function(1, 1, _to_array),
    "toNumber": Function(1, 2, _to_number),
    "toString": Function(1, 2, _to_string),
    "true": Function(0, 0, lambda args: True),
    "type": Function(1, 1, _type),
    "upper": Function(1, 1, _upper),
    "value": Function(2, 2, _value),
    "values": Function(1, 1, _values),
}
