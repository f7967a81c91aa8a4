"""Declarations the XMP and EXIF/IPTC readers share: AI tool names, Google's credit line, the Chinese
GB 45438-2025 ``AIGC`` label. Pure functions over strings; the readers turn the results into evidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from ..models import Origin, Tool
from ..vocab import product_name, version_in

# Generators vocab.TOOL_PRODUCTS does not know; checked first, so these names win.
_EXTRA_AI: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"draw[\s_]*things", "Draw Things"),
        (r"novel[\s_]*ai", "NovelAI"),
        (r"comfy[\s_]*ui", "ComfyUI"),
        (r"automatic1111|stable[\s_-]*diffusion[\s_-]*web[\s_-]*ui", "AUTOMATIC1111"),
        (r"invoke[\s_]*ai", "InvokeAI"),
        (r"fooocus", "Fooocus"),
        (r"leonardo[\s_.]*ai", "Leonardo.Ai"),
        (r"ideogram", "Ideogram"),
        (r"black[\s_]*forest[\s_]*labs", "Black Forest Labs FLUX"),
        (r"doubao|豆包", "Doubao"),
        (r"jimeng|即梦", "Jimeng"),
        (r"\bkling\b|可灵", "Kling"),
    )
)

# vocab products that are AI generators. Some of vocab's patterns are loose substrings ("imagen" also
# matches "Imagenomic", "titan" matches "Titanium", "bing" matches "Bingham"), so a free-text field has
# to match a stricter pattern as well before it may count as an AI tool.
_AI_PRODUCTS: Final[dict[str, re.Pattern[str] | None]] = {
    "OpenAI DALL·E": re.compile(r"\bdall", re.I),
    "OpenAI Sora": None,
    "OpenAI ChatGPT": None,
    "OpenAI": None,
    "Adobe Firefly": None,
    "Google Imagen / Gemini": re.compile(r"\bimagen\b|gemini|google|nano[\s_]*banana", re.I),
    "Microsoft Bing Image Creator": re.compile(r"\bbing\b|image[\s_]*creator|responsible", re.I),
    "Amazon Titan": re.compile(r"\btitan\b|bedrock|\bnova\b", re.I),
    "Midjourney": None,
    "Stable Diffusion XL": None,
    "Stability AI Stable Diffusion": None,
    "Meta AI": re.compile(r"\bmeta\b", re.I),
}

GOOGLE_AI: Final = "Google Imagen / Gemini"
_GOOGLE_CREDIT: Final = re.compile(r"\s*(made|edited)\s+with\s+google\s+ai\b", re.I)
MAX_RAW: Final = 300


def clip(text: str, limit: int = MAX_RAW) -> str:
    """``text`` trimmed and cut to ``limit`` characters with an ellipsis (evidence excerpts stay short)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def ai_tool(raw: str) -> Tool | None:
    """The AI generator a software/tool string names ("Fooocus v2.5.5" -> Fooocus 2.5.5), or None."""
    for pattern, extra in _EXTRA_AI:
        if pattern.search(raw):
            return Tool(extra, version_in(raw), "metadata", (clip(raw),))
    name = product_name(raw)
    if name is None or name not in _AI_PRODUCTS:
        return None
    confirm = _AI_PRODUCTS[name]
    if confirm is not None and not confirm.search(raw):
        return None
    return Tool(name, version_in(raw), "metadata", (clip(raw),))


def known_tool(raw: str) -> Tool | None:
    """Any product we know (AI or not) that a software/tool string names, or None."""
    tool = ai_tool(raw)
    if tool is not None:
        return tool
    name = product_name(raw)
    if name is None or name in _AI_PRODUCTS:  # an AI product that failed its stricter check above
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
