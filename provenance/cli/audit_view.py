"""What `provenance audit` shows a person on stderr: the progress, then the summary table.

Tool names and error kinds come from the files: they go to rich as ``Text`` made safe by
:func:`~provenance._text.for_terminal`, never as markup.
"""

from __future__ import annotations

import sys
import time
from typing import Any

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
from rich.text import Text

from .._text import for_terminal
from ..audit.state import AuditState, AuditSummary


class AuditProgress:
    """Shows AuditState on stderr: a rich bar on a terminal, a plain line every 10 s otherwise."""

    def __init__(self, quiet: bool, *, command: str = "audit") -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.command = command  # what the bar and the lines are named by: "audit", "index add"
        self.live = not quiet and self.console.is_terminal
        self._last = 0.0
        self._bar: Progress | None = None
        self._task: Any = None
        self._state: AuditState | None = None

    def __enter__(self) -> AuditProgress:
        if self.live:
            self._bar = Progress(
                TextColumn(f"[bold]{self.command}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}", markup=False),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("[red]{task.fields[errors]}"),
                console=self.console,
                transient=False,
                # Records written to the same terminal meanwhile (the line view) go above the bar, not
                # over it; stdout piped elsewhere (JSON Lines to a file) is left alone.
                redirect_stdout=sys.stdout.isatty(),
                redirect_stderr=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("audit", total=None, rate="", errors="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            if self._state is not None:  # the last state, which the rate limit may have held back
                self._render(self._state, final=True)
            self._bar.stop()

    def update(self, state: AuditState) -> None:
        now = time.monotonic()
        self._state = state
        if self._bar is not None:
            if now - self._last < 0.1:
                return
            self._last = now
            self._render(state)
        elif not self.quiet and now - self._last >= 10:
            self._last = now
            of = f"/{state.total}" if state.total is not None else ""
            line = (
                f"provenance {self.command}: {state.done}{of} files, "
                f"{state.done / state.elapsed_s:,.1f} files/s, {state.errors} errors"
            )
            self.console.print(Text(line), highlight=False)

    def _render(self, state: AuditState, *, final: bool = False) -> None:
        assert self._bar is not None
        total = state.total - state.resumed if state.total is not None else None
        if final:
            total = state.done  # every file the run met is done: the bar ends full
        rate = f"{state.done / state.elapsed_s:,.0f} files/s" if state.elapsed_s > 0 else ""
        errors = f"{state.errors} errors" if state.errors else ""
        self._bar.update(self._task, completed=state.done, total=total, rate=rate, errors=errors)


def print_summary(console: Console, summary: AuditSummary) -> None:
    table = Table(title="provenance audit summary", title_justify="left")
    table.add_column("count", justify="right")
    table.add_column("what")
    groups = {"origin": summary.origin, "integrity": summary.integrity, "trust": summary.trust}
    for group, counts in {**groups, "tool": summary.tool}.items():
        for name, value in list(counts.items())[:15]:
            table.add_row(str(value), Text(f"{group}: {for_terminal(name)}"))
    table.add_row(str(summary.errors), "files that could not be inspected")
    for name, value in summary.error_kinds.items():
        table.add_row(str(value), Text(f"  error: {for_terminal(name)}"))
    if summary.not_media:
        table.add_row(str(summary.not_media), "not media (no media signature): not counted above")
    for reason, value in summary.passed_over.items():
        table.add_row(str(value), Text(f"left out, no record: {reason}"))
    for rule, counts in summary.policies.items():
        failed = counts.get("failed", 0)
        applied = sum(n for status, n in counts.items() if status != "not_applicable")
        detail = f"policy {for_terminal(rule)}: {failed} failed of {applied}"
        if counts.get("not_checked"):
            detail += f" ({counts['not_checked']} not checked)"
        table.add_row(str(failed), Text(detail, style="red" if failed else ""))
    console.print(table)
    if summary.network:
        net = summary.network
        console.print(
            Text(
                f"network (asked for: web addresses): {net['requests']} requests to {net['hosts']} hosts, "
                f"{net['documents']} pages and sitemaps read, {net['robots_refused']} addresses refused "
                f"by robots.txt, {net['not_modified']} unchanged since the last run (304)"
            ),
            highlight=False,
        )
    note = " (interrupted: in-flight files were finished and recorded)" if summary.interrupted else ""
    line = (
        f"{summary.total} records in {summary.elapsed_s:.1f} s, {summary.files_per_s:,.1f} files/s"
        + (f"; {summary.resumed} already recorded (resume)" if summary.resumed else "")
        + note
    )
    console.print(Text(line), highlight=False)
