"""The page's cards with the C2PA's own reading and, with ``serve --policy``, the policy results, in Chromium
at 1280 and 1920 px (issues 18 and 20): the official signals with their report texts, the conforming
product (or "not on the conforming products list", in red when the file claims a signal its product may
not), each failed rule with why and its clause, the passes folded into one line. Skips without Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provenance import InspectOptions
from provenance.policy import load_policy
from provenance.serve import ServeSettings
from provenance.serve.settings import LOOPBACK_HOST_NAMES
from tests.browser import SERVE_READY, opened
from tests.conforming.conftest import PIXEL, SNAPSEED, Sign, sign_jpeg, signer_kit  # noqa: F401  (fixtures)
from tests.helpers import REPO, corpus, fixture

pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytest.importorskip("uvicorn")
from tests.serve.servers import running
from tests.serve.test_browser_cards import WIDTHS, send

ARTIFACTS = REPO / "artifacts" / "issue18"
FIREFLY = "real-world/contentauth__verify-site/butteryfly.jpg"


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    policy = InspectOptions(policies=(load_policy("eu-ai-act-50"),))
    with (
        running(ServeSettings(inspect=policy, allowed_hosts=LOOPBACK_HOST_NAMES)) as with_policy,
        running(ServeSettings(allowed_hosts=LOOPBACK_HOST_NAMES)) as without,
    ):
        yield {"policy": with_policy, "none": without}


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any, servers: dict[str, str]) -> Iterator[Any]:
    with opened(browser, servers["policy"] + "/", request.param, SERVE_READY) as tab:
        yield tab


def file_of(path: Path, name: str | None = None) -> dict[str, Any]:
    return {"name": name or path.name, "mimeType": "image/jpeg", "buffer": path.read_bytes()}


def card(page: Any, index: int) -> Any:
    return page.locator("article.card").nth(index)


def words(locator: Any) -> list[str]:
    return [" ".join(str(t).split()) for t in locator.all_inner_texts()]


def test_an_ai_file_shows_its_signals_its_product_and_its_policy(page: Any) -> None:
    send(page, file_of(corpus(FIREFLY)), file_of(fixture("plain.jpg")))
    width = page.viewport_size["width"]
    card(page, 0).screenshot(path=str(ARTIFACTS / f"page_firefly_{width}.png"))
    official = card(page, 0).locator(".official")
    assert words(official.locator(".signals li")) == ["ambiguousActions Contains ambiguous actions"]
    assert words(official.locator(".product")) == ["Conforming product: not on the conforming products list"]
    assert official.locator("h4").inner_text().lower() == "c2pa signals"
    policy = card(page, 0).locator('.policies .policy[data-policy="eu-ai-act-50"]')
    assert words(policy.locator(".policy-head")) == ["eu-ai-act-50 1 not checked, 5 passed"]
    assert words(policy.locator('li[data-status="passed"]')) == [
        "Passed machine-readable-mark, signed-provenance, marks-intact, time-stamped, trusted-signer"
    ]
    unchecked = policy.locator('li[data-status="not_checked"]')
    assert unchecked.get_attribute("data-rule") == "watermark"
    assert unchecked.locator(".clause").inner_text() == (
        "Code of Practice, marking: an imperceptible watermark as a second layer"
    )
    # A file without a manifest: no C2PA signals, but its failures, each with why.
    assert card(page, 1).locator(".official").count() == 0
    failed = card(page, 1).locator('.policies li[data-status="failed"]')
    assert [f.get_attribute("data-rule") for f in failed.all()] == [
        "machine-readable-mark",
        "signed-provenance",
    ]
    assert "ai is false, not true" in failed.first.inner_text()


def test_listed_products_are_named_and_a_disallowed_claim_is_red(page: Any, sign_jpeg: Sign) -> None:  # noqa: F811
    pixel = sign_jpeg(PIXEL, {"name": "Pixel Camera", "version": "69307851"}, "digitalCapture")
    snapseed = sign_jpeg(SNAPSEED, {"name": "Snapseed", "version": "4.0.9"}, "digitalCapture")
    send(
        page,
        {"name": "pixel.jpg", "mimeType": "image/jpeg", "buffer": pixel},
        {"name": "snapseed.jpg", "mimeType": "image/jpeg", "buffer": snapseed},
    )
    width = page.viewport_size["width"]
    card(page, 1).screenshot(path=str(ARTIFACTS / f"page_snapseed_{width}.png"))
    chips = card(page, 0).locator(".official .signal")
    assert chips.all_inner_texts() == ["capturedMedia", "ambiguousActions"]
    assert "tone-ok" in str(chips.first.get_attribute("class"))
    pixel_product = card(page, 0).locator(".official .product")
    assert words(pixel_product) == [
        "Conforming product: Pixel Camera (Google LLC): a conforming generator product, assurance level 2"
    ]
    assert "tone-text-ok" in str(pixel_product.locator(".product-summary").get_attribute("class"))
    snapseed_product = card(page, 1).locator(".official .product .product-summary")
    assert snapseed_product.inner_text().endswith(
        "it may not claim capturedMedia, which this manifest claims"
    )
    assert "tone-text-bad" in str(snapseed_product.get_attribute("class"))


@pytest.mark.parametrize("width", WIDTHS)
def test_without_serve_policy_a_card_has_no_policies_part(
    browser: Any,
    servers: dict[str, str],
    width: int,
) -> None:
    with opened(browser, servers["none"] + "/", width, SERVE_READY, fits=False) as tab:
        send(tab, file_of(fixture("ai_generated.jpg")))
        assert tab.locator("article.card .policies").count() == 0
        chips = tab.locator("article.card .official .signal")
        assert chips.all_inner_texts() == ["fullyGenAIMedia", "ambiguousActions"]
        assert "tone-ai" in str(chips.first.get_attribute("class"))
