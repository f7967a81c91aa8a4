"""The command line: one module per command, shared options in :mod:`.options` (built by :mod:`.settings`),
exit codes in :mod:`.exit`; the typer application in :mod:`.typer_app`, the fast path in :mod:`.fast`.

Commands only call the library (``provenance``, its audit engine and formats) and map outcomes to exit
codes; :func:`main` is the one place where a library error becomes a message on stderr and a code.
Importing this package builds nothing: ``app`` is loaded on first use.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .._text import for_terminal
from ..errors import MissingExtraError, ProvenanceError, TrustConfigError, TrustUpdateError
from .exit import Exit

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def main() -> None:
    """Console entry point: the one place library errors become messages and exit codes.

    Usage errors exit 2 (typer's own handling); ProvenanceError is caught here, once. ``inspect`` of files
    with flags only runs without building the typer command line (:mod:`.fast`).
    """
    from .fast import run_fast

    try:
        code = run_fast(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from .typer_app import app

        app()
    except ProvenanceError as error:
        from rich.console import Console  # only to show an error: a command that succeeds need not load it
        from rich.text import Text

        # The diagnostics name paths, URLs and server replies: shown as text, never markup or escapes.
        message = Text.assemble(("error:", "red"), " ", for_terminal(error.diagnostics(), keep_newlines=True))
        Console(stderr=True).print(message, highlight=False)
        config = TrustConfigError | TrustUpdateError | MissingExtraError
        sys.exit(Exit.CONFIG if isinstance(error, config) else Exit.USAGE)


def __getattr__(name: str) -> Any:
    """``provenance.cli.app``, the typer application, built on first use."""
    if name == "app":
        from .typer_app import app

        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Exit", "app", "main"]
