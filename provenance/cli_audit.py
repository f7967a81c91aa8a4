"""`provenance audit`: options -> engine -> sinks (JSON Lines, CSV, lines, HTML) and exit codes.

Exit codes: 0 all recorded; 1 a --fail-on condition matched; 3 some file could not be inspected (its
record has an `error`); 4 configuration error; 130 interrupted (Ctrl-C: in-flight files were finished
and recorded first).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, TextIO

import typer
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

from .audit.engine import (
    AuditOptions,
    AuditState,
    Record,
    add_resume_key,
    load_resume_keys,
    run_audit,
    trim_partial_line,
)
from .audit.pool import PoolOptions
from .audit.sources import is_url
from .audit.walk import WalkOptions
from .extras import require
from .options import InspectOptions


class Format(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    LINES = "lines"
    PARQUET = "parquet"


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


def storage_options(pairs: list[str]) -> tuple[tuple[str, Any], ...]:
    """``KEY=VALUE`` pairs for fsspec; ``true``/``false`` become booleans, the rest stays text."""
    parsed: list[tuple[str, Any]] = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--storage-option")
        lowered = value.lower()
        parsed.append((key, lowered == "true" if lowered in ("true", "false") else value))
    return tuple(parsed)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _Progress:
    """Shows AuditState on stderr: a rich bar on a terminal, a plain line every 10 s otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.live = not quiet and self.console.is_terminal
        self._last = 0.0
        self._bar: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
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


def _line(record: Record) -> str:
    v = record["verdict"]
    tool = (v.get("tool") or {}).get("name") or "-"
    path = record["source"].get("path")
    if record.get("error"):
        return f"error         {record['error']['kind']:<17} {'-':<24} {path}"
    return f"{v['origin']:<13} {v['integrity']:<17} {tool[:24]:<24} {path}"


def _html_spool(stack: ExitStack) -> tuple[IO[str], Callable[[], Iterator[Any]]]:
    """A temporary file holding each record's HTML row, so the report is written without keeping them."""
    from .formats.html import HtmlRow

    spool = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))  # noqa: SIM115 - the stack closes it

    def rows() -> Iterator[HtmlRow]:
        spool.seek(0)
        for raw in spool:
            item = json.loads(raw)
            yield HtmlRow(item["r"], item["t"])

    return spool, rows


