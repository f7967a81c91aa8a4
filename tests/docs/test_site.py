"""The documentation site (mkdocs.yml, docs/, scripts/docs_hooks.py) builds in strict mode: a broken link,
a missing anchor or image, or a reference mkdocstrings cannot resolve fails the build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

pytest.importorskip("mkdocs", reason="mkdocs is not installed (the `docs` or `test` extra installs it)")
pytest.importorskip("material", reason="mkdocs-material is not installed (the `docs` or `test` extra)")
pytest.importorskip("mkdocstrings_handlers.python", reason="mkdocstrings[python] is not installed")

PAGES = (
    "index.html",
    "moderators/index.html",
    "signals/index.html",
    "auditors/index.html",
    "library/index.html",
    "trust/index.html",
    "cli/index.html",
    "cli/inspect/index.html",
    "cli/trust-update/index.html",
    "schema/index.html",
    "api/index.html",
    "security/index.html",
    "changelog/index.html",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(target),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return target, done.stderr


def test_the_site_builds_in_strict_mode_without_a_warning(site: tuple[Path, str]) -> None:
    target, log = site
    assert "WARNING" not in log
    missing = [page for page in PAGES if not (target / page).is_file()]
    assert missing == []


def test_every_command_has_a_page_with_every_option(site: tuple[Path, str]) -> None:
    from typer.main import get_command

    from provenance.cli.typer_app import app

    root = get_command(app)
    context = root.context_class(root, info_name="provenance")
    audit = root.get_command(context, "audit")
    page = (site[0] / "cli" / "audit" / "index.html").read_text(encoding="utf-8")
    options = [
        opt
        for param in audit.params
        if param.param_type_name == "option" and not param.hidden
        for opt in param.opts
    ]
    assert len(options) > 20
    documented = " ".join(re.findall(r"<code>([^<]*)</code>", page))
    assert [opt for opt in options if not re.search(rf"(^|[ ,]){re.escape(opt)}\b", documented)] == []
    for group in ("trust", "policy", "index"):
        sub = root.get_command(context, group)
        for name in sub.list_commands(sub.context_class(sub, info_name=group)):
            assert (site[0] / "cli" / f"{group}-{name}" / "index.html").is_file(), f"{group} {name}"


def test_the_schema_page_lists_every_field_of_the_report(site: tuple[Path, str]) -> None:
    import json

    schema = json.loads((REPO / "provenance" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    page = (site[0] / "schema" / "index.html").read_text(encoding="utf-8")
    for name, definition in schema["$defs"].items():
        assert f'id="{name}"' in page, name
        for field in definition.get("properties", {}):
            assert f"<code>{field}</code>" in page, f"{name}.{field}"


def test_the_changelog_and_security_pages_are_the_repository_files(site: tuple[Path, str]) -> None:
    changelog = (site[0] / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Report schema 1.5" in changelog and "Report schema 1.4" in changelog
    security = (site[0] / "security" / "index.html").read_text(encoding="utf-8")
    first_heading = next(
        line for line in (REPO / "SECURITY.md").read_text().splitlines() if line.startswith("#")
    )
    assert first_heading.lstrip("# ").split("`")[0].strip() in security
