"""The facts a policy rule can test: named, typed values read from a report.

A rule never reaches into the report's JSON by path: it names a fact from this table, so that a policy
file keeps its meaning when the report's shape grows, and an unknown name is an error, not a silent
"absent". Each fact says what it means in one line (``provenance policy facts`` lists them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..models import Evidence, Integrity, Report, Strength, TimestampStatus, Trust

FactType = Literal["bool", "str", "int"]
Value = bool | str | int | None

# Integrity values of a manifest whose content and signature still hold.
_VERIFYING = frozenset({Integrity.INTACT, Integrity.CREDENTIAL_EXPIRED})
_AI = frozenset({"ai_generated", "ai_edited"})
_LABEL = re.compile(r'"(?:Label|aigc_label_type)"\s*:\s*"?(\d+)')
_IPTC_AI_FIELDS = frozenset(
    {
        "Iptc4xmpExt:AISystemUsed",
        "Iptc4xmpExt:AISystemVersionUsed",
        "Iptc4xmpExt:AIPromptInformation",
        "Iptc4xmpExt:AIPromptWriterName",
    }
)


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: FactType
    meaning: str
    read: Callable[[Report], Value]


def _c2pa_present(report: Report) -> bool:
    return report.c2pa is not None and report.c2pa.present


def _c2pa_evidence(report: Report) -> list[Evidence]:
    return [item for item in report.evidence if item.source == "c2pa"]


def _source_type_in_action(report: Report) -> bool:
    """A manifest's action declares a digital source type (``c2pa.actions/<action>/digitalSourceType``)."""
    return any(
        item.field.startswith("c2pa.actions") and item.field.endswith("digitalSourceType")
        for item in _c2pa_evidence(report)
    )


def _tc260_items(report: Report) -> list[Evidence]:
    return [item for item in report.evidence if item.field.startswith("TC260:") or item.field == "AIGC"]


def _tc260_label(report: Report) -> str | None:
    """The GB 45438-2025 ``Label`` value of the file's implicit label (XMP, PNG text chunk, EXIF)."""
    for item in report.evidence:
        if item.field in ("AIGC", "TC260:AIGC", "TC260:Label") or "aigc_label_type" in item.raw:
            match = _LABEL.search(item.raw)
            if match:
                return match.group(1)
            if item.field == "TC260:Label":
                return item.raw.strip()
    return None


def _tc260_field(name: str) -> Callable[[Report], Value]:
    def read(report: Report) -> Value:
        return any(item.field == f"TC260:{name}" and item.raw.strip() for item in report.evidence)

    return read


def _timestamp(report: Report) -> bool:
    signer = report.verdict.signer
    return signer is not None and signer.timestamp is not None


def _timestamp_trusted(report: Report) -> bool:
    signer = report.verdict.signer
    stamp = signer.timestamp if signer is not None else None
    return stamp is not None and stamp.status is TimestampStatus.TRUSTED


def _verifies(report: Report) -> bool:
    return _c2pa_present(report) and report.verdict.integrity in _VERIFYING


def _signed_ai(report: Report) -> bool:
    return report.verdict.strength is Strength.SIGNED and report.verdict.origin.value in _AI


def _metadata_ai(report: Report) -> bool:
    unsigned = (e for e in report.evidence if e.strength is Strength.UNSIGNED)
    return any(e.origin is not None and e.origin.value in _AI for e in unsigned)


def _match_origin(report: Report) -> str | None:
    original = report.matches[0].original if report.matches else None
    return original.origin.value if original is not None else None


def _ran(name: str) -> Callable[[Report], Value]:
    return lambda report: any(check.name == name and check.ran for check in report.checks)


def _has_field(*names: str) -> Callable[[Report], Value]:
    return lambda report: any(item.field in names for item in report.evidence)


