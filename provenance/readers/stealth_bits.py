"""The "stealth pnginfo" bit layout: generation metadata hidden in the least significant bits of pixels.

Layout (the A1111 stealth-pnginfo extension and NovelAI write the same): bits are read column by column
(x outer, y inner), one per pixel from alpha (``stealth_png*``) or three per pixel from R, G, B
(``stealth_rgb*``), most significant bit of each byte first. First the 15-byte signature, then a 32-bit
big-endian length *in bits*, then the payload: UTF-8 text, or gzip of it for the ``*comp`` variants.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SIGNATURES: dict[bytes, tuple[str, bool]] = {  # signature -> (channel, gzip-compressed)
    b"stealth_pnginfo": ("alpha", False),
    b"stealth_pngcomp": ("alpha", True),
    b"stealth_rgbinfo": ("rgb", False),
    b"stealth_rgbcomp": ("rgb", True),
}
SIGNATURE_BITS = 15 * 8
HEADER_BITS = SIGNATURE_BITS + 32
MAX_PAYLOAD = 1024 * 1024  # bytes, both for what the pixels hold and for what gzip expands to

Pixels = npt.NDArray[np.uint8]  # (height, width, channels), channels 3 (RGB) or 4 (RGBA)


@dataclass(frozen=True, slots=True)
class Stealth:
    """What one image's LSBs hold: the signature, and the payload text or why it could not be read."""

    signature: str
    channel: str  # "alpha" | "rgb"
    text: str | None
    problem: str | None = None


def lsb_bits(pixels: Pixels, channel: str, count: int) -> Pixels:
    """The first ``count`` hidden bits (0/1, fewer if the image is smaller), in the writers' order."""
    height = pixels.shape[0]
    per_pixel = 1 if channel == "alpha" else 3
    columns = min(pixels.shape[1], -(-count // (height * per_pixel)))
    planes = pixels[:, :columns, 3] if channel == "alpha" else pixels[:, :columns, :3]
    # Transposing to (x, y[, c]) makes C order the writers' column-major walk.
    ordered = np.ascontiguousarray(planes.swapaxes(0, 1)).reshape(-1)
    return np.bitwise_and(ordered[:count], np.uint8(1))


def signature_at(pixels: Pixels) -> tuple[bytes, str, bool] | None:
    """The stealth signature at the start of the image, checking alpha then RGB, or None."""
    channels = ("alpha", "rgb") if pixels.shape[2] == 4 else ("rgb",)
    for channel in channels:
        bits = lsb_bits(pixels, channel, SIGNATURE_BITS)
        if bits.size < SIGNATURE_BITS:
            continue
        found = np.packbits(bits).tobytes()
        kind = SIGNATURES.get(found)
        if kind is not None and kind[0] == channel:
            return found, channel, kind[1]
    return None


def read_stealth(pixels: Pixels) -> Stealth | None:
    """Decode the hidden metadata, None when there is no signature. Caps keep a hostile image cheap."""
    found = signature_at(pixels)
    if found is None:
        return None
    signature, channel, compressed = found
    name = signature.decode("ascii")
    header = lsb_bits(pixels, channel, HEADER_BITS)
    if header.size < HEADER_BITS:
        return Stealth(name, channel, None, "image too small for the length field")
    length = int.from_bytes(np.packbits(header[SIGNATURE_BITS:]).tobytes(), "big")
    if length == 0 or length % 8:
        return Stealth(name, channel, None, f"payload length {length} bits is not a whole number of bytes")
    if length > MAX_PAYLOAD * 8:
        return Stealth(name, channel, None, f"payload of {length // 8} bytes is over the {MAX_PAYLOAD} cap")
    bits = lsb_bits(pixels, channel, HEADER_BITS + length)
    if bits.size < HEADER_BITS + length:
        return Stealth(name, channel, None, f"payload of {length // 8} bytes runs past the end of the image")
    data = np.packbits(bits[HEADER_BITS:]).tobytes()
    if compressed:
        expanded = _gunzip(data)
        if isinstance(expanded, str):
            return Stealth(name, channel, None, expanded)
        data = expanded
    return Stealth(name, channel, data.decode("utf-8", errors="replace"))


def _gunzip(data: bytes) -> bytes | str:
    """The gzip member expanded to at most :data:`MAX_PAYLOAD` bytes, or a problem string."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_PAYLOAD)
    except zlib.error as exc:
        return f"gzip payload is corrupt ({exc})"
    if inflater.unconsumed_tail or (not inflater.eof and len(out) >= MAX_PAYLOAD):
        return f"gzip payload expands past the {MAX_PAYLOAD}-byte cap; not read"
    if not inflater.eof:
        return "gzip payload is truncated"
    return out
