"""`provenance serve`: the moderator web page and HTTP API (see :mod:`provenance.serve`), run with uvicorn.

Refuses to start (exit 2) on an address other than loopback without an API token.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ..options import InspectOptions
from ..serve.settings import (
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_UPLOAD_BYTES,
    DEFAULT_TIMEOUT_S,
    LOOPBACK_HOST_NAMES,
    ServeSettings,
    is_loopback,
)
from .options import inspection_options

TOKEN_ENV = "PROVENANCE_TOKEN"


def build_settings(
    host: str,
    token: str | None,
    *,
    inspect: InspectOptions,
    max_upload_mb: float,
    max_files: int,
    timeout: float,
    workers: int,
) -> ServeSettings:
    """The server's settings; a usage error for a non-loopback address without a token."""
    token = token or None
    loopback = is_loopback(host)
    if not loopback and token is None:
        raise typer.BadParameter(
            f"{host} is not a loopback address: anyone who can reach it could use the server. "
            f"Give an API token with --token or the {TOKEN_ENV} variable.",
            param_hint="--host",
        )
    return ServeSettings(
        inspect=inspect,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        max_files=max_files,
        timeout_s=timeout,
        token=token,
        workers=workers,
        allowed_hosts=LOOPBACK_HOST_NAMES if loopback else None,
    )


def _log_counts() -> None:
    """Show the app's own log lines (counts of files per request, never names) beside uvicorn's."""
    log = logging.getLogger("provenance.serve")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


@inspection_options
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; other than loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar=TOKEN_ENV, help="API token clients must send (Authorization: Bearer ...)."
        ),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="Largest request body, MB.")
    ] = DEFAULT_MAX_UPLOAD_BYTES / (1024 * 1024),
    max_files: Annotated[int, typer.Option("--max-files", min=1, help="Most files per request.")] = (
        DEFAULT_MAX_FILES
    ),
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Per-request time limit, seconds.")
    ] = DEFAULT_TIMEOUT_S,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Inspections run at once.")] = 2,
    *,
    inspection: InspectOptions,
) -> None:
    """Serve a web page and HTTP API where moderators upload files and read their provenance."""
    import uvicorn

    from ..serve import create_app

    settings = build_settings(
        host,
        token,
        inspect=inspection,
        max_upload_mb=max_upload_mb,
        max_files=max_files,
        timeout=timeout,
        workers=workers,
    )
    shown = f"[{host}]" if ":" in host else host
    network = "allowed" if inspection.allow_network else "off"
    typer.echo(
        f"provenance serve: http://{shown}:{port}/ (network {network}, "
        f"token {'required' if settings.token else 'not required'}); Ctrl-C stops",
        err=True,
    )
    _log_counts()
    # No access log: request lines are not needed, and the API logs counts only.
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="info")
