"""Typed audit records: a report's JSON line with the flat, typed row every other output and counter reads.

A worker makes both from the typed :class:`~provenance.models.Report` it has in hand, so the parent never
parses a report again: JSON Lines write :attr:`AuditRecord.json`; CSV, Parquet, the line view, the HTML
report, the summary counters and ``--fail-on`` read :attr:`AuditRecord.row`. :data:`COLUMNS` documents the
row, which is also the CSV's column set (same names, same order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, NamedTuple, get_args, get_type_hints

from ..models import ConformingProduct, Identity, Report, RuleResult, RuleStatus
from ..phrasing import signer_text

COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("path", "The file's path as given to the audit."),
    ("size", "Size in bytes."),
    ("modified", "Last modification time, ISO 8601 UTC to the second."),
    ("media_type", "Media type sniffed from the file's bytes, e.g. image/jpeg."),
    ("origin", "What the file declares: ai_generated, ai_edited, synthetic, captured, human_made, unknown."),
    ("tool", "The product that made or changed the content, normalised (e.g. Adobe Firefly)."),
    ("tool_version", "That product's version, when declared."),
    ("signer", "The C2PA signing certificate's organization / common name."),
    ("signing_time", "The signing time the signature's timestamp states, when it has one (see `timestamp`)."),
    (
        "timestamp",
        "The signature's RFC 3161 timestamp: trusted (its authority is on a trust list), untrusted (the time "
        "is only claimed), invalid, not_checked; empty when it has none.",
    ),
    ("integrity", "Whether the signed statement still verifies: intact, tampered, not_signed, ..."),
    ("trust", "Whether the signer chains to a trust list: trusted, untrusted, not_checked, not_applicable."),
    ("trust_list", "The trust list the signer was checked against."),
    (
        "identities",
        "CAWG creator identities bound to the manifest, as 'name (method, state, trust ...)', joined by "
        "'; '.",
    ),
    ("strength", "The kind of evidence the origin rests on: signed, unsigned, watermark, none."),
    ("c2pa", "Where a C2PA manifest was found: embedded, remote, or empty for none."),
    (
        "c2pa_signals",
        "The official C2PA signals (C2PA Asset Rubrics 1.0) the active manifest claims, e.g. "
        "'fullyGenAIMedia; ambiguousActions', joined by '; '.",
    ),
    (
        "conforming_product",
        "The C2PA Conforming Products List's word on the signer: 'conforming: Pixel Camera (Google LLC)', "
        "'not_listed', 'version_below_minimum: ...'; empty without a manifest.",
    ),
    (
        "rubric_failed",
        "With --rubric: the statements of those rubrics the file fails (warnings aside), as 'rubric: "
        "statement', joined by '; '.",
    ),
    ("generators", "AI generators named by unsigned metadata (PNG text, EXIF, XMP), joined by '; '."),
    ("generator_models", "Model names those generators recorded, joined by '; '."),
    ("watermark", "Invisible watermarks detected in the pixels (--deep) like 'dwtDct SDXL', joined by '; '."),
    (
        "match",
        "With --index or --resolve: the file it most resembles (fingerprint evidence, a lead, not this "
        "file's statement), as 'path (distances)', e.g. 'a.jpg (io.iscc.v0 2/64, pdq 10/256)'.",
    ),
    (
        "match_origin",
        "What that file's credentials said of its origin when it was indexed, e.g. ai_generated.",
    ),
    ("status_codes", "C2PA validation status codes from the SDK, joined by '; '."),
    ("conflicts", "How many disagreements between signals the verdict noted."),
    ("conflict_details", "Those disagreements in words, joined by ' | '."),
    ("summary", "The verdict in one sentence or two."),
    (
        "policy_results",
        "With --policy: each rule's outcome as 'policy/rule=status' (passed, failed, not_applicable, "
        "not_checked), joined by '; '. The CSV also gives each rule a column of its own.",
    ),
    ("policy_failed", "The rules the file fails, as 'policy/rule', joined by '; '."),
    ("policy_errors", "How many failed rules have severity error (--fail-on policy matches when > 0)."),
    ("error_kind", "Why the file could not be read (not_found, permission_denied, ...), or empty."),
    ("error_message", "The error in words."),
    ("schema_version", "The report schema version the row was made from."),
)


class ReportRow(NamedTuple):
    """A report flattened to one value per :data:`COLUMNS` entry: text ("" when missing) but two counts.

    Lists are joined with ``"; "`` in their order, duplicates dropped, except ``conflict_details``, whose
    sentences are joined with ``" | "``. A named tuple: immutable, and made at the cost of a tuple (a
    frozen dataclass sets its 34 fields one by one, a cost the worker and the parent paid per file).
    """

    path: str
    size: int | None
    modified: str
    media_type: str
    origin: str
    tool: str
    tool_version: str
    signer: str
    signing_time: str
    timestamp: str
    integrity: str
    trust: str
    trust_list: str
    identities: str
    strength: str
    c2pa: str
    c2pa_signals: str
    conforming_product: str
    rubric_failed: str
    generators: str
    generator_models: str
    watermark: str
    match: str
    match_origin: str
    status_codes: str
    conflicts: int
    conflict_details: str
    summary: str
    policy_results: str
    policy_failed: str
    policy_errors: int
    error_kind: str
    error_message: str
    schema_version: str

    def values(self) -> tuple[Any, ...]:
        """The values in :data:`COLUMNS` order."""
        return tuple(self)

    def cells(self) -> list[str]:
        """The values as text, in :data:`COLUMNS` order (a missing size is an empty cell)."""
        return ["" if value is None else str(value) for value in self]


ROW_FIELDS: Final = ReportRow._fields
# The columns that hold counts (the rest is text), for typed outputs (Parquet).
INTEGER_COLUMNS: Final = frozenset(
    name for name, kind in get_type_hints(ReportRow).items() if kind is int or int in get_args(kind)
)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One file's record: its JSON report (one line), its row, and its HTML thumbnail when asked for;
    ``extra``: what the pool's ``after_inspect`` hook computed in the worker (``index add``), else None."""

    json: str
    row: ReportRow
    thumbnail: str | None = None
    extra: Any = None

    def to_wire(self) -> tuple[str, tuple[Any, ...], str | None, Any]:
        """Plain data for a pipe: a tuple pickles several times faster than the dataclass."""
        return self.json, self.row.values(), self.thumbnail, self.extra

    @classmethod
    def from_wire(cls, data: tuple[str, tuple[Any, ...], str | None, Any]) -> AuditRecord:
        line, row, thumbnail, extra = data
        return cls(line, ReportRow._make(row), thumbnail, extra)


