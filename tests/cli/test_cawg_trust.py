"""CAWG identity trust from the command line and the config file: --cawg-anchors, --ica-issuer, [trust]
cawg_anchors / ica_issuers. It decides identity trust only, never a claim signer's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from provenance import load_trust_settings
from tests.helpers import FIXTURES, fixture

CAWG_ROOT = FIXTURES / "certs" / "cawg-root.pem"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def identity(result: subprocess.CompletedProcess[str]) -> tuple[str, str, str | None]:
    assert result.returncode == 0, result.stderr
    [found] = json.loads(result.stdout)["identities"]
    return found["state"], found["trust"], found["trust_list"]


def test_cawg_anchors_on_the_command_line_trust_an_identity_certificate() -> None:
    path = str(fixture("identity_x509.jpg"))
    assert identity(run("inspect", path, "--json")) == ("valid", "not_checked", None)
    assert identity(run("inspect", path, "--json", "--cawg-anchors", str(CAWG_ROOT))) == (
        "valid",
        "trusted",
        "cawg",
    )
    rogue = str(fixture("identity_untrusted.jpg"))
    assert identity(run("inspect", rogue, "--json", "--cawg-anchors", str(CAWG_ROOT))) == (
        "valid",
        "untrusted",
        None,
    )


def test_the_config_file_names_cawg_anchors_and_trusted_aggregators(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[trust]\ncawg_anchors = ["{CAWG_ROOT}"]\nica_issuers = ["did:web:news.example"]\n')
    settings = load_trust_settings(config_file=config, use_cache=False, bundled=False)
    assert [(t.name, t.kind) for t in settings.lists] == [("cawg", "cawg")]
    assert settings.ica_issuers == ("did:web:news.example",)
    # A CAWG list is no claim-signer list: nothing is passed to the C2PA read, signers are not checked.
    assert not settings.configured
    assert settings.to_sdk() == {}
    result = run("inspect", str(fixture("identity_x509.jpg")), "--json", "--config", str(config))
    assert identity(result) == ("valid", "trusted", "cawg")
    assert json.loads(result.stdout)["verdict"]["trust"] != "trusted"


def test_a_bad_aggregator_list_in_the_config_file_is_a_configuration_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[trust]\nica_issuers = "did:web:news.example"\n')
    result = run("inspect", str(fixture("identity_x509.jpg")), "--config", str(config))
    assert result.returncode == 4
    assert "ica_issuers must be a list of DIDs" in result.stderr


def test_trusted_aggregators_change_the_settings_fingerprint() -> None:
    plain = load_trust_settings(use_cache=False, bundled=False)
    issuers = load_trust_settings(use_cache=False, bundled=False, ica_issuers=["did:web:news.example"])
    assert plain.fingerprint() != issuers.fingerprint()


def test_trust_show_lists_the_cawg_list_and_the_aggregators() -> None:
    result = run(
        "trust",
        "show",
        "--no-bundled-trust",
        "--cawg-anchors",
        str(CAWG_ROOT),
        "--ica-issuer",
        "did:web:a.example",
    )
    assert result.returncode == 0, result.stderr
    assert "cawg  creator identities, 1 certificate" in result.stdout
    assert "Trusted identity claims aggregator (CAWG): did:web:a.example" in result.stdout
