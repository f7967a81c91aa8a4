"""Every rule of the built-in policies on fixtures the fixture script makes: passing, failing and not
applicable (or not checked) cases."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, PngImagePlugin

import provenance
from provenance.models import Report
from provenance.policy import builtin_names, load_policy
from tests.helpers import fixture


def _statuses(policy: str, name: str, *, deep: bool = False) -> dict[str, str]:
    report = provenance.inspect(fixture(name), options=provenance.InspectOptions(deep=deep))
    return {r.rule: r.status for r in load_policy(policy).evaluate(report).rules}


def test_the_built_in_policies() -> None:
    assert builtin_names() == ["c2pa-strict", "eu-ai-act-50", "gb-45438"]
    for name in builtin_names():
        policy = load_policy(name)
        assert policy.source == "built-in" and policy.rules and policy.description
        assert all(rule.clause and rule.reason for rule in policy.rules)


# (fixture, rule, expected status) for each rule of eu-ai-act-50.
EU = [
    ("ai_generated.jpg", "machine-readable-mark", "passed"),
    ("xmp_iptc_ai.jpg", "machine-readable-mark", "passed"),  # unsigned IPTC still marks it
    ("plain.jpg", "machine-readable-mark", "failed"),
    ("ai_generated.jpg", "signed-provenance", "passed"),
    ("xmp_iptc_ai.jpg", "signed-provenance", "failed"),
    ("captured.jpg", "signed-provenance", "failed"),  # signed, but not AI
    ("ai_generated.jpg", "marks-intact", "passed"),
    ("tampered.jpg", "marks-intact", "failed"),
    ("plain.jpg", "marks-intact", "not_applicable"),
    ("ai_generated.jpg", "time-stamped", "failed"),  # the fixtures are signed without a time-stamp
    ("plain.jpg", "time-stamped", "not_applicable"),
    ("untrusted.jpg", "trusted-signer", "failed"),
    ("plain.jpg", "trusted-signer", "not_applicable"),
    ("ai_generated.jpg", "watermark", "not_checked"),  # pixel checks need --deep
]


@pytest.mark.parametrize(("name", "rule", "status"), EU)
def test_eu_ai_act_50(name: str, rule: str, status: str) -> None:
    assert _statuses("eu-ai-act-50", name)[rule] == status


def test_a_rule_not_checked_says_first_what_did_not_run() -> None:
    report = provenance.inspect(fixture("ai_generated.jpg"))
    results = {r.rule: r for r in load_policy("eu-ai-act-50").evaluate(report).rules}
    why = results["watermark"].why
    assert why.startswith("watermark: pixel checks need --deep; of what was checked: none of: "), why


@pytest.mark.parametrize(
    ("name", "status"),
    [("watermark_declared.jpg", "passed"), ("wm_sdxl.png", "passed"), ("wm_none.png", "failed")],
)
def test_eu_watermark_rule_with_pixel_checks(name: str, status: str) -> None:
    assert _statuses("eu-ai-act-50", name, deep=True)["watermark"] == status


def test_eu_trusted_signer_passes_with_the_fixture_root_trusted(trusted: provenance.InspectOptions) -> None:
    report = provenance.inspect(fixture("ai_generated.jpg"), options=trusted)
    results = {r.rule: r for r in load_policy("eu-ai-act-50").evaluate(report).rules}
    assert results["trusted-signer"].status == "passed"


GB = [
    ("png_tc260_aigc.png", "implicit-label", "passed"),
    ("xmp_tc260_aigc.jpg", "implicit-label", "passed"),
    ("exif_aigc_info.jpg", "implicit-label", "passed"),
    ("ai_generated.jpg", "implicit-label", "failed"),  # a C2PA manifest is not the GB 45438 label
    ("png_tc260_aigc.png", "label-value", "passed"),
    ("exif_aigc_info.jpg", "label-value", "passed"),
    ("plain.jpg", "label-value", "not_applicable"),
    ("png_tc260_aigc.png", "content-producer", "passed"),
    ("plain.jpg", "content-producer", "not_applicable"),
    ("png_tc260_aigc.png", "produce-id", "passed"),
    ("xmp_tc260_aigc.jpg", "propagation", "passed"),
    ("plain.jpg", "propagation", "not_applicable"),
]


@pytest.mark.parametrize(("name", "rule", "status"), GB)
def test_gb_45438(name: str, rule: str, status: str) -> None:
    assert _statuses("gb-45438", name)[rule] == status


@pytest.fixture
def tc260_without_producer() -> Report:
    """A PNG whose AIGC text chunk says Label 0 (not AI) and names no ContentProducer."""
    image = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("AIGC", json.dumps({"Label": "0", "ProduceID": "x-1"}))
    Image.new("RGB", (8, 8)).save(image, "PNG", pnginfo=info)
    return provenance.inspect(image.getvalue())


def test_gb_45438_fails_an_incomplete_label(tc260_without_producer: Report) -> None:
    results = {r.rule: r for r in load_policy("gb-45438").evaluate(tc260_without_producer).rules}
    assert results["implicit-label"].status == "passed"
    assert results["content-producer"].status == "failed"
    assert results["label-value"].status == "failed"
    assert "tc260.label is '0'" in results["label-value"].why


STRICT = [
    ("ai_generated.jpg", "manifest", "passed"),
    ("plain.jpg", "manifest", "failed"),
    ("ai_generated.jpg", "verifies", "passed"),
    ("tampered.jpg", "verifies", "failed"),
    ("plain.jpg", "verifies", "not_applicable"),
    ("untrusted.jpg", "trusted", "failed"),
    ("ai_generated.jpg", "time-stamped", "failed"),
    ("ai_generated.jpg", "source-type", "passed"),
    ("plain.jpg", "source-type", "not_applicable"),
]


@pytest.mark.parametrize(("name", "rule", "status"), STRICT)
def test_c2pa_strict(name: str, rule: str, status: str) -> None:
    assert _statuses("c2pa-strict", name)[rule] == status


def test_an_unreadable_file_fails_every_rule_that_applies() -> None:
    report = provenance.inspect(b"")
    assert report.error is not None
    results = load_policy("c2pa-strict").evaluate(report).rules
    assert {r.status for r in results} == {"failed"}
    assert "could not be inspected (empty)" in results[0].why
