"""Generators that name themselves only in a PNG ``Software`` chunk (DreamStudio, Draw Things)."""

from __future__ import annotations

from ...vocab import SOFTWARE_CHUNK_GENERATORS
from .common import Finding, Table, get


def parse(table: Table) -> Finding | None:
    """A PNG ``Software`` chunk that names a generator with no richer metadata of its own here."""
    software = (get(table, "software") or "").strip()
    for needle, name in SOFTWARE_CHUNK_GENERATORS:
        if needle in software.lower():
            version = software[software.lower().index(needle) + len(needle) :].strip(" v") or None
            return Finding(name, version, None, None, False, (table["software"][0],), f"Software={software}")
    return None
