"""Midjourney web downloads: ``Description`` = "<prompt> --v 6 Job ID: <uuid>", ``Author`` = user name."""

from __future__ import annotations

import re

from .common import Finding, Table, get

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_MIDJOURNEY_JOB = re.compile(r"Job ID:\s*" + _UUID + r"\s*$")
_MIDJOURNEY_VERSION = re.compile(r"--(v|version|niji)\s+(\d+(?:\.\d+)?)")


def parse(table: Table) -> Finding | None:
    """Midjourney web downloads: ``Description`` = "<prompt> --v 6 Job ID: <uuid>", ``Author`` = user name."""
    text = get(table, "description")
    if text is None or len(text) > 100_000:
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
        keywords=(table["description"][0],),
        summary=f"Description: ... Job ID: {job.group(0).split(':', 1)[1].strip()}",
    )
