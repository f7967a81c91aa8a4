"""Loading asset rubrics: YAML documents (an information block, then lists of statements and data blocks),
read with PyYAML's safe loader, includes resolved, every expression parsed and checked once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..jsonformula import Expression, Json, JsonFormulaError, UnsupportedError, compile_expression
from .errors import RubricError
from .model import DataBlock, Metadata, Rubric, Statement

_MAX_INCLUDE_DEPTH = 16
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REQUIRED_METADATA = ("name", "issuer", "date", "version")


def load_file(folder: Traversable, name: str) -> Rubric:
    """The rubric in file ``name`` of ``folder`` (a directory or a package resource folder)."""
    info, items = _read(folder, name, ())
    return _build(info, items, source=str(folder.joinpath(name)))


def parse_text(text: str, *, source: str = "<text>", folder: Traversable | None = None) -> Rubric:
    """A rubric from YAML text; ``folder`` resolves its includes (none allowed without one)."""
    info, items = _parse(text, source, folder, (source,))
    return _build(info, items, source=source)


def _read(folder: Traversable, name: str, stack: tuple[str, ...]) -> tuple[dict[str, Json], list[Json]]:
    relative = PurePosixPath(name)
    parent: Traversable
    if Path(name).is_absolute():
        target: Traversable = Path(name)
        parent = Path(name).parent
    else:
        parent = folder
        for part in relative.parts[:-1]:
            parent = parent.joinpath(part)
        target = parent.joinpath(relative.name)
    key = str(target)
    if key in stack:
        raise RubricError(f"rubric include cycle: {' -> '.join([*stack, key])}")
    if len(stack) >= _MAX_INCLUDE_DEPTH:
        raise RubricError(f"rubric includes nested deeper than {_MAX_INCLUDE_DEPTH}: {key}")
    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        where = f" (included by {stack[-1]})" if stack else ""
        raise RubricError(f"cannot read rubric {key}{where}: {error}") from error
    return _parse(text, key, parent, (*stack, key))


def _documents(text: str, source: str) -> list[Json]:
    """The YAML documents of ``text``, read by libyaml when PyYAML has it (the same safe constructor and
    resolver, so the same data, about 10x faster: every signed file's report loads two bundled rubrics);
    text it refuses is read again by the pure-Python loader, whose error message the user sees."""
    try:
        return [_json(doc, source) for doc in yaml.load_all(text, Loader=_FAST_LOADER)]
    except yaml.YAMLError:
        return [_json(doc, source) for doc in yaml.safe_load_all(text)]


def _parse(
    text: str, source: str, folder: Traversable | None, stack: tuple[str, ...]
) -> tuple[dict[str, Json], list[Json]]:
    try:
        documents = _documents(text, source)
    except yaml.YAMLError as error:
        raise RubricError(f"rubric {source} is not valid YAML: {error}") from error
    if not documents or not isinstance(documents[0], dict):
        raise RubricError(
            f"rubric {source}: the first YAML document must be the information block (a mapping)"
        )
    info = dict(documents[0])
    items: list[Json] = []
    for document in documents[1:]:
        if document is None:
            continue
        if not isinstance(document, list):
            raise RubricError(f"rubric {source}: a statement section must be a list of statements")
        items.extend(document)
    includes = info.pop("include", None) or []
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise RubricError(f"rubric {source}: 'include' must be a list of file paths")
    if includes and folder is None:
        raise RubricError(f"rubric {source}: includes need the rubric's folder")
    merged: dict[str, Json] = {}
    included_items: list[Json] = []
    for include in includes:
        assert folder is not None
        sub_info, sub_items = _read(folder, str(include), stack)
        _merge(merged, sub_info)  # a later include wins over an earlier one
        included_items.extend(sub_items)
    _merge(merged, info)  # the including rubric wins over everything it includes
    return merged, items + included_items


def _merge(into: dict[str, Json], info: Mapping[str, Json]) -> None:
    for key, value in info.items():
        old = into.get(key)
        into[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value


def _json(value: Any, source: str) -> Json:
    """YAML values as JSON values: dates as ISO 8601 text, keys as strings ("true"/"false" for booleans)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    if isinstance(value, list):
        return [_json(item, source) for item in value]
    if isinstance(value, dict):
        return {_key(key, source): _json(item, source) for key, item in value.items()}
    raise RubricError(f"rubric {source}: a {type(value).__name__} value is not JSON")


def _key(key: Any, source: str) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, str | int | float):
        return str(key)
    raise RubricError(f"rubric {source}: a {type(key).__name__} mapping key is not JSON")


