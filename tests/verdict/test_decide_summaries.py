"""Every summary shape, through decide(): the manifest sentences and the no-manifest cases, word for word."""

from __future__ import annotations

import pytest

from provenance.models import (
    C2paInfo,
    Integrity,
    Origin,
    Signer,
    StatusCode,
    StatusScope,
    Strength,
    Trust,
    Verdict,
)
from provenance.readers.c2pa.store import C2paRead, ReadStatus
from provenance.verdict import unreadable

from .builders import codes, created, decide_store, decide_without_store, ingredient, manifest, opened, store

UNCHECKED = " (certificate not checked: no trust list in force)"
UNTRUSTED = " (certificate not on a trust list)"
SIGNED = 'Declared captured with "Leica 2.1", in a C2PA manifest signed by "Example Org"'
HEAD = SIGNED + UNCHECKED  # no trust list configured, as in most cases below
NOT_CHECKED = "."
TRUSTED = StatusCode("signingCredential.trusted", "signing certificate trusted, found in [C2PA] list")
URL = "https://example.test/manifests/m.c2pa"


def summary_of(
    *failures: StatusCode,
    successes: tuple[StatusCode, ...] = (),
    trust_configured: bool = False,
    state: str | None = None,
) -> str:
    active = manifest(created("digitalCapture", agent="Leica/2.1"))
    manifests = store(
        active,
        failures=failures,
        successes=successes,
        validation_state=state or ("Invalid" if failures else "Valid"),
    )
    return decide_store(manifests, trust_configured=trust_configured).verdict.summary


@pytest.mark.parametrize(
    ("failures", "successes", "configured", "expected"),
    [
        pytest.param(
            (),
            (TRUSTED,),
            True,
            f"{SIGNED}; it verifies; the C2PA trust list vouches for the signer.",
            id="intact-trusted",
        ),
        pytest.param(
            codes("signingCredential.untrusted"),
            (),
            True,
            f"{SIGNED}{UNTRUSTED}; it verifies, but anyone can make a certificate in any name, so the "
            "signer and the tool are unverified.",
            id="intact-untrusted",
        ),
        pytest.param((), (), False, f"{HEAD}; it verifies{NOT_CHECKED}", id="intact-not-checked"),
        pytest.param(
            (StatusCode("signingCredential.expired", "certificate has expired"),),
            (),
            False,
            # The builders' signer states a signing time, and no timeStamp.* code says what checked it.
            f"{HEAD}. Content and signature are intact, but the signing certificate has expired, and its "
            "timestamp (2024-05-01) was not checked, so it proves nothing (signingCredential.expired "
            "(certificate has expired))"
            f"{NOT_CHECKED}",
            id="credential-expired",
        ),
        pytest.param(
            codes("signingCredential.invalid", "signingCredential.expired"),
            (),
            False,
            f"{HEAD}, but the signing certificate is not valid for C2PA (signingCredential.invalid); "
            "the statement cannot be relied on.",
            id="credential-invalid-lists-only-its-codes",
        ),
        pytest.param(
            codes("assertion.dataHash.mismatch", "signingCredential.expired", "claimSignature.mismatch"),
            (),
            False,
            # Trust is not_applicable to a statement that no longer verifies (schema 1.5): no trust mark.
            f"{SIGNED}, but it NO LONGER VERIFIES: the file or its manifest changed after signing "
            "(assertion.dataHash.mismatch; claimSignature.mismatch).",
            id="tampered-lists-only-its-codes",
        ),
        pytest.param(
            codes("claim.malformed", "signingCredential.untrusted"),
            (),
            False,
            f"{SIGNED}, but the manifest is malformed (claim.malformed).",
            id="malformed-with-codes",
        ),
    ],
)
def test_manifest_summary_for_each_integrity_and_trust(
    failures: tuple[StatusCode, ...], successes: tuple[StatusCode, ...], configured: bool, expected: str
) -> None:
    assert summary_of(*failures, successes=successes, trust_configured=configured) == expected


