"""The C2PA Asset Rubrics: YAML statements whose json-formula expressions classify a file's crJSON
(official provenance signals, integrity, conformance to a specification and program version).

``report = evaluate(load_rubric("integrity"), read_crjson(path))``; ``official_signals(crjson)`` for the
signals of each manifest. Rubrics load from a file (includes resolved) or by bundled name
(:func:`bundled_names`); the bundled ones are a dated snapshot (:data:`SNAPSHOT`, :data:`ATTRIBUTION`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .bundled import ATTRIBUTION, INTEGRITY, SIGNALS, SNAPSHOT, bundled_names, load_bundled, load_rubric
from .errors import RubricError
from .evaluate import evaluate, evaluate_any, evaluate_manifests, named_functions, outcome
from .model import DataBlock, Metadata, Rubric, RubricReport, Statement, StatementResult
from .signals import (
    INCEPTION,
    TRANSFORMATION,
    ManifestSignals,
    Signal,
    SignalsReport,
    official_signals,
    signal_id,
)

if TYPE_CHECKING:
    from .load import parse_text

__all__ = [
    "ATTRIBUTION",
    "INCEPTION",
    "INTEGRITY",
    "SIGNALS",
    "SNAPSHOT",
    "TRANSFORMATION",
    "DataBlock",
    "ManifestSignals",
    "Metadata",
    "Rubric",
    "RubricError",
    "RubricReport",
    "Signal",
    "SignalsReport",
    "Statement",
    "StatementResult",
    "bundled_names",
    "evaluate",
    "evaluate_any",
    "evaluate_manifests",
    "load_bundled",
    "load_rubric",
    "named_functions",
    "official_signals",
    "outcome",
    "parse_text",
    "signal_id",
]


def __getattr__(name: str) -> Any:
    """``parse_text`` on first use: the YAML parser loads only for a rubric that is not cached."""
    if name == "parse_text":
        from .load import parse_text

        return parse_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
