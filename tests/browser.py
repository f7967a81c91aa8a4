"""Chromium for the tests that look at a page as a person does (the web page of ``serve``, the HTML audit
report): the system Chromium driven by playwright, one instance per test module. Tests that use it skip,
with the reason, when the playwright package or Chromium is missing (scripts/install-browser installs it).

tests/conftest.py makes ``browser`` a fixture of every test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

SERVE_READY = "#limits:not(:empty)"  # the selector that shows once serve's page has its health answer
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: /usr/bin/chromium is absent and `chromium` is not on PATH")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@contextmanager
def opened(browser: Any, url: str, width: int, ready: str, *, fits: bool = True) -> Iterator[Any]:
    """A tab ``width`` px wide at ``url``, once ``ready`` (a selector) shows. On leaving: no console or page
    error was logged, and, with ``fits``, nothing was wider than the window."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(url)
    tab.wait_for_selector(ready)
    yield tab
    if fits:
        assert tab.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows
    context.close()
    assert errors == [], errors
