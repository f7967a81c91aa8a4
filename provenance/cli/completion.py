"""`provenance completion SHELL`: print the shell's completion script (bash, zsh or fish).

typer's own ``--install-completion`` edits the user's shell start-up files; printing the script instead
leaves where it goes to the user (``eval "$(provenance completion bash)"`` in ``~/.bashrc``...). The script
calls ``provenance`` back with ``_PROVENANCE_COMPLETE=complete_SHELL`` set, which typer's command handles
before any option is parsed, once its completion classes are registered (typer's ``completion_init``,
called here on import: the app is made with ``add_completion=False``, which skips it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

# typer's own modules for these (private names: the typer range in pyproject.toml is the one tested).
from typer._completion_classes import completion_init
from typer._completion_shared import get_completion_script

PROG_NAME = "provenance"
COMPLETE_VAR = "_PROVENANCE_COMPLETE"

completion_init()


class Shell(StrEnum):
    """The shells whose completion scripts typer writes and this project documents."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion_script(shell: Shell) -> str:
    """The completion script for ``shell``, calling back the ``provenance`` command on the PATH."""
    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell.value)


def completion_command(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    bash: add `eval "$(provenance completion bash)"` to ~/.bashrc. zsh: `provenance completion zsh >
    ~/.zfunc/_provenance` with `fpath+=~/.zfunc; autoload -Uz compinit; compinit` in ~/.zshrc. fish:
    `provenance completion fish > ~/.config/fish/completions/provenance.fish`.
    """
    typer.echo(completion_script(shell))
