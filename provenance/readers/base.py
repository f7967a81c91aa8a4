"""The reader plug-in point: every signal source implements :class:`Reader`, returning a ReaderOutput.

Metadata readers work on :class:`provenance.containers.Blobs` (XMP packets, EXIF, IIM, PNG text chunks)
that one container walk extracted without decoding pixels; pixel readers (``deep``) get the stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Final, Protocol

from ..containers import Blobs
from ..models import Check, Evidence, Generator, Watermark
from .frame import FirstFrame


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may look at for one file."""

    blobs: Blobs
    stream: IO[bytes]  # seekable; readers seek as they need and must not close it
    media_type: str | None
    size: int
    show_prompts: bool = False
    # The first frame as the pixel readers decode it, once per file however many of them run.
    frame: FirstFrame = field(default_factory=FirstFrame, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReaderOutput:
    evidence: tuple[Evidence, ...] = ()
    generators: tuple[Generator, ...] = ()
    watermarks: tuple[Watermark, ...] = ()
    checks: tuple[Check, ...] = ()
    remote_manifest_urls: tuple[str, ...] = ()  # XMP dcterms:provenance pointers


# A decoder needs at most the compressed pixels: 8 bytes per pixel (16-bit RGBA) stored uncompressed, plus
# room for metadata. A larger file is refused before Pillow reads it: Pillow's PNG decoder buffers a huge
# IDAT whole (a 1x1 PNG with a 1 GiB IDAT cost 1 GB of memory and 2.5 s before this check).
_BYTES_PER_PIXEL: Final = 8.1
_NON_PIXEL_BYTES: Final = 64 * 1024 * 1024


def too_large_for_pixels(width: int, height: int, file_size: int) -> str | None:
    """Why a pixel reader should not decode a file this large for its pixel count, or None."""
    if file_size <= width * height * _BYTES_PER_PIXEL + _NON_PIXEL_BYTES:
        return None
    return f"not run: {file_size} bytes is more than a {width}x{height} image can need"


class Reader(Protocol):
    """A signal source. ``deep`` readers decode pixels and run only when asked (``--deep``)."""

    name: str
    deep: bool

    def read(self, ctx: ReadContext) -> ReaderOutput: ...