_TABLE: tuple[tuple[str, FactType, str, Callable[[Report], Value]], ...] = (
    ("origin", "str", "the verdict's origin (ai_generated, ai_edited, captured, ...)",
     lambda r: r.verdict.origin.value),
    ("ai", "bool", "the verdict's origin is ai_generated or ai_edited",
     lambda r: r.verdict.origin.value in _AI),
    ("integrity", "str", "the verdict's integrity (intact, tampered, not_signed, ...)",
     lambda r: r.verdict.integrity.value),
    ("trust", "str", "the verdict's trust (trusted, untrusted, not_checked, not_applicable)",
     lambda r: r.verdict.trust.value),
    ("trust_list", "str", "the trust list the signer chains to, when trusted",
     lambda r: r.verdict.trust_list),
    ("strength", "str", "what the origin rests on (signed, unsigned, watermark, none)",
     lambda r: r.verdict.strength.value),
    ("error", "bool", "the file could not be inspected (the report has an error)",
     lambda r: r.error is not None),
    ("c2pa.present", "bool", "the file carries (or points to) a C2PA manifest", _c2pa_present),
    ("c2pa.verifies", "bool", "a C2PA manifest whose content hashes and signature still hold", _verifies),
    ("c2pa.trusted", "bool", "the signer of a verifying manifest is on a trust list",
     lambda r: r.verdict.trust is Trust.TRUSTED),
    ("c2pa.signed_ai", "bool", "a verifying signed manifest declares the AI origin", _signed_ai),
    ("c2pa.source_type", "bool", "a manifest's action (created, opened...) declares a digital source type",
     _source_type_in_action),
    ("c2pa.soft_binding", "bool", "the manifest declares a soft binding (watermark, fingerprint)",
     lambda r: bool(r.c2pa and r.c2pa.soft_bindings)),
    ("timestamp", "bool", "the signature carries an RFC 3161 time-stamp", _timestamp),
    ("timestamp.trusted", "bool", "its time-stamp authority is on a trust list (timeStamp.trusted)",
     _timestamp_trusted),
    ("watermark.checked", "bool", "the pixels were checked for invisible watermarks (--deep)",
     _ran("watermark")),
    ("watermark.detected", "bool", "an invisible watermark was detected in the pixels (--deep)",
     lambda r: any(w.detected for w in r.watermarks)),
    ("metadata.ai", "bool", "unsigned metadata (XMP, IPTC, EXIF, text chunks) declares AI", _metadata_ai),
    ("iptc.source_type", "bool", "XMP carries IPTC Iptc4xmpExt:DigitalSourceType",
     _has_field("Iptc4xmpExt:DigitalSourceType")),
    ("iptc.ai_fields", "bool", "XMP carries IPTC 2025.1 AI fields (AISystemUsed, ...)",
     _has_field(*_IPTC_AI_FIELDS)),
    ("generator", "bool", "an AI generator's parameters are in the metadata (ComfyUI, ...)",
     lambda r: bool(r.generators)),
    ("tc260.label", "str", "the GB 45438-2025 implicit label's Label value ('1': AI-generated)",
     _tc260_label),
    ("tc260.present", "bool", "the file carries a GB 45438-2025 implicit label",
     lambda r: bool(_tc260_items(r))),
    ("tc260.producer", "bool", "the label names the ContentProducer", _tc260_field("ContentProducer")),
    ("tc260.produce_id", "bool", "the label carries the ProduceID", _tc260_field("ProduceID")),
    ("tc260.propagator", "bool", "the label names the ContentPropagator", _tc260_field("ContentPropagator")),
    ("tc260.propagate_id", "bool", "the label carries the PropagateID", _tc260_field("PropagateID")),
    ("fingerprint.matched", "bool",
     "the file resembles one in a manifest repository (--index, --resolve): a lead, not its own statement",
     lambda r: bool(r.matches)),
    ("fingerprint.match_origin", "str", "what the best match's credentials said of its origin (--index)",
     _match_origin),
    ("soft_binding.fits", "bool", "a soft binding the manifest declares (io.iscc.v0) fits the file's pixels",
     lambda r: r.fingerprints is not None and any(c.matches for c in r.fingerprints.soft_bindings)),
)  # fmt: skip

FACTS: dict[str, Fact] = {name: Fact(name, kind, meaning, read) for name, kind, meaning, read in _TABLE}
