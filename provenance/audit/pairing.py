"""Files an audit reads with another rather than on their own, on disk and in object storage listings.

A standalone manifest ``NAME.c2pa`` beside an asset ``NAME.ext`` is validated with the asset (the asset's
record names it in ``c2pa.sidecar``); a media fragment ``NAME1.m4s`` beside a fragmented MP4's init
segment ``NAME_init.mp4`` is verified with it (``c2pa.fragments``). Neither gets a record of its own.
The naming rules are those of :mod:`provenance._companions` and :mod:`provenance.containers.fragments`.
"""

from __future__ import annotations

import glob
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..containers import fragments
from ..options import InspectOptions

SIDECAR_SUFFIX = ".c2pa"


def is_sidecar(path: Path) -> bool:
    """A ``NAME.c2pa`` standalone manifest beside an asset ``NAME.ext`` (any other extension)."""
    if path.suffix.lower() != SIDECAR_SUFFIX:
        return False
    for sibling in path.parent.glob(glob.escape(path.stem) + ".*"):
        if sibling != path and sibling.suffix.lower() != SIDECAR_SUFFIX and sibling.is_file():
            return True
    return False


_COMPANION_ENDINGS = (SIDECAR_SUFFIX, *sorted(fragments.FRAGMENT_SUFFIXES))


def read_with_another(path: str | Path, options: InspectOptions) -> bool:
    """Whether a local file is read with another (so the audit gives it no record)."""
    if not os.fspath(path).lower().endswith(_COMPANION_ENDINGS):
        return False  # most files: no Path object, no look at the folder
    path = Path(path)
    return (options.sidecars and is_sidecar(path)) or (options.fragments and fragments.has_init_beside(path))


@dataclass(frozen=True, slots=True)
class FolderPairs:
    """The pairs among the names of one folder (an object storage prefix level)."""

    companions: frozenset[str] = frozenset()  # names read with another
    sidecar: dict[str, str] = field(default_factory=dict)  # asset name -> its NAME.c2pa
    fragments: dict[str, tuple[str, ...]] = field(default_factory=dict)  # init name -> its fragments

    @classmethod
    def of(cls, names: Iterable[str], options: InspectOptions) -> FolderPairs:
        names = sorted(names)
        companions: set[str] = set()
        sidecar: dict[str, str] = {}
        found: dict[str, tuple[str, ...]] = {}
        if options.sidecars:
            manifests = {_stem(n): n for n in names if _suffix(n) == SIDECAR_SUFFIX}
            for name in names:
                match = manifests.get(_stem(name)) if _suffix(name) != SIDECAR_SUFFIX else None
                if match is not None:
                    sidecar[name] = match
                    companions.add(match)
        if options.fragments:
            pieces = [n for n in names if fragments.is_fragment(Path(n))]
            for name in names:
                prefix = fragments.init_prefix(Path(name))
                if prefix is not None:
                    mine = tuple(sorted((p for p in pieces if p.startswith(prefix)), key=fragments.natural))
                    if mine:
                        found[name] = mine
                        companions.update(mine)
        return cls(frozenset(companions), sidecar, found)


def _stem(name: str) -> str:
    return posixpath.splitext(name)[0]


def _suffix(name: str) -> str:
    return posixpath.splitext(name)[1].lower()
