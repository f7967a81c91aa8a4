"""`provenance inspect`: a report per file, as panels on the terminal or as JSON; or the file's C2PA
manifest store as crJSON."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..options import InspectOptions
from .fail_on import HELP as FAIL_ON_HELP
from .fail_on import parse_fail_on
from .inspect_run import InspectFormat, inspect_files
from .options import choice_parser, choices_metavar, deferred_inspection_options
from .tracing_options import resolve_options, tracing_options

if TYPE_CHECKING:
    from ..rubrics import Rubric


RUBRIC_HELP = (
    "A C2PA asset rubric to evaluate on each file's crJSON, reporting each statement's result: a YAML file, "
    "or a bundled one by name (integrity, signals-local, conformance0.2-spec2.4, conformance0.1-spec2.2, "
    "...). Repeatable."
)
RUBRIC_LANGUAGE_HELP = (
    "Language of the rubrics' report texts (a BCP 47 tag such as fr or pt-BR; a text missing in it reads in "
    "the rubric's own language). The bundled rubrics are in English only."
)


@deferred_inspection_options
@tracing_options
@resolve_options
def inspect_command(
    # Not checked by click (readable=False): an unreadable file gets its own report with the error, and
    # the other files are still inspected.
    files: Annotated[
        list[Path], typer.Argument(help="Files to inspect.", show_default=False, readable=False)
    ],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the JSON report (an array for several files): --format json."),
    ] = False,
    fmt: Annotated[
        InspectFormat | None,
        typer.Option(
            "--format",
            metavar=choices_metavar(InspectFormat),
            parser=choice_parser(InspectFormat, "format"),
            help="panel (default), json (the report), crjson (the C2PA manifest store as the C2PA SDK writes "
            "it in crJSON, the input of the asset rubrics: null for a file without one; an array for "
            "several files).",
        ),
    ] = None,
    rubric: Annotated[
        list[str] | None, typer.Option("--rubric", metavar="FILE|NAME", help=RUBRIC_HELP)
    ] = None,
    rubric_language: Annotated[
        str, typer.Option("--rubric-language", metavar="LANG", help=RUBRIC_LANGUAGE_HELP)
    ] = "en",
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
    chosen = _chosen_format(fmt, as_json, bool(rubric))
    if rubric:
        inspection = dataclasses.replace(
            inspection, rubrics=rubrics_of(rubric), rubric_language=rubric_language
        )
    code = inspect_files(
        files,
        chosen=chosen,
        inspection=inspection,
        conditions=conditions,
        tree=tree,
        rubrics_asked=bool(rubric),
        manifest=manifest,
        fragments=fragment or None,
        echo=typer.echo,
    )
    if code:
        raise typer.Exit(code)


def _chosen_format(fmt: InspectFormat | None, as_json: bool, rubric: bool) -> InspectFormat:
    """--format, or --json (the same as --format json); usage errors for options that do not go together."""
    if as_json and fmt not in (None, InspectFormat.JSON):
        raise typer.BadParameter(f"--json is --format json: not with --format {fmt}", param_hint="--json")
    chosen = InspectFormat.JSON if as_json else fmt or InspectFormat.PANEL
    if rubric and chosen is InspectFormat.CRJSON:
        raise typer.BadParameter(
            "rubric results are part of the report: use --format panel or json", param_hint="--rubric"
        )
    return chosen


def rubrics_of(sources: list[str]) -> tuple[Rubric, ...]:
    """The rubrics named by ``--rubric`` (files or bundled names), loaded and checked before any file is
    read: a rubric that cannot be loaded is a usage error (RubricError, exit 2)."""
    from ..rubrics import load_rubric

    return tuple(load_rubric(source) for source in sources)
