"""The command line: one module per command, shared options in :mod:`.options`, exit codes in :mod:`.exit`.

Commands only call the library (``provenance``, its audit engine and formats) and map outcomes to exit
codes; :func:`main` is the one place where a library error becomes a message on stderr and a code.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperCommand

from .._text import for_terminal
from ..errors import MissingExtraError, ProvenanceError, TrustConfigError, TrustUpdateError
from ._help import TidyCommand, TidyGroup
from .audit import audit_command
from .completion import completion_command
from .exit import Exit
from .index import index_app
from .inspect import inspect_command
from .policy import policy_app
from .serve import serve_command
from .trust import trust_app

app = typer.Typer(
    help="Read what a media file declares about its origin: AI or not, which tool, who signed, is it intact.",
    no_args_is_help=True,
    add_completion=False,
    cls=TidyGroup,
)
app.command("inspect", cls=TidyCommand)(inspect_command)
app.command("audit", cls=TidyCommand)(audit_command)
app.command("serve", cls=TidyCommand)(serve_command)
for _command in (*trust_app.registered_commands, *index_app.registered_commands):  # help as the others'
    if _command.cls in (None, TyperCommand):
        _command.cls = TidyCommand
app.add_typer(trust_app, name="trust", cls=TidyGroup)
app.add_typer(index_app, name="index", cls=TidyGroup)
for _command in policy_app.registered_commands:
    _command.cls = _command.cls if _command.cls not in (None, TyperCommand) else TidyCommand
app.add_typer(policy_app, name="policy", cls=TidyGroup)
app.command("completion", cls=TidyCommand)(completion_command)


def _version(value: bool) -> None:
    if value:
        from .._version import DISTRIBUTION, package_version, sdk_version
        from ..models import SCHEMA_VERSION

        typer.echo(
            f"provenance {package_version()} ({DISTRIBUTION}); C2PA SDK c2pa-rs {sdk_version()}; "
            f"report schema {SCHEMA_VERSION}"
        )
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """provenance: what a media file declares about its origin."""


def main() -> None:
    """Console entry point: the one place library errors become messages and exit codes.

    Usage errors exit 2 (typer's own handling); ProvenanceError is caught here, once.
    """
    try:
        app()
    except ProvenanceError as error:
        from rich.console import Console  # only to show an error: a command that succeeds need not load it
        from rich.text import Text

        # The diagnostics name paths, URLs and server replies: shown as text, never markup or escapes.
        message = Text.assemble(("error:", "red"), " ", for_terminal(error.diagnostics(), keep_newlines=True))
        Console(stderr=True).print(message, highlight=False)
        config = TrustConfigError | TrustUpdateError | MissingExtraError
        sys.exit(Exit.CONFIG if isinstance(error, config) else Exit.USAGE)


__all__ = ["Exit", "app", "main"]
