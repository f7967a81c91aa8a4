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


def tracing_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add :data:`PARAMETERS` to ``command`` and fold their values into its ``inspection`` parameter."""
    own = inspect.signature(command, eval_str=True)

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        values = {p.name: kwargs.pop(p.name) for p in PARAMETERS}
        kwargs["inspection"] = traced(kwargs["inspection"], **values)
        command(**kwargs)

    parameters = [*own.parameters.values(), *PARAMETERS]
    run.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


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
