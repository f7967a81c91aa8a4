"""Fuzz targets: each takes bytes and drives one of the project's own parsers the way ``inspect`` does.

The contract every target checks: the parser returns (walkers return problems in ``Blobs``, readers return
a check), or raises only an error type it documents. Anything else raised is a failure; hangs and huge
allocations are caught by the runner (hypothesis deadline / libFuzzer ``-timeout`` and ``-rss_limit_mb``).
The C2PA SDK is not ours: only :func:`inspect_fast` / :func:`inspect_full` reach it, at low volume.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Final

import numpy as np

from provenance import Report, inspect
from provenance.containers import Blobs, TextChunk, bmff, jpeg, other, png, riff
from provenance.containers.extract import extract
from provenance.containers.fastpath import _CHECKS, may_carry_manifest
from provenance.containers.fastpath.source import Irregular, Source
from provenance.media import sniff
from provenance.models import Check
from provenance.options import InspectOptions
from provenance.readers.base import ReadContext, ReaderOutput
from provenance.readers.exif_text import iim_fields, user_comment
from provenance.readers.generators.a1111 import split_a1111
from provenance.readers.registry import REGISTRY
from provenance.readers.stealth_bits import read_stealth

Target = Callable[[bytes], object]


class ContractViolation(AssertionError):
    """A target broke its contract (a wrong result type, or a walker that reported nothing usable)."""


def _blobs(result: object) -> Blobs:
    if not isinstance(result, Blobs):
        raise ContractViolation(f"walker returned {type(result).__name__}, not Blobs")
    return result


def _walker(walk: Callable[[io.BytesIO], Blobs]) -> Target:
    def target(data: bytes) -> object:
        return _blobs(walk(io.BytesIO(data)))

    return target


def extract_any(data: bytes) -> object:
    """The container walk ``inspect`` does, chosen by the sniffed media type."""
    return _blobs(extract(io.BytesIO(data), sniff(data[:64])))


def c2pa_scan(data: bytes) -> object:
    """Every fast-path container check on the same bytes: a bool or :class:`Irregular`, nothing else."""
    for check in dict.fromkeys(_CHECKS.values()):
        try:
            result = check(Source(io.BytesIO(data)))
        except Irregular:
            continue
        if not isinstance(result, bool):
            raise ContractViolation(f"{check.__name__} returned {result!r}")
    answer = may_carry_manifest(io.BytesIO(data), sniff(data[:64]), Blobs())
    if not isinstance(answer, bool):
        raise ContractViolation(f"may_carry_manifest returned {answer!r}")
    return answer


def _read(name: str, blobs: Blobs, data: bytes = b"", media_type: str | None = None) -> ReaderOutput:
    """One reader of the registry, called as ``run_readers`` calls it, but with no exception net."""
    ctx = ReadContext(blobs, io.BytesIO(data), media_type, len(data), show_prompts=True)
    out = REGISTRY[name].read(ctx)
    if not isinstance(out, ReaderOutput) or not all(isinstance(c, Check) for c in out.checks):
        raise ContractViolation(f"reader {name} returned {out!r}")
    return out


def xmp(data: bytes) -> object:
    """XMP packets: the XMP reader (defusedxml, DTDs refused) and the Draw Things XMP parser."""
    _read("generators", Blobs(xmp=(data,)))
    return _read("xmp", Blobs(xmp=(data,)))


def exif(data: bytes) -> object:
    """A TIFF-structured EXIF block and an IPTC-IIM block through the EXIF reader and its text helpers."""
    iim_fields(data)
    user_comment(data)
    return _read("exif", Blobs(exif=(data,), iptc_iim=(data,)))


# The keywords the generator parsers look up (readers/generators/).
TEXT_KEYWORDS: Final = (
    "parameters",
    "prompt",
    "workflow",
    "Comment",
    "Software",
    "Source",
    "Description",
    "Title",
    "invokeai_metadata",
    "invokeai_graph",
    "sd-metadata",
    "Dream",
    "fooocus_scheme",
    "XML:com.adobe.xmp",
)


def text_chunks(data: bytes) -> object:
    """PNG text chunks: the bytes are split on NUL into texts, each given a generator keyword in turn."""
    texts = data.decode("utf-8", "replace").split("\x00")
    first = data[0] if data else 0
    chunks = tuple(
        TextChunk(TEXT_KEYWORDS[(first + i) % len(TEXT_KEYWORDS)], text, "tEXt")
        for i, text in enumerate(texts)
    )
    split_a1111(texts[0])
    return _read("generators", Blobs(text=chunks))


def _pixels(data: bytes, channels: int) -> np.ndarray:
    """An image of the given channels from bytes: two bytes of shape, then pixel values (wrapped)."""
    width, height = 1 + (data[0] if data else 0), 1 + (data[1] if len(data) > 1 else 0)
    body = np.frombuffer(data[2:] or b"\x00", dtype=np.uint8)
    return np.resize(body, (height, width, channels))


def stealth_bits(data: bytes) -> object:
    """The stealth-pnginfo bit decoder on RGBA and RGB pixels (with a forced signature half the time)."""
    for channels in (4, 3):
        pixels = _pixels(data, channels).copy()
        if len(data) > 2 and data[2] & 1:
            _plant_signature(pixels, data[3:])
        read_stealth(pixels)
    return None


def _plant_signature(pixels: np.ndarray, rest: bytes) -> None:
    """Write a stealth signature and a fuzzed length into the alpha (or red) LSBs, column-major."""
    header = b"stealth_pngcomp" + (rest[:4].ljust(4, b"\x00"))
    bits = np.unpackbits(np.frombuffer(header, dtype=np.uint8))
    channel = 3 if pixels.shape[2] == 4 else 0
    column_major = pixels[:, :, channel].T.copy().reshape(-1)
    n = min(bits.size, column_major.size)
    column_major[:n] = (column_major[:n] & 0xFE) | bits[:n]
    pixels[:, :, channel] = column_major.reshape(pixels.shape[1], pixels.shape[0]).T


def image_readers(data: bytes) -> object:
    """The deep readers (stealth, watermark) on the bytes as an image file: Pillow decodes, we check."""
    media_type = sniff(data[:64])
    for name in ("stealth", "watermark"):
        out = _read(name, Blobs(), data, media_type)
        if out.evidence and media_type is None:
            raise ContractViolation(f"{name} found evidence in bytes that are not an image")
    return None


def watermark_pixels(data: bytes) -> object:
    """The dwtDct decoder on pixel arrays of odd shapes (bytes -> shape + values, tiled to 256x256+)."""
    from provenance.readers.dwtdct import vote_table
    from provenance.readers.watermark import assess

    pixels = _pixels(data, 3)
    reps = (1 + 256 // pixels.shape[0], 1 + 256 // pixels.shape[1], 1)
    return assess(vote_table(np.tile(pixels, reps)[: 256 + (data[0] if data else 0) % 9, :300]))


def _inspect(data: bytes, fast_path: bool) -> Report:
    report = inspect(data, options=InspectOptions(fast_path=fast_path))
    if not isinstance(report, Report):
        raise ContractViolation(f"inspect returned {type(report).__name__}")
    return report


def inspect_fast(data: bytes) -> object:
    """The whole of ``inspect`` with the fast path (the SDK only where a manifest may be)."""
    return _inspect(data, True)


def inspect_full(data: bytes) -> object:
    """The whole of ``inspect`` with the SDK on every input (low volume: the SDK is not ours)."""
    return _inspect(data, False)


TARGETS: Final[dict[str, Target]] = {
    "jpeg": _walker(jpeg.walk),
    "png": _walker(png.walk),
    "riff": _walker(riff.walk),
    "bmff": _walker(bmff.walk),
    "pillow": _walker(other.walk),  # TIFF, GIF...: our handling of Pillow's header parse
    "extract": extract_any,
    "c2pa_scan": c2pa_scan,
    "xmp": xmp,
    "exif": exif,
    "text": text_chunks,
    "stealth_bits": stealth_bits,
    "watermark_pixels": watermark_pixels,
    "image_readers": image_readers,
    "inspect_fast": inspect_fast,
    "inspect_full": inspect_full,
}
# Targets the campaign runs by default: everything but the SDK and full decodes at high volume.
HIGH_VOLUME: Final = tuple(t for t in TARGETS if t not in ("inspect_full", "inspect_fast"))
