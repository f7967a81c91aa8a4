"""`provenance inspect`: a report per file, as panels on the terminal or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .._pipeline import inspect
from ..audit.record import row_of
from ..formats import json as json_format
from ..formats import table as table_format
from ..options import InspectOptions
from .exit import Exit
from .fail_on import HELP as FAIL_ON_HELP
from .fail_on import parse_fail_on
from .options import inspection_options


@inspection_options
def inspect_command(
    # Not checked by click (readable=False): an unreadable file gets its own report with the error, and
    # the other files are still inspected.
    files: Annotated[
        list[Path], typer.Argument(help="Files to inspect.", show_default=False, readable=False)
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report (an array for several files).")
    ] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Show the ingredient history as a tree.")] = False,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="CONDITIONS", help=FAIL_ON_HELP)] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            metavar="FILE.c2pa",
            help="A standalone C2PA manifest to verify against the file (one file only; NAME.c2pa beside a "
            "file is used by itself when the file carries none).",
        ),
    ] = None,
    fragment: Annotated[
        list[Path] | None,
        typer.Option(
            "--fragment",
            metavar="FILE.m4s",
            help="A media fragment of a fragmented MP4 (DASH, HLS) to verify with its init segment; repeat "
            "for each (one file only; NAME*.m4s beside NAME_init.mp4 are found by themselves).",
        ),
    ] = None,
    *,
    inspection: InspectOptions,
) -> None:
    """Inspect files and say what each declares about its origin."""
    conditions = parse_fail_on(fail_on)
    if manifest is not None and len(files) != 1:
        raise typer.BadParameter("--manifest goes with one file", param_hint="--manifest")
    if fragment and len(files) != 1:
        raise typer.BadParameter("--fragment goes with one file, the init segment", param_hint="--fragment")
    reports = [
        inspect(path, options=inspection, manifest=manifest, fragments=fragment or None) for path in files
    ]
    if as_json:
        typer.echo(json_format.render(reports))
    else:
        # The panels hold text from the files: rich.Text only, and a console that would not read markup,
        # emoji codes or highlights into a plain string either.
        console = Console(markup=False, emoji=False, highlight=False)
        table_format.print_reports(console, reports, tree=tree, trust_configured=inspection.trust.configured)
    # A --fail-on condition met is the answer asked for (--fail-on error included), before unreadable files.
    if any(conditions.matches(row_of(r)) for r in reports):
        raise typer.Exit(Exit.FAIL_ON)
    if any(r.error for r in reports):
        raise typer.Exit(Exit.UNREADABLE)
