"""Signal readers, one module per source. The registry maps each name to its reader."""

from __future__ import annotations

from .base import ReadContext, Reader, ReaderOutput
from .exif import ExifReader
from .generators import GeneratorReader
from .stealth import StealthReader
from .watermark import WatermarkReader
from .xmp import XmpReader

# Metadata readers run on every file; deep readers decode pixels and run only when asked.
REGISTRY: dict[str, Reader] = {
    reader.name: reader
    for reader in (XmpReader(), ExifReader(), GeneratorReader(), StealthReader(), WatermarkReader())
}

__all__ = ["REGISTRY", "ReadContext", "Reader", "ReaderOutput"]
