"""The C2PA's own reading of a file with a manifest, for its report (schema 1.5): the bundled signals and
integrity rubrics evaluated on its crJSON, the Conforming Products List's word on its signer, and the
rubrics the caller asked for (``--rubric``), statement by statement, as report types.

The bundled rubrics are loaded once per process (:func:`~.bundled.load_bundled`); a file costs the
evaluation alone (median 0.5 ms on the shared corpus, ``benchmarks/rubric_cost.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..conforming.cache import ProductList, products_in_force
from ..conforming.report import conforming_part
from ..models import (
    C2paManifestSignals,
    C2paSignal,
    C2paSignals,
    Check,
    ConformingProduct,
    RubricResult,
    RubricStatement,
)
from ..trust import TrustSettings
from .bundled import INTEGRITY, load_bundled
from .evaluate import evaluate, evaluate_any
from .model import Rubric, RubricReport
from .signals import SignalsReport, official_signals


@dataclass(frozen=True, slots=True)
class OfficialReading:
    """The report's parts made from a file's crJSON; ``checks`` says what could not be evaluated."""

    signals: C2paSignals | None = None
    product: ConformingProduct | None = None
    rubrics: tuple[RubricResult, ...] = ()
    checks: tuple[Check, ...] = ()


def rubric_result(report: RubricReport) -> RubricResult:
    """An evaluated rubric as the report's type: each statement's outcome and text (not its value)."""
    return RubricResult(
        rubric=report.rubric,
        version=report.version,
        language=report.language,
        manifest=report.manifest,
        statements=tuple(
            RubricStatement(r.id, r.passed, r.text, r.title, r.matched, r.error) for r in report.results
        ),
    )


def signals_part(found: SignalsReport, integrity: RubricReport | None) -> C2paSignals:
    """The official signals of every manifest (the active one first) as the report's type."""
    active = found.active
    claimed = active.signals if active is not None else ()
    return C2paSignals(
        rubric=found.rubric,
        version=found.version,
        manifest=active.label if active is not None else None,
        signals=tuple(C2paSignal(s.id, s.kind, s.statement, s.text) for s in claimed),
        other_manifests=tuple(C2paManifestSignals(m.label, m.ids) for m in found.manifests[1:]),
        integrity=rubric_result(integrity) if integrity is not None else None,
        errors=found.errors,
    )


def official_reading(
    crjson: Mapping[str, Any],
    *,
    trust: TrustSettings,
    rubrics: Sequence[Rubric] = (),
    language: str = "en",
    products: ProductList | None = None,
) -> OfficialReading:
    """The official signals, integrity statements and conforming product of a file's crJSON (read with
    ``trust``, whose cache, when in force, also holds the products list), and ``rubrics`` evaluated with
    report texts in ``language``. A rubric that cannot be evaluated costs its part and a failed check,
    never the report."""
    signals: C2paSignals | None = None
    product: ConformingProduct | None = None
    checks: list[Check] = []
    try:
        found = official_signals(crjson)  # the bundled rubrics are written in English only
        signals = signals_part(found, evaluate(load_bundled(INTEGRITY), crjson))
        claimed = found.active.ids if found.active is not None else ()
        product = conforming_part(crjson, claimed, products or products_in_force(trust))
    except Exception as error:  # a rubric or interpreter bug must not lose the file's report
        checks.append(Check("c2pa_signals", False, f"failed: {type(error).__name__}: {error}"))
    results: list[RubricResult] = []
    for rubric in rubrics:
        try:
            results.extend(rubric_result(r) for r in evaluate_any(rubric, crjson, language=language))
        except Exception as error:
            checks.append(Check(f"rubric {rubric.metadata.name}", False, f"failed: {error}"))
    return OfficialReading(signals, product, tuple(results), tuple(checks))
