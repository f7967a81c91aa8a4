"""Download and cache the published C2PA and Content Credentials trust lists.

This is the only code in the project that touches the network by default, and only when the user runs
`provenance trust update`. Everything is downloaded and checked before the disk is touched, and the new cache
replaces the old one in a single directory swap, so a failed update leaves the previous cache as it was.

Where the files come from is recorded and shown (:class:`Source`): the owners' https addresses, an https
mirror, or a local folder (`--from DIR`). Every certificate must parse as X.509, and every file is compared
with the sha256 sums of the snapshots this version knows (:mod:`.known`): from a mirror or a folder, unknown
content is refused unless the caller accepts it, and lists made from it are then named by their source,
never by the official name.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import ssl
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Literal
from urllib.parse import urlsplit

import platformdirs

from ..errors import TrustConfigError, TrustUpdateError
from .bundles import eku_oids, pem_certificates
from .known import known_snapshot

_C2PA_BASE = "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list"
CACHE_FILES: Mapping[str, str] = MappingProxyType(
    {
        "C2PA-TRUST-LIST.pem": f"{_C2PA_BASE}/C2PA-TRUST-LIST.pem",
        "C2PA-TSA-TRUST-LIST.pem": f"{_C2PA_BASE}/C2PA-TSA-TRUST-LIST.pem",
        "interim-anchors.pem": "https://contentcredentials.org/trust/anchors.pem",
        "interim-allowed.pem": "https://contentcredentials.org/trust/allowed.pem",
        "interim-store.cfg": "https://contentcredentials.org/trust/store.cfg",
    }
)
META_FILE = "meta.json"
_RUN_UPDATE = "run `provenance trust update`"
MAX_FILE_SIZE = 5 * 1024 * 1024  # the real lists are < 200 kB; anything this big is not a trust list

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

    def list_name(self, name: str, files: Iterable[str]) -> str:
        """The name a list made of these cached files goes by: the official ``name`` when the files came
        from their owners or match a known snapshot, else ``name`` tagged with the source
        ("c2pa (mirror example.org)"), so that other content never passes for the official list."""
        wanted = set(files)
        vouched = all(f.snapshot is not None for f in self.files if f.name in wanted)
        return name if self.source.kind == "official" or vouched else f"{name} ({self.source.label})"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`PROVENANCE_CACHE_DIR` when set, else the per-user cache folder's `trust` subfolder."""
    env = os.environ if environ is None else environ
    override = env.get("PROVENANCE_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("provenance")) / "trust"


def _describe(name: str, url: str, body: bytes) -> FetchedFile:
    """Check a fetched file and describe it; TrustUpdateError when it is not what the name promises."""
    try:
        text = body.decode("utf-8")
        if name.endswith(".pem"):
            count = len(pem_certificates(text))
            if count == 0:
                raise ValueError("no certificate (no '-----BEGIN CERTIFICATE-----' block)")
        else:
            count = 0
            if not eku_oids(text):
                raise ValueError("no OID")
    except UnicodeDecodeError:
        raise TrustUpdateError(f"{url}: the response is not text") from None
    except ValueError as exc:
        raise TrustUpdateError(f"{url}: not a valid {name}: {exc}") from exc
    digest = hashlib.sha256(body).hexdigest()
    return FetchedFile(name, url, len(body), count, digest, known_snapshot(name, digest))


class _HttpsRedirectsOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme != "https":
            raise TrustUpdateError(f"{req.full_url}: redirected to {newurl}, which is not https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, timeout: float, tls: ssl.SSLContext | None) -> bytes:
    if urlsplit(url).scheme != "https":
        raise TrustUpdateError(f"{url}: only https URLs are allowed")
    request = urllib.request.Request(url, headers={"User-Agent": "provenance-trust-update"})
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=tls), _HttpsRedirectsOnly())
    try:
        with opener.open(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_FILE_SIZE + 1)
    except urllib.error.HTTPError as exc:
        raise TrustUpdateError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise TrustUpdateError(f"{url}: {exc.reason}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise TrustUpdateError(f"{url}: {exc or type(exc).__name__}") from exc
    if len(body) > MAX_FILE_SIZE:
        raise TrustUpdateError(f"{url}: larger than {MAX_FILE_SIZE // (1024 * 1024)} MB, not a trust list")
    if not body:
        raise TrustUpdateError(f"{url}: empty response")
    return body


def _read_local(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise TrustUpdateError(
                f"{path}: no such file (a folder for --from holds {', '.join(CACHE_FILES)})"
            )
        if path.stat().st_size > MAX_FILE_SIZE:
            raise TrustUpdateError(
                f"{path}: larger than {MAX_FILE_SIZE // (1024 * 1024)} MB, not a trust list"
            )
        body = path.read_bytes()
    except OSError as exc:
        raise TrustUpdateError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not body:
        raise TrustUpdateError(f"{path}: empty file")
    return body


def _source(mirror: str | None, folder: Path | None) -> Source:
    if mirror is not None and folder is not None:
        raise TrustUpdateError("give a mirror or a local folder, not both")
    if folder is not None:
        return Source("folder", str(folder.expanduser().resolve()))
    if mirror is None:
        return Source()
    if urlsplit(mirror).scheme.lower() != "https":
        raise TrustUpdateError(
            f"{mirror}: a mirror must be an https URL (plain http lets anyone on the way change the lists); "
            "for files already on this machine, use --from DIR"
        )
    return Source("mirror", mirror.rstrip("/"))


def _refuse_unknown(source: Source, fetched: Iterable[FetchedFile]) -> None:
    unknown = [f for f in fetched if f.snapshot is None]
    if unknown:
        raise TrustUpdateError(
            f"{', '.join(f.name for f in unknown)} from {source.describe()}: not the content of any official "
            "list this version knows (compared by sha256 with the snapshots it ships). A mirror or a folder "
            "must hold the owners' files byte for byte; pass --accept-unknown to use them anyway: the lists "
            f"are then named after their source ({source.label!r})"
        )


def _is_replaceable(directory: Path) -> bool:
    """Only an absent or empty folder, or one holding nothing but a previous cache, may be replaced."""
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    names = {entry.name for entry in directory.iterdir()}
    return not names or (META_FILE in names and names <= {*CACHE_FILES, META_FILE})


def _install(target: Path, bodies: Mapping[str, bytes], meta: Mapping[str, Any]) -> None:
    if not _is_replaceable(target):
        raise TrustUpdateError(f"refusing to replace {target}: it holds files that are not a trust cache")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    except OSError as exc:
        raise TrustUpdateError(f"cannot write the cache in {target.parent}: {exc}") from exc
    previous: Path | None = None
    try:
        for name, body in bodies.items():
            (staging / name).write_bytes(body)
        (staging / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            previous = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, previous / target.name)
        try:
            os.replace(staging, target)
        except OSError:
            if previous is not None:
                os.replace(previous / target.name, target)
            raise
    except OSError as exc:
        raise TrustUpdateError(f"cannot write the cache in {target}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if previous is not None and target.exists():  # else the old cache is still in `previous`: keep it
            shutil.rmtree(previous, ignore_errors=True)


def update_cache(
    *,
    mirror: str | None = None,
    folder: Path | None = None,
    accept_unknown: bool = False,
    directory: Path | None = None,
    timeout: float = 30.0,
    tls: ssl.SSLContext | None = None,
) -> CacheState:
    """Fetch every list, check it, then cache it. Raises TrustUpdateError naming the URL or file.

    From the owners' https addresses by default; from `<mirror>/<file name>` (https only) or from
    `<folder>/<file name>`. Every PEM block must be an X.509 certificate. Content that matches no known
    snapshot is refused from a mirror or a folder unless ``accept_unknown``; from the owners it is accepted
    (`CacheState.unknown` lists it, for a warning). ``tls``: the TLS context for https (tests).
    """
    target = cache_dir() if directory is None else directory
    source = _source(mirror, folder)
    bodies: dict[str, bytes] = {}
    fetched: list[FetchedFile] = []
    for name, official_url in CACHE_FILES.items():
        if source.kind == "folder":
            where = str(Path(source.location or ".") / name)
            bodies[name] = _read_local(Path(where))
        else:
            where = official_url if source.kind == "official" else f"{source.location}/{name}"
            bodies[name] = _fetch(where, timeout, tls)
        fetched.append(_describe(name, where, bodies[name]))
    if source.kind != "official" and not accept_unknown:
        _refuse_unknown(source, fetched)
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    meta = {
        "format": 2,
        "fetched_at": fetched_at,
        "source": {"kind": source.kind, "location": source.location},
        "files": {
            f.name: {
                "url": f.url,
                "sha256": f.sha256,
                "size": f.size,
                "certificate_count": f.certificate_count,
            }
            for f in fetched
        },
    }
    _install(target, bodies, meta)
    return CacheState(target, fetched_at, tuple(fetched), source)


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
        source = _read_source(meta)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TrustConfigError(f"the trust cache {meta_path} is corrupt ({exc}); {_RUN_UPDATE}") from exc
    return CacheState(folder, fetched_at, files, source)


def cached_text(state: CacheState, name: str) -> str:
    """The text of one cached file, checked against the SHA-256 recorded when it was downloaded."""
    path = state.directory / name
    expected = next((f.sha256 for f in state.files if f.name == name), None)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise TrustConfigError(f"cannot read the cached {path}: {exc.strerror}; {_RUN_UPDATE}") from exc
    if hashlib.sha256(body).hexdigest() != expected:
        raise TrustConfigError(f"the cached {path} changed since it was downloaded; {_RUN_UPDATE}")
    return body.decode("utf-8", errors="replace")
