"""Asset rubrics as loaded (information block, statements, data blocks) and their evaluation results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..jsonformula import Expression, Json


@dataclass(frozen=True)
class Metadata:
    """The ``rubric_metadata`` mapping of a rubric's information block."""

    name: str
    issuer: str
    date: str
    version: str
    language: str | None = None


@dataclass(frozen=True)
class Statement:
    """An expression statement (with ``expression``) or an information statement (without).

    ``report_text`` and ``title`` are as written: a string, a language -> text mapping, or (report text
    only) an outcome mapping keyed "true" / "false" whose values are either. ``matched``: "fail" for
    ``failIfMatched`` (a match is a failure), "warn" for ``warnIfMatched``, None otherwise.
    """

    id: str
    expression: Expression | None
    report_text: Json = None
    title: Json = None
    description: Json = None
    matched: str | None = None


@dataclass(frozen=True)
class DataBlock:
    """A ``block`` of the report: ``value`` with its templates filled in at evaluation."""

    name: str
    value: Json


@dataclass(frozen=True)
class Rubric:
    """A rubric with its includes resolved. ``info`` is the merged information block (every mapping of it,
    for templates); ``variables`` the ``$name`` globals; ``expressions`` the named ``_name`` expressions."""

    metadata: Metadata
    info: Mapping[str, Json]
    variables: Mapping[str, Json]
    expressions: Mapping[str, Expression]
    items: tuple[Statement | DataBlock, ...]
    source: str

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(item for item in self.items if isinstance(item, Statement))

    @property
    def local(self) -> bool:
        """Whether the rubric is evaluated on each manifest rather than on the whole crJSON document: the
        signal rubrics, whose statement ids all start with ``inception:`` or ``transformation:``."""
        ids = [s.id for s in self.statements if s.expression is not None]
        return bool(ids) and all(i.startswith(("inception:", "transformation:")) for i in ids)


@dataclass(frozen=True)
class StatementResult:
    """One statement evaluated: ``value`` is the expression's output (None when it could not be
    evaluated, with ``error`` saying why); ``passed`` its outcome (None for an information statement);
    ``matches`` what a fail/warn-if-matched statement matched; ``text`` the report text in the language
    asked for, templates filled in."""

    id: str
    rubric: str
    version: str
    passed: bool | None
    text: str
    value: Json = None
    matches: tuple[Json, ...] = ()
    matched: str | None = None
    error: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class RubricReport:
    """A rubric evaluated on a crJSON document (or, for a local rubric, on one of its manifests)."""

    rubric: str
    version: str
    language: str
    results: tuple[StatementResult, ...]
    data: Mapping[str, Json] = field(default_factory=dict)
    manifest: str | None = None  # the manifest label, for a local rubric

    def result(self, statement_id: str) -> StatementResult | None:
        return next((r for r in self.results if r.id == statement_id), None)

    @property
    def passed(self) -> tuple[str, ...]:
        """The ids of the expression statements whose outcome is true."""
        return tuple(r.id for r in self.results if r.passed)