def record_of(report: Report, thumbnail: str | None = None, extra: Any = None) -> AuditRecord:
    return AuditRecord(report.to_json(), row_of(report), thumbnail, extra)


def _joined(values: Any, sep: str = "; ") -> str:
    return sep.join(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def _modified(value: float | None) -> str:
    if value is None:
        return ""
    try:
        stamp = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return repr(value)
    return stamp.isoformat(timespec="seconds").replace("+00:00", "Z")


def _failed(result: RuleResult) -> bool:
    return result.status is RuleStatus.FAILED


def _product(product: ConformingProduct | None) -> str:
    """``conforming: Pixel Camera (Google LLC)``; the status alone for a signer the list does not have."""
    if product is None:
        return ""
    if product.product is None:
        return product.status.value
    applicant = f" ({product.applicant})" if product.applicant else ""
    return f"{product.status.value}: {product.product}{applicant}"


def _match(report: Report) -> str:
    if not report.matches:
        return ""
    best = report.matches[0]
    distances = ", ".join(f"{d.alg} {d.distance}/{d.bits}" for d in best.distances)
    return f"{best.path or best.manifest_id or best.source} ({distances or best.kind})"


def _match_origin(report: Report) -> str:
    original = report.matches[0].original if report.matches else None
    return original.origin.value if original is not None else ""


def _identity(identity: Identity) -> str:
    """``WDR (x509, valid, trust trusted)``."""
    return f"{identity.name or '?'} ({identity.method}, {identity.state.value}, trust {identity.trust.value})"


def row_of(report: Report) -> ReportRow:
    """The report's row (see :data:`COLUMNS`)."""
    source, verdict, c2pa, error = report.source, report.verdict, report.c2pa, report.error
    tool, signer = verdict.tool, verdict.signer
    where = "" if c2pa is None or not c2pa.present else "embedded" if c2pa.embedded else "remote"
    marks = (f"{w.scheme} {w.variant}".strip() for w in report.watermarks if w.detected)
    rules = [(f"{p.policy}/{r.rule}", r) for p in report.policies for r in p.rules]
    generators, identities, watermarks = report.generators, report.identities, report.watermarks
    return ReportRow(
        path=source.path or "",
        size=source.size,
        modified=_modified(source.modified),
        media_type=source.media_type or "",
        origin=verdict.origin.value,
        tool=tool.name if tool else "",
        tool_version=(tool.version or "") if tool else "",
        signer=signer_text(signer),
        signing_time=(signer.signing_time or "") if signer else "",
        timestamp=signer.timestamp.status.value if signer and signer.timestamp else "",
        integrity=verdict.integrity.value,
        trust=verdict.trust.value,
        trust_list=verdict.trust_list or "",
        identities=_joined(_identity(i) for i in identities) if identities else "",
        strength=verdict.strength.value,
        c2pa=where,
        c2pa_signals=_joined(s.id for s in report.c2pa_signals.signals) if report.c2pa_signals else "",
        conforming_product=_product(report.conforming_product),
        rubric_failed=_joined(
            f"{r.rubric}: {st.id}"
            for r in report.rubrics
            for st in r.statements
            if st.passed is False and st.matched != "warn"
        )
        if report.rubrics
        else "",
        generators=_joined(g.name for g in generators) if generators else "",
        generator_models=_joined(g.model for g in generators) if generators else "",
        watermark=_joined(marks) if watermarks else "",
        match=_match(report),
        match_origin=_match_origin(report),
        status_codes=_joined(c.code for c in verdict.status_codes) if verdict.status_codes else "",
        conflicts=len(verdict.conflicts),
        conflict_details=_joined(verdict.conflicts, " | ") if verdict.conflicts else "",
        summary=verdict.summary,
        policy_results=_joined(f"{key}={r.status.value}" for key, r in rules) if rules else "",
        policy_failed=_joined(key for key, r in rules if _failed(r)) if rules else "",
        policy_errors=sum(1 for _, r in rules if _failed(r) and r.severity == "error"),
        error_kind=str(error.kind) if error else "",
        error_message=error.message if error else "",
        schema_version=report.schema_version,
    )
