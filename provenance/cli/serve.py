"""`provenance serve`: the moderator web page and HTTP API (see :mod:`provenance.serve`), run with uvicorn
(:mod:`provenance.serve.server`: a header time limit and a connection cap on top of it).

Refuses to start (exit 2) on an address other than loopback without an API token.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ..options import InspectOptions
from ..serve.settings import (
    DEFAULT_HEADER_TIMEOUT_S,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_QUEUE,
    DEFAULT_MAX_QUEUED_BYTES,
    DEFAULT_MAX_UPLOAD_BYTES,
    DEFAULT_MEMORY_BUDGET_BYTES,
    DEFAULT_TIMEOUT_S,
    DEFAULT_WORKERS,
    LOOPBACK_HOST_NAMES,
    ServeSettings,
    is_loopback,
)
from .options import inspection_options
from .tracing_options import tracing_options

TOKEN_ENV = "PROVENANCE_TOKEN"
MB = 1024 * 1024


def build_settings(
    host: str,
    token: str | None,
    *,
    inspect: InspectOptions,
    max_upload_mb: float,
    max_files: int,
    timeout: float,
    workers: int,
    max_queue: int = DEFAULT_MAX_QUEUE,
    max_queued_mb: float | None = None,
    memory_mb: float = DEFAULT_MEMORY_BUDGET_BYTES / MB,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT_S,
) -> ServeSettings:
    """The server's settings; a usage error for a non-loopback address without a token, or for limits
    that do not fit together."""
    token = token or None
    loopback = is_loopback(host)
    if not loopback and token is None:
        raise typer.BadParameter(
            f"{host} is not a loopback address: anyone who can reach it could use the server. "
            f"Give an API token with --token or the {TOKEN_ENV} variable.",
            param_hint="--host",
        )
    max_upload_bytes = int(max_upload_mb * MB)
    if max_queued_mb is not None and max_queued_mb * MB < max_upload_bytes:
        raise typer.BadParameter(
            "must be at least --max-upload-mb: a request of the largest size could never be admitted",
            param_hint="--max-queued-mb",
        )
    return ServeSettings(
        inspect=inspect,
        max_upload_bytes=max_upload_bytes,
        max_files=max_files,
        timeout_s=timeout,
        token=token,
        workers=workers,
        max_queue=max_queue,
        max_queued_bytes=None if max_queued_mb is None else int(max_queued_mb * MB),
        memory_budget_bytes=int(memory_mb * MB),
        max_connections=max_connections,
        header_timeout_s=header_timeout,
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
@tracing_options
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
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Files inspected at once.")
    ] = DEFAULT_WORKERS,
    max_queue: Annotated[
        int,
        typer.Option("--max-queue", min=1, help="Requests waiting or being inspected at once; beyond, 503."),
    ] = DEFAULT_MAX_QUEUE,
    max_queued_mb: Annotated[
        float | None,
        typer.Option(
            "--max-queued-mb",
            min=0.001,
            help=f"Upload MB waiting or being inspected at once; beyond, 503. "
            f"Default: {DEFAULT_MAX_QUEUED_BYTES // MB}, or --max-upload-mb if larger.",
        ),
    ] = None,
    memory_mb: Annotated[
        float,
        typer.Option(
            "--memory-mb",
            min=1,
            help="Estimated memory of the files inspected at once; a file waits past it.",
        ),
    ] = DEFAULT_MEMORY_BUDGET_BYTES / MB,
    max_connections: Annotated[
        int,
        typer.Option(
            "--max-connections", min=1, help="Open connections; past it, the longest-idle one is closed."
        ),
    ] = DEFAULT_MAX_CONNECTIONS,
    header_timeout: Annotated[
        float,
        typer.Option("--header-timeout", min=0.1, help="Seconds a connection has to send request headers."),
    ] = DEFAULT_HEADER_TIMEOUT_S,
    *,
    inspection: InspectOptions,
) -> None:
    """Serve a web page and HTTP API where moderators upload files and read their provenance."""
    import uvicorn

    from ..serve.server import raise_file_limit, server_config

    settings = build_settings(
        host,
        token,
        inspect=inspection,
        max_upload_mb=max_upload_mb,
        max_files=max_files,
        timeout=timeout,
        workers=workers,
        max_queue=max_queue,
        max_queued_mb=max_queued_mb,
        memory_mb=memory_mb,
        max_connections=max_connections,
        header_timeout=header_timeout,
    )
    shown = f"[{host}]" if ":" in host else host
    network = "allowed" if inspection.allow_network else "off"
    typer.echo(
        f"provenance serve: http://{shown}:{port}/ (network {network}, "
        f"token {'required' if settings.token else 'not required'}); Ctrl-C stops",
        err=True,
    )
    _log_counts()
    raise_file_limit()  # connections and uploads' temporary files; the backlog is sized from it
    # No access log: request lines are not needed, and the API logs counts only.
    uvicorn.Server(server_config(settings, host=host, port=port)).run()
