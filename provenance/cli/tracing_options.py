"""The tracing options of ``inspect`` and ``audit`` (``--fingerprint``, ``--index FILE``, ``--match``),
defined once: ``@tracing_options`` goes under ``@inspection_options`` and folds them into the
:class:`~provenance.InspectOptions` the command receives in ``inspection``."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..options import InspectOptions

_PANEL = "Tracing stripped copies"


class MatchMode(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


PARAMETERS = (
    _option(
        "fingerprint",
        Annotated[
            bool,
            typer.Option(
                "--fingerprint",
                help="Add the fingerprints of the pixels to the report (ISCC io.iscc.v0 and PDQ; vPDQ for "
                "videos with the 'video' extra).",
                rich_help_panel=_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "index",
        Annotated[
            Path | None,
            typer.Option(
                "--index",
                metavar="FILE",
                help="A manifest repository (`provenance index add`) to search for the files each one "
                "resembles: a lead to their credentials, never the file's own statement.",
                rich_help_panel=_PANEL,
            ),
        ],
        None,
    ),
    _option(
        "match",
        Annotated[
            MatchMode,
            typer.Option(
                "--match",
                help="auto: search --index only for files without a valid manifest; always: every file.",
                rich_help_panel=_PANEL,
            ),
        ],
        MatchMode.AUTO,
    ),
)


RESOLVE_PARAMETERS = (
    _option(
        "resolve",
        Annotated[
            list[str],
            typer.Option(
                "--resolve",
                metavar="URL",
                help="Ask this C2PA soft-binding resolution API (its base address) which manifests the "
                "file's fingerprints lead to (repeatable; the network, only to these addresses; the file "
                "itself is not sent).",
                rich_help_panel=_PANEL,
            ),
        ],
        [],
    ),
    _option(
        "resolve_private",
        Annotated[
            bool,
            typer.Option(
                "--resolve-private",
                help="Let --resolve reach loopback and private addresses (a service on your own network).",
                rich_help_panel=_PANEL,
            ),
        ],
        False,
    ),
)


def _folding(
    parameters: tuple[inspect.Parameter, ...], fold: Callable[..., InspectOptions]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A decorator adding ``parameters`` to a command and folding their values into ``inspection``."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)

        @functools.wraps(command)
        def run(**kwargs: Any) -> None:
            values = {p.name: kwargs.pop(p.name) for p in parameters}
            kwargs["inspection"] = fold(kwargs["inspection"], **values)
            command(**kwargs)

        every = [*own.parameters.values(), *parameters]
        run.__signature__ = own.replace(parameters=every)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in every}
        return run

    return decorate


def traced(
    inspection: InspectOptions, *, fingerprint: bool, index: Path | None, match: MatchMode
) -> InspectOptions:
    """The options with tracing; a usage error for a repository that is not there, and the ``index``
    extra's error when it is missing (checked once, before any file is read)."""
    if not fingerprint and index is None:
        return inspection
    from .._extras import require

    require("iscc_core", "Fingerprints", "index")
    require("pdqhash", "Fingerprints", "index")
    if index is not None and not index.is_file():
        raise typer.BadParameter(
            f"no repository at {index} (build one with `provenance index add`)", param_hint="--index"
        )
    where = str(index.resolve()) if index is not None else None
    return dataclasses.replace(inspection, fingerprint=fingerprint, index=where, match=match.value)


def resolving(inspection: InspectOptions, *, resolve: list[str], resolve_private: bool) -> InspectOptions:
    """The options with the resolution APIs to ask; a usage error for an address that is not http(s)."""
    if not resolve:
        return inspection
    from .._extras import require

    require("iscc_core", "Fingerprints", "index")
    require("pdqhash", "Fingerprints", "index")
    for url in resolve:
        if not url.lower().startswith(("http://", "https://")):
            raise typer.BadParameter(f"{url!r} is not an http(s) address", param_hint="--resolve")
    return dataclasses.replace(inspection, resolve=tuple(resolve), resolve_private=resolve_private)


tracing_options = _folding(PARAMETERS, traced)
resolve_options = _folding(RESOLVE_PARAMETERS, resolving)
