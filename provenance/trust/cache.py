"""The cache written by ``provenance trust update`` (:mod:`.update`): what it holds, and its lists.

Every file is checked against the SHA-256 recorded when it was written, and every certificate must parse,
so a cache changed or damaged since is an error, never a silently shorter list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from ..errors import TrustConfigError
from .bundles import eku_oids, pem_certificates, to_pem
from .config import cache_dir
from .known import known, known_snapshot
from .published import EKU_FILE, LIST_FILES, PUBLISHED, tagged
from .settings import TrustList

CACHE_FILES = LIST_FILES
META_FILE = "meta.json"
RUN_UPDATE = "run `provenance trust update`"

SourceKind = Literal["official", "mirror", "folder"]


@dataclass(frozen=True)
class Source:
    """Where `provenance trust update` took the files from."""

    kind: SourceKind = "official"
    location: str | None = None  # the mirror's base URL or the folder's absolute path; None: the owners

    def describe(self) -> str:
        if self.kind == "mirror":
            return f"the mirror {self.location}"
        if self.kind == "folder":
            return f"the local folder {self.location}"
        return "the owners' official addresses"

    @property
    def label(self) -> str:
        """A short tag for list names: "mirror example.org", "local copy"; "" for the owners."""
        if self.kind == "mirror":
            return f"mirror {urlsplit(self.location or '').hostname or self.location}"
        return "local copy" if self.kind == "folder" else ""


@dataclass(frozen=True)
class FetchedFile:
    """One file of the cache: where it came from, its size, how many certificates it holds, its SHA-256,
    and the known snapshot its content matches (None: content this version does not know)."""

    name: str
    url: str  # the URL fetched, or the file's path for a local folder
    size: int
    certificate_count: int  # 0 for the EKU configuration (.cfg)
    sha256: str
    snapshot: str | None = None


@dataclass(frozen=True)
class CacheState:
    """What `provenance trust update` last wrote, as recorded in meta.json."""

    directory: Path
    fetched_at: str | None  # UTC, ISO 8601
    files: tuple[FetchedFile, ...]
    source: Source = Source()

    @property
    def unknown(self) -> tuple[FetchedFile, ...]:
        """The files whose content matches no snapshot this version knows."""
        return tuple(f for f in self.files if f.snapshot is None)

    def _vouched(self, files: Iterable[str]) -> bool:
        wanted = set(files)
        return self.source.kind == "official" or all(
            f.snapshot is not None for f in self.files if f.name in wanted
        )

    def list_name(self, name: str, files: Iterable[str]) -> str:
        """The name a list made of these cached files goes by: the official ``name`` when the files came
        from their owners or match a known snapshot, else ``name`` tagged with the source
        ("c2pa (mirror example.org)"), so that other content never passes for the official list."""
        return name if self._vouched(files) else tagged(name, self.source.label)

    def as_of(self, files: Iterable[str]) -> date | None:
        """The day these files' content is known to have been current: the day they were fetched from their
        owners, or, from a mirror or a folder, the date of the snapshot they match (else the day they were
        copied: nothing better is known)."""
        fetched = datetime.fromisoformat(self.fetched_at).date() if self.fetched_at else None
        if self.source.kind == "official":
            return fetched
        snapshots = [known(f.name, f.sha256) for f in self.files if f.name in set(files)]
        dates = [s.date for s in snapshots if s is not None]
        return min(dates) if dates and len(dates) == len(snapshots) else fetched


def _read_source(meta: Mapping[str, Any]) -> Source:
    """The source of a meta.json: format 2 records it; format 1 only had `mirror` (URL or null)."""
    if "source" not in meta:
        mirror = meta.get("mirror")
        return Source("mirror", str(mirror)) if mirror else Source()
    kind, location = meta["source"]["kind"], meta["source"]["location"]
    if kind not in ("official", "mirror", "folder") or (location is None) != (kind == "official"):
        raise ValueError(f"unexpected source {meta['source']!r}")
    return Source(kind, None if location is None else str(location))


def read_cache_state(directory: Path | None = None) -> CacheState | None:
    """The cache's meta.json as a CacheState; None when there is no cache. TrustConfigError when corrupt."""
    folder = cache_dir() if directory is None else directory
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        fetched_at = meta["fetched_at"]
        files = tuple(
            FetchedFile(
                name,
                str(entry["url"]),
                int(entry["size"]),
                int(entry["certificate_count"]),
                str(entry["sha256"]),
                known_snapshot(name, str(entry["sha256"])),
            )
            for name, entry in meta["files"].items()
        )
        if not isinstance(fetched_at, str) or {f.name for f in files} != set(CACHE_FILES):
            raise ValueError("unexpected content")
        datetime.fromisoformat(fetched_at)
        source = _read_source(meta)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TrustConfigError(f"the trust cache {meta_path} is corrupt ({exc}); {RUN_UPDATE}") from exc
    return CacheState(folder, fetched_at, files, source)


def cached_text(state: CacheState, name: str) -> str:
    """The text of one cached file, checked against the SHA-256 recorded when it was downloaded."""
    path = state.directory / name
    expected = next((f.sha256 for f in state.files if f.name == name), None)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise TrustConfigError(f"cannot read the cached {path}: {exc.strerror}; {RUN_UPDATE}") from exc
    if hashlib.sha256(body).hexdigest() != expected:
        raise TrustConfigError(f"the cached {path} changed since it was downloaded; {RUN_UPDATE}")
    return body.decode("utf-8", errors="replace")


def cache_lists(state: CacheState) -> tuple[dict[str, TrustList], tuple[str, str]]:
    """The cache's lists by key ("c2pa", "interim", "c2pa-tsa") and its EKU configuration (text, origin)."""
    origin = f"cache (fetched {(state.fetched_at or '?')[:10]}"
    origin += ")" if state.source.kind == "official" else f" from {state.source.describe()})"

    def certs(name: str) -> list[bytes]:
        try:
            return pem_certificates(cached_text(state, name))
        except ValueError as exc:
            raise TrustConfigError(f"the cached {state.directory / name} is damaged: {exc}") from exc

    lists: dict[str, TrustList] = {}
    for published in PUBLISHED:
        files = [published.anchors] + ([published.allowed] if published.allowed else [])
        anchors = certs(published.anchors)
        allowed = certs(published.allowed) if published.allowed else []
        lists[published.key] = TrustList(
            name=state.list_name(published.name, files),
            anchors_pem=to_pem(anchors),
            allowed_pem=to_pem(allowed) if allowed else None,
            kind=published.kind,
            origin=origin,
            certificate_count=len(anchors) + len(allowed),
            as_of=state.as_of(files),
            frozen=published.frozen,
        )
    try:
        eku = "\n".join(eku_oids(cached_text(state, EKU_FILE))) + "\n"
    except ValueError as exc:
        raise TrustConfigError(f"the cached {state.directory / EKU_FILE} is damaged: {exc}") from exc
    return lists, (eku, f"{origin}: {EKU_FILE}")
