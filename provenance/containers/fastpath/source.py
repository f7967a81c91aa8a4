"""Positioned, bounded reads for the fast-path container checks, and the XMP pointer test they share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Final

from .._io import PositionedReads

POINTER: Final = b"provenance"  # dcterms:provenance, the XMP property that names a remote manifest
MAX_XMP: Final = 16 * 1024 * 1024  # larger XMP is not searched: the SDK is called instead
_SEARCH_CHUNK: Final = 1024 * 1024
_HEAD: Final = 64 * 1024


class Irregular(Exception):
    """The container is not regular enough to prove the SDK would find no manifest in it."""


def mentions_pointer(packets: Iterable[bytes | bytearray]) -> bool:
    """Whether any XMP packet names a provenance pointer: a raw byte search, a superset of the SDK's."""
    return any(POINTER in packet for packet in packets)


class Source:
    """Exact reads at absolute offsets (positioned reads on a real file). A read past the end raises
    :class:`Irregular`."""

    def __init__(self, stream: IO[bytes], size: int | None = None) -> None:
        """``size``: the file's size when the caller has it (one system call less)."""
        self._reads = PositionedReads(stream)
        self.size = self._reads.size() if size is None else size
        self._head: bytes | None = None

    def head(self) -> bytes:
        """The file's first 64 KB (all of a smaller file), read once: most checks need nothing else."""
        if self._head is None:
            self._head = self._reads.pread(0, _HEAD)
        return self._head

    def read_up_to(self, offset: int, size: int) -> bytes:
        """At most ``size`` bytes at ``offset`` (fewer at the end of the file)."""
        if offset < 0 or size < 0:
            raise Irregular
        if offset + size <= _HEAD:  # most checks end in the first kilobytes: one read serves them
            return self.head()[offset : offset + size]
        return self._reads.pread(offset, size)

    def read(self, offset: int, size: int) -> bytes:
        """Exactly ``size`` bytes at ``offset``."""
        if offset + size > self.size:
            raise Irregular
        data = self.read_up_to(offset, size)
        if len(data) != size:
            raise Irregular
        return data

    def contains(self, needle: bytes) -> bool:
        """Whether ``needle`` occurs anywhere in the file, read in 1 MB pieces."""
        offset, tail = 0, b""
        while offset < self.size:
            piece = self.read_up_to(offset, _SEARCH_CHUNK)
            if not piece:
                break
            if needle in piece or needle in tail + piece[: len(needle) - 1]:
                return True
            tail = piece[-(len(needle) - 1) :] if len(needle) > 1 else b""
            offset += len(piece)
        return False
