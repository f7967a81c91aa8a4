"""Hostile corpus: files that cost the web server too much (huge-pixel thumbnails).
Used by scripts/make_hostile.py, tests/serve/ and benchmarks/serve_load.py.

Each is a valid image of one colour, so it compresses to a few hundred KB while declaring up to 64 MP:
thumbnailing one in full cost 0.6-1.8 s and 250-770 MB. The PNGs are written without decoding anything
(the same deflate block repeated after a full flush); the JPEG needs Pillow and 200 MB for half a second.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

SIDE = 8_000  # 64 MP: the most a thumbnail may declare
CAP_SIDE = 4_000  # 16 MP: the most a thumbnail that must be decoded in full may declare
COLOUR = (200, 40, 90)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def repeated_zlib(head: bytes, block: bytes, count: int, tail: bytes) -> bytes:
    """The zlib stream of ``head + block * count + tail``, compressing ``block`` once: after a full flush
    the deflate output depends on nothing before it, so the same bytes are valid again and again."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.compress(tail) + deflate.flush(zlib.Z_FINISH)
    adler = zlib.adler32(head)
    for _ in range(count):
        adler = zlib.adler32(block, adler)
    adler = zlib.adler32(tail, adler)
    return b"\x78\xda" + first + body * count + end + struct.pack(">I", adler)


def flat_png(width: int, height: int, colour: tuple[int, ...] = COLOUR) -> bytes:
    """A ``width`` x ``height`` PNG of one colour (RGB, or RGBA for four values), 8 bits a sample."""
    row = b"\x00" + bytes(colour) * width  # filter None
    up = b"\x02" + b"\x00" * (width * len(colour))  # filter Up: the same as the row above
    rows_per_block = 500
    blocks, rest = divmod(height - 1, rows_per_block)
    data = repeated_zlib(row, up * rows_per_block, blocks, up * rest)
    colour_type = 6 if len(colour) == 4 else 2
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def progressive_jpeg(side: int = SIDE) -> bytes:
    """A progressive JPEG of one colour: libjpeg buffers every coefficient of the image to decode it,
    even scaled down (``draft``): about 3 bytes a pixel."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.new("RGB", (side, side), COLOUR) as image:
        image.save(buffer, "JPEG", quality=50, progressive=True)
    return buffer.getvalue()


@cache
def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {
        "serve_flat_8000x8000.png": (
            "one-colour 8000x8000 RGB PNG (~200 KB, 64 MP): a full decode for its thumbnail",
            flat_png(SIDE, SIDE),
        ),
        "serve_flat_8000x8000_rgba.png": (
            "one-colour 8000x8000 RGBA PNG (~270 KB, 64 MP): a full decode and a premultiplied copy",
            flat_png(SIDE, SIDE, (*COLOUR, 128)),
        ),
        "serve_flat_8000x8000_progressive.jpg": (
            "one-colour 8000x8000 progressive JPEG (~380 KB): every coefficient buffered, even in draft mode",
            progressive_jpeg(),
        ),
        "serve_flat_4000x4000_rgba.png": (
            "one-colour 4000x4000 RGBA PNG (~70 KB, 16 MP): the largest image a thumbnail decodes in full",
            flat_png(CAP_SIDE, CAP_SIDE, (*COLOUR, 128)),
        ),
    }
