"""How tools, signers and origins are named in words: the panel, the CSV, the HTML report and the verdict's
sentences all use these, so a product reads the same everywhere."""

from __future__ import annotations

from typing import Final

from ._text import clip_line
from .models import Origin, Signer, Tool

# What a digital source type of each origin class declares, as an evidence item explains it.
SOURCE_TYPE_WORDS: Final[dict[Origin, str]] = {
    Origin.AI_GENERATED: "declares the content was made by generative AI",
    Origin.AI_EDITED: "declares the content combines AI-generated elements with other material",
    Origin.SYNTHETIC: "declares the content was made by an algorithm without a trained model",
    Origin.CAPTURED: "declares the content was captured from the real world",
    Origin.HUMAN_MADE: "declares the content was made or edited by people",
    Origin.UNKNOWN: "an unrecognised digital source type; no origin inferred",
}


# C2PA actions in words, for the edit history ("opened and edited"); others read "changed".
ACTION_WORDS: Final[dict[str, str]] = {
    "c2pa.created": "created",
    "c2pa.opened": "opened",
    "c2pa.edited": "edited",
    "c2pa.edited.metadata": "edited its metadata",
    "c2pa.cropped": "cropped",
    "c2pa.resized": "resized",
    "c2pa.orientation": "rotated",
    "c2pa.color_adjustments": "colour-adjusted",
    "c2pa.filtered": "filtered",
    "c2pa.drawing": "drawn on",
    "c2pa.placed": "had content placed",
    "c2pa.removed": "had content removed",
    "c2pa.redacted": "redacted",
    "c2pa.watermarked": "watermarked",
    "c2pa.transcoded": "transcoded",
    "c2pa.repackaged": "repackaged",
    "c2pa.converted": "converted",
    "c2pa.published": "published",
    "c2pa.translated": "translated",
    "c2pa.dubbed": "dubbed",
    "c2pa.enhanced": "enhanced",
}


def actions_text(actions: tuple[str, ...], limit: int = 3) -> str:
    """``opened, cropped and edited``: the actions in words, each once, creating or opening first, at most
    ``limit`` of them; actions we have no words for read "changed" when nothing else is said."""
    starts = [a for a in actions if a in ("c2pa.created", "c2pa.opened")]
    words = list(dict.fromkeys(ACTION_WORDS[a] for a in (*starts, *actions) if a in ACTION_WORDS))
    if not words:
        return "changed"
    if len(words) > limit:
        words = [*words[: limit - 1], f"{len(words) - limit + 1} more changes"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def name_and_version(name: str, version: str | None) -> str:
    """``Adobe Firefly 1.0``; the name alone when there is no version (or no name)."""
    return f"{name} {version}" if name and version else name


def tool_text(tool: Tool | None) -> str:
    """``Adobe Firefly 1.0``: the tool's name and its version when declared; empty when no tool is named."""
    return name_and_version(tool.name, tool.version) if tool is not None else ""


def signer_text(signer: Signer | None) -> str:
    """``organization / common name`` (once when they are the same), ``(no subject)`` when the certificate
    names neither, empty when there is no signer."""
    if signer is None:
        return ""
    parts = [p for p in (signer.organization, signer.common_name) if p]
    return " / ".join(dict.fromkeys(parts)) or "(no subject)"


def quoted(name: str, limit: int = 80) -> str:
    """A name taken from a file, in double quotes, so that it cannot pass for our own words in a sentence:
    white space folded to one line, cut to ``limit`` characters, its quotes, backslashes and unprintable
    characters escaped (``Leica"; it verifies`` stays inside the quotes)."""
    text = clip_line(name, limit).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text) + '"'


def signer_name(signer: Signer | None) -> str | None:
    """The one name a sentence gives the signer: its organisation, else its common name."""
    if signer is None:
        return None
    return signer.organization or signer.common_name
