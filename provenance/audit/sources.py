"""Files beyond the local disk: object storage and web listings through fsspec (the ``cluster`` extra).

``provenance audit s3://bucket/prefix`` (or ``gs://``, ``az://``, ``https://``...) lists objects lazily,
one "directory" (prefix level) at a time, with the same ``include``/``exclude``/hidden rules as the local
walk (:mod:`.walk`), which local paths keep going through. Each object is yielded with the size and
modification time of the listing: they end up in its record, so ``--resume`` matches it whichever engine
made the record.

Objects are read into memory (never into temporary files: the C2PA SDK reads a seekable in-memory stream),
refused before any byte is fetched when the listing says they are over the size cap.

Storage options (``endpoint_url``, ``anon``, ``profile``...) are passed to fsspec as given; credentials
come from the usual places of each filesystem (environment, config files), never from this project.
Reading object storage is the user's explicit request; C2PA remote-manifest fetching stays off unless
``--allow-network``.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._extras import require
from ..errors import MissingExtraError
from ..models import ErrorKind
from ..options import InspectOptions
from .pairing import FolderPairs
from .walk import WalkOptions, compile_globs, matches_globs

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class ObjectEntry:
    """One object of a listing: its full URL, size in bytes and modification time (epoch seconds)."""

    url: str
    size: int | None
    modified: float | None
    sidecar: str | None = None  # the URL of its standalone manifest NAME.c2pa, in the same folder
    fragments: tuple[str, ...] = ()  # for a fragmented MP4's init segment, its fragments' URLs


@dataclass(frozen=True, slots=True)
class FetchError:
    """Why an object could not be read: ``kind`` as in the reports' ``error.kind``."""

    kind: ErrorKind
    message: str


def is_url(path: str) -> bool:
    """True for ``scheme://...`` sources (fsspec); plain paths stay on the local walk."""
    return bool(_URL.match(path)) and not path.startswith("file://")


def filesystem(url: str, storage_options: Mapping[str, Any]) -> tuple[Any, str]:
    """The fsspec filesystem for ``url`` and the path inside it."""
    require("fsspec", f"Reading {url.split('://', 1)[0]}:// sources")
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url, **dict(storage_options))
    except ImportError as error:  # e.g. s3fs or gcsfs missing for that protocol
        missing = getattr(error, "name", None) or str(error)
        raise MissingExtraError(f"Reading {url.split('://', 1)[0]}:// sources", "cluster", missing) from error
    return fs, path


def list_objects(
    url: str,
    options: WalkOptions | None = None,
    storage_options: Mapping[str, Any] | None = None,
    pairing: InspectOptions | None = None,
) -> Iterator[ObjectEntry]:
    """Every object under ``url`` (or ``url`` itself when it names one object), lazily, sorted per level.

    With ``pairing``, objects read with another (:mod:`.pairing`) are not yielded; the entry of the one
    they go with names them."""
    options = options or WalkOptions()
    fs, root = filesystem(url, storage_options or {})
    include, exclude = compile_globs(options.include), compile_globs(options.exclude)
    try:
        info = fs.info(root)
    except FileNotFoundError:
        info = {"type": "directory"}  # an object store "prefix" has no entry of its own
    if info.get("type") != "directory":
        yield _entry(fs, root, info)
        return
    top = root.rstrip("/")
    for folder, dirs, files in fs.walk(top, topdown=True, detail=True):
        pairs = FolderPairs.of(files, pairing) if pairing is not None else FolderPairs()
        base = folder.rstrip("/")
        prefix = posixpath.relpath(folder.rstrip("/"), top) + "/" if folder.rstrip("/") != top else ""
        # Pruning in place (topdown): excluded and hidden folders are not listed at all.
        for name in sorted(dirs):
            if (name.startswith(".") and not options.hidden) or (
                exclude and matches_globs(exclude, prefix + name, name)
            ):
                del dirs[name]
        for name in sorted(files):
            rel = prefix + name
            if name.startswith(".") and not options.hidden:
                continue
            if exclude and matches_globs(exclude, rel, name):
                continue
            if (include and not matches_globs(include, rel, name)) or name in pairs.companions:
                continue
            entry = _entry(fs, files[name].get("name", f"{base}/{name}"), files[name])
            if name in pairs.sidecar or name in pairs.fragments:
                entry = dataclasses.replace(
                    entry,
                    sidecar=fs.unstrip_protocol(f"{base}/{pairs.sidecar[name]}")
                    if name in pairs.sidecar
                    else None,
                    fragments=tuple(
                        fs.unstrip_protocol(f"{base}/{n}") for n in pairs.fragments.get(name, ())
                    ),
                )
            yield entry


def _entry(fs: Any, path: str, info: Mapping[str, Any]) -> ObjectEntry:
    size = info.get("size")
    return ObjectEntry(fs.unstrip_protocol(path), int(size) if size is not None else None, _modified(info))


def _modified(info: Mapping[str, Any]) -> float | None:
    """The modification time a listing gives, as epoch seconds (each filesystem names it differently)."""
    for key in ("LastModified", "mtime", "updated", "last_modified", "modified", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
    return None


def fetch(url: str, size: int | None, storage_options: Mapping[str, Any], cap: int) -> bytes | FetchError:
    """The object's bytes, at most ``cap``; an error (not an exception) when it cannot be read."""
    if size is not None and size > cap:
        return FetchError(ErrorKind.TOO_LARGE, f"the object is {size} bytes, over the {cap}-byte limit")
    try:
        fs, path = filesystem(url, storage_options)
        # One ranged GET, no HEAD first (the listing gave the size); bytes past the cap are never sent.
        data: bytes = fs.cat_file(path, start=0, end=cap + 1)
    except FileNotFoundError:
        return FetchError(ErrorKind.NOT_FOUND, f"{url} does not exist (or disappeared after the listing)")
    except PermissionError:
        return FetchError(ErrorKind.PERMISSION_DENIED, f"permission denied reading {url}")
    except MissingExtraError:
        raise
    except Exception as error:  # network and service errors of any filesystem: one record, not the run
        return FetchError(ErrorKind.IO_ERROR, f"could not read {url}: {type(error).__name__}: {error}")
    if len(data) > cap:
        return FetchError(ErrorKind.TOO_LARGE, f"the object is over the {cap}-byte limit")
    return data
