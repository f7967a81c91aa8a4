"""What `provenance audit` shows a person: progress on stderr, the summary table, the one-line view, and
the spool of HTML rows (kept out of memory until the report is written)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .audit.engine import AuditState, Record


class AuditProgress:
    """Shows AuditState on stderr: a rich bar on a terminal, a plain line every 10 s otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.live = not quiet and self.console.is_terminal
        self._last = 0.0
        self._bar: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> AuditProgress:
        if self.live:
            self._bar = Progress(
                TextColumn("[bold]audit"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("[red]{task.fields[errors]}"),
                console=self.console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("audit", total=None, rate="", errors="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, state: AuditState) -> None:
        now = time.monotonic()
        if self._bar is not None:
            if now - self._last < 0.1:
                return
            self._last = now
            total = state.total - state.resumed if state.total is not None else None
            rate = f"{state.done / state.elapsed_s:,.0f} files/s" if state.elapsed_s > 0 else ""
            errors = f"{state.errors} errors" if state.errors else ""
            self._bar.update(self._task, completed=state.done, total=total, rate=rate, errors=errors)
        elif not self.quiet and now - self._last >= 10:
            self._last = now
            of = f"/{state.total}" if state.total is not None else ""
            self.console.print(
                f"provenance audit: {state.done}{of} files, {state.done / state.elapsed_s:,.1f} files/s, "
                f"{state.errors} errors",
                highlight=False,
            )


def print_summary(console: Console, summary: dict[str, Any]) -> None:
    table = Table(title="provenance audit summary", title_justify="left")
    table.add_column("count", justify="right")
    table.add_column("what")
    for group in ("origin", "integrity", "trust", "tool"):
        for name, value in list(summary[group].items())[:15]:
            table.add_row(str(value), f"{group}: {name}")
    table.add_row(str(summary["errors"]), "files that could not be inspected")
    for name, value in summary["error_kinds"].items():
        table.add_row(str(value), f"  error: {name}")
    console.print(table)
    note = " (interrupted: in-flight files were finished and recorded)" if summary["interrupted"] else ""
    console.print(
        f"{summary['total']} records in {summary['elapsed_s']:.1f} s, {summary['files_per_s']:,.1f} files/s"
        + (f"; {summary['resumed']} already recorded (resume)" if summary["resumed"] else "")
        + note,
        highlight=False,
    )


def one_line(record: Record) -> str:
    v = record["verdict"]
    tool = (v.get("tool") or {}).get("name") or "-"
    path = record["source"].get("path")
    if record.get("error"):
        return f"error         {record['error']['kind']:<17} {'-':<24} {path}"
    return f"{v['origin']:<13} {v['integrity']:<17} {tool[:24]:<24} {path}"


def html_spool(stack: ExitStack) -> tuple[IO[str], Callable[[], Iterator[Any]]]:
    """A temporary file holding each record's HTML row, so the report is written without keeping them."""
    from .formats.html import HtmlRow

    spool = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))  # noqa: SIM115 - the stack closes it

    def rows() -> Iterator[HtmlRow]:
        spool.seek(0)
        for raw in spool:
            item = json.loads(raw)
            yield HtmlRow(item["r"], item["t"])

    return spool, rows
