"""The manifest repository: one SQLite file holding, per file that carried provenance, its report, its
manifest store bytes and its fingerprints.

One file, no server: it is copied, backed up and shared like any file, and Python reads it without a
dependency. WAL journalling lets lookups read while ``index add`` writes. A file is identified by the
SHA-256 of its bytes: adding the same bytes again (under any path) replaces its entry, with the report of
the day. The search structure (:mod:`.search`) is built in memory on the first lookup, from the codes
packed in the ``packed`` table (:mod:`.packed`; read again from the ``fingerprints`` rows after a change).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import platformdirs

from ..audit.record import AuditRecord
from . import packed
from .item import IndexItem

SCHEMA_VERSION: Final = "1"
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    modified TEXT,
    media_type TEXT,
    indexed_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    origin TEXT NOT NULL,
    tool TEXT,
    signer TEXT,
    signing_time TEXT,
    integrity TEXT NOT NULL,
    trust TEXT NOT NULL,
    trust_list TEXT,
    strength TEXT NOT NULL,
    summary TEXT NOT NULL,
    manifest_id TEXT,
    report BLOB NOT NULL,
    manifest_store BLOB,
    manifest_format TEXT,
    store_missing TEXT,
    fingerprints_refused TEXT
);
CREATE INDEX IF NOT EXISTS entries_path ON entries (path);
CREATE INDEX IF NOT EXISTS entries_manifest ON entries (manifest_id);
CREATE TABLE IF NOT EXISTS fingerprints (
    entry INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    alg TEXT NOT NULL,
    variant TEXT NOT NULL,
    value TEXT NOT NULL,
    bits BLOB NOT NULL,
    version TEXT NOT NULL,
    quality INTEGER
);
CREATE INDEX IF NOT EXISTS fingerprints_entry ON fingerprints (entry);
CREATE TABLE IF NOT EXISTS seen (
    path TEXT PRIMARY KEY,
    key INTEGER NOT NULL
);
"""
# ``seen``: each file `index add` inspected without an error, indexed or found to carry no provenance, by the
# digest of (path, size, modification time) that audit --resume matches on (a signed 64-bit integer here).
# A later `index add` skips a file whose digest it finds (unless --rescan); `remove` forgets its paths. A
# table added without a schema change: older versions ignore it, and files they add are only read again.
_SIGNED: Final = 1 << 63
# The verdict columns, read from the audit record's row (a dict key for each).
_VERDICT: Final = ("origin", "tool", "signer", "signing_time", "integrity", "trust", "trust_list", "strength")


def default_index_path() -> Path:
    """``index.sqlite`` in the per-user data folder (platformdirs: XDG on Linux, ~/Library, AppData)."""
    return Path(platformdirs.user_data_dir("provenance")) / "index.sqlite"


class RepositoryError(Exception):
    """The file is not a repository this version can read (another schema, not SQLite, unreadable)."""


