"""`provenance trust update --from DIR` on a machine without network, and an update that must be refused:
the lists are checked before the cache is touched, and a refused update leaves the previous cache as it
was (and in force)."""

from __future__ import annotations

import base64
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance import Trust
from provenance.cli import main
from provenance.trust import default_trust_settings
from provenance.trust.cache import CACHE_FILES
from provenance.trust.update import MAX_FILE_SIZE
from tests.helpers import CORPUS, TRUST_SNAPSHOTS

BUTTERFLY = CORPUS / "real-world" / "contentauth__verify-site" / "butteryfly.jpg"  # interim anchors

pytestmark = pytest.mark.skipif(
    not TRUST_SNAPSHOTS.is_dir(), reason=f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}"
)


@pytest.fixture
def network_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way out of this process refused, and recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:2] if name == 'connect' else args[:1]}")
            raise OSError(101, "Network is unreachable (network switched off by the test)")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(folder))
    return folder


@dataclass
class Run:
    exit_code: int
    output: str  # stdout and stderr


@pytest.fixture
def update(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`provenance trust update ARGS` in this process (where the network is off), through the console
    entry point, so errors get their message and exit code as a user sees them."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        monkeypatch.setenv("COLUMNS", "1000")  # messages on one line each
        monkeypatch.setattr(sys, "argv", ["provenance", "trust", "update", *args])
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out + captured.err)

    return run


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_update_from_a_folder_works_with_the_network_off(
    network_off: list[str], cache: Path, update: Callable[..., Run]
) -> None:
    result = update("--from", str(TRUST_SNAPSHOTS))
    assert result.exit_code == 0, result.output
    assert f"from the local folder {TRUST_SNAPSHOTS.resolve()}" in result.output
    assert set(files(cache)) == {*CACHE_FILES, "meta.json"}
    settings = default_trust_settings()
    today = datetime.now(UTC).date()
    assert [t.name for t in settings.lists] == ["c2pa", "interim (legacy)", "c2pa-tsa"]
    assert {t.origin for t in settings.lists} == {
        f"cache (fetched {today} from the local folder {TRUST_SNAPSHOTS.resolve()})"
    }
    if BUTTERFLY.is_file():
        verdict = provenance.inspect(BUTTERFLY).verdict
        assert (verdict.trust, verdict.trust_list) == (Trust.TRUSTED, "interim (legacy)")
    assert network_off == []  # nothing even tried


def test_a_file_mirror_is_refused_with_a_pointer_to_from(
    network_off: list[str], cache: Path, update: Callable[..., Run]
) -> None:
    result = update("--mirror", TRUST_SNAPSHOTS.resolve().as_uri())
    assert result.exit_code == 2
    assert "--from DIR" in result.output
    assert not cache.exists() and network_off == []


def _damage_a_certificate(text: str) -> str:
    start = text.index("-----BEGIN CERTIFICATE-----", 1000) + len("-----BEGIN CERTIFICATE-----\n")
    return text[:start] + "!!!!" + text[start + 4 :]


def _replace_the_first_certificate(text: str) -> str:
    """Valid base64 and DER, but a SEQUENCE holding one INTEGER: not a certificate (the SDK would skip it)."""
    start = text.index("-----BEGIN CERTIFICATE-----") + len("-----BEGIN CERTIFICATE-----\n")
    end = text.index("-----END CERTIFICATE-----")
    return text[:start] + base64.b64encode(b"\x30\x03\x02\x01\x00").decode() + "\n" + text[end:]


CORRUPTIONS: dict[str, tuple[Callable[[str], str | bytes], str]] = {
    "damaged base64": (_damage_a_certificate, "certificate 2 is not valid base64"),
    "not a certificate": (_replace_the_first_certificate, "certificate 1 is not an X.509 certificate"),
    "no certificate": (lambda text: "<html>Please log in</html>\n", "no certificate"),
    "truncated": (lambda text: text[: len(text) // 2], "has no '-----END CERTIFICATE-----' line"),
    "too large": (lambda text: text + "\n" * MAX_FILE_SIZE, "larger than 5 MB"),
    "empty": (lambda text: b"", "empty file"),
}


@pytest.mark.parametrize("accept_unknown", [False, True], ids=["known-only", "accept-unknown"])
@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_list_is_refused_and_the_previous_cache_survives(
    network_off: list[str],
    cache: Path,
    update: Callable[..., Run],
    tmp_path: Path,
    corruption: str,
    accept_unknown: bool,
) -> None:
    assert update("--from", str(TRUST_SNAPSHOTS)).exit_code == 0
    before = files(cache)
    in_force = default_trust_settings()
    folder = tmp_path / "corrupt"
    folder.mkdir()
    for name in CACHE_FILES:
        (folder / name).write_bytes((TRUST_SNAPSHOTS / name).read_bytes())
    change, message = CORRUPTIONS[corruption]
    changed = change((folder / "C2PA-TRUST-LIST.pem").read_text())
    target = folder / "C2PA-TRUST-LIST.pem"
    target.write_bytes(changed if isinstance(changed, bytes) else changed.encode())

    result = update("--from", str(folder), *(["--accept-unknown"] if accept_unknown else []))
    assert result.exit_code == 4, result.output
    assert "C2PA-TRUST-LIST.pem" in result.output
    # What is refused: the content itself, or (without --accept-unknown) content no snapshot matches.
    assert message in result.output or (not accept_unknown and "--accept-unknown" in result.output)
    assert "The previous cache, if any, is unchanged" in result.output
    assert files(cache) == before
    assert [p.name for p in cache.parent.iterdir()] == ["cache", "corrupt"]  # no staging folder left
    assert default_trust_settings() == in_force
    assert network_off == []
