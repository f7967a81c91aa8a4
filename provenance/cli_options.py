"""Command-line options shared by several commands (`inspect`, `trust show`, `serve`): the trust sources.

Kept apart from :mod:`provenance.cli` so that command modules registered there can import it without
an import cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .trust import TrustSettings, load_trust_settings

AnchorsOpt = Annotated[
    list[Path], typer.Option("--trust-anchors", help="PEM file of trusted root CAs (repeatable).")
]
AllowedOpt = Annotated[
    list[Path], typer.Option("--allowed-certs", help="PEM file of individually allowed signer certificates.")
]
EkuOpt = Annotated[
    Path | None, typer.Option("--trust-config", help="EKU configuration (store.cfg) accepted for signers.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-trust-cache", help="Ignore the lists saved by `provenance trust update`.")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (TOML); default: PROVENANCE_CONFIG or the user config."),
]


def trust_settings(
    anchors: list[Path],
    allowed: list[Path],
    trust_config: Path | None,
    no_trust_cache: bool,
    config: Path | None,
) -> TrustSettings:
    """The trust settings the trust options (plus variables, config file and cache) describe."""
    return load_trust_settings(
        anchors=anchors,
        allowed=allowed,
        eku_config=trust_config,
        use_cache=not no_trust_cache,
        config_file=config,
    )


NoFastPathOpt = Annotated[
    bool,
    typer.Option(
        "--no-fast-path",
        help="Call the C2PA SDK on every file, even when the container proves it holds no manifest.",
    ),
]
