"""`provenance index add|lookup|stats|remove|export`: the local manifest repository (one SQLite file).

``add`` is an audit (same walk, worker isolation, engines) whose workers also fingerprint each file that
carries provenance and cut out its manifest store. Exit codes: 0 done; 2 usage; 3 some file could not be
inspected; 4 the repository file cannot be used, or a missing extra; 130 interrupted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .._extras import require
from ..options import InspectOptions
from .audit import (
    Engine,
    EngineOption,
    ExcludeOption,
    FollowSymlinksOption,
    HiddenOption,
    IncludeOption,
    JobsOption,
    MemoryLimitOption,
    TimeoutOption,
    usable_cores,
)
from .exit import Exit
from .options import inspection_options

index_app = typer.Typer(
    help="A local repository of files with provenance, searched by fingerprint to trace stripped copies.",
    no_args_is_help=True,
)

IndexFile = Annotated[
    Path | None,
    typer.Option(
        "--index", metavar="FILE", help="The repository file (default: index.sqlite in the user data folder)."
    ),
]


def _open(index: Path | None, *, create: bool) -> Any:
    """The repository, or exit 4 saying why it cannot be used (a missing extra: the same)."""
    from rich.console import Console

    require("iscc_core", "The index", "index")
    require("pdqhash", "The index", "index")
    from ..index import Repository, RepositoryError, default_index_path

    path = index or default_index_path()
    try:
        return Repository(path, create=create)
    except (RepositoryError, OSError) as error:
        Console(stderr=True, highlight=False).print(f"error: {error}", markup=False)
        raise typer.Exit(Exit.CONFIG) from error


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@index_app.command("add")
@inspection_options
def index_add(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to index (walked recursively).")],
    index: IndexFile = None,
    jobs: JobsOption = 0,
    timeout: TimeoutOption = 300.0,
    memory_limit: MemoryLimitOption = 2048,
    include: IncludeOption = [],  # noqa: B006
    exclude: ExcludeOption = [],  # noqa: B006
    hidden: HiddenOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    engine: EngineOption = Engine.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler tcp://HOST:PORT (default: a local cluster)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary on stderr.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the run's counts as JSON on stdout.")
    ] = False,
    rescan: Annotated[
        bool,
        typer.Option(
            "--rescan",
            help="Inspect every file again, also those this repository saw before unchanged (same path, "
            "size and modification time), which are skipped otherwise.",
        ),
    ] = False,
    *,
    inspection: InspectOptions,
) -> None:
    """Inspect files and keep those that carry provenance (a C2PA manifest, or AI metadata): their report,
    manifest store and fingerprints. Files seen by an earlier run and unchanged since are skipped: an
    interrupted run goes on, a run over a growing archive reads what is new (--rescan: every file)."""
    from rich.console import Console  # here, not at the top: every command's module loads to build the CLI

    from ..audit.engine import AuditOptions
    from ..audit.pool import PoolOptions
    from ..audit.walk import WalkOptions
    from ..index import build_index
    from .audit_view import AuditProgress

    if scheduler is not None and engine is not Engine.DASK:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    if engine is Engine.DASK:
        require("distributed", "--engine dask")
    pool = PoolOptions(
        jobs=jobs or usable_cores(), inspect=inspection, timeout_s=timeout, memory_limit_mb=memory_limit
    )
    walk = WalkOptions(tuple(include), tuple(exclude), hidden, follow_symlinks)
    options = AuditOptions(tuple(str(p) for p in paths), pool, walk)
    extra: dict[str, Any] = {}
    if engine is Engine.DASK:
        from ..audit.dask_engine import DaskOptions, run_dask_audit

        extra = {"engine": run_dask_audit, "dask": DaskOptions(scheduler, workers=pool.jobs)}
    with _open(index, create=True) as repo, AuditProgress(quiet, command="index add") as progress:
        state, counts = build_index(options, repo, on_progress=progress.update, rescan=rescan, **extra)
        entries = repo.count()
    summary = state.summary()
    result = {**counts.to_dict(), "files": summary.total, "errors": summary.errors, "entries": entries}
    result["unchanged"] = state.resumed
    result.update(elapsed_s=summary.elapsed_s, files_per_s=summary.files_per_s, index=str(repo.path))
    if as_json:
        _print_json(result)
    if not quiet:
        text = (
            f"indexed {counts.indexed} of {summary.total} files ({counts.with_fingerprints} with "
            f"fingerprints, {counts.with_store} with a manifest store; {counts.without_provenance} carry no "
            f"provenance, {summary.errors} unreadable) in {summary.elapsed_s:.1f} s; the repository holds "
            f"{entries} entries"
        )
        if state.resumed:
            skipped = f"{state.resumed} files unchanged since an earlier run skipped (--rescan reads them)"
            text = f"{text}; {skipped}" if summary.total else f"nothing new: {skipped}; {entries} entries"
        Console(stderr=True, highlight=False).print(text, markup=False)
    if state.interrupted:
        raise typer.Exit(Exit.INTERRUPTED)
    if state.errors:
        raise typer.Exit(Exit.UNREADABLE)


@index_app.command("lookup")
def index_lookup(
    files: Annotated[list[Path], typer.Argument(help="Files to look up.")],
    index: IndexFile = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Matches shown per file, best first.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """The indexed files each file resembles (a lead, not a proof), with what their credentials said."""
    from rich.console import Console

    from ..index import lookup

    results = []
    with _open(index, create=False) as repo:
        for path in files:
            result = lookup(path, repo, limit=limit)
            results.append({"file": str(path), **result.to_dict()})
    if as_json:
        _print_json(results if len(results) > 1 else results[0])
        return
    console = Console(highlight=False)
    for item in results:
        console.print(f"{item['file']}:", markup=False)
        refused = item["fingerprints"]["refused"]
        if refused:
            console.print(f"  no fingerprint: {refused}", markup=False)
        elif not item["matches"]:
            console.print(f"  no match among {item['searched']} indexed files", markup=False)
        for match in item["matches"]:
            near = ", ".join(f"{d['alg']} {d['distance']}/{d['bits']}" for d in match["distances"])
            console.print(f"  [{near}] {match['summary']}", markup=False)
            if match["credentials"]:
                console.print(f"    {match['credentials']['summary']}", markup=False)


@index_app.command("stats")
def index_stats(
    index: IndexFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Counts: entries by reason, origin, integrity, trust and type; fingerprints; size on disk."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..index.listing import stats

    with _open(index, create=False) as repo:
        data = stats(repo)
    if as_json:
        _print_json(data)
        return
    console = Console(highlight=False)
    console.print(
        f"{data['path']}: {data['entries']} entries, {data['manifest_stores']} manifest stores, "
        f"{data['file_bytes'] / 1e6:.1f} MB; {data['files_seen']} files seen by `index add` (skipped while "
        "unchanged)",
        markup=False,
    )
    # A grid: a long line of counts wraps under its counts, not under its name.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for key in ("by_reason", "by_origin", "by_integrity", "by_trust", "by_media_type", "fingerprints"):
        counts = ", ".join(f"{k or '(none)'} {v}" for k, v in data[key].items())
        grid.add_row(Text(f"  {key.removeprefix('by_')}:"), Text(counts or "-"))
    console.print(grid)


@index_app.command("remove")
def index_remove(
    paths: Annotated[
        list[str], typer.Argument(help="Paths as indexed (a folder removes all under it).")
    ] = [],  # noqa: B006
    index: IndexFile = None,
    ids: Annotated[list[int], typer.Option("--id", help="An entry's id (repeatable).")] = [],  # noqa: B006
) -> None:
    """Remove entries by path (as indexed) or id."""
    from rich.console import Console

    if not paths and not ids:
        raise typer.BadParameter("name paths or --id", param_hint="PATHS")
    with _open(index, create=False) as repo:
        removed = repo.remove(paths, ids)
    Console(stderr=True, highlight=False).print(f"removed {removed} entries", markup=False)


@index_app.command("export")
def index_export(
    index: IndexFile = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    manifests: Annotated[
        bool, typer.Option("--manifests", help="Include each manifest store (base64).")
    ] = False,
) -> None:
    """Every entry as JSON Lines: path, digest, verdict, fingerprints, report (and manifest store)."""
    from ..index.listing import export

    with _open(index, create=False) as repo:
        out = output.open("w", encoding="utf-8") if output is not None else sys.stdout
        try:
            for entry in export(repo, manifests=manifests):
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        finally:
            if output is not None:
                out.close()
