"""`provenance trust update` and `provenance trust show`: the trust lists signers are checked against."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..formats import table as table_format
from ..trust import TrustSettings
from ..trust.cache import cache_dir, read_cache_state, update_cache
from .options import trust_options

trust_app = typer.Typer(help="Manage the trust lists signers are checked against.", no_args_is_help=True)


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
@trust_options
def trust_show(*, trust: TrustSettings) -> None:
    """List the trust lists that `inspect` would load with these options."""
    console = Console()
    state = read_cache_state()
    console.print(
        f"Cache: {cache_dir()}"
        + (f" (fetched {state.fetched_at})" if state and state.fetched_at else " (empty)")
    )
    if not trust.configured:
        console.print(table_format.NO_TRUST_HINT, style="yellow")
        return
    table = Table("list", "kind", "certificates", "allowed list", "from")
    for item in trust.lists:
        table.add_row(
            item.name,
            item.kind,
            str(item.certificate_count),
            "yes" if item.allowed_pem else "no",
            item.origin,
        )
    console.print(table)
    console.print(f"EKU configuration: {trust.eku_origin or 'SDK default'}")