def audit_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files and folders to audit (walked recursively), or URLs: s3://bucket/prefix..."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write records here instead of stdout.")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", help="jsonl (default off a terminal), csv, lines, parquet (--output DIR)."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip files already recorded in --output (JSON Lines).")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: usable cores).")] = 0,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Per-file time limit, seconds.")
    ] = 120.0,
    memory_limit: Annotated[
        int, typer.Option("--memory-limit", min=64, help="Per-worker memory limit, MB.")
    ] = 2048,
    include: Annotated[
        list[str], typer.Option("--include", help="Only files matching this glob (repeatable).")
    ] = [],  # noqa: B006
    exclude: Annotated[
        list[str], typer.Option("--exclude", help="Skip files and folders matching this glob.")
    ] = [],  # noqa: B006
    hidden: Annotated[bool, typer.Option("--hidden", help="Include hidden files and folders.")] = False,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Follow symbolic links.")
    ] = False,
    deep: Annotated[bool, typer.Option("--deep", help="Also run pixel checks (much slower).")] = False,
    no_fast_path: Annotated[
        bool, typer.Option("--no-fast-path", help="Call the C2PA SDK on every file.")
    ] = False,
    summary_json: Annotated[
        Path | None, typer.Option("--summary-json", help="Also write the summary here.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", metavar="CONDITIONS", help="As in inspect.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary on stderr.")
    ] = False,
    allow_network: Annotated[
        bool, typer.Option("--allow-network", help="Fetch remote manifests and OCSP.")
    ] = False,
    trust_anchors: Annotated[
        list[Path], typer.Option("--trust-anchors", help="PEM root CAs (repeatable).")
    ] = [],  # noqa: B006
    no_trust_cache: Annotated[
        bool, typer.Option("--no-trust-cache", help="Ignore `trust update` lists.")
    ] = False,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local (worker processes here) or dask (a Dask cluster).")
    ] = Engine.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler tcp://HOST:PORT (default: start a local cluster)."),
    ] = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Files per Dask task (and per Parquet file).")
    ] = 256,
    storage_option: Annotated[
        list[str],
        typer.Option("--storage-option", help="fsspec option for URL sources, KEY=VALUE (repeatable)."),
    ] = [],  # noqa: B006
) -> None:
    """Audit folders of files: one record per file, streamed; a summary at the end."""
    from .cli import matches, parse_fail_on
    from .trust import load_trust_settings

    conditions = parse_fail_on(fail_on)
    if resume and (output is None or (fmt or Format.JSONL) not in (Format.JSONL, Format.PARQUET)):
        raise typer.BadParameter(
            "--resume needs --output in JSON Lines or Parquet format", param_hint="--resume"
        )
    if fmt is Format.PARQUET and output is None:
        raise typer.BadParameter("--format parquet needs --output DIR", param_hint="--format")
    if scheduler is not None and engine is not Engine.DASK:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    if any(is_url(p) for p in paths):
        require("fsspec", "Auditing URLs (s3://, gs://, https://...)")
    if engine is Engine.DASK:
        require("distributed", "--engine dask")
    if fmt is Format.PARQUET:
        require("pyarrow", "--format parquet")
    trust = load_trust_settings(anchors=trust_anchors, use_cache=not no_trust_cache)
    inspect_options = InspectOptions(
        allow_network=allow_network, trust=trust, deep=deep, fast_path=not no_fast_path
    )
    pool = PoolOptions(
        jobs=jobs or usable_cores(),
        inspect=inspect_options,
        timeout_s=timeout,
        memory_limit_mb=memory_limit,
        thumbnails=html is not None,
        storage_options=storage_options(storage_option),
    )
    options = AuditOptions(
        tuple(paths),
        pool,
        WalkOptions(tuple(include), tuple(exclude), hidden, follow_symlinks),
    )
    matched = False
    state = AuditState()
    with ExitStack() as stack:
        resume_keys: set[int] | None = None
        parquet = None
        if fmt is Format.PARQUET and output is not None:
            from .formats.parquet import ParquetWriter, recorded_sources

            if resume and output.is_dir():
                resume_keys = set()
                for source in recorded_sources(output):
                    add_resume_key(resume_keys, source)
            parquet = ParquetWriter(output, rows_per_file=partition_size)
        elif resume and output is not None and output.exists():
            trim_partial_line(output)
            resume_keys = load_resume_keys(output)
        out: TextIO = (
            stack.enter_context(output.open("a" if resume else "w", encoding="utf-8", newline=""))
            if output is not None and parquet is None
            else sys.stdout
        )
        chosen = fmt or (Format.JSONL if output is not None or not out.isatty() else Format.LINES)
        csv_writer = None
        if chosen is Format.CSV:
            from .formats.csv import CsvWriter

            csv_writer = CsvWriter(out)
        spool, html_rows = _html_spool(stack) if html is not None else (None, None)
        last_flush = time.monotonic()

        def sink(line: str, found: Record, thumb: str | None) -> None:
            nonlocal matched, last_flush
            if chosen is Format.JSONL:
                out.write(line + "\n")
            record: Record = json.loads(line) if chosen is not Format.JSONL or spool is not None else found
            if parquet is not None:
                parquet.write(record, line)
            elif csv_writer is not None:
                csv_writer.write(record)
            elif chosen is Format.LINES:
                out.write(_line(record) + "\n")
            if spool is not None:
                spool.write(json.dumps({"r": record, "t": thumb}) + "\n")
            matched = matched or bool(conditions and matches(found, conditions))
            now = time.monotonic()
            if now - last_flush > 0.5:
                out.flush()
                last_flush = now

        progress = stack.enter_context(_Progress(quiet))
        if engine is Engine.DASK:
            from .audit.dask_engine import DaskOptions, run_dask_audit

            dask = DaskOptions(scheduler, workers=pool.jobs, partition_size=partition_size)
            run_dask_audit(options, sink, state, dask, resume=resume_keys, on_progress=progress.update)
        else:
            run_audit(options, sink, state, resume=resume_keys, on_progress=progress.update)
        if parquet is not None:
            parquet.close()
        out.flush()
        summary = state.summary()
        if summary_json is not None:
            summary_json.write_text(json.dumps(summary, indent=2) + "\n")
        if html is not None and html_rows is not None:
            from .formats.html import write_html

            with html.open("w", encoding="utf-8") as page:
                write_html(page, html_rows(), summary)
    if not quiet:
        print_summary(Console(stderr=True), summary)
    if state.interrupted:
        raise typer.Exit(130)
    if state.errors:
        raise typer.Exit(3)
    if matched:
        raise typer.Exit(1)
