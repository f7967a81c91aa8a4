"""`provenance audit`: options -> engine -> record writers (JSON Lines, CSV, lines, Parquet, HTML).

Exit codes: 0 all recorded; 1 a --fail-on condition matched; 3 some file could not be inspected (its
record has an `error`); 4 configuration error; 130 interrupted (Ctrl-C: in-flight files were finished
and recorded first).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, cast

import typer

from .._extras import require
from ..formats import Format
from ..options import InspectOptions
from .exit import Exit
from .fail_on import HELP as FAIL_ON_HELP
from .fail_on import FailOn, parse_fail_on
from .inspect import RUBRIC_HELP, RUBRIC_LANGUAGE_HELP, rubrics_of
from .options import choice_parser, choices_metavar, inspection_options
from .tracing_options import tracing_options
from .web_options import WebSources, web_options

if TYPE_CHECKING:
    from ..audit.record import AuditRecord
    from ..audit.state import AuditSummary
    from ..formats import RecordWriter


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


# The --engine option of every command that runs on the audit engines (audit, index add).
EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        metavar=choices_metavar(Engine),
        parser=choice_parser(Engine, "engine"),
        help="local (worker processes here) or dask (a Dask cluster).",
    ),
]

# The walk and worker options of every command that runs on the audit engines (audit, index add); each
# command gives its own default (the per-file time limit differs).
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: usable cores).")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Per-file time limit, seconds.")]
MemoryLimitOption = Annotated[
    int, typer.Option("--memory-limit", min=64, help="Per-worker memory limit, MB.")
]
IncludeOption = Annotated[
    list[str], typer.Option("--include", help="Only files matching this glob (repeatable).")
]
ExcludeOption = Annotated[
    list[str], typer.Option("--exclude", help="Skip files and folders matching this glob.")
]
HiddenOption = Annotated[bool, typer.Option("--hidden", help="Include hidden files and folders.")]
FollowSymlinksOption = Annotated[bool, typer.Option("--follow-symlinks", help="Follow symbolic links.")]


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


@web_options
@inspection_options
@tracing_options
def audit_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files and folders to audit (walked recursively), or URLs: s3://bucket/prefix..., "
            "https://site/sitemap.xml, a page or a media file's address.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write records here instead of stdout.")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            metavar=choices_metavar(Format),
            parser=choice_parser(Format, "format"),
            help="jsonl (default off a terminal), csv, lines, parquet (--output DIR), html (--output FILE).",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip files already recorded in --output (JSON Lines).")
    ] = False,
    jobs: JobsOption = 0,
    timeout: TimeoutOption = 120.0,
    memory_limit: MemoryLimitOption = 2048,
    include: IncludeOption = [],  # noqa: B006
    exclude: ExcludeOption = [],  # noqa: B006
    hidden: HiddenOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    media_only: Annotated[
        bool,
        typer.Option(
            "--media-only",
            help="Leave out files that are not media (no media signature or extension): no record, "
            "counted in the summary. Without it they get a record and are counted apart as 'not media'.",
        ),
    ] = False,
    summary_json: Annotated[
        Path | None, typer.Option("--summary-json", help="Also write the summary here.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")
    ] = None,
    evidence: Annotated[
        Path | None,
        typer.Option(
            "--evidence",
            metavar="DIR",
            help="Also write an evidence pack to this new folder: the records, the sha256 of every file, "
            "the summary, the policies, the trust lists in force, the versions and a manifest of it all.",
        ),
    ] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="CONDITIONS", help=FAIL_ON_HELP)] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary on stderr.")
    ] = False,
    engine: EngineOption = Engine.LOCAL,
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
    rubric: Annotated[
        list[str] | None, typer.Option("--rubric", metavar="FILE|NAME", help=RUBRIC_HELP)
    ] = None,
    rubric_language: Annotated[
        str, typer.Option("--rubric-language", metavar="LANG", help=RUBRIC_LANGUAGE_HELP)
    ] = "en",
    crjson_dir: Annotated[
        Path | None,
        typer.Option(
            "--crjson-dir",
            metavar="DIR",
            file_okay=False,
            help="Also write each file's C2PA manifest store as crJSON here, at the file's own path plus "
            "'.crjson.json' (files with a manifest only; a folder outside the audited ones).",
        ),
    ] = None,
    *,
    inspection: InspectOptions,
    web: WebSources,
) -> None:
    """Audit folders of files: one record per file, streamed; a summary at the end."""
    # Imported here, not at the top: every command's module is loaded to build the command line.
    from rich.console import Console

    from ..audit.engine import AuditOptions, run_audit
    from ..audit.evidence import EvidenceWriter, check_evidence_folder
    from ..audit.pool import PoolOptions
    from ..audit.state import AuditState
    from ..audit.walk import WalkOptions
    from ..audit.web_tasks import load_validators
    from ..formats import STREAM_FORMATS, Target, open_writer
    from .audit_view import AuditProgress, print_summary

    paths = [*(paths or []), *web.addresses]
    if not paths:
        raise typer.BadParameter("give files, folders or addresses (or --urls FILE)", param_hint="PATHS")
    conditions = parse_fail_on(fail_on)
    _check_usage(paths, output, fmt, resume, engine, scheduler)
    _check_writable(output, "--output", folder=fmt is Format.PARQUET)
    _check_writable(html, "--html")
    _check_writable(summary_json, "--summary-json")
    if evidence is not None and (problem := check_evidence_folder(evidence)) is not None:
        raise typer.BadParameter(f"cannot write {evidence}: {problem}", param_hint="--evidence")
    _check_crjson_dir(crjson_dir, paths, engine)
    if rubric:
        inspection = dataclasses.replace(
            inspection, rubrics=rubrics_of(rubric), rubric_language=rubric_language
        )
    pool = PoolOptions(
        jobs=jobs or usable_cores(),
        inspect=inspection,
        timeout_s=timeout,
        memory_limit_mb=memory_limit,
        thumbnails=html is not None or fmt is Format.HTML,
        hash_files=evidence is not None,
        storage_options=storage_options(storage_option),
        crjson_dir=str(crjson_dir) if crjson_dir is not None else None,
    )
    options = AuditOptions(
        tuple(paths),
        pool,
        WalkOptions(tuple(include), tuple(exclude), hidden, follow_symlinks),
        media_only=media_only,
        count_total=not quiet,  # the total only feeds the progress display: no second walk without it
        web=web.options,
        web_validators=load_validators(output) if resume and output is not None and output.is_file() else {},
    )
    state = AuditState()
    with ExitStack() as stack:
        recorded = _recorded(output, fmt, resume)
        if output is None or (fmt is not None and fmt not in STREAM_FORMATS):
            out: TextIO = cast(TextIO, _Stdout())
        else:
            out = stack.enter_context(output.open("a" if resume else "w", encoding="utf-8", newline=""))
        chosen = fmt or (Format.JSONL if output is not None or not out.isatty() else Format.LINES)
        rules = tuple(f"{p.name}/{r.id}" for p in inspection.policies for r in p.rules)
        target = Target(
            stream=out if chosen in STREAM_FORMATS else None,
            path=output,
            rows_per_file=partition_size,
            policy_rules=rules,
        )
        writers = [open_writer(chosen, target)]
        if html is not None:
            writers.append(open_writer(Format.HTML, Target(path=html)))
        if evidence is not None:
            writers.append(EvidenceWriter(evidence, inspection))
        sink = RecordSink(writers, conditions, out)
        progress = stack.enter_context(AuditProgress(quiet))
        if engine is Engine.DASK:
            from ..audit.dask_engine import DaskOptions, run_dask_audit

            dask = DaskOptions(scheduler, workers=pool.jobs, partition_size=partition_size)
            run_dask_audit(options, sink, state, dask, resume=recorded, on_progress=progress.update)
        else:
            run_audit(options, sink, state, resume=recorded, on_progress=progress.update)
        summary = state.summary()
        sink.close(summary)
        if summary_json is not None:
            summary_json.write_text(json.dumps(summary.to_dict(), indent=2) + "\n")
    if not quiet:
        print_summary(Console(stderr=True), summary)
    if state.interrupted:
        raise typer.Exit(Exit.INTERRUPTED)
    if sink.matched:  # the answer asked for (--fail-on error included), before unreadable files
        raise typer.Exit(Exit.FAIL_ON)
    if state.errors:
        raise typer.Exit(Exit.UNREADABLE)


class _Stdout(io.TextIOBase):
    """Standard output as it is when written to: the progress bar redirects it while it runs, so that
    records printed meanwhile appear above the bar instead of over it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()


