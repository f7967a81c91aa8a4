"""provenance: what a media file declares about its own origin, and whether that still verifies.

>>> import provenance
>>> report = provenance.inspect("fixtures/media/ai_generated.jpg")  # a path, bytes or a binary stream
>>> report.verdict.origin, report.verdict.strength
(<Origin.AI_GENERATED: 'ai_generated'>, <Strength.SIGNED: 'signed'>)
>>> report.verdict.tool.name
'Example Diffusion'
>>> report.to_json().startswith('{"schema_version":')  # the versioned JSON report
True
>>> "properties" in provenance.report_schema.report_schema()  # and its JSON Schema
True

The public API is what this module exports (``__all__``): :func:`inspect`, the :class:`Report` and every
type it holds, :class:`InspectOptions`, the trust settings, the errors and the versions. Everything else
(modules whose names start with ``_``, and the packages ``containers``, ``readers``, ``verdict``, ``cli``,
``formats``, ``serve``) is internal and may change between releases; ``provenance.audit.partition.
inspect_partition`` is the documented entry point for Dask and Spark jobs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._pipeline import Source, inspect, inspect_object
    from ._version import sdk_version
    from .errors import MissingExtraError, ProvenanceError, SourceError, TrustConfigError, TrustUpdateError
    from .models import (
        SCHEMA_VERSION,
        C2paInfo,
        C2paManifestSignals,
        C2paSignal,
        C2paSignals,
        Check,
        ConformingProduct,
        ErrorKind,
        Evidence,
        FingerprintMatch,
        Fingerprints,
        FingerprintValue,
        Fragments,
        Generator,
        HistoryStep,
        HttpSource,
        Identity,
        IdentityState,
        Ingredient,
        Integrity,
        MatchDistance,
        MatchedOriginal,
        Origin,
        PolicyResult,
        ProductConformance,
        Report,
        ReportError,
        RubricResult,
        RubricStatement,
        RuleResult,
        RuleStatus,
        Severity,
        Signer,
        SoftBinding,
        SoftBindingCheck,
        SourceInfo,
        StatusCode,
        StatusScope,
        StoredCredentials,
        Strength,
        Timestamp,
        TimestampStatus,
        Tool,
        Trust,
        Verdict,
        VerifiedIdentity,
        Watermark,
    )
    from .options import InspectOptions
    from .trust import TrustList, TrustSettings, load_trust_settings

    __version__: str

# The modules that hold the public names, lightest first. A name is imported on first use (PEP 562), so
# ``import provenance`` and ``import provenance.models`` or ``provenance.verdict`` load nothing they do not
# need (no Pillow, no SDK).
_HOMES = (".models", ".errors", ".options", ".trust", "._version", "._pipeline")


# Submodules named in the documentation, reachable as attributes after ``import provenance`` alone.
_SUBMODULES = frozenset({"report_schema", "policy", "audit", "formats"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "__version__":  # read from the package metadata on first use
        from ._version import package_version

        return package_version()
    if name in __all__:
        for home in _HOMES:
            module = importlib.import_module(home, __name__)
            if hasattr(module, name):
                value = getattr(module, name)
                globals()[name] = value
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "SCHEMA_VERSION",
    "C2paInfo",
    "C2paManifestSignals",
    "C2paSignal",
    "C2paSignals",
    "Check",
    "ConformingProduct",
    "ErrorKind",
    "Evidence",
    "FingerprintMatch",
    "FingerprintValue",
    "Fingerprints",
    "Fragments",
    "Generator",
    "HistoryStep",
    "HttpSource",
    "Identity",
    "IdentityState",
    "Ingredient",
    "InspectOptions",
    "Integrity",
    "MatchDistance",
    "MatchedOriginal",
    "MissingExtraError",
    "Origin",
    "PolicyResult",
    "ProductConformance",
    "ProvenanceError",
    "Report",
    "ReportError",
    "RubricResult",
    "RubricStatement",
    "RuleResult",
    "RuleStatus",
    "Severity",
    "Signer",
    "SoftBinding",
    "SoftBindingCheck",
    "Source",
    "SourceError",
    "SourceInfo",
    "StatusCode",
    "StatusScope",
    "StoredCredentials",
    "Strength",
    "Timestamp",
    "TimestampStatus",
    "Tool",
    "Trust",
    "TrustConfigError",
    "TrustList",
    "TrustSettings",
    "TrustUpdateError",
    "Verdict",
    "VerifiedIdentity",
    "Watermark",
    "__version__",
    "inspect",
    "inspect_object",
    "load_trust_settings",
    "sdk_version",
]
