"""Uploaded files -> reports (and thumbnails). Runs in a worker thread (see :mod:`.jobs`): plain blocking
code, one file at a time.

Uploads arrive as Starlette spooled temporary files: in memory up to 1 MB, beyond that in an unnamed
temporary file (created already unlinked), closed when the request ends. Nothing is written anywhere else.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from .. import inspect, media
from ..models import Report
from ..options import InspectOptions
from .previews import Previews, previews, previews_cost

MAX_NAME_CHARS = 255
# Memory an inspection may need per byte of the file: the C2PA SDK holds a JPEG several times over.
INSPECT_BYTES_FACTOR = 3


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


def upload_problem(upload: Upload, index: int) -> UploadRejected | None:
    """Why this file cannot be inspected as media: empty (400) or bytes we do not recognise (415); None
    when it can. A request is refused with the first problem only when every file has one: otherwise the
    others are inspected, and such a file gets the report ``inspect`` gives it (an ``empty`` error, or
    ``unsupported`` with no media type), which the page shows as an error card."""
    upload.stream.seek(0)
    head = upload.stream.read(media.SNIFF_BYTES)
    upload.stream.seek(0)
    label = repr(upload.name) if upload.name else f"number {index + 1}"
    if not head:
        return UploadRejected(400, f"file {label} is empty")
    if media.sniff(head) is None:
        return UploadRejected(
            415,
            f"file {label} is not a media type provenance reads (decided from its bytes, not its name): "
            "send images, video, audio or PDF",
        )
    return None


def check_uploads(uploads: list[Upload]) -> None:
    """Raise the first file's :class:`UploadRejected` when no file of the request can be inspected."""
    problems = [upload_problem(upload, index) for index, upload in enumerate(uploads)]
    if all(problems) and problems[0] is not None:
        raise problems[0]


def inspect_upload(upload: Upload, options: InspectOptions) -> Report:
    """The report ``inspect --json`` would give for these bytes, named by the upload (no path)."""
    upload.stream.seek(0)
    report = inspect(upload.stream, options=options)
    return replace(report, source=replace(report.source, path=None, name=upload.name))


def upload_size(upload: Upload) -> int:
    """The upload's length in bytes."""
    return upload.stream.seek(0, os.SEEK_END)


def inspect_cost(upload: Upload, thumbnail: bool) -> int:
    """Bytes of memory inspecting this upload may take: a multiple of its size, plus decoding its images
    (estimated from the image's header, or a manifest thumbnail's cap)."""
    cost = upload_size(upload) * INSPECT_BYTES_FACTOR
    return cost + (previews_cost(upload.stream) if thumbnail else 0)


def inspect_file(
    upload: Upload, options: InspectOptions, *, thumbnail: bool, wanted: Callable[[], bool]
) -> tuple[Report, Previews | None]:
    """The upload's report, and its images when asked for and still ``wanted()`` once the report is made
    (the request may have timed out meanwhile: images are the costliest step left)."""
    report = inspect_upload(upload, options)
    if not thumbnail or not wanted():
        return report, None
    upload.stream.seek(0)
    return report, previews(upload.stream, report, options, wanted=wanted)
