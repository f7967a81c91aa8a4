"""Where `provenance trust update` takes the lists from, and what it believes of them.

https only for mirrors (`--from DIR` for files already on the machine); the source recorded in meta.json
and shown by `trust show`; every file compared with the sha256 sums of the snapshots the package ships:
unknown content from a mirror or a folder is refused unless accepted, and then never goes by the official
list's name.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

import provenance
import provenance.trust.config
from provenance import InspectOptions, Trust
from provenance.errors import TrustUpdateError
from provenance.trust import load_trust_settings
from provenance.trust import update as trust_update
from provenance.trust.cache import CACHE_FILES, Source, read_cache_state
from provenance.trust.known import known_snapshot
from provenance.trust.update import update_cache
from tests.helpers import CORPUS, TRUST_SNAPSHOTS
from tests.http_recorder import Recorder
from tests.trust.https_server import Tls, make_tls, serve_https

BUTTERFLY = CORPUS / "real-world" / "contentauth__verify-site" / "butteryfly.jpg"  # interim anchors

pytestmark = pytest.mark.skipif(
    not TRUST_SNAPSHOTS.is_dir(), reason=f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer config, no proxy for loopback, and a cache folder of the test's own."""
    monkeypatch.setattr(provenance.trust.config, "default_config_file", lambda: tmp_path / "absent.toml")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path / "cache"))


def copy_of_snapshots(folder: Path, change: Callable[[Path], None] | None = None) -> Path:
    folder.mkdir()
    for name in CACHE_FILES:
        (folder / name).write_bytes((TRUST_SNAPSHOTS / name).read_bytes())
    if change is not None:
        change(folder)
    return folder


def drop_last_allowed_certificate(folder: Path) -> None:
    """Valid certificates, different content: the interim allowed list without its last certificate."""
    path = folder / "interim-allowed.pem"
    text = path.read_text()
    path.write_text(text[: text.rstrip().rindex("-----BEGIN CERTIFICATE-----")])


def mirror_of(folder: Path) -> Callable[..., BaseHTTPRequestHandler]:
    return functools.partial(_Quiet, directory=str(folder))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, timeout=120, env=env
    )


def list_names(cache: Path) -> list[str]:
    settings = load_trust_settings(environ={"PROVENANCE_CACHE_DIR": str(cache)})
    return [t.name for t in settings.lists]


# --- the shipped sums ---------------------------------------------------------------------------------------


def test_the_package_knows_the_sha256_of_every_shared_snapshot() -> None:
    for name in CACHE_FILES:
        digest = hashlib.sha256((TRUST_SNAPSHOTS / name).read_bytes()).hexdigest()
        assert known_snapshot(name, digest), name
    assert known_snapshot("C2PA-TRUST-LIST.pem", "0" * 64) is None


# --- https only ---------------------------------------------------------------------------------------------


def test_the_cli_refuses_an_http_mirror_as_a_usage_error_and_fetches_nothing() -> None:
    with Recorder().running() as recorder:
        result = run("trust", "update", "--mirror", recorder.url)
    assert result.returncode == 2, result.stderr
    assert "--from DIR" in result.stderr and "https" in result.stderr
    assert recorder.paths == []


@pytest.mark.parametrize(
    "args",
    [["--mirror", "https://example.com/", "--from", "."], ["--accept-unknown"]],
    ids=["mirror-and-from", "accept-unknown-alone"],
)
def test_the_cli_refuses_options_that_do_not_go_together(args: list[str]) -> None:
    assert run("trust", "update", *args).returncode == 2


def test_a_redirect_from_an_https_mirror_to_http_is_refused(tls: Tls, tmp_path: Path) -> None:
    class ToHttp(_Quiet):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/C2PA-TRUST-LIST.pem")
            self.end_headers()

    with serve_https(tls, ToHttp) as url, pytest.raises(TrustUpdateError, match="not https"):
        update_cache(mirror=url, directory=tmp_path / "c", tls=tls.client())


# --- the source is recorded and shown -----------------------------------------------------------------------


def test_a_local_folder_of_the_official_snapshots_keeps_the_official_names(tmp_path: Path) -> None:
    folder = copy_of_snapshots(tmp_path / "lists")
    state = update_cache(folder=folder, directory=tmp_path / "cache")
    assert state.source == Source("folder", str(folder.resolve()))
    assert state.unknown == ()
    assert all(f.snapshot and "at " in f.snapshot for f in state.files)
    meta = json.loads((tmp_path / "cache" / "meta.json").read_text())
    assert meta["source"] == {"kind": "folder", "location": str(folder.resolve())}
    assert meta["files"]["C2PA-TRUST-LIST.pem"]["url"] == str(folder.resolve() / "C2PA-TRUST-LIST.pem")
    assert read_cache_state(tmp_path / "cache") == state
    assert list_names(tmp_path / "cache") == ["c2pa", "interim (legacy)", "c2pa-tsa"]


def test_an_https_mirror_of_the_official_snapshots_keeps_the_official_names(tls: Tls, tmp_path: Path) -> None:
    with serve_https(tls, mirror_of(copy_of_snapshots(tmp_path / "lists"))) as url:
        state = update_cache(mirror=url, directory=tmp_path / "cache", tls=tls.client())
    assert state.source == Source("mirror", url) and state.unknown == ()
    assert list_names(tmp_path / "cache") == ["c2pa", "interim (legacy)", "c2pa-tsa"]


