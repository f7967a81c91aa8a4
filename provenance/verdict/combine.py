"""Many signals -> one honest verdict: the C2PA verdict, with unsigned metadata and watermarks folded in.

A signed C2PA statement that verifies outranks everything else; unsigned metadata and watermarks can
still establish an origin, but the summary says how weak that is. Disagreements are listed in
``conflicts``, never resolved silently. File names are never evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..models import Evidence, Integrity, Origin, Strength, Tool, Verdict
from ..vocab import AI_FILE_NAME, AI_ORIGINS
from . import summary
from .c2pa import C2paAssessment


def _deciding(evidence: Sequence[Evidence], strength: Strength) -> Evidence | None:
    """The item of this strength that decides an origin: AI declarations first (fail toward flagging)."""
    candidates = [e for e in evidence if e.strength is strength and e.origin not in (None, Origin.UNKNOWN)]
    ai = [e for e in candidates if e.origin in AI_ORIGINS]
    ranked = ai or candidates
    return ranked[0] if ranked else None


def _named_tool(evidence: Sequence[Evidence], strength: Strength, origin: Origin) -> Tool | None:
    """A tool named by evidence of the same strength that does not contradict the origin.

    The deciding item may carry no tool (an IPTC source type), while another item of the same file names
    it (xmp:CreatorTool, a generator's text chunk).
    """
    for item in evidence:
        if item.tool is not None and item.strength is strength and item.origin in (None, origin):
            return item.tool
    return None


def conflicts_between(origin: Origin, evidence: Sequence[Evidence]) -> list[str]:
    """Known origins in the evidence that disagree with the verdict's origin on AI or not."""
    found: list[str] = []
    for item in evidence:
        if item.origin in (None, Origin.UNKNOWN) or origin is Origin.UNKNOWN:
            continue
        if (item.origin in AI_ORIGINS) != (origin in AI_ORIGINS):
            found.append(summary.conflict(item, origin))
    return list(dict.fromkeys(found))


def filename_conflict(name: str | None, origin: Origin) -> str | None:
    """A note when the file name suggests an AI tool that nothing in the file declares."""
    if not name or origin in AI_ORIGINS:
        return None
    match = AI_FILE_NAME.search(name)
    return summary.file_name_note(match.group(0)) if match else None


def combine(
    c2pa: C2paAssessment, other_evidence: Sequence[Evidence], *, file_name: str | None = None
) -> tuple[Verdict, tuple[Evidence, ...]]:
    """Fold unsigned metadata and watermark evidence into the C2PA verdict: the final verdict and evidence."""
    evidence = (*c2pa.evidence, *other_evidence)
    verdict = c2pa.verdict
    c2pa_decides = verdict.strength is Strength.SIGNED or (
        verdict.origin is not Origin.UNKNOWN and not any(e.origin in AI_ORIGINS for e in other_evidence)
    )
    if not c2pa_decides:
        verdict = _weaker_signals(c2pa, other_evidence)
    conflicts = conflicts_between(verdict.origin, evidence)
    if verdict.origin in AI_ORIGINS and verdict.integrity is Integrity.TAMPERED:
        conflicts.append(summary.TAMPERED_AI)
    name_note = filename_conflict(file_name, verdict.origin)
    if name_note:
        conflicts.append(name_note)
    if conflicts and verdict.conflicts != tuple(conflicts):
        verdict = replace(verdict, conflicts=tuple(dict.fromkeys((*verdict.conflicts, *conflicts))))
        if not verdict.summary.endswith(summary.DISAGREE):
            verdict = replace(verdict, summary=f"{verdict.summary} {summary.DISAGREE}")
    return verdict, evidence


def _weaker_signals(c2pa: C2paAssessment, other_evidence: Sequence[Evidence]) -> Verdict:
    """The verdict when C2PA does not decide: unsigned metadata first, then watermarks."""
    verdict = c2pa.verdict
    for strength in (Strength.UNSIGNED, Strength.WATERMARK):
        item = _deciding(other_evidence, strength)
        if item is None or item.origin is None:
            continue
        if (
            verdict.origin is not Origin.UNKNOWN
            and item.origin not in AI_ORIGINS
            and verdict.origin not in AI_ORIGINS
        ):
            break  # a failed manifest's non-AI statement stands; weak non-AI metadata adds nothing
        tool = item.tool or _named_tool(other_evidence, strength, item.origin) or verdict.tool
        words = summary.unsigned_summary if strength is Strength.UNSIGNED else summary.watermark_summary
        text = words(item, tool, c2pa.found)
        if c2pa.found:
            text += " C2PA: " + verdict.summary
        return replace(verdict, origin=item.origin, tool=tool, strength=strength, summary=text)
    return verdict
