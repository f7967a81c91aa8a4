"""The trust-list snapshots shipped in the package (``bundled/``), so that a fresh install decides trust
without a download. ``bundled/manifest.json`` records each file's source address and sha256 and each list's
snapshot date; the files are checked against it when loaded, once per process."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import TrustConfigError
from .bundles import eku_oids, pem_certificates, to_pem
from .published import EKU_FILE, PUBLISHED
from .settings import TrustList

_FOLDER = "bundled"
_REINSTALL = "the installed package is damaged: reinstall provenance"


@dataclass(frozen=True, slots=True)
class BundledFile:
    """One shipped file: where its owner publishes it, and its SHA-256."""

    name: str
    source: str
    sha256: str


@dataclass(frozen=True, slots=True)
class BundledSnapshot:
    """The shipped lists by key, their EKU configuration, and what the manifest says of each file."""

    lists: Mapping[str, TrustList]
    eku_config: str
    eku_origin: str
    files: tuple[BundledFile, ...]


def _read(name: str) -> bytes:
    return resources.files(__package__).joinpath(_FOLDER, name).read_bytes()


def _origin(entry: Mapping[str, Any]) -> str:
    return f"bundled snapshot ({entry['repository'].split(' ')[0]} at {entry['commit']})"


@cache
def bundled_snapshot() -> BundledSnapshot:
    """The shipped lists, checked against their manifest (TrustConfigError when a file does not match)."""
    try:
        manifest = json.loads(_read("manifest.json"))
        files = {
            name: BundledFile(name, str(entry["source"]), str(entry["sha256"]))
            for name, entry in manifest["files"].items()
        }
        bodies = {name: _read(name) for name in files}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TrustConfigError(f"cannot read the bundled trust lists ({exc}): {_REINSTALL}") from exc
    texts: dict[str, str] = {}
    for name, body in bodies.items():
        if hashlib.sha256(body).hexdigest() != files[name].sha256:
            raise TrustConfigError(f"the bundled {name} does not match its recorded sha256: {_REINSTALL}")
        texts[name] = body.decode("utf-8")
    lists: dict[str, TrustList] = {}
    for published in PUBLISHED:
        entry = manifest["lists"][published.key]
        # Their sha256 matched: the very bytes tests/trust/test_bundled.py parses strictly, certificate by
        # certificate. Not checked again on every start (about 10 ms for the 156 certificates).
        anchors = pem_certificates(texts[published.anchors], check=False)
        allowed = pem_certificates(texts[published.allowed], check=False) if published.allowed else []
        lists[published.key] = TrustList(
            name=published.name,
            anchors_pem=to_pem(anchors),
            allowed_pem=to_pem(allowed) if allowed else None,
            kind=published.kind,
            origin=_origin(entry),
            certificate_count=len(anchors) + len(allowed),
            as_of=date.fromisoformat(entry["date"]),
            frozen=published.frozen,
        )
    interim = manifest["lists"]["interim"]
    eku = "\n".join(eku_oids(texts[EKU_FILE])) + "\n"
    return BundledSnapshot(
        MappingProxyType(lists), eku, f"{_origin(interim)}: {EKU_FILE}", tuple(files.values())
    )


def bundled_manifest() -> Mapping[str, Any]:
    """The raw manifest (for `trust show` and tests)."""
    data: Mapping[str, Any] = json.loads(_read("manifest.json"))
    return data
