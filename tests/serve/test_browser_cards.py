"""The page's cards as a moderator sees them in Chromium at 1280 and 1920 px (issue 15 item 10): the accent
follows the whole verdict, a card shows the file's own pixels beside its manifest's thumbnail, ingredients
have theirs, the tree's root is named once, and a file that is not media gets an error card while the
others are inspected. Skips without Chromium, as tests/serve/test_browser.py does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from provenance.serve import ServeSettings
from provenance.serve.settings import LOOPBACK_HOST_NAMES
from tests.browser import SERVE_READY, opened
from tests.helpers import fixture

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytest.importorskip("uvicorn")
from tests.serve.servers import running  # noqa: E402  (needs uvicorn)
from tests.serve.test_browser import card, screenshot  # noqa: E402

WIDTHS = (1280, 1920)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running(ServeSettings(allowed_hosts=LOOPBACK_HOST_NAMES)) as url:
        yield url


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    with opened(browser, server + "/", request.param, SERVE_READY) as tab:
        yield tab


def send(page: Any, *files: dict[str, Any]) -> None:
    page.set_input_files("#file", list(files))
    page.wait_for_selector("#status.done")


def named(name: str, data: bytes | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "mimeType": "image/jpeg",
        "buffer": fixture(name).read_bytes() if data is None else data,
    }


def accent(page: Any, index: int) -> tuple[str, str]:
    """The card's accent class and the colour of its left border."""
    article = card(page, index)
    return str(article.get_attribute("data-accent")), str(
        article.evaluate("a => getComputedStyle(a).borderLeftColor")
    )


def test_the_accent_follows_integrity_and_trust_not_only_the_origin(page: Any) -> None:
    tampered_capture = fixture("captured.jpg").read_bytes() + b"changed after signing"
    send(
        page,
        named("captured.jpg"),
        named("tampered_capture.jpg", tampered_capture),
        named("edited_capture.jpg"),
    )
    assert [card(page, i).get_attribute("data-origin") for i in range(3)] == ["captured"] * 3
    intact, tampered, untrusted = (accent(page, i) for i in range(3))
    # The fixtures' signer is on no list: an intact capture nothing trusted vouches for is amber, not green.
    assert intact[0] == untrusted[0] == "warn"
    assert tampered[0] == "bad" and tampered[1] != intact[1]
    integrity = card(page, 1).locator(".card-main [data-field=integrity]")
    assert tampered[1] == integrity.evaluate("b => getComputedStyle(b).color")  # the red of "Tampered"


def test_a_tampered_card_shows_the_file_and_the_manifest_thumbnail_labelled(page: Any) -> None:
    send(page, named("tampered.jpg"))
    figure = card(page, 0).locator("figure.thumb")
    shots = figure.locator(".shot")
    assert shots.count() == 2
    assert figure.locator(".caption").all_inner_texts() == ["this file", "in the Content Credential"]
    own, stored = figure.locator("img.from-file"), figure.locator("img.from-manifest")
    assert own.get_attribute("alt") == "Thumbnail of the uploaded file"
    assert stored.get_attribute("alt") == "Thumbnail stored in the Content Credential"
    for img in (own, stored):
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert own.get_attribute("src") != stored.get_attribute("src")


def test_ingredients_show_their_thumbnails_and_the_root_is_named_once(page: Any) -> None:
    send(page, named("ai_edited.jpg"))
    tree = card(page, 0).locator("ul.tree.root")
    root = tree.locator(":scope > li > .ingredient")
    assert root.locator(".ing-title").inner_text() == "ai_edited.jpg"  # the manifest's title
    assert root.inner_text().count("this file") == 1
    ingredient = tree.locator("ul.tree li .ingredient").first
    assert "captured.jpg" in ingredient.inner_text()
    thumb = ingredient.locator("img.ing-thumb")
    assert thumb.get_attribute("alt") == "Thumbnail of captured.jpg stored in the Content Credential"
    assert thumb.evaluate("i => i.complete && i.naturalWidth > 0")
    box = thumb.bounding_box()
    assert box is not None and box["width"] <= 48 and box["height"] <= 48


def test_a_manifest_without_a_title_is_named_by_the_file_not_this_file_twice(page: Any) -> None:
    def untitled(route: Any) -> None:
        answer = route.fetch()
        data = answer.json()
        data["reports"][0]["c2pa"]["title"] = None
        route.fulfill(response=answer, body=json.dumps(data))

    page.route("**/v1/inspect*", untitled)
    send(page, named("ai_edited.jpg", fixture("ai_edited.jpg").read_bytes()))
    root = card(page, 0).locator("ul.tree.root > li > .ingredient")
    assert root.locator(".ing-title").inner_text() == "ai_edited.jpg"  # the upload's name
    assert root.inner_text().count("this file") == 1


def test_a_file_that_is_not_media_gets_an_error_card_and_the_others_are_inspected(page: Any) -> None:
    notes = {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"meeting notes, not an image"}
    empty = {"name": "empty.jpg", "mimeType": "image/jpeg", "buffer": b""}
    send(page, named("ai_generated.jpg"), notes, empty, named("tampered.jpg"))
    assert page.locator("article.card").count() == 4
    assert page.locator("#status").inner_text() == "Inspected 4 files."
    assert card(page, 0).locator("[data-field=origin] .badge-value").first.inner_text() == "AI-generated"
    for index, name, words in (
        (1, "notes.txt", "Not a media file"),
        (2, "empty.jpg", "Could not inspect (empty)"),
    ):
        error = card(page, index)
        assert error.locator("h3").inner_text() == name
        assert error.get_attribute("data-accent") == "bad"
        assert words in error.locator(".error").inner_text()
        # Nothing was read: no verdict badges, no "no evidence" claim.
        assert error.locator(".badges").count() == 0 and error.locator("table.evidence, .empty").count() == 0
    assert card(page, 3).locator(".codes").count() == 1
    screenshot(page, f"mixed_upload_{page.viewport_size['width']}.png")