def test_trust_show_names_the_source_of_the_cache(tmp_path: Path) -> None:
    folder = copy_of_snapshots(tmp_path / "lists")
    update = run("trust", "update", "--from", str(folder))
    assert update.returncode == 0, update.stderr
    assert f"from the local folder {folder.resolve()}" in update.stdout
    assert "warning" not in update.stderr
    show = run("trust", "show")
    assert show.returncode == 0, show.stderr
    (cache_line,) = [line for line in show.stdout.splitlines() if line.startswith("Cache: ")]
    assert cache_line.endswith(f"from the local folder {folder.resolve()})")


def test_a_format_1_cache_from_an_old_http_mirror_reads_as_a_mirror(tmp_path: Path) -> None:
    update_cache(folder=copy_of_snapshots(tmp_path / "lists"), directory=tmp_path / "cache")
    meta_path = tmp_path / "cache" / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["source"]
    meta.update(format=1, mirror="http://mirror.example.org/trust")
    meta_path.write_text(json.dumps(meta))
    state = read_cache_state(tmp_path / "cache")
    assert state is not None and state.source == Source("mirror", "http://mirror.example.org/trust")
    assert list_names(tmp_path / "cache") == [
        "c2pa",
        "interim (legacy)",
        "c2pa-tsa",
    ]  # known content: vouched for


# --- unknown content ----------------------------------------------------------------------------------------


def test_a_folder_with_content_no_snapshot_matches_is_refused_and_the_cache_kept(tmp_path: Path) -> None:
    update_cache(folder=copy_of_snapshots(tmp_path / "good"), directory=tmp_path / "cache")
    before = {p.name: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    changed = copy_of_snapshots(tmp_path / "changed", drop_last_allowed_certificate)
    with pytest.raises(TrustUpdateError, match="--accept-unknown") as caught:
        update_cache(folder=changed, directory=tmp_path / "cache")
    assert str(caught.value).startswith("interim-allowed.pem from the local folder")
    assert {p.name: p.read_bytes() for p in (tmp_path / "cache").iterdir()} == before


def test_accepted_unknown_content_from_a_folder_is_named_after_its_source(tmp_path: Path) -> None:
    changed = copy_of_snapshots(tmp_path / "changed", drop_last_allowed_certificate)
    state = update_cache(folder=changed, accept_unknown=True, directory=tmp_path / "cache")
    assert [f.name for f in state.unknown] == ["interim-allowed.pem"]
    assert list_names(tmp_path / "cache") == ["c2pa", "interim (legacy, local copy)", "c2pa-tsa"]


def test_accepted_unknown_content_from_a_mirror_is_named_after_the_mirror(tls: Tls, tmp_path: Path) -> None:
    changed = copy_of_snapshots(tmp_path / "changed", drop_last_allowed_certificate)
    with serve_https(tls, mirror_of(changed)) as url:
        with pytest.raises(TrustUpdateError, match=r"interim-allowed\.pem from the mirror"):
            update_cache(mirror=url, directory=tmp_path / "cache", tls=tls.client())
        update_cache(mirror=url, accept_unknown=True, directory=tmp_path / "cache", tls=tls.client())
    assert list_names(tmp_path / "cache") == ["c2pa", "interim (legacy, mirror 127.0.0.1)", "c2pa-tsa"]


def test_the_cli_warns_about_accepted_unknown_content_on_update_and_show(tmp_path: Path) -> None:
    changed = copy_of_snapshots(tmp_path / "changed", drop_last_allowed_certificate)
    refused = run("trust", "update", "--from", str(changed))
    assert refused.returncode == 4
    assert "interim-allowed.pem" in refused.stderr and "--accept-unknown" in refused.stderr
    accepted = run("trust", "update", "--from", str(changed), "--accept-unknown")
    assert accepted.returncode == 0, accepted.stderr
    for result in (accepted, run("trust", "show")):
        assert "warning:" in result.stderr and "interim-allowed.pem" in result.stderr
    assert "interim (legacy, local copy)" in run("trust", "show").stdout


@pytest.mark.skipif(not BUTTERFLY.is_file(), reason=f"shared corpus file not found: {BUTTERFLY}")
def test_a_signer_trusted_through_unknown_content_names_that_list_in_the_report(tmp_path: Path) -> None:
    changed = copy_of_snapshots(tmp_path / "changed", drop_last_allowed_certificate)
    update_cache(folder=changed, accept_unknown=True, directory=tmp_path / "cache")
    trust = load_trust_settings(environ={"PROVENANCE_CACHE_DIR": str(tmp_path / "cache")})
    report = provenance.inspect(BUTTERFLY, options=InspectOptions(trust=trust))
    assert report.verdict.trust is Trust.TRUSTED
    assert report.verdict.trust_list == "interim (legacy, local copy)"


@pytest.fixture
def owners_with_a_newer_list(tls: Tls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The 'official' addresses, pointed at a local https server whose interim allowed list changed."""
    changed = copy_of_snapshots(tmp_path / "owners", drop_last_allowed_certificate)
    with serve_https(tls, mirror_of(changed)) as url:
        monkeypatch.setattr(trust_update, "CACHE_FILES", {name: f"{url}/{name}" for name in CACHE_FILES})
        # The products list's owner address too: not served there (HTTP 404), so none is saved.
        monkeypatch.setattr(trust_update, "PRODUCTS_URL", f"{url}/conforming-products-list.json")
        yield


@pytest.mark.usefixtures("owners_with_a_newer_list")
def test_unknown_content_from_the_owners_is_accepted_under_the_official_name(
    tls: Tls, tmp_path: Path
) -> None:
    state = update_cache(directory=tmp_path / "cache", tls=tls.client())
    assert state.source == Source() and [f.name for f in state.unknown] == ["interim-allowed.pem"]
    assert list_names(tmp_path / "cache") == ["c2pa", "interim (legacy)", "c2pa-tsa"]
