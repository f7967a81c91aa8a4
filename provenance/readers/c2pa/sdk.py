"""The only module that imports the C2PA SDK (c2pa-python), and only where a file may carry a manifest.

It builds one SDK Context per process and per trust settings, reads a file's manifest store and returns a
:class:`C2paRead`: a result, never an SDK exception.

The SDK itself never touches the network: remote-manifest fetching, OCSP fetching and every host are
switched off in its settings, whatever the caller allows. When the caller allows the network and a file
points to a remote manifest, the manifest is fetched here through :mod:`provenance._net` (public
addresses only, bounded, uniform errors) and handed to the SDK to validate against the file. OCSP is not
fetched at all: the SDK's fetcher follows an address chosen by the signer's certificate and cannot be
kept off private addresses; OCSP responses stapled in a manifest are still checked, offline.
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import c2pa

from ...containers.manifest_store import ManifestStore as StoreBytes
from ...containers.manifest_store import manifest_store, manifest_store_of
from ...models import Fragments
from ...trust import TrustSettings
from ...trust.x509 import NotACertificate, serial_number
from .chains import SignatureCertificates, signature_chains
from .contexts import cawg_context, context, narrowed_context
from .identity import CawgTrust, cawg_trust_of, has_identities, read_identities, with_identity_codes
from .signature import SignatureFacts, signature_facts
from .store import (
    C2paRead,
    ManifestStore,
    ReadStatus,
    gathered_assertions,
    gathered_in_crjson,
    has_v2_claims,
    parse_store,
)

SDK_VERSION: str = str(getattr(c2pa, "sdk_version", lambda: "unknown")())


_REMOTE_URL = re.compile(r"\burl \(?([^\s()]+)", re.IGNORECASE)
_REMOTE_KIND = "Remote"
_BMFF_MISMATCH = "assertion.bmffHash.mismatch"


def _error_kind(error: BaseException) -> str:
    # The SDK's typed errors are private subclasses named _C2paVerify, _C2paOther...; their message
    # starts with the public kind ("Verify: invalid JUMBF header").
    name = type(error).__name__.removeprefix("_C2pa").removeprefix("C2pa")
    message = str(error)
    prefix = message.split(":", 1)[0].strip()
    if prefix.isidentifier():
        return prefix
    return name or "Error"


def read(
    source: Path | IO[bytes],
    *,
    allow_network: bool,
    trust: TrustSettings,
    name: str | None = None,
    sidecar: tuple[str, bytes] | None = None,
    fragments: Sequence[Path] = (),
    cawg: CawgTrust | None = None,
) -> C2paRead:
    """Read and validate the manifest store of a file path or a seekable binary stream.

    ``name``: the file name of a stream, whose extension gives the SDK the format, as it does for a path
    (so a caller that has the file open reads it once, through its own handle). ``allow_network``: fetch a
    remote manifest the file points to (see the module's docstring); the SDK never fetches anything.
    ``sidecar``: a standalone manifest store (name, bytes) to validate against the file instead of one
    embedded in it. ``fragments``: for a fragmented MP4's init segment, its media fragments, validated
    with it (the init segment's manifest hashes them; alone it does not verify). ``cawg``: the CAWG trust
    that identity assertions are checked against, in a read of their own (:meth:`CawgTrust.to_sdk` says why);
    by default the CAWG lists and aggregators of ``trust``.
    """
    cawg = cawg if cawg is not None else cawg_trust_of(trust)
    if fragments and sidecar is None:
        return _read_fragmented(source, context(trust=trust), name=name, fragments=fragments)
    if sidecar is not None:
        found = _read_checked(source, trust, name=name, manifest=sidecar[1])
        found = _identities_checked(found, source, cawg, name=name, manifest=sidecar[1])
        return replace(found, sidecar=sidecar[0], embedded=False)
    found = _read_checked(source, trust, name=name)
    if found.status is ReadStatus.REMOTE and allow_network and found.remote_url:
        return _read_remote(source, context(trust=trust), found.remote_url, name=name)
    return _identities_checked(found, source, cawg, name=name)


def _read_checked(
    source: Path | IO[bytes], trust: TrustSettings, *, name: str | None, manifest: bytes | None = None
) -> C2paRead:
    """A read whose signers are checked against only the anchors their chains could reach
    (:func:`~.contexts.narrowed_context`): the same result as with the whole lists, about 1 ms sooner per
    signed file. The whole lists are used when the store's chains cannot be read first, or when a signer
    the SDK reports is not one whose chain was read (then the narrowed lists might lack its anchor)."""
    chains = _chains_of(source, manifest) if trust.configured else None
    if chains is None:
        return _read(source, context(trust=trust), name=name, manifest=manifest)
    certificates = [der for found in chains for der in (*found.chain, *found.timestamps)]
    found = _read(source, narrowed_context(trust, certificates), name=name, manifest=manifest)
    if _signers_within(found, chains):
        return found
    if not isinstance(source, Path):
        source.seek(0)
    return _read(source, context(trust=trust), name=name, manifest=manifest)


def _chains_of(source: Path | IO[bytes], manifest: bytes | None) -> list[SignatureCertificates] | None:
    if manifest is not None:
        return signature_chains(manifest)
    if isinstance(source, Path):
        store = manifest_store(source)
    else:
        store = manifest_store_of(source)
        source.seek(0)
    return signature_chains(store.data) if isinstance(store, StoreBytes) else None


def _signers_within(found: C2paRead, chains: list[SignatureCertificates]) -> bool:
    """True when every signer the SDK reports signed with the first certificate of a chain read here."""
    if found.status is not ReadStatus.READ or found.store is None:
        return True  # nothing was validated: the lists played no part
    try:
        leaves = {str(serial_number(signature.chain[0])) for signature in chains}
    except NotACertificate:
        return False
    return all(
        manifest.signer is None or manifest.signer.serial_number in leaves
        for manifest in found.store.manifests.values()
    )


def _identities_checked(
    found: C2paRead,
    source: Path | IO[bytes],
    cawg: CawgTrust | None,
    *,
    name: str | None,
    manifest: bytes | None = None,
) -> C2paRead:
    """``found`` with its cawg.* codes and identities from a second read against the CAWG trust ``cawg``."""
    if cawg is None or not cawg.configured or not found.identities:
        return found
    if not isinstance(source, Path):
        source.seek(0)
    checked = _read(source, cawg_context(cawg), name=name, manifest=manifest, facts=found.signature)
    return with_identity_codes(found, replace(checked, cawg=cawg))


def _read(
    source: Path | IO[bytes],
    ctx: Any,
    *,
    name: str | None,
    manifest: bytes | None = None,
    facts: SignatureFacts | None = None,
) -> C2paRead:
    try:
        if isinstance(source, Path) and manifest is None:
            reader = c2pa.Reader(str(source), context=ctx)
        elif isinstance(source, Path):
            with source.open("rb") as stream:
                return _read(stream, ctx, name=str(source), manifest=manifest, facts=facts)
        elif name is not None:
            reader = c2pa.Reader(_format_of(name) or None, source, manifest_data=manifest, context=ctx)
        else:
            reader = c2pa.Reader("application/octet-stream", source, manifest_data=manifest, context=ctx)
    except c2pa.C2paError as error:
        return _from_error(error)
    except OSError as error:
        return C2paRead(ReadStatus.FAILED, error_kind="Io", error_message=str(error))
    try:
        with reader:
            return _result(reader, facts=facts)
    except (c2pa.C2paError, ValueError) as error:
        return _from_error(error)


def _result(reader: Any, *, facts: SignatureFacts | None = None) -> C2paRead:
    """``facts``: the claim signature as already decoded (a second read of the same file, which needs no
    crJSON of its own), else read here."""
    data = json.loads(reader.json())
    document = _crjson(reader) if facts is None else None
    # C2PA 2.x claims may gather assertions their signer did not make: the crJSON (else the detailed JSON,
    # asked for only then) says which.
    gathered: dict[str, frozenset[str]] = {}
    if has_v2_claims(data) and document is not None:
        gathered = gathered_in_crjson(document)
    elif has_v2_claims(data):
        gathered = gathered_assertions(json.loads(reader.detailed_json()))
    store = parse_store(data, gathered)
    facts = facts or _signature(document, data, store)
    codes = (store.successes, store.informational, store.failures)
    identities = read_identities(data, codes, facts, lambda: json.loads(reader.detailed_json()))
    remote = reader.get_remote_url()
    embedded = bool(reader.is_embedded())
    return C2paRead(
        ReadStatus.READ,
        store,
        remote_url=remote,
        embedded=embedded,
        identities=identities,
        signature=facts,
        crjson=document,
    )


def _crjson(reader: Any) -> dict[str, Any] | None:
    """The store as crJSON (``Reader.crjson()``, 0.4-4 ms a file), for the rubrics and the signature facts;
    None when the SDK cannot write it (the read itself stands: this only loses the official signals)."""
    try:
        document = json.loads(reader.crjson())
    except (c2pa.C2paError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _signature(document: Any, data: Any, store: ManifestStore) -> SignatureFacts | None:
    """The claim signature's certificate and timestamp authority (from the crJSON), taken only when the
    signature carries a timestamp or the manifest has identity assertions (as before the crJSON was read
    for every file: reports of other files are unchanged)."""
    active = store.active
    if active is None or document is None:
        return None
    stamped = active.signer is not None and active.signer.signing_time is not None
    raw = (data.get("manifests") or {}).get(store.active_label) if isinstance(data, dict) else None
    if not stamped and not has_identities(raw):
        return None
    return signature_facts(document, store.active_label)


def _read_fragmented(
    source: Path | IO[bytes], ctx: Any, *, name: str | None, fragments: Sequence[Path]
) -> C2paRead:
    """An init segment read with its fragments, each checked against the manifest's hashes.

    The SDK's validation results describe the init segment with the last fragment it was given only
    (measured with c2pa-python 0.38: a changed fragment followed by a good one reads Valid), so the results
    are looked at after every fragment, and the reader is left on a failing one when there is one.
    """
    if isinstance(source, Path):
        with source.open("rb") as stream:
            return _read_fragmented(stream, ctx, name=str(source), fragments=fragments)
    kind = _format_of(name or "") or "video/mp4"
    source.seek(0)
    try:
        reader = c2pa.Reader(kind, source, context=ctx)
    except c2pa.C2paError as error:
        return _from_error(error)
    mismatched: list[Path] = []
    current: Path | None = None
    try:
        with reader:
            for current in fragments:
                _feed(reader, kind, source, current)
                if _BMFF_MISMATCH in _failure_codes(reader.get_validation_results()):
                    mismatched.append(current)
            if mismatched and mismatched[-1] is not fragments[-1]:
                _feed(reader, kind, source, mismatched[0])  # report a failing fragment, not the last one
            found = _result(reader)
    except (c2pa.C2paError, ValueError) as error:
        failed = _from_error(error)
        where = f"the fragment {current.name}: " if current is not None else ""
        return replace(failed, error_message=where + (failed.error_message or ""))
    except OSError as error:
        message = f"cannot read the fragment {error.filename}: {error.strerror}"
        return C2paRead(ReadStatus.FAILED, error_kind="Io", error_message=message)
    return replace(found, fragments=Fragments(len(fragments), tuple(p.name for p in mismatched)))


def _feed(reader: Any, kind: str, init: IO[bytes], fragment: Path) -> None:
    init.seek(0)
    with fragment.open("rb") as piece:
        reader.with_fragment(kind, init, piece)


def _failure_codes(results: Any) -> set[str]:
    """The active manifest's failure codes in ``Reader.get_validation_results()``."""
    active = results.get("activeManifest") if isinstance(results, dict) else None
    failures = active.get("failure") if isinstance(active, dict) else None
    if not isinstance(failures, list):
        return set()
    return {str(f.get("code")) for f in failures if isinstance(f, dict)}


def _read_remote(source: Path | IO[bytes], ctx: Any, url: str, *, name: str | None) -> C2paRead:
    """Fetch the manifest at ``url`` and have the SDK validate it against the file.

    Whatever goes wrong (an address refused, no answer, an answer that is not a manifest for this file's
    format) reads the same: the message must not tell whoever chose the URL what is listening where.
    """
    from ... import _net  # the network stack (http.client, ssl) only for a remote manifest fetched

    failed = C2paRead(
        ReadStatus.REMOTE,
        remote_url=url,
        embedded=False,
        error_kind=_REMOTE_KIND,
        error_message=_net.FETCH_FAILED,
    )
    try:
        manifest = _net.fetch(url)
    except _net.FetchError:
        return failed
    if not isinstance(source, Path):
        source.seek(0)
    found = _read(source, ctx, name=name, manifest=manifest)
    if found.status is not ReadStatus.READ or found.store is None:
        return failed
    return C2paRead(ReadStatus.READ, found.store, remote_url=url, embedded=False, crjson=found.crjson)


def _format_of(name: str) -> str:
    """The format c2pa-python gives a path (``Reader(path)``): by extension, DNG fixed, "" for unknown."""
    if Path(name).suffix.lower() == ".dng":
        return "image/dng"  # mimetypes guesses wrong for DNG; c2pa-python corrects it the same way
    return mimetypes.guess_type(name)[0] or ""


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


# A claim thumbnail is an image the signer chose; the SDK's default is a 1024 px JPEG (40-350 KB).
MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ManifestImage:
    """A thumbnail a manifest store carries: the active manifest's own (``manifest`` None), or the one a
    manifest gives its ingredient number ``index`` (its place in that manifest's ingredient list, as the
    report's ingredient tree lists them). The bytes are the signer's, untrusted: decode them only through a
    bounded image decoder."""

    manifest: str | None
    index: int
    media_type: str
    data: bytes


def manifest_images(
    stream: IO[bytes], *, trust: TrustSettings, max_ingredients: int
) -> Iterator[ManifestImage]:
    """The active manifest's thumbnail, then its ingredients', read with ``Reader.resource_to_stream`` and
    the identifiers ``json()`` gives: those the active manifest lists, then those its ingredients' own
    manifests list (breadth first, each manifest once). At most ``max_ingredients`` ingredient thumbnails
    are read, and none over :data:`MAX_THUMBNAIL_BYTES`; a remote manifest's are not fetched. One at a time:
    the next is read only when asked for, so one image's bytes are held at once. Nothing when the store
    cannot be read."""
    ctx = context(trust=trust)
    stream.seek(0)
    try:
        with c2pa.Reader("application/octet-stream", stream, context=ctx) as reader:
            data = json.loads(reader.json())
            manifests = data.get("manifests") if isinstance(data.get("manifests"), dict) else {}
            active = data.get("active_manifest")
            if not isinstance(active, str) or not isinstance(manifests.get(active), dict):
                return
            own = _resource(reader, manifests[active].get("thumbnail"))
            if own is not None:
                yield ManifestImage(None, -1, *own)
            queue, seen, tried = [active], {active}, 0
            while queue and tried < max_ingredients:
                label = queue.pop(0)
                listed = (
                    manifests.get(label, {}).get("ingredients")
                    if isinstance(manifests.get(label), dict)
                    else None
                )
                for index, ingredient in enumerate(listed if isinstance(listed, list) else []):
                    if tried >= max_ingredients:
                        break
                    if not isinstance(ingredient, dict):
                        continue
                    if isinstance(ingredient.get("thumbnail"), dict):
                        tried += 1
                        found = _resource(reader, ingredient["thumbnail"])
                        if found is not None:
                            yield ManifestImage(label, index, *found)
                    child = ingredient.get("active_manifest")
                    if (
                        isinstance(child, str)
                        and isinstance(manifests.get(child), dict)
                        and child not in seen
                    ):
                        seen.add(child)
                        queue.append(child)
    except (c2pa.C2paError, ValueError, TypeError, AttributeError):
        return


def store_thumbnail(store: bytes, *, trust: TrustSettings) -> bytes | None:
    """The active manifest's thumbnail in a standalone manifest store (``application/c2pa``: one the
    manifest repository kept), or None; read as :func:`manifest_images` reads a file's."""
    try:
        with c2pa.Reader("application/c2pa", io.BytesIO(store), context=context(trust=trust)) as reader:
            data = json.loads(reader.json())
            manifests = data.get("manifests") if isinstance(data.get("manifests"), dict) else {}
            active = manifests.get(data.get("active_manifest"))
            found = _resource(reader, active.get("thumbnail")) if isinstance(active, dict) else None
    except (c2pa.C2paError, ValueError):
        return None
    return found[1] if found is not None else None


def _resource(reader: Any, reference: Any) -> tuple[str, bytes] | None:
    """A thumbnail reference of the manifest JSON (``{format, identifier}``) read from the store: (media
    type, bytes), or None when it is missing, unreadable, empty or over :data:`MAX_THUMBNAIL_BYTES`."""
    if not isinstance(reference, dict) or not isinstance(reference.get("identifier"), str):
        return None
    out = io.BytesIO()
    try:
        reader.resource_to_stream(reference["identifier"], out)
    except c2pa.C2paError:
        return None
    body = out.getvalue()
    if not body or len(body) > MAX_THUMBNAIL_BYTES:
        return None
    media = reference.get("format")
    return (media if isinstance(media, str) else "application/octet-stream", body)


def crjson(
    source: Path | IO[bytes], *, trust: TrustSettings, name: str | None = None, manifest: bytes | None = None
) -> dict[str, Any] | None:
    """The manifest store as crJSON (``Reader.crjson()``, parsed), from a read like :func:`read`'s (same
    offline Context; no remote fetch, no CAWG read); None when the file has no manifest or the SDK cannot
    read it (the reason is :func:`read`'s to report). ``manifest``: a standalone manifest store to read
    with the file instead of one embedded in it; ``name``: a stream's file name, whose extension gives the
    SDK the format."""
    found = _read(source, context(trust=trust), name=name, manifest=manifest)
    return dict(found.crjson) if found.crjson is not None else None
