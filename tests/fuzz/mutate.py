"""Seeds and byte-level mutations shared by the hypothesis smoke run and ``scripts/fuzz.py``.

Seeds are the project's fixtures and, when present, a fixed sample of the shared corpus (read in place,
never copied). A mutation is a short list of ``(op, position, value)`` triples applied in order, so the
same triples always give the same bytes: hypothesis shrinks them, the random campaign draws them.
"""

from __future__ import annotations

import functools
import io
import random
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from provenance.containers.extract import extract
from provenance.media import sniff
from tests.helpers import CORPUS, FIXTURES

Op = tuple[int, int, int]
OPS: Final = 9
MAX_SEED_BYTES: Final = 400_000  # larger corpus files are left out: mutations of them cost time, not paths
CORPUS_SAMPLE: Final = 48
_INTERESTING: Final = (
    0,
    1,
    2,
    7,
    8,
    0x7F,
    0x80,
    0xFF,
    0x100,
    0x7FFF,
    0xFFFF,
    0x10000,
    0x7FFFFFFF,
    0xFFFFFFFF,
)


def mutate(data: bytes, ops: Sequence[Op], other: bytes = b"") -> bytes:
    """Apply each operation: bit flip, byte set, insert, delete, truncate, splice, length tweak, repeat."""
    out = bytearray(data)
    for op, raw_pos, value in ops:
        pos = raw_pos % (len(out) + 1)
        kind = op % OPS
        if kind == 0 and out:
            out[pos % len(out)] ^= 1 << (value & 7)
        elif kind == 1 and out:
            out[pos % len(out)] = value & 0xFF
        elif kind == 2:
            out[pos:pos] = bytes([value & 0xFF]) * (1 + (value >> 8) % 64)
        elif kind == 3:
            del out[pos : pos + 1 + value % 256]
        elif kind == 4:
            del out[pos:]
        elif kind == 5 and other:
            start = value % len(other)
            out[pos:pos] = other[start : start + 1 + (value >> 4) % 512]
        elif kind == 6:
            number = _INTERESTING[value % len(_INTERESTING)]
            fmt = (">I", "<I", ">H", "<H")[(value >> 4) % 4]
            field = struct.pack(fmt, number & (0xFFFFFFFF if "I" in fmt else 0xFFFF))
            out[pos : pos + len(field)] = field
        elif kind == 7:
            piece = out[pos : pos + 1 + value % 64]
            out[pos:pos] = piece * (1 + (value >> 6) % 8)
        elif kind == 8 and out:  # the bytes just before a marker-ish 0xFF or a 4-letter box type
            out[pos % len(out)] = 0xFF
    return bytes(out)


def random_ops(rng: random.Random, count: int | None = None) -> list[Op]:
    n = count if count is not None else rng.choice((1, 1, 2, 3, 5, 8))
    return [(rng.randrange(OPS), rng.randrange(1 << 30), rng.randrange(1 << 16)) for _ in range(n)]


@functools.cache
def seed_files() -> tuple[Path, ...]:
    """Fixture media, then every n-th small file of the shared corpus (a fixed sample) when present."""
    files = sorted(p for p in (FIXTURES / "media").iterdir() if p.is_file())
    files += sorted(p for p in (FIXTURES / "regressions").glob("*") if p.is_file() and p.suffix != ".md")
    if CORPUS.is_dir():
        pool = sorted(
            p
            for p in CORPUS.rglob("*")
            if p.is_file()
            and 0 < p.stat().st_size <= MAX_SEED_BYTES
            and p.suffix not in (".tsv", ".json", ".md")
        )
        step = max(1, len(pool) // CORPUS_SAMPLE)
        files += pool[::step][:CORPUS_SAMPLE]
    return tuple(files)


@functools.cache
def seeds(target: str) -> tuple[bytes, ...]:
    """The seed inputs of one target: whole files, or the blobs a container walk takes out of them."""
    files = [p.read_bytes() for p in seed_files()]
    if target in ("xmp", "exif", "text"):
        found: list[bytes] = []
        for data in files:
            blobs = extract(io.BytesIO(data), sniff(data[:64]))
            if target == "xmp":
                found += blobs.xmp
            elif target == "exif":
                found += [*blobs.exif, *blobs.iptc_iim]
            else:
                found += [b"\x00".join(c.text.encode() for c in blobs.text)] if blobs.text else []
        found += _SYNTHETIC.get(target, ())
        return tuple(dict.fromkeys(found)) or (b"",)
    if target in ("stealth_bits", "watermark_pixels"):
        return (b"\x0f\x0f" + bytes(range(256)), b"\x00\x00", b"\xff\x07\x01" + b"\xfe" * 64)
    if target in ("image_readers", "pillow"):
        images = [d for d in files if (sniff(d[:64]) or "").startswith("image/") and len(d) < 200_000]
        return tuple(images)
    return tuple(files)


_SYNTHETIC: Final[dict[str, tuple[bytes, ...]]] = {
    "xmp": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&a;'
        b"</x:xmpmeta>",
    ),
    "text": (
        b"a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, Seed: 1, Model: m, Version: v1.6.0",
        b'{"1": {"class_type": "CLIPTextEncode", "inputs": {"text": "x"}}}\x00{"nodes": []}',
    ),
}
