"""The verdict in words: every sentence a summary is made of, in one place.

Each function turns facts already decided elsewhere into the sentence a moderator reads; nothing here
decides an origin, an integrity or a trust. The sentences about the signature's timestamp and the creator
identities beside the signer are in :mod:`.credential_words`.
"""

from __future__ import annotations

from ..models import Evidence, HistoryStep, Integrity, Origin, StatusCode, Timestamp, Tool, Trust, Verdict
from ..phrasing import ORIGIN_WORDS, actions_text, quoted, signer_name, tool_text
from .credential_words import expired_text, outlived_text

DISAGREE = "Signals disagree: see conflicts."


def codes_text(codes: tuple[StatusCode, ...]) -> str:
    return "; ".join(f"{c.code} ({c.explanation})" if c.explanation else c.code for c in codes)


def _by(tool: Tool | None) -> str:
    """The tool, quoted (names from a file are never our words): the product first, then the string the
    manifest declared when it reads otherwise ("Google C2PA Core Generator Library")."""
    if tool is None:
        return ""
    declared = _declared_otherwise(tool)
    return f" by {quoted(tool_text(tool))}" + (f" (declared {quoted(declared, 60)})" if declared else "")


_C2PA_SOURCES = ("software_agent", "claim_generator_info", "claim_generator")


def _declared_otherwise(tool: Tool) -> str | None:
    """The declared string, when the product's own name (vendor aside) appears nowhere in it."""
    if tool.source not in _C2PA_SOURCES or not tool.raw:
        return None
    raw = tool.raw[0]
    words = [w for w in tool.name.lower().replace("/", " ").split() if len(w) > 2]
    said = raw.lower().replace("_", " ")
    if any(w in said for w in (words[1:] or words)):
        return None
    return raw.split("/")[0].strip() or raw


def _signed_by(signer: str | None, trust: Trust) -> str:
    """The signer, quoted, marked at once when no trust list vouches for its certificate."""
    name = f" signed by {quoted(signer)}" if signer else " signed"
    if trust is Trust.UNTRUSTED:
        return f"{name} (certificate not on a trust list)"
    if trust is Trust.NOT_CHECKED:
        return f"{name} (certificate not checked: no trust list configured, see `provenance trust update`)"
    return name


def _trust_text(trust: Trust, trust_list: str | None) -> str:
    """What the signer's trust means for the statement, after the sentence says it verifies."""
    if trust is Trust.TRUSTED:
        return f"; the signer is trusted ({trust_list} list)"
    if trust is Trust.UNTRUSTED:
        return ", but anyone can make a certificate in any name, so the signer and the tool are unverified"
    return ""


def manifest_summary(
    *,
    origin: Origin,
    tool: Tool | None,
    signer: str | None,
    integrity: Integrity,
    trust: Trust,
    trust_list: str | None,
    deciding: tuple[StatusCode, ...],
    ingredient_problems: list[str],
    chained_to: str | None = None,
    history: tuple[HistoryStep, ...] = (),
    timestamp: Timestamp | None = None,
) -> str:
    """What a C2PA manifest declares and whether it holds, in one sentence (or two) to read aloud.

    ``chained_to``: the trust list a statement that no longer verifies chains to (trust not applicable);
    ``timestamp``: the signature's, which decides what an expired certificate means.
    """
    signed = _signed_by(signer, trust)
    if origin is Origin.UNKNOWN:
        head = f"A C2PA manifest{signed} declares no origin (no digital source type)"
    else:
        head = f"Declared {ORIGIN_WORDS[origin]}{_by(tool)}, in a C2PA manifest{signed}"
    if integrity is Integrity.INTACT:
        text = f"{head}; it verifies{_trust_text(trust, trust_list)}.{outlived_text(timestamp)}"
    elif integrity is Integrity.CREDENTIAL_EXPIRED:
        text = f"{head}. {expired_text(timestamp)} ({codes_text(deciding)}){_trust_text(trust, trust_list)}."
    elif integrity is Integrity.CREDENTIAL_INVALID:
        text = (
            f"{head}, but the signing certificate is not valid for C2PA ({codes_text(deciding)}); "
            "the statement cannot be relied on."
        )
    elif integrity is Integrity.TAMPERED:
        text = (
            f"{head}, but it NO LONGER VERIFIES: the file or its manifest changed after signing "
            f"({codes_text(deciding)})."
        )
    else:
        text = f"{head}, but the manifest is malformed ({codes_text(deciding) or 'validation failed'})."
    if len(history) > 1:
        text += " " + history_text(history)
    if ingredient_problems:
        text += " An ingredient's credential did not validate: " + "; ".join(ingredient_problems[:3]) + "."
    if chained_to is not None:
        text += (
            f" Its certificate chains to the {chained_to} trust list, but that does not make the statement "
            "trusted: a real signature can be copied onto other content."
        )
    return text


def _at(url: str | None) -> str:
    return f"at {quoted(url, 300)}" if url else "at an unreadable address"


# What a step's own origin adds to its verbs ("created (AI-generated)"); a capture reads "captured".
_STEP_ORIGIN = {
    Origin.AI_GENERATED: " (AI-generated)",
    Origin.AI_EDITED: " with AI",
    Origin.SYNTHETIC: " (synthetic)",
}


