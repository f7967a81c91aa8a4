"""What is read with a file besides the file itself: a standalone C2PA manifest (``NAME.c2pa``, a
"sidecar"), given or found beside it, and a fragmented MP4's media fragments."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .containers.fragments import fragments_of
from .errors import SourceError
from .options import InspectOptions


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A standalone manifest store for a file: given by the caller, or found beside it (read only when
    the file carries no manifest of its own)."""

    name: str
    path: Path | None
    data: bytes | None
    given: bool

    def load(self, cap: int) -> tuple[str, bytes] | None:
        if self.data is not None:
            return self.name, self.data
        assert self.path is not None
        try:
            with self.path.open("rb") as handle:
                data = handle.read(cap + 1)
        except OSError:
            return None
        return (self.name, data) if 0 < len(data) <= cap else None


@dataclass(frozen=True, slots=True)
class Companions:
    """What is read with a file besides the file: a standalone manifest, a fragmented MP4's fragments."""

    sidecar: Sidecar | None = None
    fragments: tuple[Path, ...] | None = None  # None: none given (a path's are looked for beside it)

    def beside(self, path: Path, options: InspectOptions) -> Companions:
        """With what a path's folder holds for it, where the caller gave nothing."""
        sidecar = self.sidecar or sidecar_beside(path, options)
        found = self.fragments
        if found is None and options.fragments:
            found = tuple(fragments_of(path))
        return Companions(sidecar, found)

    def fragment_paths(self, options: InspectOptions) -> tuple[tuple[Path, ...], int]:
        """The fragments to read, and how many are left out over the limit."""
        every = self.fragments or ()
        return every[: options.max_fragments], max(0, len(every) - options.max_fragments)


def given_sidecar(manifest: str | os.PathLike[str] | bytes, options: InspectOptions) -> Sidecar:
    if isinstance(manifest, bytes):
        return Sidecar("(manifest bytes)", None, manifest, True)
    path = Path(manifest)
    try:
        with path.open("rb") as handle:
            data = handle.read(options.max_sidecar_bytes + 1)
    except OSError as error:
        raise SourceError(f"cannot read the manifest {path}: {error.strerror or error}") from error
    if len(data) > options.max_sidecar_bytes:
        raise SourceError(f"the manifest {path} is over {options.max_sidecar_bytes} bytes")
    return Sidecar(path.name, path, data, True)


def sidecar_beside(path: Path, options: InspectOptions) -> Sidecar | None:
    """``NAME.c2pa`` beside ``NAME.ext``, when there is one and the option is on."""
    if not options.sidecars or path.suffix.lower() == ".c2pa":
        return None
    candidate = path.with_suffix(".c2pa")
    try:
        if not stat.S_ISREG(os.stat(candidate).st_mode):
            return None
    except OSError:
        return None
    return Sidecar(candidate.name, candidate, None, False)