class RecordSink:
    """Hands each record to every writer, notes whether one meets a --fail-on condition, and flushes the
    output stream at most twice a second (so a reader of a growing file sees records as they finish)."""

    def __init__(self, writers: list[RecordWriter], conditions: FailOn, out: TextIO) -> None:
        self.writers, self.conditions, self.out = writers, conditions, out
        self.matched = False
        self._flushed = time.monotonic()

    def __call__(self, record: AuditRecord) -> None:
        for writer in self.writers:
            writer.write(record)
        self.matched = self.matched or self.conditions.matches(record.row)
        now = time.monotonic()
        if now - self._flushed > 0.5:
            self.out.flush()
            self._flushed = now

    def close(self, summary: AuditSummary) -> None:
        for writer in self.writers:
            writer.close(summary)
        self.out.flush()


def _check_usage(
    paths: list[str],
    output: Path | None,
    fmt: Format | None,
    resume: bool,
    engine: Engine,
    scheduler: str | None,
) -> None:
    """Usage errors and missing extras, before any work."""
    from ..audit.sources import is_url
    from ..audit.web_tasks import is_web

    if resume and (output is None or (fmt or Format.JSONL) not in (Format.JSONL, Format.PARQUET)):
        raise typer.BadParameter(
            "--resume needs --output in JSON Lines or Parquet format", param_hint="--resume"
        )
    if fmt is Format.PARQUET and output is None:
        raise typer.BadParameter("--format parquet needs --output DIR", param_hint="--format")
    if fmt is Format.HTML and output is None:
        raise typer.BadParameter("--format html needs --output FILE", param_hint="--format")
    if scheduler is not None and engine is not Engine.DASK:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    if any(is_url(p) and not is_web(p) for p in paths):
        require("fsspec", "Auditing object storage (s3://, gs://, az://...)")
    if engine is Engine.DASK:
        require("distributed", "--engine dask")
    if fmt is Format.PARQUET:
        require("pyarrow", "--format parquet")


