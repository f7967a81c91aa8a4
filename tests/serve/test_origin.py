"""Cross-site uploads (issue 12 item 7): a state-changing request that a page of another origin made is
refused (403) unless it carries the token; the app's own page, and clients that are not browsers, pass.
The same check from a real browser and a second origin is in test_browser.py."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from provenance.serve import ServeSettings, create_app
from tests.helpers import fixture


def post(headers: dict[str, str], **settings: Any) -> Any:
    api = TestClient(create_app(ServeSettings(**settings)), base_url="http://127.0.0.1:8000")
    files = [("file", ("plain.jpg", fixture("plain.jpg").read_bytes(), "image/jpeg"))]
    return api.post("/v1/inspect", files=files, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://attacker.example"},
        {"Origin": "http://127.0.0.1:9999"},  # another port of the same host: another origin
        {"Origin": "null"},  # a sandboxed frame, a file:// page
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-site"},
    ],
)
def test_an_upload_sent_by_a_page_of_another_origin_is_403(headers: dict[str, str]) -> None:
    response = post(headers)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts
        {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"},  # the app's own page
        {"Origin": "HTTP://127.0.0.1:8000"},
        {"Origin": "https://127.0.0.1:8000"},  # behind a TLS proxy
        {"Sec-Fetch-Site": "none"},  # the user's own action
    ],
)
def test_an_upload_from_the_same_origin_or_no_browser_is_inspected(headers: dict[str, str]) -> None:
    response = post(headers)
    assert response.status_code == 200
    assert response.json()["source"]["name"] == "plain.jpg"


def test_the_token_lets_a_request_from_another_origin_through() -> None:
    foreign = {"Origin": "http://tool.example", "Sec-Fetch-Site": "cross-site"}
    assert post({**foreign, "Authorization": "Bearer s3cret"}, token="s3cret").status_code == 200
    assert post({**foreign, "Authorization": "Bearer wrong"}, token="s3cret").status_code == 403
    assert post(foreign, token="s3cret").status_code == 403


def test_reading_is_not_refused_from_another_origin() -> None:
    api = TestClient(create_app(ServeSettings()), base_url="http://127.0.0.1:8000")
    response = api.get(
        "/v1/health", headers={"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
