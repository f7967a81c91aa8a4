"""JSON Lines: one report per line, exactly as ``inspect --json`` would give it (compact)."""

from __future__ import annotations

from typing import TextIO

from ..audit.record import AuditRecord
from ..audit.state import AuditSummary


class JsonlWriter:
    """Writes each record's JSON report as one line of ``out``."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, record: AuditRecord) -> None:
        self._out.write(record.json + "\n")

    def close(self, summary: AuditSummary) -> None:
        """Nothing to finish: every line is written as it comes (the caller owns ``out``)."""
