"""One trust behaviour everywhere: the library's ``inspect(path)`` with default options, ``provenance inspect
--json``, an audit and the web API read the same trust lists (bundled, then cache, then config file and
variables) and so give the same verdicts, on every file of the shared corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.trust.update import update_cache
from tests.helpers import CORPUS, FIXTURES, TRUST_SNAPSHOTS, corpus

BUTTERFLY = "real-world/contentauth__verify-site/butteryfly.jpg"  # Adobe, through the interim list
NOT_MEDIA = {".tsv", ".md", ".json", ".toml", ".gitkeep"}


def corpus_files() -> list[Path]:
    root = corpus()
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() not in NOT_MEDIA)


def cli_reports(files: list[Path], *options: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "inspect", "--json", *options, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 3), done.stderr[-2000:]  # 3: some corpus files are unreadable on purpose
    reports: list[dict[str, Any]] | dict[str, Any] = json.loads(done.stdout)
    return reports if isinstance(reports, list) else [reports]  # one file: an object


def library_verdict(path: Path) -> dict[str, Any]:
    verdict: dict[str, Any] = json.loads(json.dumps(provenance.inspect(path).to_dict()))["verdict"]
    return verdict


@pytest.fixture(params=["bundled lists only", "cache and config file"])
def sources(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The user's sources: none but the bundled lists, or a cache from `trust update --from DIR` and a
    config file naming one more anchor (the fixtures' throwaway root)."""
    if request.param == "cache and config file":
        if not TRUST_SNAPSHOTS.is_dir():
            pytest.skip(f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}")
        update_cache(folder=TRUST_SNAPSHOTS, directory=tmp_path / "cache")
        shutil.copy(FIXTURES / "certs" / "test-root.pem", tmp_path / "root.pem")
        (tmp_path / "config.toml").write_text('[trust]\nanchors = ["root.pem"]\n')
        monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("PROVENANCE_CONFIG", str(tmp_path / "config.toml"))
    return str(request.param)


def test_the_library_and_the_command_line_give_identical_verdicts_on_every_corpus_file(sources: str) -> None:
    files = corpus_files()
    assert len(files) > 200
    by_cli = cli_reports(files)
    assert len(by_cli) == len(files)
    differ = [
        str(path.relative_to(CORPUS))
        for path, report in zip(files, by_cli, strict=True)
        if library_verdict(path) != report["verdict"]
    ]
    assert differ == []
    trusted = {r["verdict"]["trust_list"] for r in by_cli if r["verdict"]["trust"] == "trusted"}
    assert trusted == {"interim (legacy)"}  # no corpus signer chains to the C2PA list (2026-08-21)
    # The SDK's test signers are self-made chains on no public list.
    test_signers = [
        r["verdict"]
        for r in by_cli
        if (r["verdict"]["signer"] or {}).get("organization") == "C2PA Test Signing Cert"
        and r["verdict"]["integrity"] == "intact"
    ]
    assert len(test_signers) > 20
    assert {v["trust"] for v in test_signers} == {"untrusted"}


def test_the_library_reads_trusted_where_the_command_line_does_by_default() -> None:
    """The case issue 13 found: the library read not_checked where the command line read trusted."""
    path = corpus(BUTTERFLY)
    verdict = provenance.inspect(path).verdict
    assert (verdict.trust.value, verdict.trust_list) == ("trusted", "interim (legacy)")
    assert cli_reports([path])[0]["verdict"] == library_verdict(path)


def test_an_audit_reads_the_same_trust_as_inspect(tmp_path: Path) -> None:
    names = [BUTTERFLY, "real-world/TrustNXT__c2pa-ts/amazon-titan-g1.png"]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(corpus(name), folder / Path(name).name)
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "audit", str(folder), "-q", "-o", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    by_audit = {
        Path(r["source"]["path"]).name: r["verdict"] for r in map(json.loads, out.read_text().splitlines())
    }
    for name in names:
        assert by_audit[Path(name).name] == library_verdict(folder / Path(name).name)
        assert by_audit[Path(name).name]["trust_list"] == "interim (legacy)"


def test_the_web_api_reads_the_same_trust_as_inspect() -> None:
    from starlette.testclient import TestClient

    from provenance.serve import ServeSettings, create_app

    path = corpus(BUTTERFLY)
    files = [("file", (path.name, path.read_bytes(), "image/jpeg"))]
    report = TestClient(create_app(ServeSettings())).post("/v1/inspect", files=files).json()  # one: an object
    assert report["verdict"] == library_verdict(path)
    assert report["verdict"]["trust_list"] == "interim (legacy)"
