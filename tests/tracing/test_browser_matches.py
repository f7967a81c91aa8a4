"""The web page of ``serve --index``: a stripped copy's card shows what it resembles as a part of its own,
the original's thumbnail (from its stored Content Credential) beside the uploaded file's, the distances and
what the original's credentials said; the Evidence table keeps only the file's own. Chromium at 1280 and
1920 px; skips without it, as tests/serve/test_browser.py does. Screenshots in artifacts/issue17/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provenance.serve import ServeSettings
from provenance.serve.settings import LOOPBACK_HOST_NAMES
from tests.browser import SERVE_READY, opened
from tests.helpers import REPO, no_trust

from .conftest import stripped

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytest.importorskip("uvicorn")
from tests.serve.servers import running  # noqa: E402  (needs uvicorn)

ARTIFACTS = REPO / "artifacts" / "issue17"


@pytest.fixture(scope="module")
def server(repository_path: Path) -> Iterator[str]:
    settings = ServeSettings(inspect=no_trust(index=str(repository_path)), allowed_hosts=LOOPBACK_HOST_NAMES)
    with running(settings) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 1920])
def test_a_stripped_copy_shows_the_original_it_resembles(browser: Any, server: str, width: int) -> None:
    with opened(browser, server + "/", width, SERVE_READY) as page:
        page.set_input_files(
            "#file", [{"name": "copy.png", "mimeType": "image/png", "buffer": stripped("ai_edited.jpg")}]
        )
        page.wait_for_selector("#status.done")
        part = page.locator("article.card section.resembles")
        assert part.count() == 1
        first = part.locator("li.match").first
        assert "ai_edited.jpg" in first.locator(".match-name").inner_text()
        body = first.inner_text()
        assert "io.iscc.v0 0/64" in body and 'ai-edited, with "Example Inpainter"' in body
        assert "lead to check, not this file's own statement" in part.inner_text()
        for kind in ("from-file", "from-original"):  # both pictures, side by side
            assert first.locator(f"img.{kind}").evaluate("i => i.naturalWidth") > 0
        evidence = page.locator("article.card").inner_text()
        assert "index:" not in evidence  # the matches' evidence items stay out of the Evidence table
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-matches-{width}.png"), full_page=True)
