"""Byte-level container walkers: metadata out of JPEG, PNG, WebP, TIFF... without decoding pixels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextChunk:
    """A PNG text chunk (tEXt, zTXt or iTXt), decoded."""

    keyword: str
    text: str
    chunk_type: str  # "tEXt" | "zTXt" | "iTXt"


@dataclass(frozen=True, slots=True)
class Blobs:
    """The metadata one walk over a container found. Every field may be empty."""

    xmp: tuple[bytes, ...] = ()  # whole XMP packets; extended XMP (JPEG) reassembled as its own packet
    exif: tuple[
        bytes, ...
    ] = ()  # TIFF-structured EXIF ("II*\\0" / "MM\\0*"), without the "Exif\\0\\0" prefix
    iptc_iim: tuple[bytes, ...] = ()  # raw IPTC-IIM records (Photoshop APP13 8BIM 0x0404, TIFF tag 33723)
    text: tuple[TextChunk, ...] = ()  # PNG text chunks in file order
    c2pa_box: bool = False  # a C2PA JUMBF / caBX / C2PA chunk was seen
    problems: tuple[str, ...] = ()  # truncated data, caps hit...: reported as checks, never raised