def _check_writable(path: Path | None, option: str, *, folder: bool = False) -> None:
    """An output the audit will write can be written, checked before the first file is read: a file
    (or a folder, for Parquet) created in its folder and removed again. A usage error otherwise."""
    if path is None:
        return
    where = path if folder and path.is_dir() else path.parent
    problem = None
    if path.is_dir() and not folder:
        problem = "it is a folder"
    elif not where.is_dir():
        problem = f"the folder {where} does not exist" if not where.exists() else f"{where} is not a folder"
    else:
        try:
            with tempfile.NamedTemporaryFile(dir=where, prefix=".provenance-check-"):
                pass
        except OSError as error:
            problem = error.strerror or str(error)
    if problem is not None:
        raise typer.BadParameter(f"cannot write {path}: {problem}", param_hint=option)


def _check_crjson_dir(folder: Path | None, paths: list[str], engine: Engine) -> None:
    """--crjson-dir: a folder this machine can write (made if missing), outside every audited folder (its
    files would be audited too), and the local engine (a Dask worker writes on its own machine)."""
    if folder is None:
        return
    from ..audit.sources import is_url

    if engine is Engine.DASK:
        raise typer.BadParameter(
            "writes on this machine: use it with --engine local", param_hint="--crjson-dir"
        )
    resolved = folder.resolve()
    for path in paths:
        if not is_url(path) and Path(path).is_dir() and resolved.is_relative_to(Path(path).resolve()):
            raise typer.BadParameter(
                f"{folder} is inside the audited folder {path}: its files would be audited too",
                param_hint="--crjson-dir",
            )
    _check_writable(folder, "--crjson-dir", folder=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = error.strerror or str(error)
        raise typer.BadParameter(f"cannot make {folder}: {problem}", param_hint="--crjson-dir") from None


def _recorded(output: Path | None, fmt: Format | None, resume: bool) -> set[int] | None:
    """With --resume: the keys of the files an earlier run already recorded in ``output``."""
    if not resume or output is None:
        return None
    from ..audit.engine import load_resume_keys, resume_keys, trim_partial_line

    if fmt is Format.PARQUET:
        from ..formats.parquet import recorded_reports

        return resume_keys(recorded_reports(output)) if output.is_dir() else None
    if not output.exists():
        return None
    trim_partial_line(output)
    return load_resume_keys(output)