def history_text(history: tuple[HistoryStep, ...], limit: int = 4) -> str:
    """``History: captured with "Truepic Lens 1.5", then opened and edited in "Adobe Photoshop 24.2".``"""
    steps = []
    for index, step in enumerate(history[-limit:] if len(history) > limit else history):
        verbs = actions_text(step.actions) if step.actions else "made"
        if step.origin is Origin.CAPTURED:
            verbs = verbs.replace("created", "captured").replace("made", "captured")
        verbs += _STEP_ORIGIN.get(step.origin, "")
        where = " with " if index == 0 and len(history) <= limit else " in "
        steps.append(verbs + (f"{where}{quoted(tool_text(step.tool))}" if step.tool is not None else ""))
    earlier = f"{len(history) - limit} earlier steps, then " if len(history) > limit else ""
    return f"History: {earlier}{', then '.join(steps)}."


def remote_not_fetched(url: str | None) -> str:
    return (
        f"The file points to a remote C2PA manifest {_at(url)}, not fetched (offline by default; "
        "use --allow-network to fetch and verify it). Origin unknown."
    )


def remote_fetch_failed(url: str | None, error: str) -> str:
    reason = error.split("could not fetch", 1)[-1].strip(" :") or error
    return (
        f"The file points to a remote C2PA manifest {_at(url)}, which could not be fetched "
        f"({reason}). Origin unknown."
    )


def xmp_pointer_not_fetched(url: str) -> str:
    return (
        f"The file's XMP points to a remote C2PA manifest {_at(url)}, not fetched (offline by "
        "default; use --allow-network). Origin unknown from C2PA."
    )


UNSUPPORTED = (
    "No provenance could be checked: the C2PA SDK does not read this kind of file. "
    "Unknown does not mean 'not AI'."
)
LONE_FRAGMENT = (
    "A media fragment of a fragmented MP4 (DASH, HLS), read without its init segment: a fragment carries "
    "no manifest of its own; the init segment's manifest covers it. Inspect the init segment with its "
    "fragments (NAME_init.mp4 beside NAME*.m4s, or --fragment). Unknown does not mean 'not AI'."
)
NOT_SIGNED = (
    "No provenance declared: the file carries no C2PA manifest. This does not mean it is not AI-generated."
)


def unreadable_c2pa(error: str | None) -> str:
    return f"The file carries C2PA data that could not be read ({error}). Origin unknown."


def could_not_inspect(message: str) -> str:
    return f"Could not inspect this file: {message}. Nothing is known about its origin."


def unsigned_summary(item: Evidence, tool: Tool | None, has_manifest: bool) -> str:
    """An origin that rests on unsigned metadata, with how weak that is."""
    where = f"{item.source} {item.field}"
    origin = ORIGIN_WORDS[item.origin or Origin.UNKNOWN]
    if item.source == "c2pa":  # a C2PA 2.x gathered assertion
        return (
            f"Declared {origin}{_by(tool)} in a gathered assertion of the C2PA manifest ({item.field}): "
            "carried in the signed manifest but not attested by its signer, so it weighs as unsigned "
            "metadata."
        )
    text = f"Declared {origin}{_by(tool)} in unsigned metadata ({where})"
    text += ": anyone can write or strip such metadata, so it could be forged."
    if not has_manifest:
        text += " No C2PA manifest is present."
    return text


def watermark_summary(item: Evidence, tool: Tool | None, has_manifest: bool) -> str:
    """An origin that rests on an invisible watermark found in the pixels."""
    text = (
        f"An invisible watermark{_by(tool)} was detected ({item.raw}): pixel evidence of AI "
        "generation; the pattern is public, so it could be forged."
    )
    if not has_manifest:
        text += " No C2PA manifest and no metadata declare an origin."
    return text


def file_name_note(word: str) -> str:
    return (
        f"The file name mentions '{word}', but file names are not evidence: nothing in the file "
        "declares AI generation."
    )


def conflict(item: Evidence, origin: Origin) -> str:
    return (
        f"{item.source} {item.field} says {item.origin.value if item.origin else '?'} "
        f"({item.strength.value}), but the verdict rests on {origin.value}"
    )


TAMPERED_AI = "The manifest that declares AI no longer verifies: its hash or signature does not match."


def unvouched_claim(manifest: Verdict) -> str:
    """The conflict when an AI declaration outranks a signed claim no trust list vouches for."""
    name = signer_name(manifest.signer)
    by = f" signed by {quoted(name)}" if name else ""
    how = "is on no configured trust list" if manifest.trust is Trust.UNTRUSTED else "was not checked"
    return (
        f"The C2PA manifest{by} declares {manifest.origin.value}, but its certificate {how}: a claim that "
        "cannot be trusted does not outrank a declaration of AI."
    )


def metadata_only(note: str) -> str:
    """A web audit's --metadata-only: the C2PA statement was not checked either way."""
    return (
        f"C2PA not checked: {note}. The origin rests on the metadata read from those bytes only; "
        "unknown does not mean 'not AI'."
    )
