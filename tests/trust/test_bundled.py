"""The trust lists shipped in the package: what they are, that they are used by default, that a later
`trust update` replaces them list by list, and that each source can be turned off."""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from datetime import date
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import provenance.trust.config
from provenance import InspectOptions
from provenance.trust import TrustSettings, default_trust_settings, load_trust_settings
from provenance.trust.bundled import bundled_manifest, bundled_snapshot
from provenance.trust.bundles import pem_certificates
from provenance.trust.known import known
from provenance.trust.published import LIST_FILES, PUBLISHED
from provenance.trust.update import update_cache
from tests.helpers import REPO, TRUST_SNAPSHOTS

BUNDLED = Path(str(resources.files("provenance.trust").joinpath("bundled")))
NAMES = ["c2pa", "interim (legacy)", "c2pa-tsa"]


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(provenance.trust.config, "default_config_file", lambda: tmp_path / "absent.toml")


def load(tmp_path: Path, env: dict[str, str] | None = None, **kwargs: Any) -> TrustSettings:
    environ = {"PROVENANCE_CACHE_DIR": str(tmp_path / "no-cache"), **(env or {})}
    return load_trust_settings(environ=environ, **kwargs)


# --- what ships ---------------------------------------------------------------------------------------------


def test_the_manifest_records_every_shipped_file_with_its_sha256_source_and_certificate_count() -> None:
    manifest = bundled_manifest()
    assert set(manifest["files"]) == set(LIST_FILES)
    assert {p.name for p in BUNDLED.iterdir()} == {*LIST_FILES, "manifest.json"}
    for name, entry in manifest["files"].items():
        body = (BUNDLED / name).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], name
        assert entry["source"] == LIST_FILES[name]  # the owners' address, which `trust update` fetches
        assert len(pem_certificates(body.decode())) == entry["certificates"], name


def test_each_bundled_file_is_a_known_snapshot_of_the_date_its_list_records() -> None:
    manifest = bundled_manifest()
    for published in PUBLISHED:
        entry = manifest["lists"][published.key]
        assert entry["name"] == published.name
        assert set(entry["files"]) >= {published.anchors, *([published.allowed] if published.allowed else [])}
        for name in entry["files"]:
            snapshot = known(name, manifest["files"][name]["sha256"])
            assert snapshot is not None, name
            assert snapshot.date == date.fromisoformat(entry["date"]), name
            assert entry["commit"] in snapshot.description


def test_the_bundled_files_are_the_shared_snapshots() -> None:
    if not TRUST_SNAPSHOTS.is_dir():
        pytest.skip(f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}")
    for name in LIST_FILES:
        assert (BUNDLED / name).read_bytes() == (TRUST_SNAPSHOTS / name).read_bytes(), name


