"""A batch goes on past an unreadable file; output paths are checked before the first file is read."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from tests.helpers import fixture


def test_an_unreadable_file_gets_its_report_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "noread.jpg"
    locked.write_bytes(fixture("plain.jpg").read_bytes())
    real_open, real_access = Path.open, os.access

    def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    # As a non-root user the file is unreadable to both: click's own check and our open.
    monkeypatch.setattr(Path, "open", refusing_open)

    def refusing_access(path: Any, mode: int, **kwargs: Any) -> bool:
        return os.fspath(path) != str(locked) and real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", refusing_access)
    done = CliRunner().invoke(app, ["inspect", "--json", str(fixture("ai_generated.jpg")), str(locked)])
    assert done.exit_code == 3, done.output
    reports = json.loads(done.stdout)
    assert reports[0]["verdict"]["origin"] == "ai_generated"
    assert reports[1]["error"] == {
        "kind": "permission_denied",
        "message": f"permission denied reading {locked}",
    }


@pytest.mark.parametrize("option", ["--output", "--html", "--summary-json"])
def test_an_unwritable_output_is_refused_before_any_work(option: str, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out"
    wide = {"COLUMNS": "400"}
    done = CliRunner().invoke(
        app, ["audit", str(fixture("plain.jpg")), option, str(target), "--quiet"], env=wide
    )
    assert done.exit_code == 2
    assert f"cannot write {target}: the folder {target.parent} does not exist" in " ".join(
        done.output.split()
    )
    assert "Traceback" not in done.output


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["audit", str(fixture("plain.jpg")), "-o", str(tmp_path), "--quiet"])
    assert done.exit_code == 2 and "it is a folder" in _flat(done.output)


def _flat(output: str) -> str:
    """The text of click's error box, its borders and line breaks removed."""
    return " ".join(output.replace("│", " ").split())
