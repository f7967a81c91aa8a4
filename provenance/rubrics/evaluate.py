"""Evaluating a rubric on crJSON: each expression statement's json-formula expression, its outcome, its
report text; data blocks filled in. A conformance or integrity rubric is evaluated on the whole document,
a local (signals) rubric on each manifest, as the C2PA's own evaluators do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..jsonformula import (
    CustomFunction,
    EvaluationError,
    Expression,
    Json,
    JsonFormulaError,
    Scope,
    UnsupportedError,
)
from .errors import RubricError
from .model import DataBlock, Rubric, RubricReport, Statement, StatementResult
from .text import Context, fill, fill_value, pick

_MAX_NESTING = 64


def evaluate(rubric: Rubric, crjson: Mapping[str, Any], *, language: str = "en") -> RubricReport:
    """``rubric`` on the whole crJSON document (its active manifest is ``manifests[0]``)."""
    return _run(rubric, dict(crjson), language, manifest=None)


def evaluate_manifests(
    rubric: Rubric, crjson: Mapping[str, Any], *, language: str = "en"
) -> tuple[RubricReport, ...]:
    """``rubric`` on each manifest of the document, the active one first (a local rubric's scope)."""
    manifests = crjson.get("manifests")
    if not isinstance(manifests, list):
        return ()
    return tuple(
        _run(rubric, dict(m), language, manifest=str(m.get("label") or f"manifests[{i}]"))
        for i, m in enumerate(manifests)
        if isinstance(m, dict)
    )


def evaluate_any(
    rubric: Rubric, crjson: Mapping[str, Any], *, language: str = "en"
) -> tuple[RubricReport, ...]:
    """Each manifest for a local rubric, the whole document otherwise."""
    if rubric.local:
        return evaluate_manifests(rubric, crjson, language=language)
    return (evaluate(rubric, crjson, language=language),)


def named_functions(expressions: Mapping[str, Expression]) -> dict[str, CustomFunction]:
    """The rubric's named expressions as functions: called with arguments, the first is ``@`` and all of
    them are ``$args`` (``$args[0]`` is the first: the bundled rubrics are written so, although the
    specification's text puts the first argument in ``@`` only); called without, ``@`` and ``$args`` are
    the caller's."""

    def function(expression: Expression) -> CustomFunction:
        def call(args: Sequence[Json], current: Json, scope: Scope) -> Json:
            if scope.depth >= _MAX_NESTING:
                raise EvaluationError(f"named expressions nested deeper than {_MAX_NESTING}")
            if not args:
                return expression.evaluate(current, Scope(scope.globals, scope.functions, scope.depth + 1))
            inner = Scope({**scope.globals, "$args": list(args)}, scope.functions, scope.depth + 1)
            return expression.evaluate(args[0], inner)

        return call

    return {name: function(expression) for name, expression in expressions.items()}


def outcome(value: Json) -> bool:
    """An expression's value as an outcome, as the C2PA's reference evaluator reads it: a non-empty array,
    true, a number above zero, any other non-null value."""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    return value is not None


def _run(rubric: Rubric, root: dict[str, Any], language: str, *, manifest: str | None) -> RubricReport:
    scope = Scope(globals=dict(rubric.variables), functions=named_functions(rubric.expressions))
    profile: dict[str, Json] = {}
    document: dict[str, Json] = {**root, "profile": profile}  # statement results, as @.profile.<id>
    values: dict[str, Json] = {}
    results: list[StatementResult] = []
    data: dict[str, Json] = {}
    for item in rubric.items:
        names = {**rubric.info, **values, "profile": profile}
        if isinstance(item, DataBlock):
            template_doc: dict[str, Json] = {**rubric.info, **document}
            data[item.name] = fill_value(item.value, Context(names, template_doc, scope))
            continue
        result = _statement(rubric, item, document, scope, language, names)
        if item.expression is not None:
            profile[item.id] = values[item.id] = result.value
        results.append(result)
    return RubricReport(
        rubric=rubric.metadata.name,
        version=rubric.metadata.version,
        language=language,
        results=tuple(results),
        data=data,
        manifest=manifest,
    )


def _statement(
    rubric: Rubric,
    statement: Statement,
    document: dict[str, Json],
    scope: Scope,
    language: str,
    names: Mapping[str, Json],
) -> StatementResult:
    fallback = rubric.metadata.language
    context = Context(names, {**rubric.info, **document}, scope)
    title = pick(statement.title, None, language, fallback)
    # The result is built once at the end of each path (dataclasses.replace costs 3x a constructor, and
    # this runs for every statement of every manifest of every signed file).
    base: dict[str, Any] = {
        "id": statement.id,
        "rubric": rubric.metadata.name,
        "version": rubric.metadata.version,
        "matched": statement.matched,
        "title": fill(title, context) if title is not None else None,
    }
    if statement.expression is None:
        text = pick(statement.report_text, None, language, fallback)
        return StatementResult(**base, passed=None, text=fill(text, context) if text is not None else "")
    try:
        value = statement.expression.evaluate(document, scope)
    except UnsupportedError as error:
        raise RubricError(f"rubric {rubric.metadata.name}: statement {statement.id}: {error}") from error
    except JsonFormulaError as error:  # the specification: a value that cannot be evaluated is null
        return StatementResult(**base, passed=None, text="", error=f"{type(error).__name__}: {error}")
    if statement.matched is not None:
        passed = not outcome(value)
        matches: tuple[Json, ...] = tuple(value) if isinstance(value, list) else ()
    else:
        passed, matches = outcome(value), ()
    names = {**names, statement.id: value, "matches": list(matches)}
    text = pick(statement.report_text, passed, language, fallback)
    context = Context(names, context.document, scope)
    return StatementResult(
        **base, passed=passed, value=value, matches=matches, text=fill(text, context) if text else ""
    )