def _build(info: dict[str, Json], items: list[Json], *, source: str) -> Rubric:
    metadata = _metadata(info.get("rubric_metadata"), source)
    variables = _mapping(info.get("variables"), source, "variables")
    if any(not key.startswith("$") for key in variables):
        raise RubricError(f"rubric {source}: every variable name must start with '$'")
    texts = _mapping(info.get("expressions"), source, "expressions")
    expressions: dict[str, Expression] = {}
    for name, text in texts.items():
        if not name.startswith("_") or not isinstance(text, str):
            raise RubricError(f"rubric {source}: expression {name!r} must be named _name and be text")
        expressions[name] = _compile(text, source, f"expression {name}")
    parsed = tuple(_item(item, source) for item in items)
    for name, expression in expressions.items():
        _check(expression, expressions, source, f"expression {name}")
    for item in parsed:
        if isinstance(item, Statement) and item.expression is not None:
            _check(item.expression, expressions, source, f"statement {item.id}")
    ids = [item.id for item in parsed if isinstance(item, Statement)]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate is not None:
        raise RubricError(f"rubric {source}: statement id {duplicate!r} is not unique")
    return Rubric(metadata, info, variables, expressions, parsed, source)


def _metadata(value: Json, source: str) -> Metadata:
    if not isinstance(value, dict):
        raise RubricError(f"rubric {source}: the information block has no rubric_metadata mapping")
    missing = [key for key in _REQUIRED_METADATA if not isinstance(value.get(key), str | int | float)]
    if missing:
        raise RubricError(f"rubric {source}: rubric_metadata lacks {', '.join(missing)}")
    language = value.get("language")
    return Metadata(
        name=str(value["name"]),
        issuer=str(value["issuer"]),
        date=str(value["date"]),
        version=str(value["version"]),
        language=language if isinstance(language, str) else None,
    )


def _mapping(value: Json, source: str, what: str) -> dict[str, Json]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RubricError(f"rubric {source}: '{what}' must be a mapping")
    return value


def _item(item: Json, source: str) -> Statement | DataBlock:
    if not isinstance(item, dict):
        raise RubricError(f"rubric {source}: a statement must be a mapping, not {item!r}")
    if "block" in item:
        block = item["block"]
        if len(item) != 1 or not isinstance(block, dict) or not isinstance(block.get("name"), str):
            raise RubricError(
                f"rubric {source}: a data block is a mapping 'block' with a 'name' and a 'value'"
            )
        return DataBlock(str(block["name"]), block.get("value"))
    statement_id = item.get("id")
    if not isinstance(statement_id, str) or not statement_id:
        raise RubricError(f"rubric {source}: a statement without an id: {item!r}")
    text = item.get("expression")
    if text is not None and not isinstance(text, str):
        raise RubricError(f"rubric {source}: statement {statement_id}: the expression must be text")
    fail, warn = item.get("failIfMatched"), item.get("warnIfMatched")
    return Statement(
        id=statement_id,
        expression=_compile(text, source, f"statement {statement_id}") if text is not None else None,
        report_text=item.get("reportText"),
        title=item.get("title"),
        description=item.get("description"),
        matched="fail" if fail is True else "warn" if warn is True else None,
    )


def _compile(text: str, source: str, where: str) -> Expression:
    try:
        return compile_expression(text)
    except JsonFormulaError as error:
        raise RubricError(f"rubric {source}: {where}: {error}") from error


def _check(expression: Expression, named: Mapping[str, Expression], source: str, where: str) -> None:
    try:
        expression.check(custom=named)
    except UnsupportedError as error:
        raise RubricError(f"rubric {source}: {where}: {error}") from error
    except JsonFormulaError as error:
        raise RubricError(f"rubric {source}: {where}: {error}") from error
