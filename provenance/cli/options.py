"""The options several commands share, defined once, and the one place that builds their settings.

``@inspection_options`` gives a command the inspection options (network, pixel checks, prompts, fast
path) and the trust options, and hands it one :class:`~provenance.InspectOptions` in the parameter
``inspection``; ``@trust_options`` gives a command the trust options alone and hands it the
:class:`~provenance.TrustSettings` in ``trust``. Every command that inspects therefore has the same
options with the same help texts, and a new one is added here, once.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..options import InspectOptions
from ..trust import TrustSettings, load_trust_settings
from ..trust.freshness import stale_warning

if TYPE_CHECKING:
    from ..policy.rules import Policy

_TRUST_PANEL = "Trust lists"
_INSPECTION_PANEL = "Inspection"


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


def trust_settings(values: dict[str, Any]) -> TrustSettings:
    """The trust settings the trust options (plus variables, config file and cache) describe."""
    return load_trust_settings(
        anchors=values["trust_anchors"],
        allowed=values["allowed_certs"],
        eku_config=values["trust_config"],
        use_cache=not values["no_trust_cache"],
        bundled=not values["no_bundled_trust"],
        config_file=values["config"],
        cawg_anchors=values["cawg_anchors"],
        ica_issuers=values["ica_issuers"],
    )


def inspect_options(values: dict[str, Any]) -> InspectOptions:
    """The one builder of a command's :class:`InspectOptions` from its inspection and trust options; says
    once on stderr when the trust lists in force are out of date (never in a report)."""
    trust = trust_settings(values)
    warning = stale_warning(trust)
    if warning is not None:
        print_warning(warning)
    return InspectOptions(
        allow_network=values["allow_network"],
        trust=trust,
        deep=values["deep"],
        show_prompts=values["show_prompts"],
        fast_path=not values["no_fast_path"],
        policies=_policies(values["policy"]),
    )


def print_warning(message: str) -> None:
    """``warning: message`` on stderr, the word in yellow on a terminal (the only case that loads rich: a
    command whose output is piped or captured starts faster without it)."""
    if not (_may_be_terminal() or sys.stderr.isatty()):
        sys.stderr.write(f"warning: {message}\n")
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[yellow]warning:[/yellow] {escape(message)}")


def _may_be_terminal() -> bool:
    """Whether rich would be told to treat any stream as a terminal (FORCE_COLOR, TTY_COMPATIBLE)."""
    return "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ


def _policies(names: list[str]) -> tuple[Policy, ...]:
    """The policies named, each loaded (and checked) once, before any file is read."""
    if not names:
        return ()
    from ..errors import PolicyError
    from ..policy import load_policy  # only for runs that ask for a policy

    try:
        return tuple(load_policy(name) for name in dict.fromkeys(names))
    except PolicyError as error:
        raise typer.BadParameter(str(error), param_hint="--policy") from None


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
trust_options = _with_options(TRUST_PARAMETERS, "trust", trust_settings)
