"""Partitioned Parquet output for very large audits (``--format parquet --output DIR``).

One file per partition (``part-00000.parquet``...), so a run of tens of millions of records never holds
more than one partition in memory and readers (pandas, Spark, DuckDB: ``read_parquet('DIR/*.parquet')``)
take the folder as one table. Columns: the CSV's (:data:`.csv.COLUMNS`, same values, without the
spreadsheet formula escaping, which is for spreadsheets only; counts such as ``size`` as integers),
plus ``report``, the full JSON report. ``--resume`` reads ``report`` back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._extras import require
from ..audit.record import COLUMNS, INTEGER_COLUMNS, ROW_FIELDS, AuditRecord
from ..audit.state import AuditSummary
from .csv import utf8_text

_INTEGERS = INTEGER_COLUMNS


def _schema() -> Any:
    import pyarrow as pa

    fields = [pa.field(name, pa.int64() if name in _INTEGERS else pa.string()) for name, _ in COLUMNS]
    return pa.schema([*fields, pa.field("report", pa.string())])


class ParquetWriter:
    """Buffers rows and writes one Parquet file per ``rows_per_file`` records under ``folder``."""

    def __init__(self, folder: Path, rows_per_file: int = 256) -> None:
        require("pyarrow", "--format parquet")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.rows_per_file = max(1, rows_per_file)
        self._rows: list[dict[str, Any]] = []
        self._next = 1 + max((int(p.stem.split("-")[-1]) for p in _parts(folder)), default=-1)
        self.files_written = 0

    def write(self, record: AuditRecord) -> None:
        values = record.row.values()
        flat: dict[str, Any] = {
            name: value if name in _INTEGERS else utf8_text(value)
            for name, value in zip(ROW_FIELDS, values, strict=True)
        }
        flat["report"] = record.json
        self._rows.append(flat)
        if len(self._rows) >= self.rows_per_file:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self._rows, schema=_schema())
        final = self.folder / f"part-{self._next:05d}.parquet"
        partial = final.with_suffix(".parquet.tmp")  # readers and --resume never see half a file
        pq.write_table(table, partial)
        partial.replace(final)
        self._next += 1
        self.files_written += 1
        self._rows = []

    def close(self, summary: AuditSummary | None = None) -> None:
        self.flush()


def _parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("part-*.parquet") if p.stem.split("-")[-1].isdigit())


def recorded_reports(folder: Path) -> Iterator[str]:
    """The ``report`` JSON of every record already written under ``folder`` (for ``--resume``)."""
    require("pyarrow", "--format parquet")
    import pyarrow.parquet as pq

    for part in _parts(folder):
        for line in pq.read_table(part, columns=["report"]).column("report").to_pylist():
            if isinstance(line, str):
                yield line
