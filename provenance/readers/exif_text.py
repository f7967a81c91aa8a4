"""Text out of EXIF and IPTC-IIM values: UserComment's charset prefix, ComfyUI's JSON-in-Make/Model,
IIM records, and keeping prompts out of evidence excerpts.
"""

from __future__ import annotations

import codecs
import json
import re
import struct
from typing import Final

MAX_IIM_RECORDS: Final = 2000

# IIM (IPTC 7901) application record 2 datasets we report, by dataset number.
IIM_FIELDS: Final[dict[int, str]] = {
    5: "IPTC:ObjectName",
    80: "IPTC:By-line",
    110: "IPTC:Credit",
    120: "IPTC:Caption-Abstract",
}

_COMFYUI: Final = re.compile(r"\s*(prompt|workflow)\s*:\s*(\{.*)", re.IGNORECASE | re.DOTALL)


def _text(data: bytes) -> str:
    """UTF-8 when it decodes as such, else latin-1 (which always does)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_text(value: object) -> str | None:
    """An ASCII-typed EXIF value as clean text: Pillow gives str, or bytes for mistyped tags."""
    if isinstance(value, bytes):
        value = _text(value)
    if not isinstance(value, str):
        return None
    return value.strip("\x00").strip() or None


def _utf16(body: bytes) -> str:
    """UNICODE UserComment: the spec says the TIFF byte order, but AUTOMATIC1111 (piexif) always writes
    big-endian and others little-endian, so a BOM, else where the zero bytes of ASCII text sit, decides.
    """
    if body[:2] in (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE):
        return body.decode("utf-16", "replace")
    sample = body[:512]
    little = sample[1::2].count(0) > sample[0::2].count(0)
    return body[: len(body) & ~1].decode("utf-16-le" if little else "utf-16-be", "replace")


def user_comment(value: object) -> str | None:
    """A UserComment's text. Standard form: an 8-byte charset code then the text; Fooocus writes a plain
    ASCII-typed string instead (which Pillow hands back as str).
    """
    if isinstance(value, str):
        return value.strip("\x00").strip() or None
    if not isinstance(value, bytes):
        return None
    code, body = value[:8], value[8:]
    if code == b"ASCII\x00\x00\x00" or code == b"\x00" * 8:
        text = _text(body)
    elif code == b"UNICODE\x00":
        text = _utf16(body)
    elif code == b"JIS\x00\x00\x00\x00\x00":
        text = body.decode("shift_jis", "replace")
    else:
        text = _text(value)
    return text.strip("\x00").strip() or None


def ifd_bytes(tiff: bytes, offset: object, tag: int, limit: int | None = None) -> bytes | None:
    """One byte-typed tag (BYTE, ASCII or UNDEFINED) of the IFD at ``offset``, read straight from the TIFF
    structure; with ``limit``, only its first ``limit`` bytes. Pillow's ``get_ifd`` decodes every tag of the
    Exif IFD (MakerNote too), about ten times the cost, when only UserComment is wanted.
    """
    if not isinstance(offset, int) or tiff[:2] not in (b"II", b"MM") or offset + 2 > len(tiff):
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    for entry in range(offset + 2, min(offset + 2 + 12 * count, len(tiff) - 11), 12):
        found, kind, size = struct.unpack_from(order + "HHI", tiff, entry)
        if found != tag:
            continue
        if kind not in (1, 2, 7):
            return None
        if size <= 4:
            return tiff[entry + 8 : entry + 8 + size]
        (start,) = struct.unpack_from(order + "I", tiff, entry + 8)
        if start + size > len(tiff):
            return None
        return tiff[start : start + (size if limit is None else min(size, limit))]
    return None


def comfyui_parts(texts: dict[int, str | None]) -> dict[str, str]:
    """ComfyUI's EXIF: ``"prompt:" + JSON`` in Model, ``"workflow:" + JSON`` in Make (then lower tags)."""
    parts: dict[str, str] = {}
    for text in texts.values():
        match = _COMFYUI.match(text or "")
        if match:
            parts.setdefault(match.group(1).lower(), match.group(2))
    return parts


def redact(text: str) -> str:
    """An excerpt that cannot leak a prompt: JSON shows only its keys; text naming a prompt is withheld."""
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            keys = ", ".join(str(key) for key in list(data)[:12])
            return f"JSON object with keys: {keys} (values hidden; they may hold a prompt)"
    if "prompt" in text.lower():
        return f"{len(text)} characters hidden (may hold a prompt)"
    return text


def iim_fields(data: bytes) -> list[tuple[str, str]]:
    """(field, text) of the record-2 datasets we report. Each record: 0x1C, record, dataset, 2-byte length
    (or, with the top bit set, the size of a longer length field, bounded to 4 bytes here).
    """
    found: list[tuple[str, str]] = []
    pos = len(data) - len(data.lstrip(b"\x00"))
    for _ in range(MAX_IIM_RECORDS):
        if pos + 5 > len(data) or data[pos] != 0x1C:
            break
        record, dataset = data[pos + 1], data[pos + 2]
        (length,) = struct.unpack_from(">H", data, pos + 3)
        pos += 5
        if length & 0x8000:
            width = length & 0x7FFF
            if width > 4 or pos + width > len(data):
                break
            length = int.from_bytes(data[pos : pos + width], "big")
            pos += width
        if pos + length > len(data):
            break
        if record == 2 and dataset in IIM_FIELDS:
            text = _text(data[pos : pos + length]).strip("\x00").strip()
            if text:
                found.append((IIM_FIELDS[dataset], text))
        pos += length
    return found
