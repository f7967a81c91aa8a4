"""``inspect --resolve URL``: a stripped copy asks a C2PA soft-binding resolution API (here our own, a
real ``serve --index`` on 127.0.0.1) which manifest its fingerprints lead to, and reports it as a match
of strength ``fingerprint``, the manifest fetched and validated on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance import inspect
from provenance.models import Origin, Strength
from provenance.serve import ServeSettings
from tests.helpers import no_trust
from tests.index.tracing import _encoded, photo_like
from tests.serve.servers import running

from .test_cli import run


@pytest.fixture(scope="module")
def service(repository_path: Path) -> Iterator[str]:
    with running(ServeSettings(inspect=no_trust(index=str(repository_path)))) as url:
        yield url


def test_a_stripped_copy_is_traced_through_the_api(service: str, stripped_copy: Path) -> None:
    report = inspect(stripped_copy, options=no_trust(resolve=(service,), resolve_private=True))
    best = report.matches[0]
    assert (best.kind, best.source, best.similarity) == ("resolve", service, 100)
    assert best.manifest_id is not None and best.manifest_id.startswith("urn:c2pa:")
    assert best.credentials is not None and best.credentials.state == "verified"
    assert best.original is not None and best.original.origin is Origin.AI_EDITED
    assert best.original.strength is Strength.SIGNED
    assert report.verdict.origin is Origin.UNKNOWN and "fingerprint evidence" in report.verdict.summary
    assert any(c.name == "resolve" and c.ran for c in report.checks)


def test_an_unrelated_picture_is_traced_to_nothing(service: str, tmp_path: Path) -> None:
    path = tmp_path / "unrelated.jpg"
    path.write_bytes(_encoded(photo_like(5), "JPEG", quality=85))
    report = inspect(path, options=no_trust(resolve=(service,), resolve_private=True))
    assert report.matches == ()
    assert any(c.name == "resolve" and c.ran and "0 matches" in (c.detail or "") for c in report.checks)


def test_a_loopback_service_is_refused_unless_allowed(service: str, stripped_copy: Path) -> None:
    report = inspect(stripped_copy, options=no_trust(resolve=(service,)))
    assert report.matches == ()
    assert any(c.name == "resolve" and not c.ran for c in report.checks)


def test_the_command_line_reports_the_service_as_the_source(service: str, stripped_copy: Path) -> None:
    done = run("inspect", str(stripped_copy), "--resolve", service, "--resolve-private", "--json")
    assert done.returncode == 0, done.stderr
    assert '"kind": "resolve"' in done.stdout and f'"source": "{service}"' in done.stdout
    refused = run("inspect", str(stripped_copy), "--resolve", "file:///etc/passwd")
    assert refused.returncode == 2 and "not an http(s) address" in refused.stderr