class Repository:
    """A repository file, open. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not create and not path.is_file():
            raise RepositoryError(f"no repository at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, timeout=30.0)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(_SCHEMA + packed.SCHEMA)
            found = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is None:
                with self.db:
                    self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            elif found[0] != SCHEMA_VERSION:
                raise RepositoryError(
                    f"{path} has repository schema {found[0]}; this version reads {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as error:
            raise RepositoryError(f"{path} is not a repository: {error}") from error

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def generation(self) -> int:
        """A number that changes with every change of the entries (search structures are rebuilt then)."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def add(self, item: IndexItem, record: AuditRecord, *, commit: bool = True) -> int:
        """Store ``item`` with its file's audit record (report and row); returns the entry's id. The same
        bytes indexed before are replaced."""
        row = record.row
        verdict = {name: getattr(row, name) or None for name in _VERDICT}
        store = item.store
        values = {
            "sha256": item.sha256,
            "path": item.path,
            "size": item.size,
            "modified": row.modified or None,
            "media_type": row.media_type or None,
            "indexed_at": now(),
            "reason": item.reason,
            **verdict,
            "summary": row.summary,
            "manifest_id": item.manifest_id,
            "report": zlib.compress(record.json.encode("utf-8"), 6),
            "manifest_store": store.data if store is not None else None,
            "manifest_format": store.media_type if store is not None else None,
            "store_missing": item.store_missing,
            "fingerprints_refused": item.fingerprints_refused,
        }
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        self.db.execute("DELETE FROM entries WHERE sha256 = ?", (item.sha256,))
        entry = self.db.execute(f"INSERT INTO entries ({names}) VALUES ({marks})", values).lastrowid
        assert entry is not None
        self.db.executemany(
            "INSERT INTO fingerprints VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entry, f.alg, f.variant, f.value, f.bits, f.version, f.quality) for f in item.fingerprints],
        )
        self._changed()
        if commit:
            self.db.commit()
        return entry

    def commit(self) -> None:
        self.db.commit()

    def mark_seen(self, path: str, key: int) -> None:
        """Remember that ``path`` was inspected as the file whose resume digest is ``key`` (not committed)."""
        stored = key - (_SIGNED << 1) if key >= _SIGNED else key
        self.db.execute("INSERT OR REPLACE INTO seen (path, key) VALUES (?, ?)", (path, stored))

    def seen_count(self) -> int:
        """How many files :meth:`mark_seen` remembers."""
        return int(self.db.execute("SELECT count(*) FROM seen").fetchone()[0])

    def seen_keys(self) -> set[int]:
        """The resume digests of the files inspected before (:meth:`mark_seen`)."""
        return {k + (_SIGNED << 1) if k < 0 else k for (k,) in self.db.execute("SELECT key FROM seen")}

    def remove(self, paths: Iterable[str] = (), ids: Iterable[int] = ()) -> int:
        """Remove the entries of these paths (a path names a file, or a folder and all under it) and ids;
        returns how many were removed."""
        removed = 0
        with self.db:
            for path in paths:
                folder = path.rstrip("/") + "/"
                where = "WHERE path = ? OR path LIKE ? ESCAPE '\\'"
                matched = (path, _like_escape(folder) + "%")
                removed += self.db.execute(f"DELETE FROM entries {where}", matched).rowcount
                self.db.execute(f"DELETE FROM seen {where}", matched)  # a later `index add` reads them again
            for entry in ids:
                paths_of = "SELECT path FROM entries WHERE id = ?"
                self.db.execute(f"DELETE FROM seen WHERE path IN ({paths_of})", (entry,))
                removed += self.db.execute("DELETE FROM entries WHERE id = ?", (entry,)).rowcount
            if removed:
                self._changed()
        return removed

    def _changed(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def entry(self, entry: int) -> dict[str, Any] | None:
        """An entry's columns (report and store left out: :meth:`report`, :meth:`manifest_store`)."""
        rows = self._rows("WHERE id = ?", (entry,))
        return next(rows, None)

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry, by id (report and store left out)."""
        return self._rows("ORDER BY id", ())

    def by_manifest(self, manifest_id: str) -> dict[str, Any] | None:
        """The newest entry whose active manifest has this label (``urn:uuid:...``)."""
        return next(self._rows("WHERE manifest_id = ? ORDER BY id DESC LIMIT 1", (manifest_id,)), None)

    def _rows(self, where: str, args: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
        with closing(self.db.cursor()) as cursor:
            cursor.execute(
                "SELECT id, sha256, path, size, modified, media_type, indexed_at, reason, origin, tool, "
                "signer, signing_time, integrity, trust, trust_list, strength, summary, manifest_id, "
                "manifest_format, store_missing, fingerprints_refused, "
                "manifest_store IS NOT NULL AS has_store "
                f"FROM entries {where}",
                args,
            )
            names = [d[0] for d in cursor.description]
            for values in cursor:
                yield dict(zip(names, values, strict=True))

    def report(self, entry: int) -> str | None:
        """The entry's JSON report, as it was when indexed."""
        found = self.db.execute("SELECT report FROM entries WHERE id = ?", (entry,)).fetchone()
        return zlib.decompress(found[0]).decode("utf-8") if found else None

    def manifest_store(self, entry: int) -> tuple[bytes, str] | None:
        """The entry's manifest store bytes and the media type of the file it came from."""
        found = self.db.execute(
            "SELECT manifest_store, manifest_format FROM entries WHERE id = ? AND manifest_store IS NOT NULL",
            (entry,),
        ).fetchone()
        return (bytes(found[0]), str(found[1])) if found else None

    def fingerprints(self, entry: int) -> list[dict[str, Any]]:
        """The entry's fingerprints: alg, variant, value, version, quality."""
        rows = self.db.execute(
            "SELECT alg, variant, value, version, quality FROM fingerprints WHERE entry = ? ORDER BY rowid",
            (entry,),
        )
        return [dict(zip(("alg", "variant", "value", "version", "quality"), r, strict=True)) for r in rows]

    def pack(self) -> None:
        """Store every algorithm's codes as packed arrays (:mod:`.packed`), so that the first lookup after
        a change does not read them row by row."""
        from ..fingerprints import ALGORITHMS

        for alg in ALGORITHMS:
            packed.load_codes(self, alg)


def now() -> str:
    """The current time, ISO 8601 UTC to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
