"""Report texts: the language asked for from multilingual texts, the outcome's text from an outcome
mapping, and templates (``{{path}}``, ``{{expr "json-formula"}}``) filled in."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..jsonformula import (
    Json,
    JsonFormulaError,
    Scope,
    UnsupportedError,
    compile_expression,
    format_number,
    to_json_text,
)
from .errors import RubricError

_TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_EXPR = re.compile(r'\s*expr\s+"((?:[^"\\]|\\.)*)"\s*', re.DOTALL)
_OUTCOMES = frozenset({"true", "false", "default"})


def pick(text: Json, outcome: bool | None, language: str, fallback: str | None) -> str | None:
    """The text to report: the outcome's entry of an outcome mapping, in ``language`` (then its primary
    subtag, the rubric's language, English, the first given)."""
    if isinstance(text, dict) and text and set(text) <= _OUTCOMES:
        chosen = text.get("true" if outcome else "false") if outcome is not None else None
        text = chosen if chosen is not None else text.get("default")
    if isinstance(text, str):
        return text
    if not isinstance(text, dict) or not text:
        return None
    for tag in (language, language.split("-")[0], fallback, "en"):
        found = text.get(tag) if tag else None
        if isinstance(found, str):
            return found
    first = next(iter(text.values()))
    return first if isinstance(first, str) else None


@dataclass(frozen=True)
class Context:
    """What templates see: ``names`` for ``{{path}}`` (the information block, statement results,
    ``profile``, ``matches``), ``document`` and ``scope`` for ``{{expr "..."}}``."""

    names: Mapping[str, Json]
    document: Json
    scope: Scope


def fill(text: str, context: Context) -> str:
    """``text`` with every template replaced by its value written out."""
    return _TEMPLATE.sub(lambda match: render(_resolve(match.group(1), context)), text)


def fill_value(value: Json, context: Context) -> Json:
    """A data block's value with its templates filled in; a string that is one template alone becomes
    that template's value itself (an object stays an object)."""
    if isinstance(value, str):
        whole = _TEMPLATE.fullmatch(value.strip())
        return _resolve(whole.group(1), context) if whole else fill(value, context)
    if isinstance(value, list):
        return [fill_value(item, context) for item in value]
    if isinstance(value, dict):
        return {key: fill_value(item, context) for key, item in value.items()}
    return value


def render(value: Json) -> str:
    """A value in report text: arrays as a comma-separated list, objects as JSON, null as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(render(item) for item in value)
    return to_json_text(value)


def _resolve(inner: str, context: Context) -> Json:
    expression = _EXPR.fullmatch(inner)
    if expression is not None:
        source = json.loads(f'"{expression.group(1)}"')
        try:
            return compile_expression(source).evaluate(context.document, context.scope)
        except UnsupportedError as error:
            raise RubricError(f"template {{{{{inner.strip()}}}}}: {error}") from error
        except JsonFormulaError:
            return None
    return _lookup(context.names, inner.strip().split("."))


def _lookup(names: Json | Mapping[str, Json], parts: list[str]) -> Json:
    """A dotted path, each step taking the longest key that exists (statement ids may hold dots)."""
    if not parts:
        return dict(names) if isinstance(names, Mapping) else names
    if not isinstance(names, Mapping):
        return None
    for size in range(len(parts), 0, -1):
        key = ".".join(parts[:size])
        if key in names:
            return _lookup(names[key], parts[size:])
    return None
