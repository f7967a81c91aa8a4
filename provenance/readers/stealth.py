"""The stealth reader (deep): generation metadata that the A1111 stealth-pnginfo extension and NovelAI hide
in pixel LSBs (see :mod:`stealth_bits`), which survives tools that strip text chunks.

It is unsigned metadata like a text chunk, just hidden, so it is reported as such. Cost is bounded: images
over :data:`MAX_PIXELS` are refused, and for a non-interlaced PNG only the top rows that could hold a
signature are decoded unless one is there, so an ordinary 12 MP photo costs a fraction of a full decode.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from typing import IO

import numpy as np
from PIL import Image, ImageFile

from .._text import clip_line
from ..models import Check, Evidence, Generator, Strength
from .base import ReadContext, ReaderOutput, too_large_for_pixels
from .frame import FirstFrame
from .generators import find_in_table
from .generators.common import Finding, JsonProblem, load_object, lower_keys, to_report
from .stealth_bits import SIGNATURE_BITS, Pixels, Stealth, read_stealth, signature_at

MAX_PIXELS = 40_000_000
_FORMATS = ("PNG", "WEBP")
_MEDIA_TYPES = ("image/png", "image/webp")
_TOP_ROWS = SIGNATURE_BITS  # an alpha signature fills the first 120 pixels of column 0


class StealthReader:
    """Decodes stealth pnginfo from PNG/WebP pixels with Pillow + numpy. Runs only with ``--deep``."""

    name = "stealth"
    deep = True

    def read(self, ctx: ReadContext) -> ReaderOutput:
        if ctx.media_type is not None and ctx.media_type not in _MEDIA_TYPES:
            return _check(
                False, f"not run: stealth info is only written to PNG/WebP, this is {ctx.media_type}"
            )
        try:
            pixels_or_reason = _pixels(ctx.stream, ctx.size, ctx.frame)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            return _check(False, f"not run: the image could not be decoded ({type(exc).__name__})")
        if isinstance(pixels_or_reason, str):
            return _check(False, pixels_or_reason)
        found = read_stealth(pixels_or_reason) if pixels_or_reason.size else None
        if found is None:
            return _check(True, "no stealth signature in the alpha or RGB least significant bits")
        return _report(found, ctx.show_prompts)


def _check(ran: bool, detail: str) -> ReaderOutput:
    return ReaderOutput(checks=(Check(name="stealth", ran=ran, detail=detail),))


def _open(stream: IO[bytes]) -> Image.Image:
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own cap applies below
        return Image.open(stream, formats=_FORMATS)


def _pixels(stream: IO[bytes], size: int, frame: FirstFrame) -> Pixels | str:
    """The pixels to search (empty when the top rows show no signature), or why none can be read. The whole
    frame is the decode ``frame`` shares with the watermark reader."""
    image = _open(stream)
    width, height = image.size
    if width * height > MAX_PIXELS:
        return f"not run: {width}x{height} is over the {MAX_PIXELS // 1_000_000} MP limit for pixel checks"
    if (reason := too_large_for_pixels(width, height, size)) is not None:
        return reason
    if image.mode not in ("RGBA", "RGB"):
        return f"not run: mode {image.mode} has no 8-bit RGB or alpha channel to carry stealth info"
    top = _top_rows(image, _TOP_ROWS) if height > _TOP_ROWS else None
    if top is not None and signature_at(top) is None:
        return np.zeros((0, 0, 4), dtype=np.uint8)
    return np.asarray(frame.decoded(stream), dtype=np.uint8)


def _top_rows(image: Image.Image, rows: int) -> Pixels | None:
    """Decode only the first ``rows`` rows of a non-interlaced PNG, or None when that shortcut does not apply.

    Pillow has no public partial decode; narrowing the single zip tile and the image height makes its
    decoder stop after those rows. Anything unexpected falls back to a full decode.
    """
    if not isinstance(image, ImageFile.ImageFile) or image.format != "PNG" or image.info.get("interlace"):
        return None
    if len(image.tile) != 1:
        return None
    tile = image.tile[0]
    if tile[0] != "zip" or tile[1] != (0, 0, *image.size):
        return None
    try:
        image._size = (image.size[0], rows)
        image.tile = [tile._replace(extents=(0, 0, image.size[0], rows))]
        image.load()
        top = np.asarray(image, dtype=np.uint8)
    except Exception:  # a shortcut through private state: the full decode is the safe answer
        return None
    return top if top.shape[0] == rows else None


def _report(found: Stealth, show_prompts: bool) -> ReaderOutput:
    field = f"{found.channel}:{found.signature}"
    problems: list[str] = []
    findings = _findings(found.text, problems) if found.text is not None else []
    if found.problem is not None:
        problems.append(found.problem)
    generators: list[Generator] = []
    evidence: list[Evidence] = []
    for finding in findings:
        generator, item = to_report(
            finding,
            evidence_source="stealth",
            generator_source=f"stealth:{field}",
            raw_text=found.text or finding.summary,
            show_prompts=show_prompts,
        )
        generators.append(generator)
        tool = replace(item.tool, raw=(found.signature,)) if item.tool is not None else None
        evidence.append(
            replace(item, field=field, meaning="Hidden in the pixel LSBs. " + item.meaning, tool=tool)
        )
    if not findings:
        reason = "; ".join(problems) or "payload is not a known generator format"
        evidence.append(
            Evidence(
                source="stealth",
                field=field,
                raw=found.signature,
                meaning=f"Stealth generation-metadata signature in the pixel LSBs, but {reason}.",
                strength=Strength.UNSIGNED,
                origin=None,
            )
        )
    names = ", ".join(g.name for g in generators) or "nothing recognisable"
    detail = f"{found.signature} in {found.channel} LSBs: {names}"
    if problems:
        detail += "; problems: " + "; ".join(clip_line(p, 160) for p in problems)
    return ReaderOutput(
        evidence=tuple(evidence), generators=tuple(generators), checks=(Check("stealth", True, detail),)
    )


def _findings(text: str, problems: list[str]) -> list[Finding]:
    """Generators named by a stealth payload: a JSON object of text chunks (NovelAI) or A1111 parameters."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return find_in_table(lower_keys({"parameters": stripped}), problems)
    try:
        data = load_object(stripped, "stealth payload")
    except JsonProblem as exc:
        problems.append(str(exc))
        return []
    chunks = {str(key): value if isinstance(value, str) else json.dumps(value) for key, value in data.items()}
    return find_in_table(lower_keys(chunks), problems)
