"""Builders for the metadata tests: XMP packets, JPEG segments, PNG chunks, IIM records, read contexts."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

from provenance.containers import Blobs
from provenance.containers.extract import extract
from provenance.readers.base import ReadContext

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
NS = {
    "Iptc4xmpExt": IPTC_EXT,
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "dcterms": "http://purl.org/dc/terms/",
    "TC260": "http://www.tc260.org.cn/ns/AIGC/1.0/",
}


def xmp(
    attributes: dict[str, str] | None = None, elements: str = "", ns: dict[str, str] | None = None
) -> bytes:
    """An XMP packet: ``prefix:Name="value"`` attributes and raw child elements on one rdf:Description."""
    xmlns = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in (ns or NS).items())
    attrs = "".join(f' {name}="{value}"' for name, value in (attributes or {}).items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="" {xmlns}{attrs}>{elements}'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def image_bytes(fmt: str, size: tuple[int, int] = (16, 16), noise: bool = False, **params: object) -> bytes:
    """An encoded test image; ``noise`` makes it incompressible (large image data)."""
    if noise:
        image = Image.frombytes("RGB", size, random.Random(0).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 120, 40))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


# --- JPEG ------------------------------------------------------------------------------------------


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with(*segments: bytes) -> bytes:
    """A real (Pillow-encoded) JPEG with ``segments`` inserted right after SOI."""
    data = image_bytes("JPEG")
    return data[:2] + b"".join(segments) + data[2:]


def extended_xmp_segments(guid: bytes, packet: bytes, chunk: int) -> list[bytes]:
    """The APP1 segments of an extended XMP packet cut into ``chunk``-byte parts (XMP Part 3)."""
    header = b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">I", len(packet))
    return [
        segment(0xE1, header + struct.pack(">I", offset) + packet[offset : offset + chunk])
        for offset in range(0, len(packet), chunk)
    ]


def photoshop_iim(iim: bytes) -> bytes:
    """An APP13 segment: Photoshop image resources with IPTC-IIM in resource 0x0404."""
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim + b"\x00" * (len(iim) & 1)
    return segment(0xED, b"Photoshop 3.0\x00" + resource)


def iim_record(record: int, dataset: int, data: bytes) -> bytes:
    return bytes([0x1C, record, dataset]) + struct.pack(">H", len(data)) + data


# --- PNG -------------------------------------------------------------------------------------------


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    value = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", value)


def png_with(
    before_idat: list[bytes] | None = None,
    after_idat: list[bytes] | None = None,
    size: tuple[int, int] = (16, 16),
    noise: bool = False,
) -> bytes:
    """A real PNG with extra chunks placed before the first IDAT and/or right before IEND."""
    data = image_bytes("PNG", size, noise)
    idat = data.index(b"IDAT") - 4
    iend = data.rindex(b"IEND") - 4
    return (
        data[:idat] + b"".join(before_idat or []) + data[idat:iend] + b"".join(after_idat or []) + data[iend:]
    )


def itxt(keyword: str, text: bytes, compressed: bool = False) -> bytes:
    body = zlib.compress(text) if compressed else text
    return chunk(
        b"iTXt", keyword.encode("latin-1") + b"\x00" + bytes([int(compressed), 0]) + b"\x00\x00" + body
    )


# --- reading ---------------------------------------------------------------------------------------


def blobs_of(data: bytes, media_type: str | None) -> Blobs:
    return extract(io.BytesIO(data), media_type)


def context(blobs: Blobs, *, show_prompts: bool = False) -> ReadContext:
    return ReadContext(
        blobs=blobs, stream=io.BytesIO(b""), media_type=None, size=0, show_prompts=show_prompts
    )


class CountingStream(io.BytesIO):
    """A BytesIO that remembers the furthest byte any read reached and how many bytes were read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0
        self.bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        self.furthest = max(self.furthest, self.tell())
        return data
