"""Help that reads like a good command line's, whatever typer's own rendering of the moment.

typer 0.2x shows every parameter's Python type: ``--json <bool>``, ``--trust-anchors <list[Path]>``,
``--jobs <int range> [x>=0]`` and a usage line ``{files}...``. :class:`TidyCommand` (given to each command
as ``cls=``) names values the conventional way instead: a flag shows nothing, a value its metavar (one
given in the option, else FILE, DIR, N, TEXT...), an argument ``FILES...``, and the usage line
``[OPTIONS] FILES...``. tests/cli/test_help.py renders every command's help and checks it. Both also
convert their parameters' values without pydantic (:mod:`._coerce`).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ._coerce import light_coercion

# What a value of each annotated type is called in help.
_BY_TYPE: dict[Any, str] = {Path: "FILE", int: "N", float: "N", str: "TEXT"}


class _Tidy:
    """What commands and groups share: options named the tidy way, values converted without pydantic."""

    params: list[Any]
    help: str | None
    short_help: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy_params(self.params)
        light_coercion(self.params)
        if self.short_help is None and self.help:
            # The commands panel keeps the docstring's line breaks (typer's rich markup mode): one line.
            self.short_help = " ".join(inspect.cleandoc(self.help).split("\n\n")[0].split())

    def get_help_option(self, ctx: Any) -> Any:
        return _tidy_help_option(super().get_help_option(ctx))  # type: ignore[misc]


class TidyCommand(_Tidy, TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class TidyGroup(_Tidy, TyperGroup):
    """A command group (the root, ``trust``) whose own options read the same way."""


def _tidy_params(params: list[Any]) -> None:
    for param in params:
        if isinstance(param, TyperOption):
            _tidy_option(param)
        elif isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "value").upper() + ("..." if param.nargs != 1 else "")
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]


def _tidy_help_option(option: Any) -> Any:
    if isinstance(option, TyperOption):
        _tidy_option(option)
        light_coercion([option])
    return option


def _tidy_option(option: TyperOption) -> None:
    if option.is_flag or option.count:
        option.metavar = ""
        return
    if option.metavar is None:
        option.metavar = _name_of(option)
    # The range is checked all the same; help does not show it as "[x>=0]".
    option._get_number_range_help_str = lambda: None  # type: ignore[method-assign]


def _name_of(option: TyperOption) -> str:
    annotation: Any = option.type_descriptor.annotation
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    descriptor = option.type_descriptor
    if descriptor.is_choice and descriptor.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in descriptor.choices) + "]"
    if descriptor.is_path and descriptor.path_type == "dir":
        return "DIR"
    return _BY_TYPE.get(annotation, "VALUE")
