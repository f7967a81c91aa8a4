"""Many signals -> one honest verdict: pure functions, no I/O.

A signed C2PA statement that verifies outranks everything else; unsigned metadata and watermarks can
still establish an origin, but the summary says how weak that is. Disagreements are listed in
``conflicts``, never resolved silently. File names are never evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .models import Evidence, Integrity, Origin, Strength, Tool, Verdict
from .verdict import ORIGIN_WORDS
from .vocab import AI_FILE_NAME

AI = frozenset({Origin.AI_GENERATED, Origin.AI_EDITED})
# The order in which evidence decides the origin (the Strength enum lists them strongest first).
RANK = (Strength.SIGNED, Strength.UNSIGNED, Strength.WATERMARK)


@dataclass(frozen=True, slots=True)
class Merged:
    verdict: Verdict
    evidence: tuple[Evidence, ...]


def _deciding(evidence: Sequence[Evidence], strength: Strength) -> Evidence | None:
    """The item of this strength that decides an origin: AI declarations first (fail toward flagging)."""
    candidates = [e for e in evidence if e.strength is strength and e.origin not in (None, Origin.UNKNOWN)]
    ai = [e for e in candidates if e.origin in AI]
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


def _is_ai(origin: Origin | None) -> bool:
    return origin in AI


def conflicts_between(origin: Origin, evidence: Sequence[Evidence]) -> list[str]:
    """Known origins in the evidence that disagree with the verdict's origin on AI or not."""
    found: list[str] = []
    for item in evidence:
        if item.origin in (None, Origin.UNKNOWN) or origin is Origin.UNKNOWN:
            continue
        if _is_ai(item.origin) != _is_ai(origin):
            found.append(
                f"{item.source} {item.field} says {item.origin.value if item.origin else '?'} "
                f"({item.strength.value}), but the verdict rests on {origin.value}"
            )
    return list(dict.fromkeys(found))


def filename_conflict(name: str | None, origin: Origin) -> str | None:
    """A note when the file name suggests an AI tool that nothing in the file declares."""
    if not name or origin in AI:
        return None
    match = AI_FILE_NAME.search(name)
    if not match:
        return None
    return (
        f"The file name mentions '{match.group(0)}', but file names are not evidence: nothing in the file "
        "declares AI generation."
    )


def _tool_words(tool: Tool | None) -> str:
    return f" by {tool.name}" + (f" {tool.version}" if tool.version else "") if tool else ""


def _unsigned_summary(item: Evidence, tool: Tool | None, has_manifest: bool) -> str:
    where = f"{item.source} {item.field}"
    origin = ORIGIN_WORDS[item.origin or Origin.UNKNOWN]
    text = f"Declared {origin}{_tool_words(tool)} in unsigned metadata ({where})"
    text += ": anyone can write or strip such metadata, so it could be forged."
    if not has_manifest:
        text += " No C2PA manifest is present."
    return text


def _watermark_summary(item: Evidence, tool: Tool | None, has_manifest: bool) -> str:
    text = (
        f"An invisible watermark{_tool_words(tool)} was detected ({item.raw}): pixel evidence of AI "
        "generation; the pattern is public, so it could be forged."
    )
    if not has_manifest:
        text += " No C2PA manifest and no metadata declare an origin."
    return text


def merge(
    c2pa_verdict: Verdict,
    c2pa_evidence: Sequence[Evidence],
    other_evidence: Sequence[Evidence],
    *,
    file_name: str | None = None,
    remote_urls: Iterable[str] = (),
) -> Merged:
    """Fold unsigned metadata and watermark evidence into the C2PA verdict."""
    evidence = (*c2pa_evidence, *other_evidence)
    verdict = c2pa_verdict
    has_manifest = c2pa_verdict.integrity not in (
        Integrity.NOT_SIGNED,
        Integrity.UNSUPPORTED,
        Integrity.NOT_CHECKED,
    )
    urls = tuple(remote_urls)
    if verdict.integrity is Integrity.NOT_SIGNED and urls:
        verdict = replace(
            verdict,
            integrity=Integrity.REMOTE_UNVERIFIED,
            summary=(
                f"The file's XMP points to a remote C2PA manifest at {urls[0]}, not fetched (offline by "
                "default; use --allow-network). Origin unknown from C2PA."
            ),
        )
    c2pa_decides = verdict.strength is Strength.SIGNED or (
        verdict.origin is not Origin.UNKNOWN and not any(e.origin in AI for e in other_evidence)
    )
    if not c2pa_decides:
        for strength in (Strength.UNSIGNED, Strength.WATERMARK):
            item = _deciding(other_evidence, strength)
            if item is None or item.origin is None:
                continue
            if (
                verdict.origin is not Origin.UNKNOWN
                and not _is_ai(item.origin)
                and not _is_ai(verdict.origin)
            ):
                break  # a failed manifest's non-AI statement stands; weak non-AI metadata adds nothing
            tool = item.tool or _named_tool(other_evidence, strength, item.origin) or verdict.tool
            summary = (_unsigned_summary if strength is Strength.UNSIGNED else _watermark_summary)(
                item, tool, has_manifest
            )
            if has_manifest:
                summary += " C2PA: " + c2pa_verdict.summary
            verdict = replace(verdict, origin=item.origin, tool=tool, strength=strength, summary=summary)
            break
    conflicts = conflicts_between(verdict.origin, evidence)
    if verdict.origin in AI and verdict.integrity is Integrity.TAMPERED:
        conflicts.append(
            "The manifest that declares AI no longer verifies: its hash or signature does not match."
        )
    name_note = filename_conflict(file_name, verdict.origin)
    if name_note:
        conflicts.append(name_note)
    if conflicts and verdict.conflicts != tuple(conflicts):
        verdict = replace(verdict, conflicts=tuple(dict.fromkeys((*verdict.conflicts, *conflicts))))
        if not verdict.summary.endswith("Signals disagree: see conflicts."):
            verdict = replace(verdict, summary=verdict.summary + " Signals disagree: see conflicts.")
    return Merged(verdict, evidence)
