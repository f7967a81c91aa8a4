from __future__ import annotations

from pathlib import Path

import pytest

from provenance import InspectOptions, TrustSettings, load_trust_settings
from tests.browser import browser  # noqa: F401  (the Chromium fixture of every browser test)
from tests.helpers import FIXTURES


@pytest.fixture(scope="session")
def test_trust() -> TrustSettings:
    """Trust settings with the fixture script's throwaway root CA as the only anchor."""
    return load_trust_settings(
        anchors=[FIXTURES / "certs" / "test-root.pem"],
        eku_config=FIXTURES / "certs" / "eku.cfg",
        use_cache=False,
    )


@pytest.fixture(scope="session")
def trusted(test_trust: TrustSettings) -> InspectOptions:
    return InspectOptions(trust=test_trust)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's trust cache or config; the bundled lists are in force."""
    base: Path = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(base / "cache"))
    config = base / "config.toml"
    config.write_text("# empty: tests pass trust settings explicitly\n")
    monkeypatch.setenv("PROVENANCE_CONFIG", str(config))
    for name in (
        "PROVENANCE_TRUST_ANCHORS",
        "PROVENANCE_ALLOWED_CERTS",
        "PROVENANCE_TRUST_CONFIG",
        "PROVENANCE_NO_TRUST_CACHE",
        "PROVENANCE_NO_BUNDLED_TRUST",
    ):
        monkeypatch.delenv(name, raising=False)
    # The bundled lists are part of the package and stay on; their age must not decide what a test sees
    # on stderr (tests/trust/test_freshness.py sets its own limit and day).
    monkeypatch.setenv("PROVENANCE_TRUST_MAX_AGE_DAYS", "0")
