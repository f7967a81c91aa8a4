"""WebP (RIFF): the ``XMP ``, ``EXIF`` and ``C2PA`` chunks, seeking over the image data chunks."""

from __future__ import annotations

import struct
from typing import IO, Final

from . import Blobs
from ._io import MB, Collector, read_exact, strip_exif_prefix

MAX_CHUNKS: Final = 100_000  # animated WebPs have one ANMF chunk per frame
MAX_METADATA_CHUNK: Final = 16 * MB  # as an ISO BMFF item; the XMP reader parses no larger packet


def walk(stream: IO[bytes]) -> Blobs:
    """The metadata chunks of a RIFF WebP file. Bad input ends the walk with a problem, never raises."""
    xmp: list[bytes] = []
    exif: list[bytes] = []
    c2pa = False
    found = Collector("riff")
    size = stream.seek(0, 2)
    stream.seek(0)
    head = read_exact(stream, 12)
    if head is None or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return Blobs(problems=("riff: not a RIFF WebP file",))
    (riff_size,) = struct.unpack_from("<I", head, 4)
    end = min(size, 8 + riff_size)
    if 8 + riff_size > size:
        found.problem("file shorter than its RIFF header says")
    for _ in range(MAX_CHUNKS):
        if stream.tell() + 8 > end:
            break
        chunk = read_exact(stream, 8)
        assert chunk is not None  # guarded by the size check above
        fourcc, length = struct.unpack("<4sI", chunk)
        padded = length + (length & 1)
        if stream.tell() + length > end:
            found.problem(f"truncated {fourcc.decode('latin-1')!r} chunk")
            break
        metadata = fourcc in (b"XMP ", b"EXIF")
        if metadata and length <= MAX_METADATA_CHUNK and found.allow(length, f"{fourcc.decode()!r} chunk"):
            data = stream.read(length)
            if fourcc == b"XMP ":
                xmp.append(data)
            else:
                exif.append(strip_exif_prefix(data))
            stream.seek(padded - length, 1)
            continue
        if metadata and length > MAX_METADATA_CHUNK:
            found.problem(f"{fourcc.decode()!r} chunk of {length} bytes skipped (over the cap)")
        elif fourcc == b"C2PA":
            c2pa = True
        stream.seek(padded, 1)
    else:
        found.problem(f"more than {MAX_CHUNKS} chunks; walk stopped")
    return Blobs(xmp=tuple(xmp), exif=tuple(exif), c2pa_box=c2pa, problems=found.problems.summary())