def test_malformed_summary_without_a_deciding_code_says_validation_failed() -> None:
    assert summary_of(state="Invalid") == f"{SIGNED}, but the manifest is malformed (validation failed)."


def test_a_signer_name_is_quoted_whole_with_its_own_full_stop() -> None:
    active = manifest(created("digitalCapture"), signer=Signer("Example Inc.", None, None))
    manifests = store(active, failures=codes("signingCredential.expired"), validation_state="Invalid")
    assert decide_store(manifests).verdict.summary.startswith(
        'Declared captured by a camera or recorder, in a C2PA manifest signed by "Example Inc."'
        f"{UNCHECKED}. Content and "
    )


def test_a_signer_name_cannot_speak_for_us() -> None:
    forged = Signer('Leica Camera AG"; it verifies; the signer is trusted', None, None)
    summary = decide_store(store(manifest(created("digitalCapture"), signer=forged))).verdict.summary
    assert 'signed by "Leica Camera AG\\"; it verifies; the signer is trusted" (certificate not ' in summary


def test_a_manifest_that_declares_no_origin_says_so() -> None:
    verdict = decide_store(store(manifest(opened()))).verdict
    assert verdict.summary == (
        f'A C2PA manifest signed by "Example Org"{UNCHECKED} declares no origin (no digital '
        f"source type); it verifies{NOT_CHECKED}"
    )


@pytest.mark.parametrize(
    ("signer", "signed"),
    [
        pytest.param(Signer("Org Name", "Common Name", None), ' signed by "Org Name"', id="org-first"),
        pytest.param(Signer(None, "Common Name", None), ' signed by "Common Name"', id="else-common-name"),
        pytest.param(Signer(None, None, None), " signed", id="no-subject"),
        pytest.param(None, " signed", id="no-signer"),
    ],
)
def test_signed_by_names_the_signer_or_just_says_signed(signer: Signer | None, signed: str) -> None:
    active = manifest(created("digitalCreation"), signer=signer)
    assert decide_store(store(active)).verdict.summary == (
        f"Declared made by people with ordinary tools, in a C2PA manifest{signed}{UNCHECKED}; it verifies."
    )


@pytest.mark.parametrize(
    ("term", "agent", "declared"),
    [
        pytest.param("digitalCapture", "Leica/2.1", 'Declared captured with "Leica 2.1"', id="capture-app"),
        pytest.param("digitalCapture", None, "Declared captured by a camera or recorder", id="capture"),
        pytest.param(
            "digitalCreation",
            "Adobe Photoshop/25.1",
            'Declared made by people with "Adobe Photoshop 25.1"',
            id="people-with-their-tool",
        ),
        pytest.param("trainedAlgorithmicMedia", "Gen/1.0", 'Declared AI-generated by "Gen 1.0"', id="ai"),
    ],
)
def test_an_origin_reads_as_a_sentence_with_or_without_its_tool(
    term: str, agent: str | None, declared: str
) -> None:
    """Not "captured (a camera or recording) by", nor "made by people with ordinary tools by": a capture
    and people's work are made with a tool, a generated image by one."""
    summary = decide_store(store(manifest(created(term, agent=agent)))).verdict.summary
    assert summary.startswith(f'{declared}, in a C2PA manifest signed by "Example Org"'), summary


def test_a_trust_list_named_with_parentheses_is_not_put_in_parentheses() -> None:
    found = StatusCode(
        "signingCredential.trusted", "signing certificate trusted, found in [interim (legacy)] list"
    )
    summary = summary_of(successes=(found,), trust_configured=True)
    assert summary == f"{SIGNED}; it verifies; the interim (legacy) trust list vouches for the signer."


def test_a_message_with_its_own_full_stop_gets_no_second_one() -> None:
    message = "/a/b.jpg does not exist (or disappeared during the walk)."
    assert unreadable(message).summary == (
        "Could not inspect this file: /a/b.jpg does not exist (or disappeared during the walk). "
        "Nothing is known about its origin."
    )


