"""`provenance audit`: options -> engine -> sinks (JSON Lines, CSV, lines, HTML) and exit codes.

Exit codes: 0 all recorded; 1 a --fail-on condition matched; 3 some file could not be inspected (its
record has an `error`); 4 configuration error; 130 interrupted (Ctrl-C: in-flight files were finished
and recorded first).
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console

from .audit.engine import (
    AuditOptions,
    AuditState,
    Record,
    load_resume_keys,
    resume_keys,
    run_audit,
    trim_partial_line,
)
from .audit.pool import PoolOptions
from .audit.sources import is_url
from .audit.walk import WalkOptions
from .cli_audit_view import AuditProgress, html_spool, one_line, print_summary
from .cli_options import AllowedOpt, AnchorsOpt, ConfigOpt, EkuOpt, NoCacheOpt, NoFastPathOpt, trust_settings
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


def audit_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files and folders to audit (walked recursively), or URLs: s3://bucket/prefix..."
        ),
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
    no_fast_path: NoFastPathOpt = False,
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
    trust_anchors: AnchorsOpt = [],  # noqa: B006 - typer reads the default, it is never mutated
    allowed_certs: AllowedOpt = [],  # noqa: B006
    trust_config: EkuOpt = None,
    no_trust_cache: NoCacheOpt = False,
    config: ConfigOpt = None,
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
    trust = trust_settings(trust_anchors, allowed_certs, trust_config, no_trust_cache, config)
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
        recorded: set[int] | None = None
        parquet = None
        if fmt is Format.PARQUET and output is not None:
            from .formats.parquet import ParquetWriter, recorded_reports

            if resume and output.is_dir():
                recorded = resume_keys(recorded_reports(output))
            parquet = ParquetWriter(output, rows_per_file=partition_size)
        elif resume and output is not None and output.exists():
            trim_partial_line(output)
            recorded = load_resume_keys(output)
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
        spool, html_rows = html_spool(stack) if html is not None else (None, None)
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
                out.write(one_line(record) + "\n")
            if spool is not None:
                spool.write(json.dumps({"r": record, "t": thumb}) + "\n")
            matched = matched or bool(conditions and matches(found, conditions))
            now = time.monotonic()
            if now - last_flush > 0.5:
                out.flush()
                last_flush = now

        progress = stack.enter_context(AuditProgress(quiet))
        if engine is Engine.DASK:
            from .audit.dask_engine import DaskOptions, run_dask_audit

            dask = DaskOptions(scheduler, workers=pool.jobs, partition_size=partition_size)
            run_dask_audit(options, sink, state, dask, resume=recorded, on_progress=progress.update)
        else:
            run_audit(options, sink, state, resume=recorded, on_progress=progress.update)
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
