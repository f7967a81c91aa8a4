"""How old the lists in force are: `trust show` says it, and a run with lists past the limit says so once on
stderr, never in a report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from provenance.errors import TrustConfigError
from provenance.trust import TrustList, TrustSettings, load_trust_settings
from provenance.trust.freshness import age_text, stale_lists, stale_warning
from tests.helpers import fixture

LEGACY = TrustList("interim (legacy)", "PEM", None, as_of=date(2025, 8, 28), frozen=date(2026, 1, 1))
C2PA = TrustList("c2pa", "PEM", None, as_of=date(2026, 8, 21))
USER = TrustList("user", "PEM", None)  # the user's own files: no date, never judged
SETTINGS = TrustSettings((USER, C2PA, LEGACY), max_age_days=90)


def test_a_list_past_the_limit_is_stale_and_a_legacy_or_undated_one_never() -> None:
    assert stale_lists(SETTINGS, date(2026, 11, 19)) == ()  # 90 days: not yet
    assert stale_lists(SETTINGS, date(2026, 11, 20)) == (C2PA,)


def test_a_limit_of_zero_never_warns() -> None:
    never = TrustSettings((C2PA,), max_age_days=0)
    assert stale_lists(never, date(2030, 1, 1)) == () and stale_warning(never, date(2030, 1, 1)) is None


def test_age_in_words() -> None:
    on = date(2026, 11, 28)
    assert age_text(C2PA, on, 90) == "99 days old (out of date: over 90 days)"
    assert age_text(C2PA, date(2026, 8, 22), 90) == "1 day old"
    assert age_text(LEGACY, on, 90) == "legacy, frozen since 2026-01-01"
    assert age_text(USER, on, 90) == ""


def test_the_warning_names_the_lists_their_age_and_what_to_do() -> None:
    text = stale_warning(SETTINGS, date(2026, 11, 28))
    assert text is not None
    assert text.startswith("the trust list c2pa is 99 days old (as of 2026-08-21; the limit is 90)")
    assert "provenance trust update" in text and "--from DIR" in text and "max_age_days" in text


def test_the_limit_comes_from_the_variable_then_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[trust]\nmax_age_days = 30\n")
    env = {"PROVENANCE_CACHE_DIR": str(tmp_path / "none")}
    assert load_trust_settings(environ=env).max_age_days == 90
    assert load_trust_settings(environ=env, config_file=config).max_age_days == 30
    with_variable = {**env, "PROVENANCE_TRUST_MAX_AGE_DAYS": "7"}
    assert load_trust_settings(environ=with_variable, config_file=config).max_age_days == 7


@pytest.mark.parametrize("value", ["-1", "soon", "1.5"])
def test_a_bad_limit_is_a_configuration_error(tmp_path: Path, value: str) -> None:
    env = {"PROVENANCE_CACHE_DIR": str(tmp_path / "none"), "PROVENANCE_TRUST_MAX_AGE_DAYS": value}
    with pytest.raises(TrustConfigError, match="PROVENANCE_TRUST_MAX_AGE_DAYS"):
        load_trust_settings(environ=env)


def test_the_limit_is_not_part_of_what_decides_trust() -> None:
    assert TrustSettings((C2PA,), max_age_days=1).fingerprint() == TrustSettings((C2PA,)).fingerprint()


def run(*args: str, max_age: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": max_age}
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_an_inspect_run_with_old_lists_says_so_once_on_stderr_and_not_in_the_reports() -> None:
    """The bundled C2PA snapshot is dated 2026-08-21: a limit of 1 day makes it out of date whenever the
    test runs; a limit of 0 never warns."""
    files = [str(fixture("ai_generated.jpg")), str(fixture("plain.jpg"))]
    old = run("inspect", "--json", *files, max_age="1")
    assert old.returncode == 0, old.stderr
    assert old.stderr.count("warning:") == 1 and "lists c2pa and c2pa-tsa are" in old.stderr
    fresh = run("inspect", "--json", *files, max_age="0")
    assert fresh.stderr == ""
    assert json.loads(old.stdout) == json.loads(fresh.stdout)  # the data does not depend on the day


def test_inspect_builds_the_lists_and_judges_their_age_only_for_a_file_with_a_manifest() -> None:
    """Files without a manifest need no trust list: `inspect` of them alone says nothing of old lists."""
    plain = run("inspect", "--json", str(fixture("plain.jpg")), str(fixture("exif_camera.jpg")), max_age="1")
    assert plain.returncode == 0 and plain.stderr == ""
    signed = [str(fixture("ai_generated.jpg")), str(fixture("ai_edited.jpg"))]
    both = run("inspect", str(fixture("plain.jpg")), *signed, max_age="1")
    assert both.returncode == 0 and both.stderr.count("warning:") == 1  # once, however many signed files


def test_trust_show_gives_each_list_its_date_and_age() -> None:
    shown = run("trust", "show", max_age="1").stdout
    assert "c2pa  signers, 30 certificates" in shown
    assert "from bundled snapshot (github.com/c2pa-org/conformance-public at 7dbff513)" in shown
    assert "as of 2026-08-21: " in shown and "(out of date: over 1 day)" in shown
    assert "as of 2025-08-28: legacy, frozen since 2026-01-01" in shown
