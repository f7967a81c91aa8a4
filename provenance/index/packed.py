"""The repository's codes of one algorithm as packed arrays, kept in the repository file itself.

The search structure needs every stored code of an algorithm at once: three million rows for a million
images. Read row by row into Python objects they took 10 s at 10^6 entries on an idle 2-core machine (56 s
under load). So the arrays are also stored whole, in the ``packed`` table (parts of a million codes, as
blobs), tagged with the repository's generation: a lookup in a repository unchanged since they were written
reads them in well under a second. After a change the rows are read once more and the arrays written again
(``index add`` does it at the end of its run, so the first lookup after it does not pay).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .repository import Repository

PART: Final = 1_000_000  # codes per stored part (a blob stays far under SQLite's 1 GB limit)
SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS packed (
    alg TEXT NOT NULL,
    part INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    codes BLOB NOT NULL,
    entries BLOB NOT NULL,
    variants BLOB NOT NULL,
    quality BLOB NOT NULL,
    names TEXT NOT NULL,
    PRIMARY KEY (alg, part)
);
"""


@dataclass(frozen=True, slots=True)
class Codes:
    """Every stored code of one algorithm, ordered by entry: the codes end to end, and per code its entry,
    its variant (an index into ``names``) and its PDQ quality (-1 for none)."""

    generation: int
    codes: bytes
    entries: npt.NDArray[np.int64]
    variants: npt.NDArray[np.uint32]
    names: tuple[str, ...]
    quality: npt.NDArray[np.int16]


def load_codes(repository: Repository, alg: str) -> Codes:
    """The algorithm's codes: from the packed table when it is of the current generation, else from the
    rows (and then packed for the next time, when the file is writable)."""
    db = repository.db
    own = not db.in_transaction  # a writer's open transaction already is one snapshot (and is not ours)
    if own:
        db.execute("BEGIN")  # one snapshot: the generation and the codes read agree
    try:
        generation = repository.generation
        found = _read_packed(db, alg, generation)
        fresh = found is None
        if found is None:
            found = _read_rows(db, alg, generation)
    finally:
        if own:
            db.execute("COMMIT")
    if fresh and own:
        pack(repository, found, alg)
    return found


def pack(repository: Repository, codes: Codes, alg: str) -> None:
    """Store ``codes`` as the packed arrays of ``alg`` (skipped when the file is read-only or busy)."""
    width = len(codes.codes) // max(1, len(codes.entries))
    try:
        with repository.db as db:
            db.execute("DELETE FROM packed WHERE alg = ?", (alg,))
            for part, start in enumerate(range(0, len(codes.entries), PART)):
                end = start + PART
                db.execute(
                    "INSERT INTO packed VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        alg,
                        part,
                        codes.generation,
                        codes.codes[start * width : end * width],
                        codes.entries[start:end].tobytes(),
                        codes.variants[start:end].tobytes(),
                        codes.quality[start:end].tobytes(),
                        json.dumps(codes.names),
                    ),
                )
    except sqlite3.OperationalError:
        pass  # read-only or locked by a writer: the next lookup reads the rows again


def _read_packed(db: sqlite3.Connection, alg: str, generation: int) -> Codes | None:
    with closing(db.cursor()) as cursor:
        cursor.execute(
            "SELECT generation, codes, entries, variants, quality, names FROM packed WHERE alg = ? "
            "ORDER BY part",
            (alg,),
        )
        parts = cursor.fetchall()
    if not parts or any(p[0] != generation for p in parts) or len({p[5] for p in parts}) != 1:
        return None
    return Codes(
        generation,
        b"".join(p[1] for p in parts),
        np.frombuffer(b"".join(p[2] for p in parts), dtype=np.int64),
        np.frombuffer(b"".join(p[3] for p in parts), dtype=np.uint32),
        tuple(json.loads(parts[0][5])),
        np.frombuffer(b"".join(p[4] for p in parts), dtype=np.int16),
    )


def _read_rows(db: sqlite3.Connection, alg: str, generation: int) -> Codes:
    with closing(db.cursor()) as cursor:
        cursor.execute(
            "SELECT entry, variant, coalesce(quality, -1), bits FROM fingerprints "
            "WHERE alg = ? ORDER BY rowid",
            (alg,),
        )
        rows = cursor.fetchall()
    entries = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    order = np.argsort(entries, kind="stable")  # by entry, then as stored (rows come in rowid order)
    names = tuple(sorted({r[1] for r in rows}))  # full, crop95, crop90; t=SECONDS for video frames
    number = {name: i for i, name in enumerate(names)}
    variants = np.fromiter((number[r[1]] for r in rows), dtype=np.uint32, count=len(rows))
    quality = np.fromiter((r[2] for r in rows), dtype=np.int16, count=len(rows))
    codes = b"".join(rows[i][3] for i in order.tolist())
    return Codes(generation, codes, entries[order], variants[order], names, quality[order])
