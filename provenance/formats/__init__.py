"""Output formats. Audit records go through one :class:`RecordWriter` protocol, chosen by :class:`Format`
from :data:`WRITERS`; ``inspect`` renders whole reports with :mod:`.json` and :mod:`.table`.

Importing this package loads no writer: each is imported when it is opened (Parquet needs pyarrow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol, TextIO

if TYPE_CHECKING:
    from ..audit.record import AuditRecord
    from ..audit.state import AuditSummary


class Format(StrEnum):
    """The audit's record formats (``--format``, and ``--html`` for the report page)."""

    JSONL = "jsonl"
    CSV = "csv"
    LINES = "lines"
    PARQUET = "parquet"
    HTML = "html"


class RecordWriter(Protocol):
    """Takes an audit's records as they finish; :meth:`close` gets the run's summary at the end."""

    def write(self, record: AuditRecord) -> None: ...

    def close(self, summary: AuditSummary) -> None: ...


@dataclass(frozen=True, slots=True)
class Target:
    """Where a writer writes: a text stream (``stream`` formats) or a path (a folder for Parquet, a file
    for HTML), and how many records go in one Parquet file."""

    stream: TextIO | None = None
    path: Path | None = None
    rows_per_file: int = 256
    # With --policy: the rules as "policy/rule", each a CSV column of its own.
    policy_rules: tuple[str, ...] = ()


def _stream(target: Target, fmt: Format) -> TextIO:
    if target.stream is None:
        raise ValueError(f"the {fmt.value} format writes to a stream")
    return target.stream


def _path(target: Target, fmt: Format) -> Path:
    if target.path is None:
        raise ValueError(f"the {fmt.value} format writes to a path")
    return target.path


def _jsonl(target: Target) -> RecordWriter:
    from .jsonl import JsonlWriter

    return JsonlWriter(_stream(target, Format.JSONL))


def _csv(target: Target) -> RecordWriter:
    from .csv import CsvWriter

    return CsvWriter(_stream(target, Format.CSV), target.policy_rules)


def _lines(target: Target) -> RecordWriter:
    from .lines import LinesWriter

    return LinesWriter(_stream(target, Format.LINES))


def _parquet(target: Target) -> RecordWriter:
    from .parquet import ParquetWriter

    return ParquetWriter(_path(target, Format.PARQUET), rows_per_file=target.rows_per_file)


def _html(target: Target) -> RecordWriter:
    from .html import HtmlWriter

    return HtmlWriter(_path(target, Format.HTML))


# Every Format's writer (a test checks that none is missing). Each imports its module when opened.
WRITERS: Final[dict[Format, Callable[[Target], RecordWriter]]] = {
    Format.JSONL: _jsonl,
    Format.CSV: _csv,
    Format.LINES: _lines,
    Format.PARQUET: _parquet,
    Format.HTML: _html,
}
# The formats written to a stream (stdout or --output FILE); the others write to a path of their own.
STREAM_FORMATS: Final = frozenset({Format.JSONL, Format.CSV, Format.LINES})


def open_writer(fmt: Format, target: Target) -> RecordWriter:
    """The writer of ``fmt`` on ``target`` (its stream or its path, as the format needs)."""
    return WRITERS[fmt](target)