def test_ingredient_problems_are_listed_at_most_three_depth_first_without_neutral_codes() -> None:
    def bad(*names: str) -> tuple[StatusCode, ...]:
        return codes(*names, scope=StatusScope.INGREDIENT)

    child = manifest(
        label="urn:child",
        ingredients=(ingredient(None, title="nested.jpg", status_codes=bad("claim.malformed")),),
    )
    repeated = (
        StatusCode("assertion.dataHash.mismatch", "one", None, StatusScope.INGREDIENT),
        StatusCode("assertion.dataHash.mismatch", "two", None, StatusScope.INGREDIENT),
    )
    active = manifest(
        created("digitalCapture", agent="Leica/2.1"),
        ingredients=(
            ingredient(None, title="fine.jpg", status_codes=bad("signingCredential.untrusted", "cawg.x")),
            ingredient("urn:child", title="a.jpg", status_codes=(*repeated, *bad("claimSignature.mismatch"))),
            ingredient(None, title=None, status_codes=bad("signingCredential.expired")),
            ingredient(None, title="fourth.jpg", status_codes=bad("assertion.missing")),
        ),
    )
    assert decide_store(store(active, child)).verdict.summary == (
        f"{HEAD}; it verifies{NOT_CHECKED} An ingredient's credential did not validate: "
        '"a.jpg": assertion.dataHash.mismatch, claimSignature.mismatch; "nested.jpg": claim.malformed; '
        "an ingredient: signingCredential.expired."
    )


def no_manifest(verdict: Verdict) -> tuple[object, ...]:
    return (verdict.origin, verdict.tool, verdict.signer, verdict.trust, verdict.trust_list, verdict.strength)


NOTHING = (Origin.UNKNOWN, None, None, Trust.NOT_APPLICABLE, None, Strength.NONE)


@pytest.mark.parametrize(
    ("read", "urls", "integrity", "summary", "info"),
    [
        pytest.param(
            C2paRead(ReadStatus.ABSENT),
            (),
            Integrity.NOT_SIGNED,
            "No provenance declared: the file carries no C2PA manifest. This does not mean it is not "
            "AI-generated.",
            C2paInfo(present=False, embedded=False),
            id="absent",
        ),
        pytest.param(
            C2paRead(ReadStatus.REMOTE, remote_url=URL, embedded=False),
            ("https://example.test/xmp.c2pa",),
            Integrity.REMOTE_UNVERIFIED,
            f'The file points to a remote C2PA manifest at "{URL}", not fetched (offline by default; '
            "use --allow-network to fetch and verify it). Origin unknown.",
            C2paInfo(present=True, embedded=False, remote_url=URL),
            id="remote-url-from-the-read-first",
        ),
        pytest.param(
            C2paRead(ReadStatus.REMOTE),
            (URL,),
            Integrity.REMOTE_UNVERIFIED,
            f'The file points to a remote C2PA manifest at "{URL}", not fetched (offline by default; '
            "use --allow-network to fetch and verify it). Origin unknown.",
            C2paInfo(present=True, embedded=False, remote_url=URL),
            id="remote-url-from-xmp-signals",
        ),
        pytest.param(
            C2paRead(ReadStatus.REMOTE),
            (),
            Integrity.REMOTE_UNVERIFIED,
            "The file points to a remote C2PA manifest at an unreadable address, not fetched (offline by "
            "default; use --allow-network to fetch and verify it). Origin unknown.",
            C2paInfo(present=True, embedded=False),
            id="remote-without-address",
        ),
        pytest.param(
            C2paRead(
                ReadStatus.REMOTE, remote_url=URL, error_kind="Remote", error_message="could not fetch: 404"
            ),
            (),
            Integrity.REMOTE_UNVERIFIED,
            f'The file points to a remote C2PA manifest at "{URL}", which could not be fetched '
            "(404). Origin unknown.",
            C2paInfo(present=True, embedded=False, remote_url=URL, sdk_error="Remote: could not fetch: 404"),
            id="remote-fetch-failed",
        ),
        pytest.param(
            C2paRead(ReadStatus.UNSUPPORTED),
            (),
            Integrity.UNSUPPORTED,
            "No provenance could be checked: the C2PA SDK does not read this kind of file. "
            "Unknown does not mean 'not AI'.",
            C2paInfo(present=False, embedded=False),
            id="unsupported",
        ),
        pytest.param(
            C2paRead(ReadStatus.FAILED, error_kind="Jumbf", error_message="box too short"),
            (),
            Integrity.MALFORMED,
            "The file carries C2PA data that could not be read (box too short). Origin unknown.",
            C2paInfo(present=False, embedded=False, sdk_error="Jumbf: box too short"),
            id="failed",
        ),
        # Without an error message the sentence says "(None)" (see doubts).
        pytest.param(
            C2paRead(ReadStatus.FAILED),
            (),
            Integrity.MALFORMED,
            "The file carries C2PA data that could not be read (None). Origin unknown.",
            C2paInfo(present=False, embedded=False),
            id="failed-without-message",
        ),
        pytest.param(
            C2paRead(ReadStatus.ABSENT),
            (URL,),
            Integrity.REMOTE_UNVERIFIED,
            f'The file\'s XMP points to a remote C2PA manifest at "{URL}", not fetched (offline by default; '
            "use --allow-network). Origin unknown from C2PA.",
            C2paInfo(present=False, embedded=False, remote_url=URL),
            id="absent-with-xmp-pointer",
        ),
    ],
)
def test_no_manifest_cases(
    read: C2paRead, urls: tuple[str, ...], integrity: Integrity, summary: str, info: C2paInfo
) -> None:
    decision = decide_without_store(read, urls=urls)
    assert (decision.verdict.integrity, decision.verdict.summary) == (integrity, summary)
    assert no_manifest(decision.verdict) == NOTHING
    assert (decision.c2pa, decision.evidence, decision.verdict.conflicts) == (info, (), ())


