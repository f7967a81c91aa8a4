"""The options several commands share, defined once (their settings are built by :mod:`.settings`).

``@inspection_options`` gives a command the inspection options (network, pixel checks, prompts, fast
path) and the trust options, and hands it one :class:`~provenance.InspectOptions` in the parameter
``inspection``; ``@trust_options`` gives a command the trust options alone and hands it the
:class:`~provenance.TrustSettings` in ``trust``. Every command that inspects therefore has the same
options with the same help texts, and a new one is added here, once.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .settings import inspect_options, trust_settings

_Choice = TypeVar("_Choice", bound=StrEnum)

_TRUST_PANEL = "Trust lists"
_INSPECTION_PANEL = "Inspection"


def choice_parser(kind: type[_Choice], what: str) -> Callable[[str], _Choice]:
    """A typer ``parser`` for an option taking one of ``kind``'s values, in any case; an unknown value is
    refused with the valid ones named (typer's own message reads "Value error, 'x' is not one of ...")."""

    def parse(text: str) -> _Choice:
        try:
            return kind(text.lower())
        except ValueError:
            raise typer.BadParameter(f"unknown {what} {text!r}: choose {', '.join(kind)}") from None

    return parse


def choices_metavar(kind: type[StrEnum]) -> str:
    """The metavar naming ``kind``'s values, as click writes a choice: ``[a|b|c]``."""
    return "[" + "|".join(kind) + "]"


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


TRUST_PARAMETERS = (
    _option(
        "trust_anchors",
        Annotated[
            list[Path],
            typer.Option(
                "--trust-anchors",
                help="PEM file of trusted root CAs (repeatable).",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        [],
    ),
    _option(
        "allowed_certs",
        Annotated[
            list[Path],
            typer.Option(
                "--allowed-certs",
                help="PEM file of individually allowed signer certificates (repeatable).",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        [],
    ),
    _option(
        "trust_config",
        Annotated[
            Path | None,
            typer.Option(
                "--trust-config",
                help="EKU configuration (store.cfg) accepted for signers.",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        None,
    ),
    _option(
        "no_trust_cache",
        Annotated[
            bool,
            typer.Option(
                "--no-trust-cache",
                help="Ignore the lists saved by `provenance trust update`.",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "no_bundled_trust",
        Annotated[
            bool,
            typer.Option(
                "--no-bundled-trust",
                help="Ignore the trust lists shipped with provenance (see `provenance trust show`).",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "cawg_anchors",
        Annotated[
            list[Path],
            typer.Option(
                "--cawg-anchors",
                help="PEM file of root CAs trusted for creator identity (CAWG) certificates (repeatable).",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        [],
    ),
    _option(
        "ica_issuers",
        Annotated[
            list[str],
            typer.Option(
                "--ica-issuer",
                help="DID of an identity claims aggregator whose credentials are trusted (repeatable).",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        [],
    ),
    _option(
        "config",
        Annotated[
            Path | None,
            typer.Option(
                "--config",
                help="Config file (TOML); default: PROVENANCE_CONFIG or the user config.",
                rich_help_panel=_TRUST_PANEL,
            ),
        ],
        None,
    ),
)
INSPECTION_PARAMETERS = (
    _option(
        "allow_network",
        Annotated[
            bool,
            typer.Option(
                "--allow-network",
                help="Fetch remote manifests and OCSP responses (off by default).",
                rich_help_panel=_INSPECTION_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "deep",
        Annotated[
            bool,
            typer.Option(
                "--deep",
                help="Also run pixel checks: invisible watermark, stealth PNG info (slower).",
                rich_help_panel=_INSPECTION_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "show_prompts",
        Annotated[
            bool,
            typer.Option(
                "--show-prompts",
                help="Include generator prompt text in reports (hidden by default).",
                rich_help_panel=_INSPECTION_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "no_fast_path",
        Annotated[
            bool,
            typer.Option(
                "--no-fast-path",
                help="Call the C2PA SDK on every file, even when the container proves it holds no manifest.",
                rich_help_panel=_INSPECTION_PANEL,
            ),
        ],
        False,
    ),
    _option(
        "policy",
        Annotated[
            list[str],
            typer.Option(
                "--policy",
                metavar="NAME|FILE",
                help="Apply a labelling policy to every report: eu-ai-act-50, gb-45438, c2pa-strict or a "
                "TOML file (repeatable; see `provenance policy list`).",
                rich_help_panel=_INSPECTION_PANEL,
            ),
        ],
        [],
    ),
)


def _with_options(
    parameters: tuple[inspect.Parameter, ...], target: str, build: Callable[[dict[str, Any]], Any]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A decorator that adds ``parameters`` to a command's signature (typer reads the signature), takes
    their values out of the call, and passes ``build(values)`` as the command's parameter ``target``."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)
        kept = [p for name, p in own.parameters.items() if name != target]

        @functools.wraps(command)
        def run(**kwargs: Any) -> None:
            values = {p.name: kwargs.pop(p.name) for p in parameters}
            command(**kwargs, **{target: build(values)})

        run.__signature__ = own.replace(parameters=[*kept, *parameters])  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in (*kept, *parameters)}
        return run

    return decorate


inspection_options = _with_options((*INSPECTION_PARAMETERS, *TRUST_PARAMETERS), "inspection", inspect_options)
# `inspect`'s: the trust settings built only once a file carries a manifest (settings.inspect_options).
deferred_inspection_options = _with_options(
    (*INSPECTION_PARAMETERS, *TRUST_PARAMETERS),
    "inspection",
    functools.partial(inspect_options, deferred=True),
)
trust_options = _with_options(TRUST_PARAMETERS, "trust", trust_settings)
