"""Uploaded files -> reports (and thumbnails). Runs in a worker thread: plain blocking code.

Uploads arrive as Starlette spooled temporary files: in memory up to 1 MB, beyond that in an unnamed
temporary file (created already unlinked), closed when the request ends. Nothing is written anywhere else.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import IO

from .. import inspect, media
from ..models import Report
from ..options import InspectOptions
from ..thumbnails import Thumbnail, manifest_or_file_thumbnail

MAX_NAME_CHARS = 255


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the client's file name (untrusted, shown only) and its seekable bytes."""

    name: str | None
    stream: IO[bytes]


class UploadRejected(Exception):
    """An upload the API refuses as a whole, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def clean_name(name: str | None) -> str | None:
    """The last component of a client's file name, without control characters, at most 255 chars."""
    if not name:
        return None
    base = posixpath.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable())[:MAX_NAME_CHARS]
    return base or None


def check_upload(upload: Upload, index: int) -> None:
    """Raise :class:`UploadRejected` for an empty file (400) or bytes we do not recognise (415)."""
    upload.stream.seek(0)
    head = upload.stream.read(media.SNIFF_BYTES)
    upload.stream.seek(0)
    label = repr(upload.name) if upload.name else f"number {index + 1}"
    if not head:
        raise UploadRejected(400, f"file {label} is empty")
    if media.sniff(head) is None:
        raise UploadRejected(
            415,
            f"file {label} is not a media type provenance reads (decided from its bytes, not its name): "
            "send images, video, audio or PDF",
        )


def inspect_upload(upload: Upload, options: InspectOptions) -> Report:
    """The report ``inspect --json`` would give for these bytes, named by the upload (no path)."""
    upload.stream.seek(0)
    report = inspect(upload.stream, options=options)
    return replace(report, source=replace(report.source, path=None, name=upload.name))


def inspect_uploads(
    uploads: list[Upload], options: InspectOptions, *, thumbnails: bool
) -> list[tuple[Report, Thumbnail | None]]:
    """Every upload's report, in order, and its thumbnail when asked for."""
    results = []
    for upload in uploads:
        report = inspect_upload(upload, options)
        results.append(
            (report, manifest_or_file_thumbnail(upload.stream, report, options) if thumbnails else None)
        )
    return results
