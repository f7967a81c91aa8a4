"""Download and cache the published C2PA and Content Credentials trust lists.

This is the only code in the project that touches the network by default, and only when the user runs
`provenance trust update`. Everything is downloaded and checked before the disk is touched, and the new cache
replaces the old one in a single directory swap, so a failed update leaves the previous cache as it was.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from ..errors import TrustConfigError, TrustUpdateError

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

_PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.DOTALL)
_OID = re.compile(r"[0-2](?:\.(?:0|[1-9][0-9]*))+")


@dataclass(frozen=True)
class FetchedFile:
    """One file of the cache: where it came from, its size, how many certificates it holds, its SHA-256."""

    name: str
    url: str
    size: int
    certificate_count: int  # 0 for the EKU configuration (.cfg)
    sha256: str


@dataclass(frozen=True)
class CacheState:
    """What `provenance trust update` last wrote, as recorded in meta.json."""

    directory: Path
    fetched_at: str | None  # UTC, ISO 8601
    files: tuple[FetchedFile, ...]


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`PROVENANCE_CACHE_DIR` when set, else the per-user cache folder's `trust` subfolder."""
    env = os.environ if environ is None else environ
    override = env.get("PROVENANCE_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("provenance")) / "trust"


def pem_certificates(text: str) -> list[bytes]:
    """The DER bytes of every CERTIFICATE block in `text` (other blocks and labels are ignored).

    Raises ValueError when a block is not base64 of a DER sequence: the SDK would silently skip it.
    """
    ders: list[bytes] = []
    for index, match in enumerate(_PEM_BLOCK.finditer(text), start=1):
        try:
            der = base64.b64decode("".join(match.group(1).split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"certificate {index} is not valid base64") from exc
        if len(der) < 64 or der[0] != 0x30:
            raise ValueError(f"certificate {index} is not a DER certificate")
        ders.append(der)
    return ders


def to_pem(ders: Iterable[bytes]) -> str:
    """A clean PEM bundle: only certificate blocks, 64-column base64."""
    out: list[str] = []
    for der in ders:
        b64 = base64.b64encode(der).decode("ascii")
        lines = "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
        out.append(f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n")
    return "".join(out)


def eku_oids(text: str) -> list[str]:
    """The OIDs of an EKU configuration (one OID a line, `//` comment lines, blank lines).

    Raises ValueError naming the first bad line: the SDK silently ignores lines it cannot parse,
    including an OID followed by a comment.
    """
    oids: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if not _OID.fullmatch(line):
            raise ValueError(f"line {number} is neither an OID nor a // comment: {line[:60]!r}")
        oids.append(line)
    return oids


def _describe(name: str, url: str, body: bytes) -> FetchedFile:
    """Check a downloaded file and describe it; TrustUpdateError when it is not what the name promises."""
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
    return FetchedFile(name, url, len(body), count, hashlib.sha256(body).hexdigest())


def _fetch(url: str, timeout: float, schemes: frozenset[str]) -> bytes:
    if urlsplit(url).scheme not in schemes:
        raise TrustUpdateError(f"{url}: only {' or '.join(sorted(schemes))} URLs are allowed")
    request = urllib.request.Request(url, headers={"User-Agent": "provenance-trust-update"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final_url = response.geturl()
            if urlsplit(final_url).scheme not in schemes:
                raise TrustUpdateError(f"{url}: redirected to a disallowed URL {final_url}")
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
    *, mirror: str | None = None, directory: Path | None = None, timeout: float = 30.0
) -> CacheState:
    """Download every list (from `<mirror>/<file name>` when a mirror is given), check it, then cache it.

    Official URLs must be https; a mirror may be http or https. Raises TrustUpdateError naming the URL.
    """
    target = cache_dir() if directory is None else directory
    schemes = frozenset({"https"}) if mirror is None else frozenset({"http", "https"})
    bodies: dict[str, bytes] = {}
    fetched: list[FetchedFile] = []
    for name, official_url in CACHE_FILES.items():
        url = official_url if mirror is None else f"{mirror.rstrip('/')}/{name}"
        bodies[name] = _fetch(url, timeout, schemes)
        fetched.append(_describe(name, url, bodies[name]))
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    meta = {
        "format": 1,
        "fetched_at": fetched_at,
        "mirror": mirror,
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
    return CacheState(target, fetched_at, tuple(fetched))


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
            )
            for name, entry in meta["files"].items()
        )
        if not isinstance(fetched_at, str) or {f.name for f in files} != set(CACHE_FILES):
            raise ValueError("unexpected content")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TrustConfigError(f"the trust cache {meta_path} is corrupt ({exc}); {_RUN_UPDATE}") from exc
    return CacheState(folder, fetched_at, files)


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
