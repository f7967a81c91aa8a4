"""`provenance policy`: the labelling policies and the facts their rules test."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .._text import for_terminal

if TYPE_CHECKING:
    from rich.console import Console

policy_app = typer.Typer(help="Labelling policies: list them, show their rules, check a policy file.")


def _console() -> Console:
    from rich.console import Console  # here: every command's module loads to build the command line

    return Console(markup=False, emoji=False, highlight=False)


@policy_app.command("list")
def list_command() -> None:
    """The built-in policies."""
    from rich.table import Table
    from rich.text import Text

    from ..policy import builtin_names, load_policy

    table = Table("name", "what it checks", title="built-in policies", title_justify="left")
    for name in builtin_names():
        table.add_row(name, Text(load_policy(name).title))
    _console().print(table)


@policy_app.command("show")
def show_command(
    policy: Annotated[str, typer.Argument(metavar="NAME|FILE", help="A built-in policy or a TOML file.")],
) -> None:
    """A policy's rules: what each requires, of which files, and the clause it stands for. Also checks a
    policy file (an error says what is wrong and where)."""
    from rich.table import Table
    from rich.text import Text

    from ..policy import load_policy

    loaded = load_policy(policy)
    console = _console()
    console.print(Text(f"{loaded.name}: {loaded.title}", style="bold"))
    if loaded.description:
        console.print(Text(" ".join(loaded.description.split())))
    table = Table("rule", "severity", "clause", "reason", expand=True)
    for rule in loaded.rules:
        table.add_row(Text(rule.id), rule.severity.value, Text(for_terminal(rule.clause)), Text(rule.reason))
    console.print(table)


@policy_app.command("facts")
def facts_command() -> None:
    """The facts a rule can test (the names a policy file's conditions use)."""
    from rich.table import Table
    from rich.text import Text

    from ..policy import FACTS

    table = Table("fact", "type", "meaning", title="facts a policy can test", title_justify="left")
    for fact in FACTS.values():
        table.add_row(fact.name, fact.type, Text(fact.meaning))
    _console().print(table)
