"""The line view of an audit on a terminal: origin, integrity, tool and path, one file per line.

Paths and tool names come from the files: :func:`~provenance._text.for_terminal` shows their control
and format characters as escapes, so a name can neither drive the terminal nor break a line in two.
"""

from __future__ import annotations

import shutil
from typing import TextIO

from .._text import clip, clip_path, for_terminal
from ..audit.record import AuditRecord, ReportRow
from ..audit.state import AuditSummary

# Column widths: every origin and integrity value fits ("credential_expired" is the longest, 18).
_ORIGIN, _INTEGRITY, _TOOL = 13, 18, 24


def one_line(row: ReportRow, width: int | None = None) -> str:
    """One record as a line; with ``width`` (a terminal's), the path is shortened in the middle to fit."""
    path = for_terminal(row.path)
    if row.error_kind:
        head = f"{'error':<{_ORIGIN}} {for_terminal(row.error_kind):<{_INTEGRITY}} {'-':<{_TOOL}} "
    else:
        tool = clip(for_terminal(row.tool or "-"), _TOOL)
        head = f"{row.origin:<{_ORIGIN}} {row.integrity:<{_INTEGRITY}} {tool:<{_TOOL}} "
    if width is not None:
        path = clip_path(path, max(20, width - len(head) - 1))
    return head + path


class LinesWriter:
    """Writes :func:`one_line` per record to ``out`` (fitted to its width when it is a terminal)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, record: AuditRecord) -> None:
        width = None
        if self._out.isatty():
            width = shutil.get_terminal_size().columns
        self._out.write(one_line(record.row, width) + "\n")

    def close(self, summary: AuditSummary) -> None:
        """Nothing to finish: every line is written as it comes (the caller owns ``out``)."""
