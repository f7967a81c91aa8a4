"""Command-line values converted without pydantic, so that a command starts in milliseconds.

typer 0.2x converts every parameter's value through a pydantic ``TypeAdapter`` built when the command
runs: importing pydantic and building the adapters cost 50-100 ms, more than the inspection of a file.
Our commands take only plain values (text, numbers, paths, choices, lists of them), which typer's own
pure-Python helpers convert; :func:`light_coercion` gives each parameter a converter that calls them
directly. Anything it is not sure of (an unexpected type, a number pydantic would parse differently, a
value out of range, a conversion that fails) goes to typer's own converter, so results and error
messages stay typer's. tests/cli/test_coerce.py checks both agree on every parameter of every command.
When typer's internals differ from these (another typer version), nothing is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer >= 0.2x: converters built lazily per parameter (these names are typer's, not public API)
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
except ImportError:  # pragma: no cover - another typer: its own conversion stays
    RuntimeParam = None  # type: ignore[assignment,misc]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class _Unsure(Exception):
    """The value is not one this module converts: typer's converter takes it."""


def light_coercion(params: list[Any]) -> None:
    """Give each typer parameter in ``params`` the light converter (those already converted keep theirs)."""
    if RuntimeParam is None:  # pragma: no cover
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if isinstance(descriptor, TypeDescriptor) and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = LightParam(descriptor.parameter_info, descriptor.annotation, descriptor)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class LightParam(RuntimeParam):
        """typer's runtime converter for one parameter, with typer's own one built only when needed."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.descriptor.file_annotation is None:
                try:
                    return _convert(self.annotation, self.parameter_info, value, param, ctx)
                except Exception:  # typer's converter raises its own error, worded its way
                    pass
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def _convert(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        values = value if isinstance(value, list | tuple) else [value]
        return [_leaf(item, info, v, param, ctx) for v in values]
    return _leaf(annotation, info, value, param, ctx)


def _leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    if info.parser is not None:
        return info.parser(value)
    if get_origin(annotation) is not None:
        raise _Unsure
    if lenient_issubclass(annotation, Enum):
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    if annotation is str and isinstance(value, str):
        return value
    if annotation in (int, float):
        return _number(annotation, info, value)
    if lenient_issubclass(annotation, Path) and info.path_type is None and isinstance(value, str | Path):
        if isinstance(value, str) and (not value or "\0" in value):
            raise _Unsure
        path = value if isinstance(value, annotation) else annotation(value)
        return coerce_cli_path(path, info, path_type=annotation, param=param, ctx=ctx)
    raise _Unsure


def _number(kind: type[int] | type[float], info: Any, value: Any) -> int | float:
    if info.clamp:
        raise _Unsure
    if type(value) is kind or (kind is float and type(value) is int):
        number: int | float = kind(value)
    elif isinstance(value, str) and (_INT if kind is int else _FLOAT).fullmatch(value):
        number = kind(value)
    else:
        raise _Unsure
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        raise _Unsure
    return number