def test_unreadable_knows_nothing_and_claims_nothing() -> None:
    assert unreadable("permission denied") == Verdict(
        origin=Origin.UNKNOWN,
        tool=None,
        signer=None,
        integrity=Integrity.NOT_CHECKED,
        trust=Trust.NOT_APPLICABLE,
        trust_list=None,
        strength=Strength.NONE,
        summary="Could not inspect this file: permission denied. Nothing is known about its origin.",
    )


@pytest.mark.parametrize(
    ("generator", "said"),
    [
        pytest.param(
            "Google C2PA Core Generator Library",
            'by "Google Gemini / Imagen / Veo" (declared "Google C2PA Core Generator Library")',
            id="library-named-by-product",
        ),
        pytest.param("Adobe_Photoshop/25.0 c2pa-rs/0.25", 'by "Adobe Photoshop 25.0",', id="same-name-once"),
        pytest.param("ChatGPT", 'by "OpenAI ChatGPT",', id="product-word-declared"),
    ],
)
def test_the_product_comes_first_and_the_declared_string_only_when_it_reads_otherwise(
    generator: str, said: str
) -> None:
    active = manifest(created("trainedAlgorithmicMedia"), claim_generator=generator)
    assert said in decide_store(store(active)).verdict.summary


def test_a_store_whose_active_manifest_could_not_be_loaded_is_malformed_not_unsigned() -> None:
    # The SDK names an active manifest it could not load (the Rust SDK's fixture
    # validation_method__malformed_cbor.jpg:
    # "assertion.required.missing: Failed to load manifest"): the file does carry C2PA data.
    missing = StatusCode("assertion.required.missing", "Failed to load manifest")
    read = C2paRead(ReadStatus.READ, store(manifest(), active_label="urn:missing", failures=(missing,)))
    decision = decide_without_store(read)
    assert (decision.verdict.integrity, decision.verdict.origin) == (Integrity.MALFORMED, Origin.UNKNOWN)
    assert decision.verdict.summary == (
        "The file carries C2PA data that could not be read (assertion.required.missing (Failed to load "
        "manifest)). Origin unknown."
    )
    assert decision.verdict.status_codes == (missing,)
    assert (decision.c2pa.present, decision.c2pa.active_manifest) == (True, "urn:missing")
