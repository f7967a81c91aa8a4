"""provenance: what a media file declares about its own origin, and whether that still verifies."""

from __future__ import annotations

from ._pipeline import Source, inspect
from .errors import ProvenanceError, SourceError, TrustConfigError, TrustUpdateError
from .models import (
    SCHEMA_VERSION,
    C2paInfo,
    Check,
    Evidence,
    Ingredient,
    Integrity,
    Origin,
    Report,
    ReportError,
    Signer,
    SoftBinding,
    SourceInfo,
    StatusCode,
    Strength,
    Tool,
    Trust,
    Verdict,
)
from .options import InspectOptions
from .trust import TrustSettings, load_trust_settings

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "C2paInfo",
    "Check",
    "Evidence",
    "Ingredient",
    "InspectOptions",
    "Integrity",
    "Origin",
    "ProvenanceError",
    "Report",
    "ReportError",
    "Signer",
    "SoftBinding",
    "Source",
    "SourceError",
    "SourceInfo",
    "StatusCode",
    "Strength",
    "Tool",
    "Trust",
    "TrustConfigError",
    "TrustSettings",
    "TrustUpdateError",
    "Verdict",
    "__version__",
    "inspect",
    "load_trust_settings",
]
