"""`provenance trust update` and `provenance trust show`: the trust lists signers are checked against."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer

from ..trust import TrustSettings
from .options import trust_options

# rich and the modules of each command are imported in the command: every command's module is loaded to
# build the command line, and `inspect` or `audit` do not need them.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ..trust.cache import CacheState, FetchedFile

trust_app = typer.Typer(help="Manage the trust lists signers are checked against.", no_args_is_help=True)


@trust_app.command("update")
def trust_update(
    mirror: Annotated[
        str | None,
        typer.Option(
            help="Fetch the lists from this https base URL (<URL>/<file name>) instead of their owners."
        ),
    ] = None,
    from_dir: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Read the five list files (and conforming-products-list.json, when there) from this local "
            "folder instead (no network).",
            file_okay=False,
        ),
    ] = None,
    accept_unknown: Annotated[
        bool,
        typer.Option(
            "--accept-unknown",
            help="With --mirror or --from: accept files that match no official snapshot this version knows "
            "(their lists are then named after the source, not as the official lists).",
        ),
    ] = False,
) -> None:
    """Download the C2PA trust lists (trust, TSA, interim) and Conforming Products List into the cache."""
    from rich.console import Console
    from rich.markup import escape

    from ..conforming.cache import saved_products
    from ..trust.update import update_cache

    if mirror is not None and from_dir is not None:
        raise typer.BadParameter("give --mirror or --from, not both", param_hint="--mirror")
    if mirror is not None and urlsplit(mirror).scheme.lower() != "https":
        raise typer.BadParameter(
            f"{mirror!r} is not an https URL: over plain http anyone on the way can change the lists. "
            "For files already on this machine, use --from DIR.",
            param_hint="--mirror",
        )
    if accept_unknown and mirror is None and from_dir is None:
        raise typer.BadParameter(
            "only means something with --mirror or --from", param_hint="--accept-unknown"
        )
    state = update_cache(mirror=mirror, folder=from_dir, accept_unknown=accept_unknown)
    listed = saved_products(state.directory)
    console = Console(highlight=False, soft_wrap=True)  # paths and URLs stay whole, to copy
    console.print(
        escape(
            f"Saved {len(state.files) + (listed is not None)} files to {state.directory} "
            f"(fetched {state.fetched_at}) "
            f"from {state.source.describe()}."
        )
    )
    for item in state.files:
        known = f"; matches {item.snapshot}" if item.snapshot else ""
        console.print(escape(f"  {item.name}: {item.certificate_count} certificates, from {item.url}{known}"))
    _print_products(console, state, listed)
    _warn_unknown(state)


def _print_products(console: Console, state: CacheState, listed: FetchedFile | None) -> None:
    """The Conforming Products List saved with the trust lists, or why the bundled one stays in force."""
    from rich.markup import escape

    from ..conforming.cache import PRODUCTS_FILE
    from ..trust.cache import CacheState

    if listed is None:
        console.print(
            escape(
                f"  {PRODUCTS_FILE}: not found at {state.source.describe()}: the bundled snapshot of the "
                "C2PA Conforming Products List stays in force."
            )
        )
        return
    known = f"; matches {listed.snapshot}" if listed.snapshot else ""
    console.print(escape(f"  {listed.name}: {listed.certificate_count} products, from {listed.url}{known}"))
    if listed.snapshot is None:
        _warn_unknown(CacheState(state.directory, state.fetched_at, (listed,), state.source))


def _warn_unknown(state: CacheState) -> None:
    """A warning on stderr for each cached file whose content matches no snapshot this version knows."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for item in state.unknown:
        if state.source.kind == "official":
            text = (
                f"{item.name} (sha256 {item.sha256}) matches no snapshot this version of provenance knows: "
                "its owner may have published a new list since; it came from the owner's https address."
            )
        else:
            text = (
                f"{item.name} (sha256 {item.sha256}) from {state.source.describe()} matches no official "
                f"snapshot this version knows; lists made from it are named '... ({state.source.label})'."
            )
        console.print(f"[yellow]warning:[/yellow] {escape(text)}")


def _labelled(label: str, text: str, width: int, style: str = "") -> Table:
    """``    label text``, the text folded under itself on words, a long path at its slashes: at 80 columns
    a long source reads as one indented block, never as lines that start at the margin or cut a name."""
    from rich.table import Table
    from rich.text import Text

    from ..formats.folded import fold

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    room = width - 3 - len(label) - 2
    grid.add_row("", label, Text("\n".join(fold(text, room)), style=style))
    return grid


@trust_app.command("show")
@trust_options
def trust_show(*, trust: TrustSettings) -> None:
    """Say which trust lists `inspect`, `audit` and `serve` use with these options: from where, as of when,
    how old."""
    from rich.console import Console
    from rich.text import Text

    from ..trust.cache import read_cache_state
    from ..trust.config import cache_dir
    from ..trust.freshness import age_text, stale_lists, today

    console = Console(highlight=False)
    on = today()
    if trust.lists:
        console.print("Trust lists in force:")
        stale = stale_lists(trust, on)
        for item in trust.lists:
            count = f"{item.certificate_count} certificate{'s' if item.certificate_count != 1 else ''}"
            checks = {"manifest": "signers", "tsa": "time-stamp authorities"}.get(
                item.kind, "creator identities"
            )
            console.print(Text.assemble(("  " + item.name, "bold"), f"  {checks}, {count}"))
            # Several files of the user list are joined by ", ": one a line, each whole or folded.
            console.print(_labelled("from", item.origin.replace(", /", ",\n/"), console.width))
            if item.as_of is not None:
                age = age_text(item, on, trust.max_age_days)
                stamp = f"{item.as_of}: {age}"
                console.print(_labelled("as of", stamp, console.width, "yellow" if item in stale else ""))
        console.print(Text(f"EKU configuration: {trust.eku_origin or 'SDK default'}"))
    else:
        console.print(
            "No trust list in force: every signer reads not_checked. Drop --no-bundled-trust, run "
            "`provenance trust update`, or pass --trust-anchors FILE.",
            style="yellow",
        )
    for issuer in trust.ica_issuers:
        console.print(Text(f"Trusted identity claims aggregator (CAWG): {issuer}"), soft_wrap=True)
    state = read_cache_state()
    where = f"Cache: {cache_dir()}"
    if state is None:
        console.print(Text(f"{where} (empty: `provenance trust update` fills it)"), soft_wrap=True)
    else:
        # The cache's folder stays on one line, to copy (the terminal wraps it).
        console.print(
            Text(f"{where} (fetched {state.fetched_at} from {state.source.describe()})"), soft_wrap=True
        )
        _warn_unknown(state)
    for note in trust.notes:
        console.print(Text(note))
    if trust.max_age_days:
        console.print(
            Text(
                f"Lists older than {trust.max_age_days} days are out of date: `inspect`, `audit` and `serve` "
                "say so on stderr ([trust] max_age_days, PROVENANCE_TRUST_MAX_AGE_DAYS; 0: never)."
            )
        )