def test_package_data_ships_the_bundled_files() -> None:
    """setuptools copies only what `package-data` names into a wheel (checked by hand with `pip wheel`)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["provenance"]
    for path in BUNDLED.iterdir():
        relative = path.relative_to(REPO / "provenance").as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_a_bundled_file_that_does_not_match_its_sha256_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.errors import TrustConfigError
    from provenance.trust import bundled

    damaged = tmp_path / "bundled"
    shutil.copytree(BUNDLED, damaged)
    with (damaged / "interim-allowed.pem").open("a") as handle:
        handle.write("\n")
    monkeypatch.setattr(bundled, "_read", lambda name: (damaged / name).read_bytes())
    bundled_snapshot.cache_clear()
    try:
        with pytest.raises(TrustConfigError, match=r"interim-allowed\.pem does not match"):
            bundled_snapshot()
    finally:
        bundled_snapshot.cache_clear()


# --- used by default ----------------------------------------------------------------------------------------


def test_without_cache_or_config_the_bundled_lists_are_in_force(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert [t.name for t in settings.lists] == NAMES
    c2pa, interim, tsa = settings.lists
    assert (c2pa.certificate_count, interim.certificate_count, tsa.certificate_count) == (30, 18 + 86, 22)
    assert (c2pa.kind, interim.kind, tsa.kind) == ("manifest", "manifest", "tsa")
    assert c2pa.origin == "bundled snapshot (github.com/c2pa-org/conformance-public at 7dbff513)"
    assert (c2pa.as_of, interim.as_of) == (date(2026, 8, 21), date(2025, 8, 28))
    assert (c2pa.frozen, interim.frozen) == (None, date(2026, 1, 1))
    assert (settings.eku_origin or "").endswith("interim-store.cfg")
    assert "1.3.6.1.4.1.311.76.59.1.9" in (settings.eku_config or "")  # Microsoft's signing EKU


def test_inspect_options_use_the_same_settings_as_the_command_line() -> None:
    assert InspectOptions().trust == load_trust_settings()
    assert [t.name for t in InspectOptions().trust.lists] == NAMES


def test_the_default_settings_are_built_once_and_again_when_a_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = default_trust_settings()
    assert default_trust_settings() is first
    assert InspectOptions().trust is first
    update_cache(folder=BUNDLED, directory=tmp_path / "cache")
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path / "cache"))
    cached = default_trust_settings()
    assert cached is not first and cached.lists[0].origin.startswith("cache (fetched ")
    monkeypatch.setenv("PROVENANCE_NO_BUNDLED_TRUST", "1")
    monkeypatch.setenv("PROVENANCE_NO_TRUST_CACHE", "1")
    assert not default_trust_settings().configured


# --- precedence ---------------------------------------------------------------------------------------------


def test_a_cached_list_replaces_the_bundled_one_of_the_same_name(tmp_path: Path) -> None:
    update_cache(folder=BUNDLED, directory=tmp_path / "cache")
    settings = load(tmp_path, {"PROVENANCE_CACHE_DIR": str(tmp_path / "cache")})
    assert [t.name for t in settings.lists] == NAMES  # replaced, not added
    assert all(t.origin.startswith("cache (fetched ") for t in settings.lists)
    assert (settings.eku_origin or "").startswith("cache (fetched ")


def test_a_cached_list_older_than_the_bundled_one_is_set_aside_and_said(tmp_path: Path) -> None:
    update_cache(folder=BUNDLED, directory=tmp_path / "cache")
    meta_path = tmp_path / "cache" / "meta.json"
    meta = json.loads(meta_path.read_text())
    # As if fetched from the owners on 2026-02-01: older than the bundled C2PA snapshot (2026-08-21), newer
    # than the bundled interim snapshot (2025-08-28).
    meta.update(fetched_at="2026-02-01T10:00:00+00:00", source={"kind": "official", "location": None})
    meta_path.write_text(json.dumps(meta))
    settings = load(tmp_path, {"PROVENANCE_CACHE_DIR": str(tmp_path / "cache")})
    origins = {t.name: t.origin for t in settings.lists}
    assert origins["c2pa"].startswith("bundled snapshot") and origins["c2pa-tsa"].startswith("bundled")
    assert origins["interim (legacy)"] == "cache (fetched 2026-02-01)"
    assert settings.eku_origin == "cache (fetched 2026-02-01): interim-store.cfg"
    assert any(
        "cached c2pa list (as of 2026-02-01) is older than the bundled one (as of 2026-08-21)" in note
        for note in settings.notes
    )


def test_user_lists_are_added_to_the_bundled_ones(tmp_path: Path) -> None:
    settings = load(tmp_path, anchors=[REPO / "fixtures" / "certs" / "test-root.pem"])
    assert [t.name for t in settings.lists] == ["user", *NAMES]


# --- turning them off ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["argument", "environment", "config file"])
def test_the_bundled_lists_can_be_turned_off(tmp_path: Path, how: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[trust]\nbundled = false\n" if how == "config file" else "")
    env = {"PROVENANCE_NO_BUNDLED_TRUST": "1"} if how == "environment" else {}
    settings = load(tmp_path, env, bundled=how != "argument", config_file=config)
    assert settings.lists == () and not settings.configured
    assert any("bundled lists are turned off" in n for n in settings.notes)


def test_without_the_bundled_lists_the_cache_still_applies(tmp_path: Path) -> None:
    update_cache(folder=BUNDLED, directory=tmp_path / "cache")
    settings = load(tmp_path, {"PROVENANCE_CACHE_DIR": str(tmp_path / "cache")}, bundled=False)
    assert [t.name for t in settings.lists] == NAMES
    assert (settings.eku_origin or "").startswith("cache")
