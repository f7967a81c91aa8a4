"""The trust-list files this version of provenance knows by content: sha256 sums shipped in snapshots.json.

`provenance trust update` checks every file it fetches against them. A match proves the bytes are those
the owners published at the recorded snapshot, wherever they were fetched from (a mirror, a local
folder); a file that matches none is new to this version, or not the owners' list at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One published state of a list file: where and when (the owners' commit), e.g. "c2pa-org/
    conformance-public trust-list/ at 7dbff513, 2026-08-21"."""

    description: str
    date: date


@cache
def known_sums() -> Mapping[str, Mapping[str, Snapshot]]:
    """File name -> {sha256: snapshot}, from the package's snapshots.json."""
    text = resources.files(__package__).joinpath("snapshots.json").read_text(encoding="utf-8")
    files = json.loads(text)["files"]
    return MappingProxyType(
        {
            name: MappingProxyType(
                {
                    str(entry["sha256"]): Snapshot(str(entry["snapshot"]), date.fromisoformat(entry["date"]))
                    for entry in entries
                }
            )
            for name, entries in files.items()
        }
    )


def known(name: str, sha256: str) -> Snapshot | None:
    """The snapshot a file of this name and sha256 matches; None when this version does not know it."""
    return known_sums().get(name, {}).get(sha256)


def known_snapshot(name: str, sha256: str) -> str | None:
    """The description of the snapshot a file of this name and sha256 matches, e.g. "c2pa-org/conformance-
    public trust-list/ at 7dbff513, 2026-08-21"; None when this version does not know that content."""
    snapshot = known(name, sha256)
    return None if snapshot is None else snapshot.description
