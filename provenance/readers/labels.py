"""Declarations the metadata readers share: AI tool names, Google's credit line, the Chinese GB 45438-2025
``AIGC`` label (XMP, EXIF UserComment, a PNG text chunk), OpenAI's EXIF marks. Pure functions over
strings; the readers turn the results into evidence.
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
    """A GB 45438-2025 implicit label (``AIGC`` metadata JSON), interpreted.

    ``details`` holds the label's other elements that are present, each as (evidence field, value, meaning),
    for the readers to show as informational evidence beside the deciding item.
    """

    label: str
    origin: Origin | None
    meaning: str
    producer: str | None
    tool: Tool | None
    details: tuple[tuple[str, str, str], ...] = ()


# GB 45438-2025 Annex E: Label 1 = the content IS AI-generated/synthesised (the generating service
# writes it); 2 = it MAY be (a distribution platform found no implicit label but the uploader declared
# it AI-generated); 3 = it is SUSPECTED to be (the platform detected visible labels or other traces).
# 1 and 2 are declarations, 3 is a platform's detection result, so it does not settle the origin.
_TC260_LABELS: Final[dict[str, tuple[Origin | None, str]]] = {
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
# The snake_case shape Chinese apps write into EXIF UserComment (``{"aigc_info": {"aigc_label_type": 1,
# "content_producer": ...}}``): type 1 declares AI generation; 0 means no AI label was set, which says
# nothing about origin; any other value is not read as a declaration (fail closed to unknown).
_LABEL_TYPES: Final[dict[str, tuple[Origin | None, str]]] = {
    "1": (Origin.AI_GENERATED, "declared AI-generated (AIGC label, aigc_label_type 1)"),
    "0": (None, "AIGC label with aigc_label_type 0: no AI label set (says nothing about origin)"),
}
# The label's other elements (keys compared lower-cased without "_"), shown as informational evidence.
_TC260_DETAILS: Final[tuple[tuple[str, str, str], ...]] = (
    ("contentproducer", "ContentProducer", "the service that generated or synthesised the content"),
    ("produceid", "ProduceID", "the content producer's identifier for this content"),
    ("contentpropagator", "ContentPropagator", "the platform that distributed the content"),
    ("propagateid", "PropagateID", "the content propagator's identifier for this content"),
    (
        "reservedcode1",
        "ReservedCode1",
        "reserved for the producer (e.g. a signature over the label; not checked)",
    ),
    (
        "reservedcode2",
        "ReservedCode2",
        "reserved for the propagator (e.g. a signature over the label; not checked)",
    ),
)


def looks_like_tc260(text: str) -> bool:
    """Cheap test before a JSON parse: the label's JSON names its ``Label`` element (or label type)."""
    return ('"Label"' in text and ("AIGC" in text or "ContentProducer" in text)) or "aigc_label_type" in text


def _squeezed(data: dict[Any, Any]) -> dict[str, Any]:
    """Keys lower-cased without "_" and "-": ``ContentProducer`` and ``content_producer`` read the same."""
    return {str(key).lower().replace("_", "").replace("-", ""): value for key, value in data.items()}


def _scalar(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def tc260_label(text: str) -> Tc260Label | None:
    """The label in ``{"Label": ..., "ContentProducer": ...}``, ``{"AIGC": {...}}`` or ``{"aigc_info":
    {"aigc_label_type": ...}}`` (the inner object may be JSON text); None if it is none of those."""
    if len(text) > 64 * 1024:
        return None
    try:
        data: Any = json.loads(text)
        if not isinstance(data, dict):
            return None
        keys = _squeezed(data)
        inner = keys.get("aigc", keys.get("aigcinfo"))
        if isinstance(inner, str) and inner.lstrip().startswith("{"):
            inner = json.loads(inner)
    except (ValueError, RecursionError):
        return None
    if isinstance(inner, dict):
        keys = _squeezed(inner)
    if "label" in keys:
        label = str(keys["label"]).strip()
        origin, meaning = _TC260_LABELS.get(
            label, (Origin.UNKNOWN, f"GB 45438-2025 AIGC label with unrecognised Label value {label!r}")
        )
    elif "aigclabeltype" in keys:
        label = str(keys["aigclabeltype"]).strip()
        origin, meaning = _LABEL_TYPES.get(
            label, (Origin.UNKNOWN, f"AIGC label with unrecognised aigc_label_type {clip(label, 40)!r}")
        )
    else:
        return None
    producer = _scalar(keys.get("contentproducer"))
    tool = known_tool(producer) if producer else None
    if producer:
        meaning += f"; content producer {clip(producer, 80)!r}"
    details = tuple(
        (f"TC260:{name}", clip(value, 200), f"GB 45438-2025 {name}: {words} (informational)")
        for key, name, words in _TC260_DETAILS
        if (value := _scalar(keys.get(key))) is not None
    )
    return Tc260Label(label, origin, meaning, producer, tool, details)


_OPENAI_LABS: Final = re.compile(r"\s*made\s+with\s+openai\s+labs\b", re.I)
_OPENAI_MAKER_NOTE: Final = "OpenAI--ImageGeneration--"


def openai_mark(text: str) -> tuple[str, Tool] | None:
    """OpenAI's marks on DALL·E output in EXIF: UserComment "Made with OpenAI Labs" (DALL·E 2's web app)
    and a MakerNote text "OpenAI--ImageGeneration--...": (meaning, tool), or None."""
    if _OPENAI_LABS.match(text):
        return "OpenAI Labs' mark on the images DALL·E 2 made", Tool(
            "OpenAI DALL·E", None, "metadata", (clip(text),)
        )
    if text.startswith(_OPENAI_MAKER_NOTE):
        name = product_name(text[len(_OPENAI_MAKER_NOTE) :]) or "OpenAI"
        tool = Tool(name if name in AI_PRODUCTS else "OpenAI", None, "metadata", (clip(text),))
        return "OpenAI's image-generation mark in the EXIF MakerNote", tool
    return None
