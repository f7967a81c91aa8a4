"""The command line's fast path: ``provenance inspect [FLAGS] FILE...`` without building the typer command
line, the invocation a script, a file-manager action or a shell loop repeats for every file.

Importing typer and building its command tree (every command's parameters) costs about 40 ms, as much
as the inspection of a signed file. An invocation is taken here only when every word after ``inspect``
is one of :data:`FLAGS` or a file name (not empty, not starting with ``-``); anything else (another
command, an option with a value, ``--help``, ``--``, shell completion, an output stream that is not
UTF-8) goes to typer. What runs is what the typer command runs with those words: the option values typer
would pass, the same builder (:func:`.settings.inspect_options`) and :func:`.inspect_run.inspect_files`,
and the same exit codes and handling of Ctrl-C, a closed pipe and a crash (tests/cli/test_fast.py
compares both paths).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from ..errors import ProvenanceError

# Flag -> the parameter it sets (all default to False).
FLAGS: Final = {
    "--json": "as_json",
    "--tree": "tree",
    "--allow-network": "allow_network",
    "--deep": "deep",
    "--show-prompts": "show_prompts",
    "--no-fast-path": "no_fast_path",
    "--no-trust-cache": "no_trust_cache",
    "--no-bundled-trust": "no_bundled_trust",
}
# The other inspection and trust options as typer passes them when not given (cli/options.py).
_UNSET: Final[dict[str, Any]] = {
    "policy": [],
    "trust_anchors": [],
    "allowed_certs": [],
    "trust_config": None,
    "cawg_anchors": [],
    "ica_issuers": [],
    "config": None,
}
_ABORTED_BY_CTRL_C: Final = 130  # typer's exit code for KeyboardInterrupt


def parse(argv: Sequence[str]) -> tuple[list[Path], dict[str, bool]] | None:
    """(files, flags) of an invocation this path takes, else None."""
    if len(argv) < 2 or argv[0] != "inspect":
        return None
    files: list[Path] = []
    flags = dict.fromkeys(FLAGS.values(), False)
    for word in argv[1:]:
        if word in FLAGS:
            flags[FLAGS[word]] = True
        elif word and not word.startswith("-"):
            files.append(Path(word))
        else:
            return None
    return (files, flags) if files else None


def run_fast(argv: Sequence[str]) -> int | None:
    """Run the invocation ``argv`` (the words after the program name) and return its exit code, or return
    None without doing anything when it is not one this path takes."""
    parsed = parse(argv)
    if parsed is None or not _plain_run():
        return None
    files, flags = parsed
    try:
        return _inspect(files, flags)
    except KeyboardInterrupt:
        return _ABORTED_BY_CTRL_C
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        return 1
    except BrokenPipeError:
        # As click does: no complaint about the closed pipe when Python flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except ProvenanceError:
        raise  # main() shows it, as for the typer command
    except Exception as error:
        _pretty_traceback(error)
        raise


def _inspect(files: list[Path], flags: dict[str, bool]) -> int:
    from .fail_on import FailOn
    from .inspect_run import InspectFormat, inspect_files
    from .settings import inspect_options

    values = {name: flags[name] for name in FLAGS.values() if name not in ("as_json", "tree")}
    inspection = inspect_options({**values, **_UNSET}, deferred=True)
    return inspect_files(
        files,
        chosen=InspectFormat.JSON if flags["as_json"] else InspectFormat.PANEL,
        inspection=inspection,
        conditions=FailOn(),
        tree=flags["tree"],
        rubrics_asked=False,
        manifest=None,
        fragments=None,
        echo=_echo,
    )


def _echo(text: str) -> None:
    """``typer.echo`` on a UTF-8 standard output: the text and a newline, flushed."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _plain_run() -> bool:
    """Not shell completion (typer answers it), standard output UTF-8 (else click re-encodes it), not
    Windows (click expands wildcards there)."""
    if os.name == "nt" or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return False
    encoding = getattr(sys.stdout, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _pretty_traceback(error: Exception) -> None:
    """A crash shows as typer shows it (its exception hook, with the application's settings)."""
    try:
        from typer import main as typer_main
        from typer.models import DeveloperExceptionConfig

        from .typer_app import app

        sys.excepthook = typer_main.except_hook
        config = DeveloperExceptionConfig(
            pretty_exceptions_enable=app.pretty_exceptions_enable,
            pretty_exceptions_show_locals=app.pretty_exceptions_show_locals,
            pretty_exceptions_short=app.pretty_exceptions_short,
        )
        setattr(error, typer_main._typer_developer_exception_attr_name, config)
    except Exception:  # another typer: Python's own traceback
        return
