"""CSV output: one flat row per report, for spreadsheets and ``grep``; the JSON lines stay the full record.

A row is a record's :class:`~provenance.audit.record.ReportRow` (made where the report was), so the audit
writes CSV without parsing a report again. :data:`COLUMNS` is the documented column set;
:func:`columns_markdown` renders it as a table for the README.

Conventions:

- A missing value is an empty cell. Lists are joined with ``"; "`` in their order, duplicates dropped,
  except ``conflict_details``, whose sentences are joined with ``" | "``.
- ``modified`` is ISO 8601 in UTC to the second (``2026-01-31T12:00:00Z``); the JSON keeps the exact mtime.
- Spreadsheet formula injection is neutralised: file names and metadata come from untrusted files, and a
  spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
  before one) as a formula. Such a cell gets a leading apostrophe (``'=HYPERLINK(...)``), which
  spreadsheets show as text. Programs reading the CSV see the apostrophe too.
- Quoting is the ``csv`` module's (RFC 4180): a value with a comma, quote or line break is quoted, so a
  file name with a newline stays one record for a CSV reader, though not for line-oriented tools.
- Characters that cannot be written as UTF-8 (the lone surrogates Python uses for undecodable bytes in
  file names) are written as ``\\xNN`` escapes.
"""

from __future__ import annotations

import csv
from typing import TextIO

from ..audit.record import COLUMNS, AuditRecord, ReportRow
from ..audit.state import AuditSummary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["COLUMNS", "CsvWriter", "columns_markdown", "csv_row", "safe_cell", "utf8_text"]


def columns_markdown() -> str:
    """The column set as a Markdown table, for the README."""
    lines = ["| column | meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {_markdown_cell(text)} |" for name, text in COLUMNS]
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def safe_cell(value: str) -> str:
    """The value as a spreadsheet shows it as text: formula starters escaped, lone surrogates escaped."""
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return utf8_text(value)


def utf8_text(value: str) -> str:
    """``value`` if it can be written as UTF-8; else with its lone surrogates escaped as text."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:  # the surrogates os.fsdecode() makes from undecodable bytes: shown as those bytes, \xNN
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # any other lone surrogate: \udNNN
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def csv_row(row: ReportRow) -> list[str]:
    """One CSV row, in :data:`COLUMNS` order, each cell neutralised."""
    return [safe_cell(cell) for cell in row.cells()]


class CsvWriter:
    """Streams records as CSV rows. Open ``out`` with ``newline=""`` and ``encoding="utf-8"``.

    ``policy_rules`` ("policy/rule", with --policy): one more column per rule, named ``policy:policy/rule``,
    holding its status for the file (passed, failed, not_applicable, not_checked)."""

    def __init__(self, out: TextIO, policy_rules: tuple[str, ...] = ()) -> None:
        self._writer = csv.writer(out, lineterminator="\n")
        self._rules = policy_rules
        self._writer.writerow([name for name, _ in COLUMNS] + [f"policy:{rule}" for rule in policy_rules])
        self.rows_written = 0

    def write(self, record: AuditRecord) -> None:
        cells = csv_row(record.row)
        if self._rules:
            results = dict(item.rsplit("=", 1) for item in record.row.policy_results.split("; ") if item)
            cells += [results.get(rule, "") for rule in self._rules]
        self._writer.writerow(cells)
        self.rows_written += 1

    def close(self, summary: AuditSummary) -> None:
        """Nothing to finish: every row is written as it comes (the caller owns ``out``)."""
