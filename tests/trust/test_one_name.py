"""A certificate on two lists in force is named by one of them, always the same: the public list before the
user's. Given twice to the SDK, c2pa-rs names either list at random from run to run, so a report's
``trust_list`` flipped between "interim (legacy)" and "user" on real Adobe files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from provenance.trust import TrustList, TrustSettings
from provenance.trust.bundles import pem_certificates
from provenance.trust.settings import USER_LIST
from tests.helpers import FIXTURES, corpus, trust_snapshot

ROOT = (FIXTURES / "certs" / "test-root.pem").read_text(encoding="ascii")
ROGUE = (FIXTURES / "certs" / "rogue-root.pem").read_text(encoding="ascii")


def _settings() -> TrustSettings:
    user = TrustList(USER_LIST, ROOT + ROGUE, ROOT)
    published = TrustList("interim (legacy)", ROOT, ROOT)
    return TrustSettings(lists=(user, published))


def test_a_certificate_on_two_lists_reaches_the_sdk_once_under_the_public_list() -> None:
    anchors = _settings().to_sdk()["anchors"]
    assert isinstance(anchors, list)
    by_name = {entry["trust_uri"]: entry for entry in anchors}
    assert [entry["trust_uri"] for entry in anchors] == ["interim (legacy)", USER_LIST]
    assert pem_certificates(by_name["interim (legacy)"]["trust_anchors"]) == pem_certificates(ROOT)
    assert pem_certificates(by_name[USER_LIST]["trust_anchors"]) == pem_certificates(ROGUE)  # only its own
    assert "allowed_list" not in by_name[USER_LIST]  # its one allowed certificate is the public list's


def test_an_allowed_certificate_on_two_lists_is_owned_by_the_public_list() -> None:
    assert set(_settings().allowed_lists().values()) == {"interim (legacy)"}


def test_the_same_real_file_names_the_same_list_in_every_run() -> None:
    """A fresh process each run (the SDK's choice changed between processes): six runs, one name."""
    path = corpus("real-world/starlinglab__2022-bijeljina-investigation/C031.png")
    anchors, allowed = trust_snapshot("interim-anchors.pem"), trust_snapshot("interim-allowed.pem")
    options = ["--trust-anchors", str(anchors), "--allowed-certs", str(allowed)]
    names = set()
    for _ in range(6):
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "inspect", str(path), "--json", *options],
            capture_output=True,
            text=True,
            env={**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0"},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        verdict = json.loads(done.stdout)["verdict"]
        names.add((verdict["trust"], verdict["trust_list"]))
    assert names == {("trusted", "interim (legacy)")}
