"""The line view of an audit on a terminal: origin, integrity, tool and path, one file per line.

Paths and tool names come from the files: :func:`~provenance._text.for_terminal` shows their control
and format characters as escapes, so a name can neither drive the terminal nor break a line in two.
"""

from __future__ import annotations

from typing import TextIO

from .._text import for_terminal
from ..audit.record import AuditRecord, ReportRow
from ..audit.state import AuditSummary


def one_line(row: ReportRow) -> str:
    path = for_terminal(row.path)
    if row.error_kind:
        return f"error         {for_terminal(row.error_kind):<17} {'-':<24} {path}"
    tool = for_terminal(row.tool or "-")
    return f"{row.origin:<13} {row.integrity:<17} {tool[:24]:<24} {path}"


class LinesWriter:
    """Writes :func:`one_line` per record to ``out``."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, record: AuditRecord) -> None:
        self._out.write(one_line(record.row) + "\n")

    def close(self, summary: AuditSummary) -> None:
        """Nothing to finish: every line is written as it comes (the caller owns ``out``)."""
