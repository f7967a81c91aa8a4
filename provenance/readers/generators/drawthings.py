"""Draw Things (iOS/macOS): an XMP packet with ``xmp:CreatorTool`` "Draw Things", its settings as JSON in
``exif:UserComment`` (``c`` = prompt, ``model``, ``seed``...) and an A1111-like ``dc:description``.

Only packets that contain the bytes "Draw Things" are looked at, so the cost elsewhere is one substring
search. The two values are pulled out with narrow patterns rather than a full XMP parse: this reader
needs only them, and the XMP reader owns general XMP.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .a1111 import settings_pairs
from .common import Finding, JsonProblem, load_object, text_of

MAX_PACKET = 2 * 1024 * 1024
_CREATOR = re.compile(
    r"<xmp:CreatorTool>\s*([^<]{1,128}?)\s*</xmp:CreatorTool>|xmp:CreatorTool=[\"']([^\"']{1,128})"
)
# Values are XML-escaped, so "[^<]*" reaches the closing tag without backtracking over the packet.
_ALT_LI = r"\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)</rdf:li>"
_USER_COMMENT = re.compile(r"<exif:UserComment>" + _ALT_LI)
_DESCRIPTION = re.compile(r"<dc:description>" + _ALT_LI)


def parse_drawthings(packet: bytes, problems: list[str]) -> Finding | None:
    """A Draw Things finding from one XMP packet, or None when Draw Things did not write it."""
    if b"Draw Things" not in packet or len(packet) > MAX_PACKET:
        return None
    text = packet.decode("utf-8", errors="replace")
    creator = _CREATOR.search(text)
    tool = (creator.group(1) or creator.group(2)) if creator else ""
    if not tool.startswith("Draw Things"):
        return None
    version = tool[len("Draw Things") :].strip(" v") or None
    settings: dict[str, Any] = {}
    if (comment := _USER_COMMENT.search(text)) is not None:
        try:
            settings = load_object(html.unescape(comment.group(1)).strip(), "XMP exif:UserComment")
        except JsonProblem as exc:
            problems.append(str(exc))
    model = text_of(settings.get("model"))
    prompt = text_of(settings.get("c"), 100_000)
    if (description := _DESCRIPTION.search(text)) is not None:
        lines = html.unescape(description.group(1)).strip().split("\n")
        if model is None and lines:
            model = settings_pairs(lines[-1]).get("Model") or None
        if prompt is None and len(lines) > 1 and lines[0].strip():
            prompt = lines[0].strip()
    return Finding(
        name="Draw Things",
        version=version,
        model=model,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=("xmp:CreatorTool", "exif:UserComment") if settings else ("xmp:CreatorTool",),
        summary=f"xmp:CreatorTool={tool}" + (f"; model {model}" if model else ""),
    )
