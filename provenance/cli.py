"""The command line: parse options, call the library, render, map outcomes to exit codes.

Exit codes (documented in the README):
  0  every file was inspected and no --fail-on condition matched
  1  a --fail-on condition matched
  2  usage error (bad option or value)
  3  at least one file could not be read (its report carries an `error`)
  4  configuration error (trust files) or a failed `trust update`
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from ._pipeline import inspect as inspect_file
from .cli_audit import audit_command
from .cli_options import AllowedOpt, AnchorsOpt, ConfigOpt, EkuOpt, NoCacheOpt, NoFastPathOpt
from .cli_options import trust_settings as _trust_settings
from .cli_serve import serve_command
from .errors import MissingExtraError, ProvenanceError, TrustConfigError, TrustUpdateError
from .formats import json as json_format
from .formats import table as table_format
from .models import Integrity, Origin, Trust
from .options import InspectOptions
from .trust_cache import cache_dir, read_cache_state, update_cache


class Exit(IntEnum):
    OK = 0
    FAIL_ON = 1
    USAGE = 2
    UNREADABLE = 3
    CONFIG = 4


app = typer.Typer(
    help="Read what a media file declares about its origin: AI or not, which tool, who signed, is it intact.",
    no_args_is_help=True,
    add_completion=False,
)
trust_app = typer.Typer(help="Manage the trust lists signers are checked against.", no_args_is_help=True)
app.add_typer(trust_app, name="trust")
app.command("audit")(audit_command)
app.command("serve")(serve_command)

_FIELDS: dict[str, tuple[str, ...]] = {
    "origin": tuple(o.value for o in Origin),
    "integrity": tuple(i.value for i in Integrity),
    "trust": tuple(t.value for t in Trust),
}


def parse_fail_on(text: str | None) -> list[tuple[str, str]]:
    """``tampered,ai_generated`` or ``trust=not_checked`` -> [(field, value)]; ambiguous/unknown -> error."""
    conditions: list[tuple[str, str]] = []
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        if item == "error":
            conditions.append(("error", "error"))
            continue
        if "=" in item:
            name, value = (s.strip() for s in item.split("=", 1))
            if value not in _FIELDS.get(name, ()):
                raise typer.BadParameter(f"unknown condition {item!r}", param_hint="--fail-on")
            conditions.append((name, value))
            continue
        matches = [name for name, values in _FIELDS.items() if item in values]
        if not matches:
            raise typer.BadParameter(f"unknown condition {item!r}", param_hint="--fail-on")
        if len(matches) > 1:
            forms = " or ".join(f"{m}={item}" for m in matches)
            raise typer.BadParameter(f"{item!r} is ambiguous: write {forms}", param_hint="--fail-on")
        conditions.append((matches[0], item))
    return conditions


def matches(record: Mapping[str, Any], conditions: list[tuple[str, str]]) -> bool:
    """Whether a report (in its JSON form) meets any --fail-on condition."""
    verdict = record["verdict"]
    values = {
        "origin": verdict["origin"],
        "integrity": verdict["integrity"],
        "trust": verdict["trust"],
        "error": "error" if record.get("error") else "",
    }
    return any(values[name] == value for name, value in conditions)


def _err_console() -> Console:
    return Console(stderr=True)


@app.command("inspect")
def inspect_command(
    files: Annotated[list[Path], typer.Argument(help="Files to inspect.", show_default=False)],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report (an array for several files).")
    ] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Show the ingredient history as a tree.")] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="CONDITIONS",
            help="Exit 1 if any report matches, e.g. tampered,ai_generated,trust=untrusted,error.",
        ),
    ] = None,
    allow_network: Annotated[
        bool, typer.Option("--allow-network", help="Fetch remote manifests and OCSP (off by default).")
    ] = False,
    deep: Annotated[
        bool,
        typer.Option("--deep", help="Also run pixel checks: invisible watermark, stealth PNG info (slower)."),
    ] = False,
    show_prompts: Annotated[
        bool, typer.Option("--show-prompts", help="Include generator prompt text in the report.")
    ] = False,
    no_fast_path: NoFastPathOpt = False,
    trust_anchors: AnchorsOpt = [],  # noqa: B006 - typer reads the default, it is never mutated
    allowed_certs: AllowedOpt = [],  # noqa: B006
    trust_config: EkuOpt = None,
    no_trust_cache: NoCacheOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Inspect files and say what each declares about its origin."""
    conditions = parse_fail_on(fail_on)
    trust = _trust_settings(trust_anchors, allowed_certs, trust_config, no_trust_cache, config)
    options = InspectOptions(
        allow_network=allow_network,
        trust=trust,
        deep=deep,
        show_prompts=show_prompts,
        fast_path=not no_fast_path,
    )
    reports = [inspect_file(path, options=options) for path in files]
    if as_json:
        typer.echo(json_format.render(reports))
    else:
        table_format.print_reports(Console(), reports, tree=tree, trust_configured=trust.configured)
    if any(r.error for r in reports):
        raise typer.Exit(Exit.UNREADABLE)
    if conditions and any(matches(r.to_dict(), conditions) for r in reports):
        raise typer.Exit(Exit.FAIL_ON)


@trust_app.command("update")
def trust_update(
    mirror: Annotated[
        str | None, typer.Option(help="Fetch the lists from this base URL instead of their owners.")
    ] = None,
) -> None:
    """Download the official C2PA trust list, TSA list and Content Credentials interim list into the cache."""
    state = update_cache(mirror=mirror)
    console = Console()
    console.print(f"Saved {len(state.files)} files to {state.directory} (fetched {state.fetched_at}).")
    for item in state.files:
        console.print(f"  {item.name}: {item.certificate_count} certificates, from {item.url}")


@trust_app.command("show")
def trust_show(
    trust_anchors: AnchorsOpt = [],  # noqa: B006
    allowed_certs: AllowedOpt = [],  # noqa: B006
    trust_config: EkuOpt = None,
    no_trust_cache: NoCacheOpt = False,
    config: ConfigOpt = None,
) -> None:
    """List the trust lists that `inspect` would load with these options."""
    settings = _trust_settings(trust_anchors, allowed_certs, trust_config, no_trust_cache, config)
    console = Console()
    state = read_cache_state()
    console.print(
        f"Cache: {cache_dir()}"
        + (f" (fetched {state.fetched_at})" if state and state.fetched_at else " (empty)")
    )
    if not settings.configured:
        console.print(table_format.NO_TRUST_HINT, style="yellow")
        return
    table = Table("list", "kind", "certificates", "allowed list", "from")
    for item in settings.lists:
        table.add_row(
            item.name,
            item.kind,
            str(item.certificate_count),
            "yes" if item.allowed_pem else "no",
            item.origin,
        )
    console.print(table)
    console.print(f"EKU configuration: {settings.eku_origin or 'SDK default'}")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """provenance: what a media file declares about its origin."""


def main() -> None:
    """Console entry point: the one place library errors become messages and exit codes.

    Usage errors exit 2 (typer's own handling); ProvenanceError is caught here, once.
    """
    try:
        app()
    except ProvenanceError as error:
        _err_console().print(f"[red]error:[/red] {escape(error.diagnostics())}", highlight=False)
        config = TrustConfigError | TrustUpdateError | MissingExtraError
        sys.exit(Exit.CONFIG if isinstance(error, config) else Exit.USAGE)


if __name__ == "__main__":
    main()
