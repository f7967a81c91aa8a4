"""The HTML audit report of some records, written as an audit writes it, for the browser tests."""

from __future__ import annotations

from pathlib import Path

from provenance.audit.record import AuditRecord
from provenance.audit.state import AuditState
from provenance.formats.html import write_html

ROWS_SHOWN = "#rows tr td.path"  # the selector that shows once the page has drawn its rows


def report_page(records: list[AuditRecord], folder: Path) -> Path:
    """``folder/report.html`` for ``records``, with their summary."""
    state = AuditState()
    for record in records:
        state.add(record)
    path = folder / "report.html"
    with path.open("w", encoding="utf-8") as out:
        write_html(out, records, state.summary())
    return path
