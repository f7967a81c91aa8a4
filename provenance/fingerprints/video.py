"""Video fingerprints: vPDQ, a PDQ hash of one frame a second, through Meta's ``vpdq`` package.

``vpdq`` is optional (the ``video`` extra): PyPI has no wheel of it, and its build needs the FFmpeg
development libraries (pkg-config's libavdevice, libavfilter, libavformat, libavcodec, libswresample,
libswscale and libavutil; on Debian the ``lib*-dev`` packages of those names). Without it, videos get no
fingerprint and :func:`video_fingerprints` says why.

Isolation: FFmpeg decodes the untrusted file in a child Python process (:mod:`.vpdq_child`: one
long-lived child per process, reused from one video to the next), with a time limit per video and an
address-space limit, because it does not fail gently: a DASH init segment of the corpus (no frames) aborts
the whole process on an assertion in libswscale. A crash, a timeout or a refusal is then a
:class:`~.decode.Refused` with the reason. Frames are scaled to 256x256 before hashing and at most
:data:`MAX_FRAMES` are kept (the first, one a second).
Measured: the corpus's ``c.mov`` (6 s) takes 1.5 s and 230 MB.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
from pathlib import Path
from typing import Final

from .algorithms import VPDQ
from .decode import Refused
from .model import Fingerprint, package_version
from .vpdq_child import VpdqChild

MAX_FRAMES: Final = 3600  # an hour at one frame a second
TIMEOUT_S: Final = 300.0
MEMORY_LIMIT_BYTES: Final = 2 * 1024**3
_SIDE: Final = 256
_CHILD: Final = VpdqChild(MEMORY_LIMIT_BYTES)  # this process's decoder, started on its first video
atexit.register(_CHILD.close)  # reaped, not left to end on its own when its input closes


def vpdq_available() -> bool:
    """Whether the optional ``vpdq`` package is installed (and so videos can be fingerprinted)."""
    return importlib.util.find_spec("vpdq") is not None


def video_fingerprints(path: Path, *, timeout_s: float = TIMEOUT_S) -> tuple[Fingerprint, ...] | Refused:
    """One vPDQ fingerprint per second of the video at ``path`` (variant ``t=SECONDS``), or why none."""
    if not vpdq_available():
        return Refused("videos need the optional 'vpdq' package (pip install 'provenance[video]')")
    answer = _CHILD.hash(path, _SIDE, MAX_FRAMES, timeout_s)
    if isinstance(answer, Refused):
        return answer
    try:
        frames = json.loads(answer)
        version = package_version("vpdq")
        found = tuple(
            Fingerprint(VPDQ, text, bytes.fromhex(text), version, f"t={float(second):.1f}", int(quality))
            for text, quality, second in frames[:MAX_FRAMES]
            if isinstance(text, str) and len(text) == 64
        )
    except (ValueError, TypeError):
        return Refused("the video decoder answered something unexpected")
    return found or Refused("the video has no frame to hash")
