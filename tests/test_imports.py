"""The package's shape: no import cycle, every module importable on its own, light imports stay light,
and the public API exports every type a report holds."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
import typing
from pathlib import Path

import provenance
from provenance import models
from tests.helpers import REPO

PACKAGE = REPO / "provenance"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{name}" if name else base


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(module: str, path: Path) -> set[str]:
    """The project modules ``module`` imports when it is loaded (not inside functions, not for typing).

    ``from pkg import name`` counts as an import of ``pkg.name`` when that is a module, else of ``pkg``.
    The implicit import of a parent package is left out, as Python allows it mid-initialisation.
    """
    found: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while body:
        node = body.pop(0)
        if isinstance(node, ast.If) and not _type_checking(node):
            body += node.body + node.orelse
        elif isinstance(node, ast.Try):
            body += node.body
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("provenance"))
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node.level, node.module)
            if not target.startswith("provenance"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {name for name in found if name in MODULES and name != module}


def test_there_is_no_import_cycle() -> None:
    graph = {name: module_level_imports(name, path) for name, path in MODULES.items()}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other) :], other] if other in trail else [name, other])
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_graph_sees_real_imports() -> None:
    """The cycle test above is only as good as this parser: check it on known edges."""
    imports = module_level_imports("provenance.verdict", MODULES["provenance.verdict"])
    known = {"provenance.verdict.assessment", "provenance.verdict.combine", "provenance.readers.base"}
    assert known <= imports
    assert "provenance.verdict.c2pa" not in imports  # imported inside decide(): only for a file with one
    assert "provenance.readers.c2pa.sdk" not in module_level_imports(
        "provenance._pipeline", MODULES["provenance._pipeline"]
    )  # imported inside a function: only for files that may carry a manifest


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_every_module_imports_on_its_own() -> None:
    """Each module as the first one imported, in a fresh provenance state: none needs another imported
    before it (``__main__`` runs the command line, so it is left out)."""
    names = sorted(name for name in MODULES if name != "provenance.__main__")
    code = f"""
