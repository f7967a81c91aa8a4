"""Video fingerprints: vPDQ, a PDQ hash of one frame a second, through Meta's ``vpdq`` package.

``vpdq`` is optional (the ``video`` extra): PyPI has no wheel of it, and its build needs the FFmpeg
development libraries (pkg-config's libavdevice, libavfilter, libavformat, libavcodec, libswresample,
libswscale and libavutil; on Debian the ``lib*-dev`` packages of those names). Without it, videos get no
fingerprint and :func:`video_fingerprints` says why.

Isolation: FFmpeg decodes the untrusted file in a child Python process of its own (:data:`_CHILD`),
with a time limit and an address-space limit, because it does not fail gently: a DASH init segment of
the corpus (no frames) aborts the whole process on an assertion in libswscale. A crash, a timeout or a
refusal is then a :class:`~.decode.Refused` with the reason. Frames are scaled to 256x256 before hashing
and at most :data:`MAX_FRAMES` are kept (the first, one a second).
Measured: the corpus's ``c.mov`` (6 s) takes 1.5 s and 230 MB.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Final

from .algorithms import VPDQ
from .decode import Refused
from .model import Fingerprint, package_version

MAX_FRAMES: Final = 3600  # an hour at one frame a second
TIMEOUT_S: Final = 300.0
MEMORY_LIMIT_BYTES: Final = 2 * 1024**3
_SIDE: Final = 256


def vpdq_available() -> bool:
    """Whether the optional ``vpdq`` package is installed (and so videos can be fingerprinted)."""
    return importlib.util.find_spec("vpdq") is not None


def video_fingerprints(path: Path, *, timeout_s: float = TIMEOUT_S) -> tuple[Fingerprint, ...] | Refused:
    """One vPDQ fingerprint per second of the video at ``path`` (variant ``t=SECONDS``), or why none."""
    if not vpdq_available():
        return Refused("videos need the optional 'vpdq' package (pip install 'provenance[video]')")
    # The child imports vpdq alone (not this package: half a second saved per video), isolated (-I).
    limits = json.dumps([str(path), _SIDE, MAX_FRAMES, MEMORY_LIMIT_BYTES])
    command = [sys.executable, "-I", "-c", _CHILD, limits]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return Refused(f"decoding the video took longer than {timeout_s:g} s")
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"exit code {done.returncode}"
        return Refused(f"the video decoder failed ({how})")
    try:
        frames = json.loads(done.stdout)
        version = package_version("vpdq")
        found = tuple(
            Fingerprint(VPDQ, text, bytes.fromhex(text), version, f"t={float(second):.1f}", int(quality))
            for text, quality, second in frames[:MAX_FRAMES]
            if isinstance(text, str) and len(text) == 64
        )
    except (ValueError, TypeError):
        return Refused("the video decoder answered something unexpected")
    return found or Refused("the video has no frame to hash")


# Run in the child: print [[hex, quality, seconds], ...] for the video, or exit 1 when it cannot be read.
_CHILD = """
import json, sys
path, side, frames, memory = json.loads(sys.argv[1])
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
except (ImportError, ValueError, OSError):
    pass
import vpdq
try:
    found = vpdq.computeHash(
        path, seconds_per_hash=1.0, downsample_width=side, downsample_height=side, thread_count=1
    )
except Exception as error:  # vpdq raises a bare Exception for files FFmpeg cannot read
    print(type(error).__name__, file=sys.stderr)
    sys.exit(1)
print(json.dumps([[vpdq.hash_to_hex(f.hash), int(f.quality), float(f.timestamp)] for f in found[:frames]]))
"""
