"""AI image generators' own metadata: one module per family (a1111, comfyui, fooocus, swarmui, novelai,
invokeai, midjourney, drawthings, software), the shared :class:`~.common.Finding` they return, and the
:class:`~.reader.GeneratorReader` that runs them over a file's text chunks and XMP."""

from __future__ import annotations

from .reader import GeneratorReader, find_in_table

__all__ = ["GeneratorReader", "find_in_table"]
