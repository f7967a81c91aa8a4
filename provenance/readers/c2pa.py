"""The only module that imports the C2PA SDK (c2pa-python).

It builds one SDK Context per process and per settings, reads a file's manifest store and returns a
:class:`C2paRead`: a result, never an SDK exception. Offline by default: remote manifests and OCSP are
not fetched unless the caller allows the network.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import c2pa

from ..trust import TrustSettings
from .c2pa_parse import ManifestStore, parse_store

SDK_VERSION: str = str(getattr(c2pa, "sdk_version", lambda: "unknown")())


class ReadStatus(StrEnum):
    READ = "read"  # a manifest store was read and validated
    ABSENT = "absent"  # the SDK found no manifest
    REMOTE = "remote"  # the file points to a remote manifest that was not (or could not be) fetched
    UNSUPPORTED = "unsupported"  # the SDK does not read this kind of file
    FAILED = "failed"  # the SDK could not parse the file or its manifest


@dataclass(frozen=True, slots=True)
class C2paRead:
    status: ReadStatus
    store: ManifestStore | None = None
    remote_url: str | None = None
    embedded: bool = True
    error_kind: str | None = None  # the SDK's error class, e.g. "Verify", "Other"
    error_message: str | None = None


_contexts: dict[tuple[int, bool, str], Any] = {}
_lock = threading.Lock()
_REMOTE_URL = re.compile(r"\burl \(?([^\s()]+)", re.IGNORECASE)


def sdk_settings(*, allow_network: bool, trust: TrustSettings) -> dict[str, Any]:
    """The SDK settings we use. The SDK fetches remote manifests by default; we switch that off."""
    settings: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": allow_network, "ocsp_fetch": allow_network},
    }
    if not allow_network:
        settings["core"] = {"allowed_network_hosts": []}
    if trust.configured:
        settings["trust"] = trust.to_sdk()
    return settings


def context(*, allow_network: bool, trust: TrustSettings) -> Any:
    """The SDK Context for these settings, built once per process (contexts do not survive fork)."""
    key = (os.getpid(), allow_network, trust.fingerprint())
    with _lock:
        ctx = _contexts.get(key)
        if ctx is None:
            ctx = c2pa.Context.from_dict(sdk_settings(allow_network=allow_network, trust=trust))
            _contexts[key] = ctx
        return ctx


def _error_kind(error: BaseException) -> str:
    # The SDK's typed errors are private subclasses named _C2paVerify, _C2paOther...; their message
    # starts with the public kind ("Verify: invalid JUMBF header").
    name = type(error).__name__.removeprefix("_C2pa").removeprefix("C2pa")
    message = str(error)
    prefix = message.split(":", 1)[0].strip()
    if prefix.isidentifier():
        return prefix
    return name or "Error"


def read(source: Path | IO[bytes], *, allow_network: bool, trust: TrustSettings) -> C2paRead:
    """Read and validate the manifest store of a file path or a seekable binary stream."""
    ctx = context(allow_network=allow_network, trust=trust)
    try:
        if isinstance(source, Path):
            reader = c2pa.Reader(str(source), context=ctx)
        else:
            reader = c2pa.Reader("application/octet-stream", source, context=ctx)
    except c2pa.C2paError as error:
        return _from_error(error)
    try:
        with reader:
            data = json.loads(reader.json())
            remote = reader.get_remote_url()
            embedded = bool(reader.is_embedded())
    except (c2pa.C2paError, ValueError) as error:
        return _from_error(error)
    return C2paRead(ReadStatus.READ, parse_store(data), remote_url=remote, embedded=embedded)


def _from_error(error: BaseException) -> C2paRead:
    kind = _error_kind(error)
    message = str(error)
    if kind == "ManifestNotFound":
        return C2paRead(ReadStatus.ABSENT)
    if kind == "NotSupported":
        return C2paRead(ReadStatus.UNSUPPORTED, error_kind=kind, error_message=message)
    if kind == "Remote" or isinstance(error, getattr(c2pa.C2paError, "RemoteManifest", ())):
        match = _REMOTE_URL.search(message)
        url = match.group(1) if match else None
        return C2paRead(
            ReadStatus.REMOTE, remote_url=url, embedded=False, error_kind=kind, error_message=message
        )
    return C2paRead(ReadStatus.FAILED, error_kind=kind, error_message=message)
