"""Conditions over a report's facts: parsed once from a policy file, then evaluated per report.

A condition is a TOML table. Each key names a fact (:mod:`.facts`) and its value says what the fact must
be: a scalar (equal to it), a list (one of them) or a table of operators (``eq``, ``ne``, ``in``,
``not_in``, ``exists``). Three keys combine conditions: ``all`` (a list: every one holds), ``any`` (a
list: at least one holds) and ``not`` (a table: it does not hold). The keys of one table must all hold.
An empty table always holds. Anything else is an error with a message that names where it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import PolicyError
from ..models import Report
from .facts import FACTS, Fact, Value

_OPERATORS = ("eq", "ne", "in", "not_in", "exists")
_PYTHON_TYPE = {"bool": bool, "str": str, "int": int}


@dataclass(frozen=True, slots=True)
class Test:
    """One fact compared with a value."""

    fact: Fact
    operator: str
    operand: Value | tuple[Value, ...]

    def holds(self, report: Report) -> tuple[bool, str]:
        value = self.fact.read(report)
        name = self.fact.name
        if self.operator == "exists":
            ok = (value is not None and value is not False) == self.operand
            return ok, f"{name} is {_shown(value)}"
        if self.operator in ("in", "not_in"):
            assert isinstance(self.operand, tuple)
            inside = value in self.operand
            ok = inside if self.operator == "in" else not inside
            options = ", ".join(_shown(v) for v in self.operand)
            wanted = f"one of {options}" if self.operator == "in" else f"none of {options}"
            return ok, f"{name} is {_shown(value)}" + ("" if ok else f", not {wanted}")
        assert not isinstance(self.operand, tuple)
        equal = value == self.operand
        ok = equal if self.operator == "eq" else not equal
        if ok:
            return True, f"{name} is {_shown(value)}"
        return False, f"{name} is {_shown(value)}, " + (
            f"not {_shown(self.operand)}" if self.operator == "eq" else "which it must not be"
        )


@dataclass(frozen=True, slots=True)
class Condition:
    """Tests that must all hold, plus nested ``all``/``any``/``not`` conditions."""

    tests: tuple[Test, ...] = ()
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()
    none_of: tuple[Condition, ...] = ()

    def holds(self, report: Report) -> tuple[bool, list[str]]:
        """Whether it holds, and the facts that decided it, in words (those that failed, when it fails)."""
        failed: list[str] = []
        held: list[str] = []
        for test in self.tests:
            ok, why = test.holds(report)
            (held if ok else failed).append(why)
        for sub in self.all_of:
            ok, whys = sub.holds(report)
            (held if ok else failed).extend(whys)
        if self.any_of:
            outcomes = [sub.holds(report) for sub in self.any_of]
            if any(ok for ok, _ in outcomes):
                held.extend(next(whys for ok, whys in outcomes if ok))
            else:
                failed.append("none of: " + "; or ".join(", ".join(whys) for _, whys in outcomes))
        for sub in self.none_of:
            ok, whys = sub.holds(report)
            if ok:
                failed.append("must not hold: " + ", ".join(whys))
            else:
                held.extend(whys)
        return (not failed), (failed or held)


def parse_condition(table: Any, where: str) -> Condition:
    if not isinstance(table, Mapping):
        raise PolicyError(f"{where}: a condition must be a table, not {_kind(table)}")
    table = _flattened(table)
    tests: list[Test] = []
    all_of: list[Condition] = []
    any_of: list[Condition] = []
    none_of: list[Condition] = []
    for key, value in table.items():
        if key in ("all", "any"):
            if not isinstance(value, Sequence) or isinstance(value, str) or not value:
                raise PolicyError(f"{where}.{key}: must be a non-empty list of condition tables")
            parsed = [parse_condition(item, f"{where}.{key}[{i}]") for i, item in enumerate(value)]
            (all_of if key == "all" else any_of).extend(parsed)
        elif key == "not":
            none_of.append(parse_condition(value, f"{where}.not"))
        else:
            tests.extend(_parse_tests(key, value, f"{where}.{key}"))
    return Condition(tuple(tests), tuple(all_of), tuple(any_of), tuple(none_of))


def _flattened(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """TOML reads ``c2pa.present = true`` as ``{"c2pa": {"present": true}}``: join such keys back into the
    dotted fact names (a table under a name that is a fact stays an operator table)."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if not prefix and key in ("all", "any", "not"):
            flat[key] = value
        elif isinstance(value, Mapping) and value and all(_below(f"{name}.{k}") for k in value):
            flat.update(_flattened(value, name + "."))
        else:
            flat[name] = value
    return flat


def _below(name: str) -> bool:
    """A fact's name, or the start of one."""
    return any(fact == name or fact.startswith(name + ".") for fact in FACTS)


def _parse_tests(name: str, value: Any, where: str) -> list[Test]:
    fact = FACTS.get(name)
    if fact is None:
        raise PolicyError(f"{where}: unknown fact {name!r} (known: {', '.join(sorted(FACTS))})")
    if isinstance(value, Mapping):
        if not value:
            raise PolicyError(f"{where}: an empty operator table tests nothing")
        return [_operator_test(fact, op, operand, f"{where}.{op}") for op, operand in value.items()]
    if isinstance(value, list):
        return [_operator_test(fact, "in", value, where)]
    return [_operator_test(fact, "eq", value, where)]


def _operator_test(fact: Fact, operator: str, operand: Any, where: str) -> Test:
    if operator not in _OPERATORS:
        raise PolicyError(f"{where}: unknown operator {operator!r} (known: {', '.join(_OPERATORS)})")
    if operator == "exists":
        if not isinstance(operand, bool):
            raise PolicyError(f"{where}: 'exists' takes true or false")
        return Test(fact, operator, operand)
    if operator in ("in", "not_in"):
        if not isinstance(operand, list) or not operand:
            raise PolicyError(f"{where}: {operator!r} takes a non-empty list")
        return Test(fact, operator, tuple(_typed(fact, item, where) for item in operand))
    return Test(fact, operator, _typed(fact, operand, where))


def _typed(fact: Fact, value: Any, where: str) -> Value:
    expected = _PYTHON_TYPE[fact.type]
    if type(value) is not expected:  # bool is an int in Python: compare exact types
        raise PolicyError(f"{where}: {fact.name} is a {fact.type}; {_kind(value)} {value!r} can never match")
    assert isinstance(value, bool | str | int)
    return value


def _kind(value: Any) -> str:
    return {bool: "a boolean", str: "a string", int: "an integer", float: "a number", list: "a list"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _shown(value: Value) -> str:
    if value is None:
        return "absent"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
