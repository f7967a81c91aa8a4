"""Perceptual fingerprints of a file's pixels: what lets a stripped, re-encoded copy be traced to a file
whose credentials were recorded (:mod:`provenance.index`).

Images get the ISCC Content-Code Image (``io.iscc.v0``, on the C2PA soft-binding algorithm list) and a PDQ
hash; videos a vPDQ hash a second when the optional ``vpdq`` package is installed. Everything is computed
from decoded pixels with a bounded decode (:mod:`.decode`); files that are neither get none, and say why.
``iscc-core`` and ``pdqhash`` are the ``index`` extra.

    from provenance.fingerprints import fingerprint
    result = fingerprint("photo.jpg")
    [f.to_dict() for f in result.fingerprints]   # [{"alg": "io.iscc.v0", "value": "ISCC:EEA...", ...}, ...]
"""

from __future__ import annotations

import importlib.util
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from .. import media
from ..errors import MissingExtraError
from .algorithms import ALGORITHMS, ISCC, PDQ, VPDQ, Algorithm, algorithm
from .decode import Refused, decode
from .image import image_fingerprints
from .model import Fingerprint, hamming
from .values import api_value as api_value_of
from .values import bits_of
from .video import video_fingerprints, vpdq_available

MAX_VIDEO_STREAM_BYTES = 2 * 1024**3  # a video given as bytes or a stream is spooled to a file up to this


@dataclass(frozen=True, slots=True)
class FingerprintResult:
    """A file's fingerprints, or why it has none (``refused``): not an image or a video, over a limit..."""

    fingerprints: tuple[Fingerprint, ...]
    media: str | None = None  # "image" | "video" | None
    refused: str | None = None

    def of(self, alg: str, variant: str = "full") -> Fingerprint | None:
        """The fingerprint of that algorithm and variant, if computed."""
        return next((f for f in self.fingerprints if f.alg == alg and f.variant == variant), None)

    def to_dict(self) -> dict[str, Any]:
        """The report's ``fingerprints`` part: the whole-image values (crop variants stay in the index)."""
        return {
            "media": self.media,
            "values": [f.to_dict() for f in self.fingerprints if not f.variant.startswith("crop")],
            "refused": self.refused,
        }


def fingerprint(source: str | Path | bytes | IO[bytes], *, variants: bool = False) -> FingerprintResult:
    """The fingerprints of a file (a path, its bytes, or a seekable binary stream).

    ``variants``: also the centred-crop variants of an image (:data:`.image.CROP_VARIANTS`), which the
    repository stores so that cropped copies are found. Raises :class:`~provenance.errors.MissingExtraError`
    when the ``index`` extra is not installed; a file that cannot be fingerprinted is a result with
    ``refused`` set, never an exception.
    """
    _require("iscc_core")
    _require("pdqhash")
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    kind = _kind(source)
    if kind == "video":
        return _video(source)
    if kind != "image":
        return FingerprintResult((), None, "not an image or a video")
    decoded = decode(source)
    if isinstance(decoded, Refused):
        return FingerprintResult((), "image", decoded.reason)
    return FingerprintResult(image_fingerprints(decoded, variants=variants), "image")


def _require(module: str) -> None:
    """The ``index`` extra's packages must be installed (checked without importing iscc-core: its values are
    computed here, and its import takes 70 ms)."""
    if not _installed(module):
        raise MissingExtraError("Fingerprints", "index", module)


@cache
def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _kind(source: str | Path | IO[bytes]) -> str | None:
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as handle:
                head = handle.read(media.SNIFF_BYTES)
        else:
            source.seek(0)
            head = source.read(media.SNIFF_BYTES)
    except OSError:
        return None
    sniffed = media.sniff(head) or ""
    if sniffed.startswith("video/"):
        return "video"
    if sniffed.startswith("image/") and sniffed != "image/svg+xml":
        return "image"
    return None


def _video(source: str | Path | IO[bytes]) -> FingerprintResult:
    if not vpdq_available():
        return FingerprintResult((), "video", "videos need the optional 'vpdq' package (the 'video' extra)")
    found = video_fingerprints(Path(source)) if isinstance(source, str | Path) else _spooled_video(source)
    if isinstance(found, Refused):
        return FingerprintResult((), "video", found.reason)
    return FingerprintResult(found, "video")


def _spooled_video(stream: IO[bytes]) -> tuple[Fingerprint, ...] | Refused:
    """FFmpeg reads files: a stream is copied to a temporary file first (up to a size limit)."""
    stream.seek(0)
    handle = tempfile.NamedTemporaryFile(prefix="provenance-video-", delete=False)  # noqa: SIM115
    try:
        with handle:
            copied = 0
            while chunk := stream.read(1 << 20):
                copied += len(chunk)
                if copied > MAX_VIDEO_STREAM_BYTES:
                    return Refused(f"the video is larger than {MAX_VIDEO_STREAM_BYTES} bytes")
                handle.write(chunk)
        return video_fingerprints(Path(handle.name))
    finally:
        os.unlink(handle.name)


__all__ = [
    "ALGORITHMS",
    "ISCC",
    "PDQ",
    "VPDQ",
    "Algorithm",
    "Fingerprint",
    "FingerprintResult",
    "algorithm",
    "api_value_of",
    "bits_of",
    "fingerprint",
    "hamming",
    "vpdq_available",
]
