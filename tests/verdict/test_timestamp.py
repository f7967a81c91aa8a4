"""The signature's timestamp, shown and explained: a certificate that expired after a timestamped signing
still vouches for it; one without a (trusted) timestamp is ``credential_expired``.

Fixtures: ``timestamped.jpg`` and ``expired_timestamped.jpg`` carry a token from the fixture script's own
time-stamp authority, which chains to the test root; ``expired.jpg`` has none. Real files from the shared
corpus: an Adobe signature stamped by DigiCert (a time-stamp authority the SDK trusts on its own), an expired
Adobe certificate stamped by Adobe's own authority (on no list), and an expired Truepic one with no stamp.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.console import Console

import provenance
from provenance import InspectOptions, TrustSettings
from provenance.formats.table import render
from provenance.models import Integrity, Report, Timestamp, TimestampStatus

from ..helpers import corpus, fixture


def no_trust() -> InspectOptions:
    """No trust list at all: what the SDK reads on its own (expected.tsv was made so)."""
    return InspectOptions(trust=TrustSettings())


TSA = "Provenance Fixtures Time-Stamp Authority"


def _panel(report: Report) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(render(report))
    return console.export_text()


def _stamp(report: Report) -> Timestamp | None:
    assert report.verdict.signer is not None
    return report.verdict.signer.timestamp


def test_a_timestamp_from_a_listed_authority_is_trusted_and_shown(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("timestamped.jpg"), options=trusted)
    stamp = _stamp(report)
    assert stamp is not None
    assert (stamp.status, stamp.authority) == (TimestampStatus.TRUSTED, TSA)
    assert report.verdict.signer is not None and stamp.time == report.verdict.signer.signing_time
    assert stamp.certificate_expires == "2075-01-01T00:00:00+00:00"
    assert report.to_dict()["verdict"]["signer"]["timestamp"]["status"] == "trusted"
    assert f"timestamp  trusted, {stamp.time}, by {TSA}" in _panel(report)


def test_the_same_timestamp_without_a_list_is_untrusted() -> None:
    stamp = _stamp(provenance.inspect(fixture("timestamped.jpg"), options=no_trust()))
    assert stamp is not None
    assert (stamp.status, stamp.authority) == (TimestampStatus.UNTRUSTED, TSA)


def test_a_certificate_that_expired_after_a_trusted_timestamp_still_vouches(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("expired_timestamped.jpg"), options=trusted)
    stamp = _stamp(report)
    assert stamp is not None and stamp.certificate_expires is not None
    assert datetime.fromisoformat(stamp.certificate_expires) < datetime.now(UTC)  # it has expired
    assert (report.verdict.integrity, stamp.status) == (Integrity.INTACT, TimestampStatus.TRUSTED)
    assert (
        f"The signing certificate expired on {stamp.certificate_expires[:10]}, after the signing time "
        f'({stamp.time[:10] if stamp.time else ""}) that a trusted timestamp by "{TSA}" proves: the '
        "signature still holds."
    ) in report.verdict.summary


def test_the_same_expired_certificate_without_a_trusted_timestamp_is_expired() -> None:
    report = provenance.inspect(fixture("expired_timestamped.jpg"), options=no_trust())
    stamp = _stamp(report)
    assert stamp is not None
    assert (report.verdict.integrity, stamp.status) == (
        Integrity.CREDENTIAL_EXPIRED,
        TimestampStatus.UNTRUSTED,
    )
    assert (
        f'has expired, and its timestamp ({stamp.time[:10] if stamp.time else ""}, by "{TSA}") comes from a '
        "time-stamp authority on no trust list, so it cannot prove the certificate was valid when it signed "
        "(signingCredential.expired"
    ) in report.verdict.summary


def test_an_expired_certificate_without_a_timestamp_is_expired_whatever_the_lists(
    trusted: InspectOptions,
) -> None:
    report = provenance.inspect(fixture("expired.jpg"), options=trusted)
    assert (report.verdict.integrity, _stamp(report)) == (Integrity.CREDENTIAL_EXPIRED, None)
    assert (
        "Content and signature are intact, but the signing certificate has expired and the signature carries "
        "no timestamp to prove the certificate was valid when it signed"
    ) in report.verdict.summary
    assert "timestamp  none (the certificate is judged against today's clock)" in _panel(report)
    assert report.to_dict()["verdict"]["signer"]["timestamp"] is None


@pytest.mark.parametrize(
    ("path", "integrity", "status", "authority", "words"),
    [
        pytest.param(
            "TRUEPIC__truepic-c2pa-verify-ui-android/t3.jpg",
            Integrity.INTACT,
            TimestampStatus.TRUSTED,
            "DigiCert Timestamp 2022 - 2",
            "The signing certificate expired on 2024-02-01, after the signing time (2023-03-22) that a "
            'trusted timestamp by "DigiCert Timestamp 2022 - 2" proves: the signature still holds.',
            id="expired-after-a-trusted-stamp",
        ),
        pytest.param(
            "contentauth__opensource.contentauth.org/cai-open-source.jpg",
            Integrity.CREDENTIAL_EXPIRED,
            TimestampStatus.UNTRUSTED,
            "Adobe SHA256 ECC256 Timestamp Responder 2025 1",
            'its timestamp (2025-10-28, by "Adobe SHA256 ECC256 Timestamp Responder 2025 1") comes from a '
            "time-stamp authority on no trust list",
            id="expired-with-an-untrusted-stamp",
        ),
        pytest.param(
            "TRUEPIC__truepic-c2pa-verify-ui-android/t8.jpg",
            Integrity.CREDENTIAL_EXPIRED,
            None,
            None,
            "the signature carries no timestamp to prove the certificate was valid when it signed",
            id="expired-without-a-stamp",
        ),
    ],
)
def test_real_files_with_and_without_timestamps(
    path: str, integrity: Integrity, status: TimestampStatus | None, authority: str | None, words: str
) -> None:
    report = provenance.inspect(corpus("real-world") / path, options=no_trust())
    stamp = _stamp(report)
    assert report.verdict.integrity is integrity
    assert (stamp.status if stamp else None, stamp.authority if stamp else None) == (status, authority)
    assert words in report.verdict.summary
