"""The moderator page in a real browser: the system Chromium, headless, driven by Playwright, against a
real uvicorn server on a free loopback port. Skips when no Chromium is installed
(``scripts/install-browser`` installs Debian's)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from provenance import InspectOptions, load_trust_settings
from provenance.serve import ServeSettings
from provenance.serve import uploads as uploads_module
from provenance.serve.settings import LOOPBACK_HOST_NAMES
from tests.helpers import REPO, fixture

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytest.importorskip("uvicorn")
from tests.serve.servers import running  # noqa: E402  (needs uvicorn)

ARTIFACTS = REPO / "artifacts" / "serve"
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
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: /usr/bin/chromium is absent and `chromium` is not on PATH")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running(ServeSettings(allowed_hosts=LOOPBACK_HOST_NAMES)) as url:
        yield url


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page on the app that fails the test on any request to another origin or any console error."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: None if r.url.startswith((server, "data:")) else foreign.append(r.url))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" and not _api_refusal(m) else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(server + "/")
    tab.wait_for_selector("#limits:not(:empty)")  # the health call came back
    yield tab
    context.close()
    assert foreign == [], f"the page fetched from elsewhere: {foreign}"
    assert errors == [], f"console errors (CSP violations show here): {errors}"


def _api_refusal(message: Any) -> bool:
    """Chromium logs every 4xx answer of the API; the page shows those itself (tested below)."""
    url = str((message.location or {}).get("url", ""))
    return "/v1/inspect" in url and message.text.startswith("Failed to load resource")


def card(page: Any, index: int) -> Any:
    return page.locator("article.card").nth(index)


def badge(page: Any, index: int, field: str) -> str:
    return str(card(page, index).locator(f".card-main [data-field={field}] .badge-value").inner_text())


def upload(page: Any, *names: str) -> None:
    page.set_input_files("#file", [str(fixture(name)) for name in names])
    page.wait_for_selector("#status.done")


def drop(page: Any, name: str) -> None:
    """Drop the fixture ``name`` on the page's drop zone, as a person dragging a file there does."""
    page.evaluate(
        """([bytes, name]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "image/jpeg"}));
            document.getElementById("dropzone").dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        [list(fixture(name).read_bytes()), name],
    )
    page.wait_for_selector("#status.done")


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"\nscreenshot saved: {path}")
    return path


def test_three_fixtures_show_three_different_verdicts(page: Any) -> None:
    upload(page, "ai_generated.jpg", "tampered.jpg", "plain.png")
    assert page.locator("article.card").count() == 3
    assert [card(page, i).locator("h3").inner_text() for i in range(3)] == [
        "ai_generated.jpg",
        "tampered.jpg",
        "plain.png",
    ]
    # AI-generated, signed and intact.
    assert badge(page, 0, "origin") == "AI-generated"
    assert badge(page, 0, "integrity") == "Intact: signature verifies"
    assert badge(page, 0, "strength") == "Signed manifest"
    summary = card(page, 0).locator(".summary").inner_text()
    assert "Declared AI-generated by" in summary and "Example Diffusion 2.1" in summary
    # Tampered: the claim no longer verifies, its status code is shown verbatim, signals disagree.
    assert badge(page, 1, "integrity") == "Tampered: no longer verifies"
    assert badge(page, 1, "strength") == "Unsigned: can be forged or stripped"
    assert "assertion.dataHash.mismatch" in card(page, 1).locator(".codes").inner_text()
    assert card(page, 1).locator(".conflicts").is_visible()
    # Plain: nothing declared is unknown, never "not AI".
    assert badge(page, 2, "origin") == "Unknown"
    assert badge(page, 2, "integrity") == "Not signed"
    assert "does not mean it is not AI-generated" in card(page, 2).locator(".summary").inner_text()
    assert "not proof it is not AI" in card(page, 2).locator(".empty").inner_text()
    # Each verdict looks different, not only reads different.
    classes = {card(page, i).get_attribute("class") for i in range(3)}
    integrity = ".card-main [data-field=integrity]"
    tones = {card(page, i).locator(integrity).get_attribute("class") for i in range(3)}
    # Borders: ai, bad (the statement no longer holds), unknown; integrity badges: ok, bad, unknown.
    assert len(tones) == 3 and len(classes) == 3
    screenshot(page, "three_verdicts.png")


def test_ai_generated_fixture_shows_tool_signer_evidence_and_manifest_thumbnail(page: Any) -> None:
    upload(page, "ai_generated.jpg")
    first = card(page, 0)
    facts = first.locator(".facts").inner_text()
    assert "Example Diffusion 2.1" in facts and "Provenance Fixtures" in facts
    assert badge(page, 0, "trust") == "Untrusted signer"  # the fixtures' throwaway root is on no public list
    thumb = first.locator(".thumb img.from-manifest")
    assert thumb.get_attribute("alt") == "Thumbnail stored in the Content Credential"
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
    evidence = first.locator("table.evidence tbody tr")
    assert evidence.count() >= 1
    assert "trainedAlgorithmicMedia" in evidence.first.inner_text()
    assert evidence.first.locator(".pill").inner_text() == "signed"
    path = screenshot(page, "ai_generated.png")
    assert path.stat().st_size > 10_000


def test_unsigned_metadata_is_marked_unsigned(page: Any) -> None:
    upload(page, "xmp_iptc_ai.jpg")
    assert badge(page, 0, "origin") == "AI-generated"
    assert badge(page, 0, "strength") == "Unsigned: can be forged or stripped"
    assert card(page, 0).locator("table.evidence .pill").first.inner_text() == "unsigned"


def test_a_dropped_file_shows_its_ingredient_history_as_a_tree(page: Any) -> None:
    drop(page, "ai_edited.jpg")
    assert badge(page, 0, "origin") == "AI-edited"
    tree = card(page, 0).locator("ul.tree.root")
    nested = tree.locator("ul.tree li")
    assert nested.count() == 1
    text = nested.first.inner_text()
    assert "captured.jpg" in text and "parentOf" in text and "Example Camera 3.0" in text
    assert nested.first.locator("[data-field=origin] .badge-value").inner_text() == "Captured"


def test_untitled_inputs_are_summarised_in_one_line(page: Any) -> None:
    """Some tools list dozens of bare inputs: the page says how many, not each (the server's answer is
    altered on its way to the page, so any file will do)."""

    def with_bare_inputs(route: Any) -> None:
        answer = route.fetch()
        data = answer.json()
        bare = {
            "title": None, "format": "image/jpeg", "relationship": "inputTo", "manifest": None,
            "claim_generator": None, "origin": "unknown", "tool": None, "signer": None, "status_codes": [],
            "ingredients": [], "repeated": False,
        }  # fmt: skip
        data["reports"][0]["c2pa"]["ingredients"] += [dict(bare) for _ in range(12)]
        route.fulfill(response=answer, body=json.dumps(data))

    page.route("**/v1/inspect*", with_bare_inputs)
    drop(page, "ai_edited.jpg")
    items = card(page, 0).locator("ul.tree.root > li")
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    assert any("12 untitled inputs" in t for t in texts), texts
    assert not any("(untitled)" in t for t in texts)
    assert any("captured.jpg" in t for t in texts)


def test_the_page_is_usable_with_the_keyboard(page: Any) -> None:
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if reached[-1] == "file":
            break
    assert "file" in reached, f"the file picker is not reachable by Tab: {reached}"
    upload(page, "tampered.jpg")
    assert page.evaluate("document.activeElement.id") == "results"  # focus moves to the results
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert card(page, 0).locator("details.checks-box").get_attribute("open") is not None
    assert "c2pa: ran" in card(page, 0).locator(".checks").inner_text()


def test_report_values_are_shown_as_text_never_run(page: Any) -> None:
    hostile = "<img src=x onerror=document.title=1>.png"
    page.set_input_files(
        "#file",
        [{"name": hostile, "mimeType": "image/png", "buffer": fixture("plain.png").read_bytes()}],
    )
    page.wait_for_selector("#status.done")
    assert card(page, 0).locator("h3").inner_text() == hostile
    assert page.locator("img[src=x]").count() == 0
    assert page.title() != "1"


def test_a_refused_upload_shows_the_server_message(page: Any) -> None:
    page.set_input_files("#file", [{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    page.wait_for_selector("#status.failed")
    assert "(415)" in page.locator("#status").inner_text()
    assert page.locator("article.card").count() == 0


def test_a_token_server_takes_the_token_from_the_page(browser: Any) -> None:
    settings = ServeSettings(token="page-token", allowed_hosts=LOOPBACK_HOST_NAMES)
    with running(settings) as url:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(url + "/")
        tab.wait_for_selector("#token-box[open]")  # the health call says a token is needed
        tab.set_input_files("#file", [str(fixture("plain.png"))])
        tab.wait_for_selector("#status.failed")
        assert "(401)" in tab.locator("#status").inner_text()
        assert tab.evaluate("document.activeElement.id") == "token"
        tab.fill("#token", "page-token")
        assert tab.evaluate("sessionStorage.getItem('provenance.token')") == "page-token"
        tab.set_input_files("#file", [str(fixture("ai_generated.png"))])
        tab.wait_for_selector("#status.done")
        origin = tab.locator("article.card [data-field=origin] .badge-value").first
        assert origin.inner_text() == "AI-generated"
        context.close()


# A page of another origin (another port of 127.0.0.1) whose form posts a file to the app, as any web
# page a moderator opens could: a form needs no CORS permission.
FOREIGN_PAGE = """<!doctype html><html><head><title>elsewhere</title></head><body>
<form id="form" method="post" enctype="multipart/form-data" action="{target}/v1/inspect">
<input id="file" type="file" name="file"><button id="send" type="submit">send</button>
</form></body></html>"""


@contextmanager
def foreign_site(target: str) -> Iterator[str]:
    """Serves FOREIGN_PAGE on another loopback port; yields its base URL."""
    page = FOREIGN_PAGE.format(target=target).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()


@pytest.fixture
def inspected(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The names of the uploads the server inspects (it runs in this process)."""
    names: list[str | None] = []
    real = uploads_module.inspect_upload

    def spy(upload: Any, options: Any) -> Any:
        names.append(upload.name)
        return real(upload, options)

    monkeypatch.setattr(uploads_module, "inspect_upload", spy)
    return names


def test_a_page_of_another_origin_cannot_have_the_browser_upload_files(
    browser: Any, server: str, inspected: list[str | None]
) -> None:
    context = browser.new_context()
    tab = context.new_page()
    with foreign_site(server) as elsewhere:
        tab.goto(elsewhere + "/")
        tab.set_input_files("#file", [str(fixture("ai_generated.jpg"))])
        with tab.expect_navigation() as navigation:
            tab.click("#send")
        answer = navigation.value
        assert answer.status == 403
        assert json.loads(answer.text())["error"] == "forbidden"
        # A script of that page: a no-cors fetch reads no answer, but must not get a file inspected either.
        tab.goto(elsewhere + "/")
        tab.evaluate(
            """async ([target, bytes]) => {
                const form = new FormData();
                form.append("file", new File([new Uint8Array(bytes)], "scripted.jpg", {type: "image/jpeg"}));
                // The request is sent; the answer is withheld (Cross-Origin-Resource-Policy): an error here.
                try { await fetch(target + "/v1/inspect", {method: "POST", body: form, mode: "no-cors"}); }
                catch (e) { /* expected */ }
            }""",
            [server, list(fixture("plain.jpg").read_bytes())],
        )
    assert inspected == []
    # The app's own page, same origin, still uploads.
    tab.goto(server + "/")
    tab.set_input_files("#file", [str(fixture("ai_generated.jpg"))])
    tab.wait_for_selector("#status.done")
    assert inspected == ["ai_generated.jpg"]
    context.close()


def test_the_page_tries_again_when_the_server_is_busy(browser: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = uploads_module.inspect_upload

    def held(upload: Any, options: Any) -> Any:
        if upload.name == "held.jpg":
            release.wait(10)
        return real(upload, options)

    monkeypatch.setattr(uploads_module, "inspect_upload", held)
    settings = ServeSettings(workers=1, max_queue=1, allowed_hosts=LOOPBACK_HOST_NAMES)
    with running(settings) as url:
        boundary = "browser-test-boundary"
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="held.jpg"\r\n\r\n'
        body = head.encode() + fixture("plain.jpg").read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        holder = http.client.HTTPConnection(url.removeprefix("http://"), timeout=15)
        holder.request(
            "POST", "/v1/inspect", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(url + "/")
        tab.set_input_files("#file", [str(fixture("ai_generated.png"))])
        tab.wait_for_function("document.getElementById('status').textContent.includes('busy')")
        release.set()
        assert holder.getresponse().status == 200
        holder.close()
        tab.wait_for_selector("#status.done", timeout=10_000)
        assert (
            tab.locator("article.card [data-field=origin] .badge-value").first.inner_text() == "AI-generated"
        )
        context.close()


def test_creator_identities_show_who_how_and_whether_they_hold(page: Any) -> None:
    """CAWG identity assertions: a valid one (no CAWG list is configured: its issuer is not checked) and one
    whose signature does not match its certificate; each with who, how, its state and why."""
    upload(page, "identity_x509.jpg", "identity_bad_signature.jpg")
    for index, (state, words, trust) in enumerate(
        [
            ("valid", "Valid", "Issuer not checked (no CAWG trust list)"),
            ("invalid", "Invalid: rely on none of it", "Trust not applicable"),
        ]
    ):
        item = card(page, index).locator("ul.identities li.identity")
        assert item.count() == 1
        assert item.get_attribute("data-state") == state
        assert item.locator(".identity-who strong").inner_text() == "Example Newsroom"
        assert "X.509 certificate issued by Provenance Fixtures" in item.locator(".identity-who").inner_text()
        assert item.locator("[data-field=identity] .badge-value").inner_text() == words
        assert item.locator("[data-field=identity_trust] .badge-value").inner_text() == trust
    bad = card(page, 1).locator("ul.identities .reasons").inner_text()
    assert "its signature does not match the certificate" in bad
    assert 'Identity: asserted by "Example Newsroom"' in card(page, 0).locator(".summary").inner_text()
    assert "An identity assertion does not hold" in card(page, 1).locator(".summary").inner_text()
    screenshot(page, "identities.png")


def test_the_signature_timestamp_is_a_fact_of_the_card(page: Any) -> None:
    upload(page, "timestamped.jpg", "expired.jpg")
    stamped = card(page, 0).locator(".facts").inner_text()
    assert "Timestamp" in stamped and "Provenance Fixtures Time-Stamp Authority" in stamped
    assert (
        "none: the certificate is judged against today's clock"
        in card(page, 1).locator(".facts").inner_text()
    )


def test_a_trusted_and_an_untrusted_identity_issuer_look_different(browser: Any) -> None:
    """With the fixtures' CAWG root as the CAWG list (--cawg-anchors), the newsroom's certificate is trusted
    and the same name under the rogue root is not."""
    trust = load_trust_settings(cawg_anchors=[REPO / "fixtures/certs/cawg-root.pem"], use_cache=False)
    settings = ServeSettings(inspect=InspectOptions(trust=trust), allowed_hosts=LOOPBACK_HOST_NAMES)
    with running(settings) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        tab = context.new_page()
        tab.goto(url + "/")
        tab.wait_for_selector("#limits:not(:empty)")
        upload(tab, "identity_x509.jpg", "identity_untrusted.jpg")
        issuers = [card(tab, i).locator("li.identity [data-field=identity_trust]") for i in range(2)]
        assert issuers[0].locator(".badge-value").inner_text() == "Issuer trusted, cawg list"
        assert issuers[1].locator(".badge-value").inner_text() == "Issuer on no CAWG trust list"
        assert issuers[0].get_attribute("class") != issuers[1].get_attribute("class")
        assert "(on the cawg list)" in card(tab, 0).locator(".summary").inner_text()
        screenshot(tab, "identities_trusted.png")
        context.close()
