"""The annotated screenshots of the documentation's moderators page, taken from the running product.

    python scripts/docs_screenshots.py        # writes docs/images/{panel,page,report}.png

- ``panel.png``: ``provenance inspect fixtures/media/ai_edited.jpg`` at 100 columns, its colours kept;
- ``page.png``: the web page of ``provenance serve`` after an upload of the same file;
- ``report.png``: the HTML report of ``provenance audit`` over a few samples.

Each gets numbered markers drawn where the moderators page's numbered notes point (docs/moderators.md).
Needs the system Chromium (scripts/install-browser) and playwright; run again when the panel, the page or
the report change and commit the PNGs (small palette images: the strict docs build needs them present).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Page, sync_playwright
from rich.console import Console
from rich.terminal_theme import MONOKAI
from rich.text import Text

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "images"
SAMPLE = REPO / "fixtures" / "media" / "ai_edited.jpg"
REPORT_SAMPLES = ("ai_edited.jpg", "ai_generated.jpg", "tampered.jpg", "captured.jpg", "gen_comfyui.png")
ENV = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0"}
Box = tuple[float, float]  # where a marker goes: x, y in CSS pixels


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 900, "height": 800})  # the panel is 100 columns
            save(page, "panel.png", panel(page))
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            save(page, "page.png", web_page(page))
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            save(page, "report.png", report(page))
        finally:
            browser.close()
    return 0


def panel(page: Page) -> list[Box]:
    """The terminal panel, rendered from the command's own colours; markers at the lines the notes explain."""
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "inspect", str(SAMPLE.relative_to(REPO)), "--tree"],
        cwd=REPO,
        env={**ENV, "FORCE_COLOR": "1", "COLUMNS": "100", "TERM": "xterm-256color"},
        capture_output=True,
        text=True,
        check=True,
    )
    console = Console(record=True, width=102, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(Text.from_ansi(done.stdout))
    # A terminal palette as people have it (the default export maps "red" to a dark red on black).
    body = console.export_html(inline_styles=True, code_format="{code}", theme=MONOKAI)
    page.set_content(
        "<body style='margin:0;background:#272822;color:#f8f8f2'><pre id=t style='margin:12px;"
        f"font:14px/1.3 DejaVu Sans Mono,monospace'>{body}</pre></body>"
    )
    lines = done.stdout.splitlines()
    shown = [Text.from_ansi(line).plain.strip("│ ") for line in lines]
    wanted = ("Declared", "origin ", "integrity ", "trust ", "C2PA signals", "Evidence", "└── captured")
    rows = [next(i for i, line in enumerate(shown) if line.startswith(w)) for w in wanted]
    top = page.locator("#t").bounding_box()
    assert top is not None
    height = 14 * 1.3  # the <pre>'s line height in CSS pixels
    return [(top["x"] + top["width"] - 18, top["y"] + (row + 0.5) * height) for row in rows]


def web_page(page: Page) -> list[Box]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "provenance", "serve", "--port", str(port)],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/v1/health")
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#limits:not(:empty)")
        page.set_input_files("#file", [str(SAMPLE)])
        page.wait_for_selector("#status.done")
        page.locator("article.card").first.scroll_into_view_if_needed()
        card = page.locator("article.card").first
        return [
            corner(card.locator(".summary")),
            corner(card.locator(".card-main [data-field=origin]")),
            corner(card.locator(".card-main [data-field=trust]")),
            corner(card.locator(".thumb").first),
            corner(card.locator("table.evidence").first),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(page: Page) -> list[Box]:
    with tempfile.TemporaryDirectory() as temporary:
        folder, target = Path(temporary) / "media", Path(temporary) / "report.html"
        folder.mkdir()
        for name in REPORT_SAMPLES:
            (folder / name).write_bytes((REPO / "fixtures" / "media" / name).read_bytes())
        subprocess.run(
            [sys.executable, "-m", "provenance", "audit", str(folder), "--format", "html", "-o", str(target)],
            cwd=REPO,
            env=ENV,
            check=True,
            capture_output=True,
        )
        page.goto(target.as_uri())
        page.wait_for_selector("#rows tr td.path")
        return [
            corner(page.locator(".keys").first),
            corner(page.locator(".controls").first),
            corner(page.locator("#rows tr").first),
        ]


def corner(locator: Any) -> Box:
    box = locator.bounding_box()
    assert box is not None, f"nothing to mark: {locator}"
    return (max(box["x"] - 12, 14), box["y"] + 10)  # just left of the element's top left corner


def save(page: Page, name: str, markers: list[Box]) -> None:
    """Screenshot the page, draw numbered markers, and write a small palette PNG."""
    path = OUT / name
    page.screenshot(path=str(path), full_page=False)
    image = Image.open(path).convert("RGB")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    radius = 9 if name == "panel.png" else 13  # the panel's markers sit a terminal line apart
    for number, (x, y) in enumerate(markers, start=1):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(214, 40, 40), outline="white")
        draw.text((x, y), str(number), fill=(255, 255, 255), font=font, anchor="mm")
    image.quantize(colors=128).save(path, optimize=True)
    print(f"{path.relative_to(REPO)}: {path.stat().st_size:,} bytes, {len(markers)} markers")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


if __name__ == "__main__":
    sys.exit(main())
