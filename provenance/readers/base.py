"""The reader plug-in point: every signal source implements :class:`Reader`, returning a ReaderOutput.

Metadata readers work on :class:`provenance.containers.Blobs` (XMP packets, EXIF, IIM, PNG text chunks)
that one container walk extracted without decoding pixels; pixel readers (``deep``) get the stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Protocol

from ..containers import Blobs
from ..models import Check, Evidence, Generator, Watermark


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may look at for one file."""

    blobs: Blobs
    stream: IO[bytes]  # seekable; readers seek as they need and must not close it
    media_type: str | None
    size: int
    show_prompts: bool = False


@dataclass(frozen=True, slots=True)
class ReaderOutput:
    evidence: tuple[Evidence, ...] = ()
    generators: tuple[Generator, ...] = ()
    watermarks: tuple[Watermark, ...] = ()
    checks: tuple[Check, ...] = ()
    remote_manifest_urls: tuple[str, ...] = ()  # XMP dcterms:provenance pointers


class Reader(Protocol):
    """A signal source. ``deep`` readers decode pixels and run only when asked (``--deep``)."""

    name: str
    deep: bool

    def read(self, ctx: ReadContext) -> ReaderOutput: ...
