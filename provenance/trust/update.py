"""Download the published C2PA and Content Credentials trust lists and replace the cache with them.

This is the only code in the project that touches the network by default, and only when the user runs
`provenance trust update`. Everything is downloaded and checked before the disk is touched (every PEM block
must parse as an X.509 certificate, every file holds at least one certificate or OID, no file over
``MAX_FILE_SIZE``, each sha256 recorded), and the new cache replaces the old one in a single directory swap,
so a failed update leaves the previous cache as it was.

The C2PA Conforming Products List (:mod:`provenance.conforming`) comes with them, from the same source, when
the source has it (a folder or a mirror may not: the bundled snapshot then stays in force); it is checked
the same way (JSON records of the list, at least one generator product) and recorded in meta.json.

Where the files come from is recorded and shown (:class:`~.cache.Source`): the owners' https addresses, an
https mirror, or a local folder (`--from DIR`). Every file is compared with the sha256 sums of the snapshots
this version knows (:mod:`.known`): from a mirror or a folder, unknown content is refused unless the caller
accepts it, and lists made from it are then named by their source, never by the official name.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from ..conforming.cache import META_KEY, PRODUCTS_FILE, PRODUCTS_URL
from ..conforming.products import ProductListError, parse_products
from ..errors import TrustUpdateError
from .bundles import eku_oids, pem_certificates
from .cache import CACHE_FILES, META_FILE, CacheState, FetchedFile, Source
from .config import cache_dir
from .known import known_snapshot

MAX_FILE_SIZE = 5 * 1024 * 1024  # the real lists are < 200 kB; anything this big is not a trust list


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


def _describe_products(url: str, body: bytes) -> FetchedFile:
    """Check a fetched Conforming Products List (the C2PA's JSON records, at least one generator product);
    its ``certificate_count`` is the number of products."""
    try:
        products = parse_products(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise TrustUpdateError(f"{url}: the response is not text") from None
    except ProductListError as exc:
        raise TrustUpdateError(f"{url}: not a conforming products list: {exc}") from exc
    if not any(p.product_type == "generatorProduct" for p in products):
        raise TrustUpdateError(f"{url}: not a conforming products list: no generator product")
    digest = hashlib.sha256(body).hexdigest()
    return FetchedFile(
        PRODUCTS_FILE, url, len(body), len(products), digest, known_snapshot(PRODUCTS_FILE, digest)
    )


def _fetch_products(
    source: Source, timeout: float, tls: ssl.SSLContext | None
) -> tuple[FetchedFile, bytes] | None:
    """The C2PA Conforming Products List from the same source as the trust lists; None when the source does
    not have it (HTTP 404, or no such file in the folder: the list in force stays the bundled one)."""
    if source.kind == "folder":
        path = Path(source.location or ".") / PRODUCTS_FILE
        if not path.exists():
            return None
        where, body = str(path), _read_local(path)
    else:
        where = PRODUCTS_URL if source.kind == "official" else f"{source.location}/{PRODUCTS_FILE}"
        try:
            body = _fetch(where, timeout, tls)
        except TrustUpdateError as exc:
            cause = exc.__cause__
            if isinstance(cause, urllib.error.HTTPError) and cause.code == 404:
                return None
            raise
    return _describe_products(where, body), body


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
    return not names or (META_FILE in names and names <= {*CACHE_FILES, META_FILE, PRODUCTS_FILE})


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
    """Fetch every list, check it, then cache it, with the C2PA Conforming Products List when the source
    has it (:func:`_fetch_products`). Raises TrustUpdateError naming the URL or file.

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
    products = _fetch_products(source, timeout, tls)
    if source.kind != "official" and not accept_unknown:
        _refuse_unknown(source, [*fetched, *(products[:1] if products else ())])
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
    if products is not None:  # the Conforming Products List, kept with the trust lists (conforming/cache.py)
        listed, bodies[PRODUCTS_FILE] = products
        meta[META_KEY] = {"url": listed.url, "sha256": listed.sha256, "size": listed.size,
                          "products": listed.certificate_count}  # fmt: skip
    _install(target, bodies, meta)
    return CacheState(target, fetched_at, tuple(fetched), source)
