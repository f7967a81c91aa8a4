"""The options of an audit of websites (``provenance audit https://...``), given to the command as one
:class:`~provenance.audit.web_tasks.WebSources` (the addresses of ``--urls`` and how to fetch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .options import _option, _with_options

if TYPE_CHECKING:
    from ..audit.web import WebOptions

_PANEL = "Websites"


def _web_options() -> WebOptions:
    # The web stack (urllib, http.client, ssl) is imported by a run that builds these, not by every command.
    from ..audit.web import WebOptions

    return WebOptions()


@dataclass(frozen=True, slots=True)
class WebSources:
    addresses: tuple[str, ...] = ()  # from --urls
    options: WebOptions = field(default_factory=_web_options)


WEB_PARAMETERS = (
    _option(
        "urls",
        Annotated[
            Path | None,
            typer.Option(
                "--urls",
                metavar="FILE",
                help="Audit the web addresses listed in FILE (one a line: media files, pages or sitemaps).",
                rich_help_panel=_PANEL,
            ),
        ],
        None,
    ),
    _option(
        "metadata_only",
        Annotated[
            bool,
            typer.Option(
                "--metadata-only",
                help="Fetch only the first bytes of each web file (a Range request): metadata is read, a "
                "C2PA manifest is not verified (each record says so).",
                rich_help_panel=_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "per_host_rate",
        Annotated[
            float,
            typer.Option(
                "--per-host-rate",
                metavar="N",
                min=0.01,
                help="At most N requests per second to one host.",
                rich_help_panel=_PANEL,
            ),
        ],
        2.0,
    ),
    _option(
        "connections",
        Annotated[
            int,
            typer.Option(
                "--connections",
                metavar="N",
                min=1,
                help="At most N requests at once.",
                rich_help_panel=_PANEL,
            ),
        ],
        4,
    ),
    _option(
        "allow_private_hosts",
        Annotated[
            bool,
            typer.Option(
                "--allow-private-hosts",
                help="Also fetch from loopback and private addresses (your own network, on purpose).",
                rich_help_panel=_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "ignore_robots",
        Annotated[
            bool,
            typer.Option(
                "--ignore-robots",
                help="Do not obey robots.txt (only for sites you run or may audit).",
                rich_help_panel=_PANEL,
            ),
        ],
        False,
    ),
)


def web_sources(values: dict[str, Any]) -> WebSources:
    from ..audit.web import WebOptions
    from ..audit.web_tasks import read_url_list

    addresses: tuple[str, ...] = ()
    if values["urls"] is not None:
        try:
            addresses = tuple(read_url_list(values["urls"]))
        except (OSError, UnicodeDecodeError) as error:
            raise typer.BadParameter(f"cannot read {values['urls']}: {error}", param_hint="--urls") from None
    options = WebOptions(
        concurrency=values["connections"],
        per_host_rate=values["per_host_rate"],
        allow_private=values["allow_private_hosts"],
        robots=not values["ignore_robots"],
        metadata_only=values["metadata_only"],
    )
    return WebSources(addresses, options)


web_options = _with_options(WEB_PARAMETERS, "web", web_sources)
