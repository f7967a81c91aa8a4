"""Uploaded files -> reports (and thumbnails). Runs in a worker thread: plain blocking code.

Uploads arrive as Starlette spooled temporary files: in memory up to 1 MB, beyond that in an unnamed
temporary file (created already unlinked), closed when the request ends. Nothing is written anywhere else.
"""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass, replace
from typing import IO

from .. import media
from .._pipeline import inspect
from ..formats.html import thumbnail_data_uri
from ..models import Report
from ..options import InspectOptions
from ..readers.c2pa.sdk import manifest_thumbnail

MAX_NAME_CHARS = 255


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the client's file name (untrusted, shown only) and its seekable bytes."""

    name: str | None
    stream: IO[bytes]


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """A small JPEG ``data:`` URI and where it came from: the C2PA manifest's own, or the file's pixels."""

    data: str
    source: str  # "c2pa_manifest" | "file"


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


def thumbnail(upload: Upload, report: Report, options: InspectOptions) -> Thumbnail | None:
    """The manifest's own thumbnail when it has one that decodes, else one made from the file's pixels.

    The SDK is asked again only when the report found a manifest: a file without one (most uploads, which
    the fast path kept away from the SDK) gets its thumbnail from its pixels at once.
    """
    has_manifest = report.c2pa is not None and report.c2pa.present
    found = (
        manifest_thumbnail(upload.stream, allow_network=options.allow_network, trust=options.trust)
        if has_manifest
        else None
    )
    if found is not None:
        uri = thumbnail_data_uri(io.BytesIO(found[1]))
        if uri is not None:
            return Thumbnail(uri, "c2pa_manifest")
    upload.stream.seek(0)
    uri = thumbnail_data_uri(upload.stream)
    return Thumbnail(uri, "file") if uri is not None else None


def inspect_uploads(
    uploads: list[Upload], options: InspectOptions, *, thumbnails: bool
) -> list[tuple[Report, Thumbnail | None]]:
    """Every upload's report, in order, and its thumbnail when asked for."""
    results = []
    for upload in uploads:
        report = inspect_upload(upload, options)
        results.append((report, thumbnail(upload, report, options) if thumbnails else None))
    return results
