"""Many signals -> one honest verdict: the C2PA verdict, with unsigned metadata and watermarks folded in.

A signed C2PA statement that verifies outranks everything else; unsigned metadata and watermarks can
still establish an origin, but the summary says how weak that is. Disagreements are listed in
``conflicts``, never resolved silently. File names are never evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..models import Evidence, Integrity, Origin, Strength, Tool, Trust, Verdict
from ..vocab import AI_FILE_NAME, AI_ORIGINS
from . import summary
from .assessment import C2paAssessment
from .declarations import CREATE_ACTIONS, OPEN_ACTIONS


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


def speaks_for_the_whole(item: Evidence) -> bool:
    """Whether an item declares what the whole content is. A digital source type on an edit action only
    describes that edit (Gemini's "Added visible watermark" is ``composite``): it never contradicts the
    creation, AI or not."""
    if item.source != "c2pa" or not item.field.startswith("c2pa.actions/"):
        return True
    return item.field.split("/")[1] in (*CREATE_ACTIONS, *OPEN_ACTIONS)


def conflicts_between(origin: Origin, evidence: Sequence[Evidence]) -> list[str]:
    """Declarations of the whole content that disagree with the verdict's origin on AI or not.

    What contradicts (README, "The verdict"): a creation, capture or source-type claim, signed or not, on
    the other side of AI-or-not from the verdict. What does not: an edit after a creation (AI or not), a
    watermark or soft-binding declaration (it names no origin), informational metadata.
    """
    found: list[str] = []
    for item in evidence:
        if (
            item.origin in (None, Origin.UNKNOWN)
            or origin is Origin.UNKNOWN
            or not speaks_for_the_whole(item)
        ):
            continue
        if (item.origin in AI_ORIGINS) != (origin in AI_ORIGINS):
            found.append(summary.conflict(item, origin))
    return list(dict.fromkeys(found))


def filename_conflict(name: str | None, origin: Origin, evidence: Sequence[Evidence]) -> str | None:
    """A note when the file name suggests an AI tool that nothing in the file declares."""
    if not name or origin in AI_ORIGINS or any(e.origin in AI_ORIGINS for e in evidence):
        return None
    match = AI_FILE_NAME.search(name)
    return summary.file_name_note(match.group(0)) if match else None


def combine(
    c2pa: C2paAssessment, other_evidence: Sequence[Evidence], *, file_name: str | None = None
) -> tuple[Verdict, tuple[Evidence, ...]]:
    """Fold unsigned metadata and watermark evidence into the C2PA verdict: the final verdict and evidence.

    A signed statement decides, except that a non-AI claim no trust list vouches for (``untrusted`` or
    ``not_checked``) never hides a declaration of AI: anyone can sign "camera" over a generated image.
    """
    evidence = (*c2pa.evidence, *other_evidence)
    manifest = c2pa.verdict
    other_ai = any(e.origin in AI_ORIGINS for e in other_evidence)
    unvouched = manifest.trust is not Trust.TRUSTED and manifest.origin not in AI_ORIGINS
    laundering = manifest.strength is Strength.SIGNED and other_ai and unvouched
    if (manifest.strength is Strength.SIGNED and not laundering) or (
        manifest.origin is not Origin.UNKNOWN and not other_ai
    ):
        verdict = manifest
    else:
        verdict = _weaker_signals(c2pa, other_evidence)
    considered = [e for e in evidence if not (laundering and e.source == "c2pa")]
    conflicts = conflicts_between(verdict.origin, considered)
    if laundering:
        conflicts.insert(0, summary.unvouched_claim(manifest))
    if manifest.origin in AI_ORIGINS and manifest.integrity is Integrity.TAMPERED:
        conflicts.append(summary.TAMPERED_AI)
    name_note = filename_conflict(file_name, verdict.origin, evidence)
    if name_note:
        conflicts.append(name_note)
    if conflicts:
        verdict = replace(verdict, conflicts=tuple(dict.fromkeys(conflicts)))
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
        # The manifest's tool only when the manifest says the same: its claim generator is no AI tool.
        fallback = verdict.tool if verdict.origin is item.origin else None
        tool = item.tool or _named_tool(other_evidence, strength, item.origin) or fallback
        words = summary.unsigned_summary if strength is Strength.UNSIGNED else summary.watermark_summary
        text = words(item, tool, c2pa.found)
        if c2pa.found:
            text += " C2PA: " + verdict.summary
        return replace(verdict, origin=item.origin, tool=tool, strength=strength, summary=text)
    return verdict