import importlib, json, sys
failed = {{}}
for name in {names!r}:
    for loaded in [m for m in sys.modules if m == "provenance" or m.startswith("provenance.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = f"{{type(error).__name__}}: {{error}}"
print(json.dumps(failed))
"""
    assert json.loads(_run(code)) == {}


def _loaded_after(statement: str) -> set[str]:
    heavy = ("c2pa", "PIL", "numpy", "defusedxml", "typer", "rich", "fastapi", "pydantic")
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    return set(_run(code).split())


def test_the_verdict_package_loads_no_sdk_and_no_pillow() -> None:
    assert _loaded_after("import provenance.verdict") == set()


def test_importing_the_library_loads_nothing_heavy() -> None:
    assert _loaded_after("import provenance; provenance.Report; provenance.InspectOptions") == set()


def test_inspecting_a_file_without_a_manifest_loads_no_sdk() -> None:
    loaded = _loaded_after("import provenance; provenance.inspect('fixtures/media/plain.jpg')")
    assert "c2pa" not in loaded and "typer" not in loaded and "fastapi" not in loaded


HEAVY = ("c2pa", "PIL", "numpy", "pydantic", "rich", "yaml", "fastapi", "starlette", "uvicorn", "ssl")


def _loaded_by_cli(*args: str) -> set[str]:
    """The heavy modules (and the pipeline and audit engine) loaded by the command line run with ``args``
    (its output discarded), as a fresh process."""
    return _loaded_after_cli("", *args)


def _loaded_after_cli(setup: str, *args: str, also: tuple[str, ...] = ()) -> set[str]:
    """:func:`_loaded_by_cli`, with the code ``setup`` run first, looking for the modules ``also`` too."""
    code = (
        setup
        + f"""
import contextlib, os, sys
sys.argv = ["provenance", *{list(args)!r}]
from provenance.cli import main
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    try:
        main()
    except SystemExit:
        pass
names = {HEAVY!r} + ("typer", "provenance._pipeline", "provenance.audit.engine") + {also!r}
print(" ".join(m for m in names if m in sys.modules))
"""
    )
    return set(_run(code).split())


def test_the_command_line_loads_no_command_s_machinery_before_it_runs() -> None:
    """Building the command line imports every command's module: none may import its heavy parts at the
    top (the pipeline, the audit engine, the SDK, pydantic, rich, the web stack)."""
    assert _loaded_after("import provenance.cli") == set()  # the entry point builds nothing
    assert _loaded_after("import provenance.cli; provenance.cli.app") == {"typer"}
    code = (
        "import sys, provenance.cli\nprovenance.cli.app\nprint(' '.join(m for m in ('provenance._pipeline', "
    )
    code += "'provenance.audit.engine', 'provenance.serve.app', 'ssl', 'yaml') if m in sys.modules))"
    assert _run(code).split() == []


def test_inspecting_a_plain_file_as_json_loads_only_what_it_uses() -> None:
    loaded = _loaded_by_cli("inspect", "--json", "fixtures/media/plain.jpg")
    assert loaded == {"provenance._pipeline"}  # no SDK, no Pillow, no typer (fast path), no rich


# What only a file with a manifest needs: the parsed store, its judgement, the rubrics, the products list.
MANIFEST_ONLY = (
    "provenance.readers.c2pa.store",
    "provenance.verdict.c2pa",
    "provenance.rubrics",
    "provenance.conforming.match",
    "provenance.trust",  # the trust lists: built by `inspect` once a file has a manifest (DeferredTrust)
)


def test_a_file_without_a_manifest_loads_nothing_that_judges_one() -> None:
    plain = _loaded_after_cli("", "inspect", "--json", "fixtures/media/plain.jpg", also=MANIFEST_ONLY)
    assert not plain & set(MANIFEST_ONLY)
    signed = _loaded_after_cli("", "inspect", "--json", "fixtures/media/ai_generated.jpg", also=MANIFEST_ONLY)
    assert set(MANIFEST_ONLY) <= signed  # the same names, loaded where they are needed


# The image generators' text parsers: only for a file with text chunks or a text that may be theirs.
GENERATOR_PARSERS = ("provenance.readers.generators.comfyui", "provenance.readers.generators.parameters")


def test_a_file_without_text_chunks_loads_no_generator_parser() -> None:
    plain = _loaded_after_cli("", "inspect", "--json", "fixtures/media/plain.jpg", also=GENERATOR_PARSERS)
    assert not plain & set(GENERATOR_PARSERS)
    png = _loaded_after_cli("", "inspect", "--json", "fixtures/media/gen_comfyui.png", also=GENERATOR_PARSERS)
    assert set(GENERATOR_PARSERS) <= png


def test_inspecting_a_signed_file_as_json_loads_the_sdk_but_no_pydantic_rich_or_numpy() -> None:
    loaded = _loaded_by_cli("inspect", "--json", "fixtures/media/ai_generated.jpg")
    assert "c2pa" in loaded
    assert not loaded & {"typer", "pydantic", "rich", "numpy", "fastapi", "starlette", "uvicorn", "ssl"}
    # Through typer (an option the fast path leaves to it): still no pydantic, rich or numpy.
    loaded = _loaded_by_cli("inspect", "--format", "json", "fixtures/media/ai_generated.jpg")
    assert "typer" in loaded and not loaded & {"pydantic", "rich", "numpy", "ssl"}


def test_a_signed_file_s_rubrics_come_from_the_cache_without_the_yaml_parser(tmp_path: Path) -> None:
    """The first run parses the bundled rubrics (PyYAML) and caches them; the next one only reads them."""
    cache = f"import os; os.environ['PROVENANCE_RUBRIC_CACHE_DIR'] = {str(tmp_path)!r}\n"
    assert "yaml" in _loaded_after_cli(cache, "inspect", "--json", "fixtures/media/ai_generated.jpg")
    assert "yaml" not in _loaded_after_cli(cache, "inspect", "--json", "fixtures/media/ai_generated.jpg")


def test_without_a_config_file_the_toml_parser_is_not_loaded(tmp_path: Path) -> None:
    """The TOML parser loads only to read a config file (the tests' own one is set aside here)."""
    folders = (
        f"import os; os.environ.pop('PROVENANCE_CONFIG'); os.environ['XDG_CONFIG_HOME'] = {str(tmp_path)!r}\n"
    )
    assert "tomllib" not in _loaded_after_cli(
        folders, "inspect", "--json", "fixtures/media/plain.jpg", also=("tomllib",)
    )
    (tmp_path / "provenance").mkdir()
    (tmp_path / "provenance" / "config.toml").write_text("[trust]\n", encoding="utf-8")
    # Read once a file needs the trust lists it names: a signed one, not a plain one.
    assert "tomllib" not in _loaded_after_cli(
        folders, "inspect", "--json", "fixtures/media/plain.jpg", also=("tomllib",)
    )
    assert "tomllib" in _loaded_after_cli(
        folders, "inspect", "--json", "fixtures/media/ai_generated.jpg", also=("tomllib",)
    )


def test_the_audit_row_is_built_only_for_fail_on_conditions() -> None:
    record = ("provenance.audit.record",)
    assert not _loaded_after_cli("", "inspect", "--json", "fixtures/media/plain.jpg", also=record) & set(
        record
    )
    assert set(record) <= _loaded_after_cli(
        "", "inspect", "--json", "--fail-on", "tampered", "fixtures/media/plain.jpg", also=record
    )


def test_panels_load_rich_and_deep_loads_numpy() -> None:
    panel = _loaded_by_cli("inspect", "fixtures/media/plain.jpg")
    assert "rich" in panel and not panel & {"typer", "pydantic", "c2pa", "numpy"}
    assert "numpy" in _loaded_by_cli("inspect", "--deep", "--json", "fixtures/media/plain.jpg")


def _held_types(cls: type, found: set[type]) -> set[type]:
    """Every dataclass and enum a report type holds, recursively, added to ``found``."""
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        for arg in _type_args(typing.get_type_hints(cls)[field.name]):
            if isinstance(arg, type) and arg.__module__ == models.__name__ and arg not in found:
                found.add(arg)
                if dataclasses.is_dataclass(arg):
                    _held_types(arg, found)
    return found


def _type_args(hint: object) -> list[object]:
    args = typing.get_args(hint)
    return [hint] if not args else [a for arg in args for a in _type_args(arg)]


def test_the_public_api_exports_every_type_a_report_holds() -> None:
    held = _held_types(models.Report, {models.Report})
    assert {models.Generator, models.Watermark, models.Ingredient, models.ErrorKind} <= held
    assert {cls.__name__ for cls in held} <= set(provenance.__all__)
    for cls in held:
        assert getattr(provenance, cls.__name__) is cls


def test_every_exported_name_resolves() -> None:
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None, name
    assert provenance.__version__ and provenance.__version__ != "0+unknown"
