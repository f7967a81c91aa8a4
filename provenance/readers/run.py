"""Every signal reader of the registry over one container walk, their outputs merged into one."""

from __future__ import annotations

from typing import IO, Final

from ..containers import Blobs
from ..containers.extract import extract
from ..models import Check, Evidence, Generator, SourceInfo, Watermark
from ..options import InspectOptions
from .base import ReadContext, ReaderOutput
from .registry import REGISTRY


def run_readers(
    stream: IO[bytes], info: SourceInfo, options: InspectOptions, blobs: Blobs | None = None
) -> ReaderOutput:
    """Every signal reader over one container walk (``blobs``, made here when not given); a reader
    that fails becomes a failed check."""
    if blobs is None:
        blobs = extract(stream, info.media_type)
    ctx = ReadContext(blobs, stream, info.media_type, info.size or 0, show_prompts=options.show_prompts)
    evidence: list[Evidence] = []
    generators: list[Generator] = []
    watermarks: list[Watermark] = []
    checks = [Check("container", True, p) for p in blobs.problems]
    urls: dict[str, None] = {}
    for name, reader in REGISTRY.items():
        if reader.deep and not options.deep:
            checks.append(_NEEDS_DEEP[name])
            continue
        try:
            stream.seek(0)
            output = reader.read(ctx)
        except Exception as error:  # a reader bug must not lose the file's report
            checks.append(Check(name, False, f"failed: {type(error).__name__}: {error}"))
            continue
        evidence += output.evidence
        generators += output.generators
        watermarks += output.watermarks
        checks += output.checks
        urls.update(dict.fromkeys(output.remote_manifest_urls))
    return ReaderOutput(tuple(evidence), tuple(generators), tuple(watermarks), tuple(checks), tuple(urls))


# The check of each deep reader in a run without --deep: the same (immutable) object for every file.
_NEEDS_DEEP: Final = {
    name: Check(name, False, "not run: pixel checks need --deep") for name, r in REGISTRY.items() if r.deep
}
