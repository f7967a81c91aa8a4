"""The reference json-formula implementation (@adobe/json-formula, JavaScript) run with Node, for the
differential tests: installed from the npm registry into a temporary folder, never into the repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PACKAGE = "@adobe/json-formula@2.0.0"
HARNESS = Path(__file__).with_name("reference_harness.mjs")


@dataclass
class Group:
    """Expressions evaluated on one document with the same globals and named expressions."""

    data: Any
    expressions: list[str]
    globals: dict[str, Any] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)


def install(folder: Path) -> Path:
    """The folder the reference implementation is installed in; skips the test when it cannot be."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are needed to run the reference json-formula implementation")
    try:
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(folder), PACKAGE],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.SubprocessError, OSError) as error:
        pytest.skip(f"could not install {PACKAGE} from the npm registry: {error}")
    return folder


def run(folder: Path, groups: list[Group]) -> list[list[dict[str, Any]]]:
    """Each group's results from the reference implementation: {"value": ...} or {"error": name}."""
    payload = {"groups": [g.__dict__ for g in groups]}
    done = subprocess.run(
        ["node", str(HARNESS), str(folder)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    results: list[list[dict[str, Any]]] = json.loads(done.stdout)["results"]
    return results
