"""MkDocs hooks (mkdocs.yml ``hooks:``): the pages generated from the repository at build time.

- ``cli/*.md``: a page per command of the typer application, every option with its type, default and help,
  read from the click command tree (so a new option has a page without anyone writing one);
- ``schema.md``: the report's fields from ``provenance/schema/report.schema.json``, one table per object;
- ``security.md``: SECURITY.md, included as it is;
- ``changelog.md``: the README's "## Changelog" section, included as it is;

and the docstrings' Sphinx roles shown as plain code in the API reference.

Nothing generated is written into the checkout: the pages exist only in the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "provenance" / "schema" / "report.schema.json"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to the build."""
    pages = {
        "security.md": security_page(),
        "changelog.md": changelog_page(),
        "schema.md": schema_page(json.loads(SCHEMA.read_text(encoding="utf-8"))),
    }
    pages.update(cli_pages())
    for uri, content in pages.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_content(html: str, **_: Any) -> str:
    """The docstrings' Sphinx roles (``:class:`Report```), which mkdocstrings leaves as text, read as code."""
    return ROLE.sub("", html)


ROLE = re.compile(r":(?:func|class|data|meth|attr|mod|exc):(?=<code>)")


def security_page() -> str:
    return (REPO / "SECURITY.md").read_text(encoding="utf-8")


def changelog_page() -> str:
    """The README's "## Changelog" section, as the changelog page (its title a level up)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Changelog\n(.*?)(?=^## |\Z)", readme, re.DOTALL | re.MULTILINE)
    if found is None:
        raise ValueError("README.md has no '## Changelog' section")
    return "# Changelog\n\nThe README's changelog, by report schema version.\n" + found.group(1)


# ---- the report schema ------------------------------------------------------------------------------


def schema_page(schema: dict[str, Any]) -> str:
    lines = [
        "# Report schema",
        "",
        f"The JSON report, schema version `{schema['properties']['schema_version']['const']}` "
        f"(`{schema['$id']}`), generated from `provenance/schema/report.schema.json` (itself generated from",
        "`provenance/models.py` by `scripts/make_schema.py`). `provenance serve` answers it at",
        "`/v1/report-schema`. Every field is always present; absent values are `null` or empty arrays.",
        "",
    ]
    if description := schema.get("description"):
        lines += [description, ""]
    lines += _object("report", schema)
    for name, definition in schema["$defs"].items():
        lines += _object(name, definition)
    return "\n".join(lines) + "\n"


def _object(name: str, definition: dict[str, Any]) -> list[str]:
    lines = [f"## `{name}` {{#{name}}}", ""]
    if "properties" not in definition:
        return [*lines, f"{_type(definition)}", ""]
    required = set(definition.get("required", ()))
    lines += ["| field | type | required |", "|---|---|---|"]
    for field, spec in definition["properties"].items():
        lines.append(f"| `{field}` | {_type(spec)} | {'yes' if field in required else ''} |")
    return [*lines, ""]


def _type(spec: dict[str, Any]) -> str:
    """A schema fragment in words, with links to the objects it refers to."""
    if "$ref" in spec:
        target = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{target}](#{target})"
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{json.dumps(value)}`" for value in spec["enum"])
    for combiner in ("anyOf", "oneOf"):
        if combiner in spec:
            return " or ".join(_type(part) for part in spec[combiner])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"array of {_type(spec.get('items', {}))}"
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "object" and "additionalProperties" in spec and isinstance(spec["additionalProperties"], dict):
        return f"object of {_type(spec['additionalProperties'])}"
    return str(kind)


# ---- the command line -----------------------------------------------------------------------------


def cli_pages() -> dict[str, str]:
    """``cli/index.md`` and a page per command: ``cli/inspect.md``, ``cli/trust-update.md``..."""
    from typer.main import get_command

    from provenance.cli.typer_app import app

    root = get_command(app)
    commands = list(_walk(root, ["provenance"]))
    index = [
        "# Command line",
        "",
        "Generated from the command line itself at build time: every command and option, as `--help` "
        "shows them.",
        "",
        *_options(root, root.context_class(root, info_name="provenance")),
        "## Commands",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    pages: dict[str, str] = {}
    for path, command, context in commands:
        slug = "-".join(path[1:])
        index.append(f"| [`{' '.join(path)}`]({slug}.md) | {_first_line(command)} |")
        pages[f"cli/{slug}.md"] = _command_page(path, command, context)
    pages["cli/index.md"] = "\n".join(index) + "\n"
    return pages


# typer vendors its own click (typer._click): its classes are reached through the objects, not imported.
Command = Any


def _walk(group: Command, path: list[str]) -> Iterator[tuple[list[str], Command, Any]]:
    context = group.context_class(group, info_name=path[-1])
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if hasattr(command, "list_commands"):
            yield from _walk(command, [*path, name])
        else:
            yield [*path, name], command, command.context_class(command, info_name=" ".join([*path, name]))


def _first_line(command: Command) -> str:
    text = _plain(command.help or command.short_help or "")
    return text.strip().split("\n\n")[0].replace("\n", " ").replace("|", "\\|")


def _plain(text: str) -> str:
    """Help text without rich markup ([bold]...[/]) and typer's \b markers."""
    text = re.sub(r"\[/?[a-z #0-9_]*\]", "", text)
    return text.replace("\b\n", "").replace("\b", "")


def _command_page(path: list[str], command: Command, context: Any) -> str:
    usage = " ".join(command.collect_usage_pieces(context))
    lines = [
        f"# `{' '.join(path)}`",
        "",
        "```text",
        f"Usage: {' '.join(path)} {usage}",
        "```",
        "",
        _plain(command.help or "").strip(),
        "",
    ]
    if command.epilog:
        lines += [_plain(command.epilog).strip(), ""]
    lines += _options(command, context)
    return "\n".join(lines) + "\n"


def _options(command: Command, context: Any) -> list[str]:
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
    lines: list[str] = []
    for title, params in (("Arguments", arguments), ("Options", options)):
        records = [record for param in params if (record := param.get_help_record(context)) is not None]
        if records:
            lines += [f"## {title}", "", f"| {title[:-1].lower()} | what it is |", "|---|---|"]
            # A pipe inside a code span does not split a cell (Python-Markdown tables): names stay as typed.
            lines += [f"| `{_flat(names)}` | {_cell(_plain(help_text))} |" for names, help_text in records]
            lines.append("")
    return lines


def _flat(text: str) -> str:
    return text.replace("\n", " ").strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()
