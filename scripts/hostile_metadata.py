"""Hostile corpus: metadata bombs: XMP element floods, problem floods, huge uncompressed text.
Used by scripts/make_hostile.py.

``make()`` returns the files small enough to keep in memory (the XMP bombs are zlib-compressed iTXt
chunks: a few KB on disk, 7-8 MB of XML each). ``make_sparse(folder)`` writes the large ones as sparse
files (``truncate``): a GiB of 64 MB ``tEXt`` chunks takes a few KB of disk. Both say what each file is.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MIB = 1 << 20
XMP_HEAD = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Bomb 1.0"'
)
XMP_TAIL = b"</rdf:Description></rdf:RDF></x:xmpmeta>"
ELEMENTS = 1_950_000  # empty elements: 7.8 MB of XML, under the 8 MB a compressed iTXt may expand to
DEPTH = 1_000_000  # nesting: 7 MB of XML
ATTRIBUTES = 600_000  # distinct attributes in one start tag: about 7 MB of XML
FLOOD_CHUNKS = 100_000  # tEXt chunks with bad CRCs (the test builds a million on the fly)
STRAY_SEGMENTS = 9_000  # JPEG segments each after a stray byte: under the walker's 10,000 segments


def png_chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(*chunks: bytes) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + idat + png_chunk(b"IEND", b"")


def compressed_xmp(packet: bytes) -> bytes:
    """A compressed ``XML:com.adobe.xmp`` iTXt chunk."""
    return png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + zlib.compress(packet, 9))


def element_bomb(count: int = ELEMENTS) -> bytes:
    """An XMP packet naming xmp:CreatorTool, then ``count`` empty elements."""
    return XMP_HEAD + b">" + b"<a/>" * count + XMP_TAIL


def deep_bomb(depth: int = DEPTH) -> bytes:
    return XMP_HEAD + b">" + b"<a>" * depth + b"</a>" * depth + XMP_TAIL


def attribute_bomb(count: int = ATTRIBUTES) -> bytes:
    """After the description naming xmp:CreatorTool, one start tag with ``count`` distinct attributes
    (names must differ within a tag)."""
    names = b" ".join(b'a%x=""' % i for i in range(count))
    return XMP_HEAD + b"/><rdf:Description " + names + b"/></rdf:RDF></x:xmpmeta>"


def crc_flood(count: int) -> bytes:
    """``count`` tEXt chunks whose CRCs are all wrong."""
    bad = png_chunk(b"tEXt", b"k\x00v", crc=0)
    return png(bad * count)


def jpeg_stray_flood(count: int = STRAY_SEGMENTS) -> bytes:
    """A JPEG whose ``count`` COM segments each follow a stray byte: one problem per segment, each at its
    own offset (distinct texts)."""
    com = b"\xff\xfe\x00\x03x"
    sof = b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    sos = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + com + (b"\x00" + com) * count + sof + sos + b"\x00" * 16 + b"\xff\xd9"


def _box(kind: bytes, body: bytes, version: int | None = None) -> bytes:
    """An ISO BMFF box; a full box (version, flags) when ``version`` is given."""
    body = body if version is None else bytes([version, 0, 0, 0]) + body
    return struct.pack(">I", 8 + len(body)) + kind + body


def heif_iloc_bomb(entries: int = 0xFFFF) -> bytes:
    """A HEIF whose iloc has ``entries`` entries of 65,535 extents each, with every field 0 bytes wide: a
    512 KB file that lists 4 billion extents."""
    infe = _box(b"infe", struct.pack(">HH", 1, 0) + b"mime\x00application/rdf+xml\x00", version=2)
    iinf = _box(b"iinf", struct.pack(">H", 1) + infe, version=0)
    iloc = _box(
        b"iloc", b"\x00\x00" + struct.pack(">H", entries) + struct.pack(">HHHH", 1, 1, 0, 0xFFFF) * entries, 1
    )
    hdlr = _box(b"hdlr", b"\x00" * 4 + b"pict" + b"\x00" * 13, version=0)
    return _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + _box(b"meta", hdlr + iinf + iloc, version=0)


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    packets = (XMP_HEAD + b"/></rdf:RDF></x:xmpmeta>",) * 3000
    return {
        "xmp_elements.png": (
            f"compressed XMP iTXt naming xmp:CreatorTool, then {ELEMENTS:,} empty elements",
            png(compressed_xmp(element_bomb())),
        ),
        "xmp_deep.png": (
            f"compressed XMP iTXt with elements nested {DEPTH:,} deep",
            png(compressed_xmp(deep_bomb())),
        ),
        "xmp_attributes.png": (
            f"compressed XMP iTXt with one start tag of {ATTRIBUTES:,} attributes",
            png(compressed_xmp(attribute_bomb())),
        ),
        "xmp_packets.png": (
            f"{len(packets):,} XMP iTXt chunks, each naming xmp:CreatorTool",
            png(*(png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + p) for p in packets)),
        ),
        "text_crc_flood.png": (f"{FLOOD_CHUNKS:,} tEXt chunks with bad CRCs", crc_flood(FLOOD_CHUNKS)),
        "ztxt_corrupt_flood.png": (
            "20,000 zTXt chunks with distinct keywords whose data does not inflate",
            png(*(png_chunk(b"zTXt", b"k%d\x00\x00garbage" % i) for i in range(20_000))),
        ),
        "iloc_extents.heic": (
            "HEIF whose iloc lists 65,535 x 65,535 extents in fields of no width",
            heif_iloc_bomb(),
        ),
        "stray_flood.jpg": (
            f"JPEG with {STRAY_SEGMENTS:,} segments each after a stray byte",
            jpeg_stray_flood(),
        ),
    }


def _sparse_png(path: Path, chunks: int, chunk_size: int) -> None:
    """A PNG of ``chunks`` tEXt chunks of ``chunk_size`` bytes each ("k\\0" then a hole of zeros)."""
    head = png()[:33]  # signature and IHDR
    with path.open("wb") as handle:
        handle.write(head)
        pos = len(head)
        for _ in range(chunks):
            handle.seek(pos)
            handle.write(struct.pack(">I", chunk_size) + b"tEXtk\x00")
            pos += 12 + chunk_size  # the data's zeros and the (wrong) CRC stay a hole
        handle.seek(pos)
        handle.write(png_chunk(b"IEND", b""))


def make_sparse(folder: Path) -> dict[str, str]:
    """Write the large files into ``folder`` as sparse files; {file name: what it is}."""
    made = {
        "text_1gb.png": (16, 64 * MIB - 12, "1 GiB sparse PNG of 16 tEXt chunks of 64 MB"),
        "text_many_7mb.png": (40, 7 * MIB, "280 MB sparse PNG of 40 tEXt chunks of 7 MB"),
    }
    for name, (chunks, size, _) in made.items():
        _sparse_png(folder / name, chunks, size)
    return {name: what for name, (_, _, what) in made.items()}
