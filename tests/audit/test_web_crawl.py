"""The web crawler against a local website: discovery, robots.txt, pacing, validators, ranges, errors."""

from __future__ import annotations

import pytest

from provenance.audit.web import CrawlStats, WebOptions, crawl
from provenance.models import ErrorKind
from tests.audit.web_server import website

LOCAL = WebOptions(allow_private=True, per_host_rate=50.0)


def test_a_sitemap_leads_to_every_media_file_once_and_robots_txt_is_obeyed() -> None:
    with website(slow_seconds=0.2) as site:
        stats = CrawlStats()
        items = {
            item.url.removeprefix(site.url): item
            for item in crawl([f"{site.url}/sitemap.xml"], LOCAL, stats=stats)
        }
    assert sorted(items) == [
        "/media/ai_generated.jpg",
        "/media/captured.jpg",
        "/media/missing.mp4",
        "/media/plain.png",
        "/media/tampered.jpg",
        "/private/secret.html",
        "/redirect",
        "/slow/png_tc260_aigc.png",
    ]
    assert items["/private/secret.html"].error is not None
    assert items["/private/secret.html"].error[0] is ErrorKind.SKIPPED_ROBOTS
    assert "/private/secret.html" not in site.paths()  # never requested
    assert items["/media/missing.mp4"].error == (
        ErrorKind.NOT_FOUND,
        f"{site.url}/media/missing.mp4: HTTP 404",
    )
    redirected = items["/redirect"]
    assert redirected.http is not None and redirected.http.final_url == f"{site.url}/media/captured.jpg"
    assert redirected.data is not None and redirected.data.startswith(b"\xff\xd8")
    plain = items["/media/plain.png"]
    assert plain.http is not None and plain.http.status == 200 and plain.http.content_type == "image/png"
    assert plain.http.etag and plain.http.last_modified and plain.found_on == f"{site.url}/page.html"
    assert site.paths().count("/robots.txt") == 1 and site.paths().count("/media/plain.png") == 1
    # Documents: the sitemap and its three entries (a page, a refused page, a media file named directly).
    assert stats.robots_refused == 1 and stats.documents == 4


def test_requests_to_one_host_are_paced() -> None:
    with website() as site:
        list(crawl([f"{site.url}/sitemap.xml"], WebOptions(allow_private=True, per_host_rate=10.0)))
    times = sorted(t for t, _, _, _ in site.requests)
    # Request k cannot start before its slot, 0.1 s after the one before: however threads are scheduled,
    # the last arrives at least (n - 1) / 10 s after the first (a little timer slack).
    assert len(times) >= 9
    assert times[-1] - times[0] >= 0.095 * (len(times) - 1)


def test_private_addresses_are_refused_unless_allowed() -> None:
    with website() as site:
        items = list(crawl([f"{site.url}/media/plain.png"], WebOptions()))
    assert site.requests == []
    assert items[0].error is not None and items[0].error[0] is ErrorKind.HTTP_ERROR
    assert "--allow-private-hosts" in items[0].error[1]


def test_validators_make_conditional_requests_and_304_sends_nothing() -> None:
    with website() as site:
        first = {i.url: i for i in crawl([f"{site.url}/page.html"], LOCAL)}
        validators = {u: (i.http.etag, i.http.last_modified) for u, i in first.items() if i.http and i.data}
        sent = len(site.bodies_sent)
        second = list(crawl([f"{site.url}/page.html"], LOCAL, validators))
    assert {i.url for i in second if i.not_modified} == set(validators)
    assert len(site.bodies_sent) == sent  # no media body the second time


def test_metadata_only_asks_for_the_first_bytes() -> None:
    options = WebOptions(allow_private=True, per_host_rate=50.0, metadata_only=True, metadata_bytes=1024)
    with website() as site:
        items = list(crawl([f"{site.url}/page.html"], options))
    plain = next(i for i in items if i.url.endswith("/media/plain.png"))
    assert plain.http is not None and plain.http.status == 206 and plain.http.partial
    assert plain.data is not None and len(plain.data) <= 1024
    assert all(h.get("Range") == "bytes=0-1023" for _, p, _, h in site.requests if p.startswith("/media/"))


@pytest.mark.parametrize("address", ["ftp://example.org/x.jpg", "http://user:pw@127.0.0.1/x.jpg"])
def test_bad_addresses_are_records_not_crashes(address: str) -> None:
    items = list(crawl([address], LOCAL))
    assert len(items) == 1 and items[0].error is not None
