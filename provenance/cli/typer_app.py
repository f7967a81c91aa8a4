"""The typer command line: every command and group registered on :data:`app`, with the root's options.

Importing this builds the whole tree (each command's module, typer); :func:`provenance.cli.main` imports
it only for invocations its fast path does not take.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperCommand

from ._help import TidyCommand, TidyGroup
from .audit import audit_command
from .completion import completion_command
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
