"""``audit --crjson-dir DIR``: each file's crJSON (its C2PA manifest store as the C2PA SDK writes it, the
input of the asset rubrics) in a side folder, at a path made from the file's own.

``/archive/2024/a.jpg`` -> ``DIR/archive/2024/a.jpg.crjson.json``; ``photos/a.jpg`` ->
``DIR/photos/a.jpg.crjson.json``; ``s3://bucket/key.jpg`` -> ``DIR/s3/bucket/key.jpg.crjson.json``. A
``..`` in a path is written ``%2E%2E``, so nothing lands outside the folder. Written by the worker that
inspected the file, from the read its record was made from.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .._official import capture_crjson
from ..models import Check, Report

SUFFIX = ".crjson.json"


def crjson_file(folder: Path, source: str) -> Path:
    """Where the crJSON of the file known as ``source`` (a path or a URL) is written under ``folder``."""
    from .sources import is_url  # not at the top: audit workers import this module, most never need it

    if is_url(source):
        url = urlsplit(source)
        parts = [url.scheme, url.netloc, *url.path.split("/")]
    else:
        parts = list(PurePosixPath(source.replace(os.sep, "/")).parts)
    kept = ["%2E%2E" if part == ".." else part for part in parts if part not in ("", ".", "/")]
    if not kept:
        kept = ["unnamed"]
    return folder.joinpath(*kept[:-1], kept[-1] + SUFFIX)


def write_crjson(folder: Path, source: str, document: Mapping[str, Any]) -> Path:
    """Write ``document`` (indented JSON, UTF-8) for the file ``source``; OSError when it cannot be."""
    target = crjson_file(folder, source)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # A lone surrogate (a JSON "\\udc80" escape) is written as that escape again: still valid JSON.
    target.write_text(text + "\n", encoding="utf-8", errors="backslashreplace")
    return target


def inspected_writing_crjson(inspect: Callable[[], Report], source: str, folder: str | None) -> Report:
    """``inspect()`` (the inspection of the file ``source``), its crJSON written under ``folder`` when one
    is given and the file has a manifest; a failure to write is a failed ``crjson`` check of the report."""
    if folder is None:
        return inspect()
    with capture_crjson() as captured:
        report = inspect()
    if captured.document is None:
        return report
    try:
        write_crjson(Path(folder), source, captured.document)
    except OSError as error:
        failed = Check("crjson", False, f"failed: cannot write its crJSON: {error.strerror or error}")
        return dataclasses.replace(report, checks=(*report.checks, failed))
    return report
