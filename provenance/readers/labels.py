"""Declarations the XMP and EXIF/IPTC readers share: AI tool names, Google's credit line, the Chinese
GB 45438-2025 ``AIGC`` label. Pure functions over strings; the readers turn the results into evidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from .._text import clip
from ..models import Origin, Tool
from ..vocab import AI_METADATA_TOOLS, AI_PRODUCTS, product_name, version_in

_GOOGLE_CREDIT: Final = re.compile(r"\s*(made|edited)\s+with\s+google\s+ai\b", re.I)


def ai_tool(raw: str) -> Tool | None:
    """The AI generator a software/tool string names ("Fooocus v2.5.5" -> Fooocus 2.5.5), or None."""
    for pattern, extra in AI_METADATA_TOOLS:
        if pattern.search(raw):
            return Tool(extra, version_in(raw), "metadata", (clip(raw),))
    name = product_name(raw)
    if name is None or name not in AI_PRODUCTS:
        return None
    confirm = AI_PRODUCTS[name]
    if confirm is not None and not confirm.search(raw):
        return None
    return Tool(name, version_in(raw), "metadata", (clip(raw),))


def known_tool(raw: str) -> Tool | None:
    """Any product we know (AI or not) that a software/tool string names, or None."""
    tool = ai_tool(raw)
    if tool is not None:
        return tool
    name = product_name(raw)
    if name is None or name in AI_PRODUCTS:  # an AI product that failed its stricter check above
        return None
    return Tool(name, version_in(raw), "metadata", (clip(raw),))


def google_credit(raw: str) -> tuple[Origin, str] | None:
    """Google's credit line: "Made with Google AI" -> AI-generated, "Edited with Google AI" -> AI-edited."""
    match = _GOOGLE_CREDIT.match(raw)
    if match is None:
        return None
    if match.group(1).lower() == "made":
        return Origin.AI_GENERATED, "Google's credit line for images its AI generated"
    return Origin.AI_EDITED, "Google's credit line for images edited with its generative AI"


@dataclass(frozen=True, slots=True)
class Tc260Label:
    """A GB 45438-2025 implicit label (``AIGC`` metadata JSON), interpreted."""

    label: str
    origin: Origin
    meaning: str
    producer: str | None
    tool: Tool | None


# GB 45438-2025 Annex E: Label 1 = the content IS AI-generated/synthesised (the generating service
# writes it); 2 = it MAY be (a distribution platform found no implicit label but the uploader declared
# it AI-generated); 3 = it is SUSPECTED to be (the platform detected visible labels or other traces).
# 1 and 2 are declarations, 3 is a platform's detection result, so it does not settle the origin.
_TC260_LABELS: Final[dict[str, tuple[Origin, str]]] = {
    "1": (Origin.AI_GENERATED, "declared AI-generated (GB 45438-2025 Label 1: AI-generated/synthesised)"),
    "2": (
        Origin.AI_GENERATED,
        "possibly AI-generated (GB 45438-2025 Label 2: a platform relays the uploader's declaration)",
    ),
    "3": (
        Origin.UNKNOWN,
        "suspected AI-generated (GB 45438-2025 Label 3: a platform's detection, not a declaration)",
    ),
}


def looks_like_tc260(text: str) -> bool:
    """Cheap test before a JSON parse: the label's JSON names its ``Label`` element."""
    return '"Label"' in text and ("AIGC" in text or "ContentProducer" in text)


def tc260_label(text: str) -> Tc260Label | None:
    """The label in ``{"Label": ..., "ContentProducer": ...}`` or ``{"AIGC": {...}}``; None if not JSON."""
    if len(text) > 64 * 1024:
        return None
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("AIGC"), dict):
        data = data["AIGC"]
    if not isinstance(data, dict) or "Label" not in data:
        return None
    label = str(data["Label"]).strip()
    origin, meaning = _TC260_LABELS.get(
        label, (Origin.UNKNOWN, f"GB 45438-2025 AIGC label with unrecognised Label value {label!r}")
    )
    value = data.get("ContentProducer")
    producer = value.strip() if isinstance(value, str) and value.strip() else None
    tool = known_tool(producer) if producer else None
    if producer:
        meaning += f"; content producer {clip(producer, 80)!r}"
    return Tc260Label(label, origin, meaning, producer, tool)
