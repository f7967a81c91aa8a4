"""scripts/check_wheel.py's contents check: a wheel or sdist that lacks a file the package loads fails it.

The wheels here are small archives made in the test from the files git tracks under provenance/ (what
``python -m build`` puts in them; CI's run of the script checks a really built one), one of them doctored.
"""

from __future__ import annotations

import importlib.util
import re
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import REPO


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_wheel", REPO / "scripts" / "check_wheel.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_wheel = _script()
DIST_INFO = "media_provenance-0.1.0.dist-info"


def _wheel(path: Path, names: set[str], extra: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(names):
            archive.write(REPO / name, name)
        for name in (f"{DIST_INFO}/METADATA", f"{DIST_INFO}/RECORD", *extra):
            archive.writestr(name, "")
    return path


def _sdist(path: Path, names: set[str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name in sorted(names | {"pyproject.toml", "README.md"}):
            archive.add(REPO / name, f"media_provenance-0.1.0/{name}")
    return path


@pytest.fixture(scope="module")
def tracked() -> set[str]:
    return check_wheel.tracked_package_files()


def test_the_tracked_files_hold_the_package_data_the_code_loads(tracked: set[str]) -> None:
    assert {
        "provenance/schema/report.schema.json",
        "provenance/formats/report_template.html",
        "provenance/serve/static/index.html",
        "provenance/py.typed",
    } <= tracked
    assert any(name.startswith("provenance/trust/bundled/") for name in tracked)


def test_a_complete_wheel_and_sdist_pass(tmp_path: Path, tracked: set[str]) -> None:
    wheel = _wheel(tmp_path / "complete.whl", tracked)
    check_wheel.check_contents(wheel, _sdist(tmp_path / "complete.tar.gz", tracked), tracked)


def test_a_wheel_without_one_package_data_file_fails(tmp_path: Path, tracked: set[str]) -> None:
    removed = "provenance/schema/report.schema.json"
    wheel = _wheel(tmp_path / "doctored.whl", tracked - {removed})
    sdist = _sdist(tmp_path / "complete.tar.gz", tracked)
    with pytest.raises(check_wheel.CheckFailed, match=r"missing from the wheel doctored\.whl") as failure:
        check_wheel.check_contents(wheel, sdist, tracked)
    assert removed in str(failure.value) and "sdist" not in str(failure.value)


def test_an_sdist_without_a_static_file_fails(tmp_path: Path, tracked: set[str]) -> None:
    removed = "provenance/serve/static/index.html"
    wheel = _wheel(tmp_path / "complete.whl", tracked)
    sdist = _sdist(tmp_path / "doctored.tar.gz", tracked - {removed})
    expected = rf"missing from the sdist doctored\.tar\.gz: .*{removed}"
    with pytest.raises(check_wheel.CheckFailed, match=expected):
        check_wheel.check_contents(wheel, sdist, tracked)


def test_a_wheel_with_files_outside_the_package_fails(tmp_path: Path, tracked: set[str]) -> None:
    wheel = _wheel(tmp_path / "strays.whl", tracked, extra=("tests/helpers.py",))
    sdist = _sdist(tmp_path / "complete.tar.gz", tracked)
    with pytest.raises(check_wheel.CheckFailed, match=r"outside provenance/: \['tests/helpers.py'\]"):
        check_wheel.check_contents(wheel, sdist, tracked)


def test_ci_runs_the_readme_test_command_which_ends_with_the_wheel_check() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"## Run the tests\n\n```sh\n(.*?)\n```", readme, re.DOTALL)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    assert command.endswith("&& .venv/bin/pytest && .venv/bin/python scripts/check_wheel.py")
