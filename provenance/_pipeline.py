"""The pipeline of one inspection: path / bytes / stream -> container walk -> readers (and the C2PA SDK)
-> verdict -> Report. :func:`inspect` is the library's entry point (re-exported by ``provenance``);
:func:`run_readers` (:mod:`.readers.run`) is re-exported here too."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from . import media
from ._companions import Companions, Sidecar, given_sidecar
from ._official import with_official
from .containers import Blobs
from .containers.extract import extract
from .containers.fastpath import may_carry_manifest
from .containers.fragments import is_fragment
from .errors import SourceError
from .models import (
    Check,
    ErrorKind,
    Report,
    ReportError,
    SourceInfo,
)
from .options import InspectOptions
from .readers.c2pa.read import LONE_FRAGMENT, METADATA_ONLY, C2paRead, ReadStatus
from .readers.run import run_readers
from .verdict import decide, unreadable

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


def inspect(
    source: Source,
    *,
    options: InspectOptions | None = None,
    manifest: str | os.PathLike[str] | bytes | None = None,
    fragments: Sequence[str | os.PathLike[str]] | None = None,
) -> Report:
    """Inspect one file and report what it declares about its origin.

    ``source`` is a path, the file's bytes, or a binary stream (read from its current position). A file
    that cannot be read gives a report whose ``error`` says why; :class:`SourceError` is raised only for
    a source of the wrong type, or a ``manifest`` that cannot be read.

    ``manifest``: a standalone C2PA manifest store (a ``.c2pa`` file, or its bytes) to validate against
    the file. Without it, a path's ``NAME.c2pa`` beside it is used when the file carries no manifest of
    its own (``InspectOptions.sidecars``).

    ``fragments``: for a fragmented MP4's init segment, its media fragment files, verified with it.
    Without them, a path named as an init segment (``NAME_init.mp4``) is read with the ``NAME*.m4s``
    files beside it (``InspectOptions.fragments``).
    """
    options = options or InspectOptions()
    companions = Companions(
        given_sidecar(manifest, options) if manifest is not None else None,
        None if fragments is None else tuple(Path(f) for f in fragments),
    )
    return with_policies(_inspect_source(source, options, companions), options)


def with_policies(report: Report, options: InspectOptions) -> Report:
    """The report with the results of the labelling policies the options name (``--policy``)."""
    if not options.policies:
        return report
    return replace(report, policies=tuple(policy.evaluate(report) for policy in options.policies))


def _inspect_source(source: Source, options: InspectOptions, companions: Companions) -> Report:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        return _inspect_path(path, options, companions.beside(path, options))
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return _inspect_stream(
            io.BytesIO(data), SourceInfo(None, None, len(data), media.sniff(data[:64])), options, companions
        )
    if isinstance(source, io.TextIOBase):
        raise SourceError("cannot inspect a text stream: open the file in binary mode ('rb')")
    if hasattr(source, "read"):
        return _inspect_file_object(source, options, companions)
    raise SourceError(f"cannot inspect a {type(source).__name__}: pass a path, bytes or a binary stream")


def inspect_object(
    data: bytes,
    *,
    path: str,
    modified: float | None = None,
    options: InspectOptions | None = None,
    sidecar: tuple[str, bytes] | None = None,
    fragments: Sequence[str | os.PathLike[str]] = (),
) -> Report:
    """Inspect the bytes of a file known by ``path`` (an object storage URL, a path on another machine).

    The report's source carries that path, its last segment as the name and ``modified``, as an
    inspection of the file on a local disk would, so records of remote objects read like local ones.
    ``sidecar`` (name, bytes): the standalone manifest beside it, read when the file carries none;
    ``fragments``: a fragmented MP4 init segment's fragment files.
    """
    info = SourceInfo(path, object_name(path), len(data), media.sniff(data[:64]), modified)
    beside = Sidecar(sidecar[0], None, sidecar[1], given=False) if sidecar is not None else None
    companions = Companions(beside, tuple(Path(f) for f in fragments) if fragments else None)
    options = options or InspectOptions()
    return with_policies(_inspect_stream(io.BytesIO(data), info, options, companions), options)


def object_name(path: str) -> str | None:
    """The name a record shows for a file known by a URL or a path: its last segment."""
    return path.rstrip("/").rsplit("/", 1)[-1] or None


def error_report(info: SourceInfo, kind: ErrorKind, message: str) -> Report:
    """The report of a file that could not be inspected: origin unknown, with the reason."""
    return Report(
        source=info,
        verdict=unreadable(message),
        checks=(Check("c2pa", False, f"not run: {kind}"),),
        error=ReportError(kind, message),
    )


def _inspect_path(path: Path, options: InspectOptions, companions: Companions) -> Report:
    text, name = str(path), path.name
    try:
        # stat before open: opening a FIFO would block forever, a device could be endless.
        if not _is_regular(os.stat(text).st_mode):
            return path_error_report(text, ErrorKind.NOT_A_FILE, f"{path} is not a regular file")
        handle = path.open("rb")
    except FileNotFoundError:
        return path_error_report(text, ErrorKind.NOT_FOUND, f"{path} does not exist")
    except IsADirectoryError:
        return path_error_report(text, ErrorKind.NOT_A_FILE, f"{path} is a directory")
    except PermissionError:
        return path_error_report(text, ErrorKind.PERMISSION_DENIED, f"permission denied reading {path}")
    except OSError as error:
        return path_error_report(
            text, ErrorKind.IO_ERROR, f"could not read {path}: {error.strerror or error}"
        )
    # Opened once and read through this handle to the end, the C2PA SDK included: a file renamed, deleted
    # or replaced from here on is still the one inspected, and gets a report.
    with handle:
        try:
            st = os.fstat(handle.fileno())
            head = handle.read(media.SNIFF_BYTES)
        except OSError as error:
            return path_error_report(
                text, ErrorKind.IO_ERROR, f"could not read {path}: {error.strerror or error}"
            )
        info = SourceInfo(text, name, st.st_size, media.sniff(head), st.st_mtime)
        if st.st_size == 0:
            return error_report(info, ErrorKind.EMPTY, f"{path} is empty")
        return _assess(path, handle, info, options, companions)


def path_error_report(path: str, kind: ErrorKind, message: str) -> Report:
    """The report of a file that could not be opened, read or inspected, known only by its path."""
    return error_report(SourceInfo(path, os.path.basename(path), None, None), kind, message)


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def _inspect_file_object(stream: IO[bytes], options: InspectOptions, companions: Companions) -> Report:
    name = getattr(stream, "name", None)
    path = str(name) if isinstance(name, str | os.PathLike) else None
    seekable = False
    try:
        seekable = stream.seekable()
    except (AttributeError, OSError, ValueError):
        seekable = False
    if not seekable:
        data = stream.read(options.max_stream_bytes + 1)
        if len(data) > options.max_stream_bytes:
            info = SourceInfo(path, Path(path).name if path else None, None, media.sniff(data[:64]))
            return error_report(
                info, ErrorKind.TOO_LARGE, f"stream is larger than {options.max_stream_bytes} bytes"
            )
        return _inspect_stream(
            io.BytesIO(data),
            SourceInfo(path, Path(path).name if path else None, len(data), media.sniff(data[:64])),
            options,
            companions,
        )
    start = stream.tell()
    head = stream.read(media.SNIFF_BYTES)
    size = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    window: IO[bytes] = stream if start == 0 else io.BytesIO(stream.read())
    info = SourceInfo(path, Path(path).name if path else None, size, media.sniff(head))
    return _inspect_stream(window, info, options, companions)


def _inspect_stream(
    stream: IO[bytes], info: SourceInfo, options: InspectOptions, companions: Companions | None = None
) -> Report:
    if info.size == 0:
        return error_report(info, ErrorKind.EMPTY, "the input is empty")
    return _assess(stream, stream, info, options, companions or Companions())


def _assess(
    source: Path | IO[bytes],
    stream: IO[bytes],
    info: SourceInfo,
    options: InspectOptions,
    companions: Companions,
) -> Report:
    """``stream``: the open, seekable file; ``source``: its path when there is one (the SDK takes its format
    from the path's extension)."""
    stream.seek(0)
    blobs = extract(stream, info.media_type)  # one container walk, for the fast path and the readers
    read, c2pa_check = _read_c2pa(source, stream, info, blobs, options, companions)
    stream.seek(0)
    signals = run_readers(stream, info, options, blobs)
    # Trust judges a manifest store's signers only: without one, the lists are not even built.
    trust = options.trust_settings() if read.store is not None else None
    decision = decide(
        read,
        signals,
        trust_configured=trust is not None and trust.configured,
        file_name=info.name,
        allowed_lists=trust.allowed_lists() if trust is not None else {},
    )
    report = Report(
        source=info,
        verdict=decision.verdict,
        evidence=decision.evidence,
        c2pa=decision.c2pa,
        checks=(c2pa_check, *signals.checks),
        generators=signals.generators,
        watermarks=signals.watermarks,
        identities=decision.identities,
    )
    report = with_official(report, read, options)
    if options.fingerprint or options.index or options.resolve or (report.c2pa and report.c2pa.soft_bindings):
        from .tracing import with_tracing  # only for runs that trace, or files declaring a soft binding

        report = with_tracing(report, source, options)
    return report


def _read_c2pa(
    source: Path | IO[bytes],
    stream: IO[bytes],
    info: SourceInfo,
    blobs: Blobs,
    options: InspectOptions,
    companions: Companions,
) -> tuple[C2paRead, Check]:
    """The SDK's reading of the file, or, on the fast path, ABSENT when the container proves it; with a
    standalone manifest given, that one, and one found beside the file when the file carries none; a
    fragmented MP4's init segment with its fragments."""
    if options.metadata_only:
        present = may_carry_manifest(stream, info.media_type, blobs)
        why = "a C2PA manifest is present in them" if present else "no C2PA manifest in them"
        note = f"only the first {info.size} bytes were fetched (--metadata-only): {why}, not verified"
        read = C2paRead(ReadStatus.UNSUPPORTED, error_kind=METADATA_ONLY, error_message=note)
        return read, Check("c2pa", False, f"not run: {note}")
    sidecar = companions.sidecar
    given = sidecar.load(options.max_sidecar_bytes) if sidecar is not None and sidecar.given else None
    if (
        given is None
        and options.fast_path
        and not may_carry_manifest(stream, info.media_type, blobs, info.size)
    ):
        beside = sidecar.load(options.max_sidecar_bytes) if sidecar is not None else None
        if beside is None:
            skipped = C2paRead(ReadStatus.ABSENT)
            return skipped, Check("c2pa", False, "skipped: no manifest container found (fast path)")
        given = beside
    from .readers.c2pa import sdk  # the native SDK is loaded only for a file that may carry a manifest

    stream.seek(0)
    name = str(source) if isinstance(source, Path) else None
    network, trust = options.allow_network, options.trust_settings()
    fragments, omitted = companions.fragment_paths(options)
    read = sdk.read(stream, name=name, allow_network=network, trust=trust, sidecar=given, fragments=fragments)
    if read.status in (ReadStatus.ABSENT, ReadStatus.REMOTE) and given is None and sidecar is not None:
        beside = sidecar.load(options.max_sidecar_bytes)
        if beside is not None:
            stream.seek(0)
            read = sdk.read(stream, name=name, allow_network=network, trust=trust, sidecar=beside)
    if read.status is ReadStatus.UNSUPPORTED and name is not None and is_fragment(Path(name)):
        read = replace(read, error_kind=LONE_FRAGMENT, error_message="a media fragment without its init")
    if read.fragments is not None and omitted:
        read = replace(read, fragments=replace(read.fragments, omitted=omitted))
    detail = f"{read.status.value}; c2pa-rs {sdk.SDK_VERSION}"
    if read.sidecar:
        detail += f"; manifest from the standalone {read.sidecar}"
    if read.fragments is not None:
        detail += f"; with {read.fragments.count} media fragments"
    if not trust.configured:
        detail += "; no trust list configured"
    if not options.allow_network:
        detail += "; offline"
    return read, Check("c2pa", True, detail)
