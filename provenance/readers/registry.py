"""The registry: every signal reader by name, in the order they run. Deep (pixel) readers are imported on
their first use."""

from __future__ import annotations

import importlib

from .base import ReadContext, Reader, ReaderOutput
from .exif import ExifReader
from .generators.reader import GeneratorReader
from .xmp import XmpReader


class _OnFirstUse:
    """A deep reader whose module (with NumPy) is imported when it first reads: startup of metadata-only
    runs, and of every audit worker, does not pay for it."""

    deep = True

    def __init__(self, name: str, module: str, cls: str) -> None:
        self.name = name
        self._where = (module, cls)
        self._reader: Reader | None = None

    def read(self, ctx: ReadContext) -> ReaderOutput:
        if self._reader is None:
            module, cls = self._where
            self._reader = getattr(importlib.import_module(module, __package__), cls)()
        return self._reader.read(ctx)


# Metadata readers run on every file; deep readers decode pixels and run only when asked.
REGISTRY: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        XmpReader(),
        ExifReader(),
        GeneratorReader(),
        _OnFirstUse("stealth", ".stealth", "StealthReader"),
        _OnFirstUse("watermark", ".watermark", "WatermarkReader"),
    )
}
