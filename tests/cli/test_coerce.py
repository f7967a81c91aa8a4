"""Command-line values converted without pydantic give what typer's own converter gives (or defer to it)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer
from typer._coercion import build_runtime_param

from provenance.cli import app
from provenance.cli._coerce import LightParam, _convert, light_coercion

# Raw values as a shell gives them, good and bad, for every kind of parameter the commands have.
TEXTS = ["x", "photo.jpg", "a/b c.png", "", "-", "0", "7", "12", "-1", "08", " 3", "1.5", "0.05", "1e3", "+4"]


def _params() -> Iterator[tuple[str, Any, Any]]:
    root = typer.main.get_command(app)

    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, Any, Any]]:
        ctx = command.make_context(" ".join(path) or "provenance", [], resilient_parsing=True)
        for param in command.params:
            yield f"{' '.join(path)} {param.name}", param, ctx
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(root, [])


def _samples(annotation: Any) -> list[Any]:
    item = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    samples: list[Any] = list(TEXTS)
    if isinstance(item, type) and issubclass(item, Enum):
        samples += [m.value for m in item] + [m.value.upper() for m in item] + list(item)
    if get_origin(annotation) is list:
        samples = [(), ("x",), tuple(samples), ["a", "b"]]
    return samples


def _outcome(convert: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = convert(value, param=param, ctx=ctx)
    except Exception as error:
        return f"raised {type(error).__name__}", str(error)
    return type(result).__name__, result


PARAMS = [
    (name, param, ctx) for name, param, ctx in _params() if param.type_descriptor.annotation is not bool
]


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMS, ids=[name for name, _, _ in PARAMS])
def test_every_parameter_converts_as_typer_does(name: str, param: Any, ctx: Any) -> None:
    descriptor = param.type_descriptor
    light = LightParam(descriptor.parameter_info, descriptor.annotation, descriptor)
    typer_own = build_runtime_param(descriptor)
    for value in _samples(descriptor.annotation):
        assert _outcome(light._coerce_value, value, param, ctx) == _outcome(
            typer_own._coerce_value, value, param, ctx
        ), (name, value)


def test_the_commands_get_the_light_converter() -> None:
    kinds = {type(param._runtime_param) for _, param, _ in PARAMS}
    assert kinds == {LightParam}


def test_a_parameter_already_converted_keeps_its_converter() -> None:
    _, param, _ = PARAMS[0]
    given = build_runtime_param(param.type_descriptor)
    param._runtime_param = given
    light_coercion([param])
    assert param._runtime_param is given


def test_everyday_values_need_no_pydantic(tmp_path: Path) -> None:
    """The values the commands meet every day are converted here, never by typer's converter."""
    by_name = {name: param for name, param, _ in PARAMS}

    def light(name: str, value: Any) -> Any:
        param = by_name[name]
        info, annotation = param.type_descriptor.parameter_info, param.type_descriptor.annotation
        return _convert(annotation, info, value, param, None)

    assert light("audit jobs", "3") == 3
    assert light("audit timeout", "0.5") == 0.5
    assert light("audit fmt", "csv") == "csv"
    assert light("audit engine", "dask") == "dask"
    assert light("inspect files", ("a.jpg", str(tmp_path))) == [Path("a.jpg"), tmp_path]
    assert light("inspect fmt", "json") == "json"
    assert light("inspect trust_config", "eku.cfg") == Path("eku.cfg")
    assert light("inspect policy", ("eu-ai-act-50",)) == ["eu-ai-act-50"]
