"""Midjourney downloads: "<prompt> --v 6 Job ID: <uuid>" in the PNG ``Description`` chunk (``Author`` = user
name), or in an IPTC-IIM ``Caption-Abstract`` or EXIF description of a JPEG without XMP."""

from __future__ import annotations

import re

from .common import Finding, Table, get

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_MIDJOURNEY_JOB = re.compile(r"Job ID:\s*" + _UUID + r"\s*$")
_MIDJOURNEY_VERSION = re.compile(r"--(v|version|niji)\s+(\d+(?:\.\d+)?)")
MAX_TEXT = 100_000


def from_text(text: str, keyword: str) -> Finding | None:
    """Midjourney's "<prompt> --v 6 Job ID: <uuid>" in the metadata field ``keyword``, or None."""
    if len(text) > MAX_TEXT:
        return None
    job = _MIDJOURNEY_JOB.search(text)
    if job is None:
        return None
    prompt = text[: job.start()].strip() or None
    versions = _MIDJOURNEY_VERSION.findall(text)
    version = None
    if versions:
        flag, number = versions[-1]
        version = f"niji {number}" if flag == "niji" else number
    return Finding(
        name="Midjourney",
        version=version,
        model=None,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=(keyword,),
        summary=f"{keyword}: ... Job ID: {job.group(0).split(':', 1)[1].strip()}",
    )


def parse(table: Table) -> Finding | None:
    """Midjourney web downloads: ``Description`` = "<prompt> --v 6 Job ID: <uuid>", ``Author`` = user name."""
    text = get(table, "description")
    return None if text is None else from_text(text, table["description"][0])
