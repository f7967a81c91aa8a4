"""Websites as audit sources: a sitemap, a page, or a list of addresses, fetched politely and safely.

Given addresses, :func:`crawl` yields one :class:`WebItem` per media file found, with its bytes or why it
could not be had. An address is a sitemap (its pages and media are followed, nested sitemaps too, up to
:attr:`WebOptions.max_documents`), an HTML page (its ``img``/``picture``/``video``/``audio`` sources) or
a media file. Pages are never followed to other pages: the crawl is bounded by what the user named.

Politeness and safety, for every request: robots.txt of each host is fetched once and obeyed for our
user agent (RFC 9309: a 4xx robots.txt allows everything; an unreachable or 5xx one allows nothing); at
most :attr:`WebOptions.per_host_rate` requests per second per host; at most :attr:`WebOptions.concurrency`
requests at once; the address policy of :mod:`provenance._net` (no loopback, private or link-local
address unless ``allow_private``, re-checked at every redirect; bounded redirects, size, time).

``validators`` (from an earlier run's records) turn a media request into a conditional one: a 304 yields
an item marked ``not_modified`` and no bytes. ``metadata_only`` asks for the first bytes of each media file
with a Range request (enough for XMP, IPTC, EXIF and to see whether a manifest is present), and the item
says so.
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.robotparser
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import _net
from .._version import package_version
from ..models import ErrorKind
from .web_pages import is_sitemap, page_media, sitemap_entries

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebOptions:
    concurrency: int = 4
    per_host_rate: float = 2.0  # requests per second to one host
    max_redirects: int = 5
    timeout: float = 20.0  # seconds per connect or read
    deadline: float = 120.0  # seconds for one request, redirects included
    max_bytes: int = 512 * 1024 * 1024  # one media file
    max_documents: int = 10_000  # sitemaps and pages read in one run
    allow_private: bool = False  # loopback and private addresses (your own network, on purpose)
    robots: bool = True
    metadata_only: bool = False
    metadata_bytes: int = 256 * 1024


@dataclass(frozen=True, slots=True)
class HttpFacts:
    """What the server said about one media file (goes into its record)."""

    url: str
    final_url: str
    status: int
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    partial: bool = False  # only the first bytes were fetched (metadata_only)


@dataclass(frozen=True, slots=True)
class WebItem:
    url: str
    http: HttpFacts | None = None
    data: bytes | None = None
    error: tuple[ErrorKind, str] | None = None
    not_modified: bool = False
    found_on: str | None = None  # the page or sitemap that named it


@dataclass(slots=True)
class CrawlStats:
    requests: int = 0
    documents: int = 0
    robots_refused: int = 0
    not_modified: int = 0
    hosts: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "hosts": len(self.hosts),
            "documents": self.documents,
            "robots_refused": self.robots_refused,
            "not_modified": self.not_modified,
        }


class _Gate:
    """Per-host pacing and robots.txt, shared by the fetching threads."""

    def __init__(self, options: WebOptions, stats: CrawlStats) -> None:
        self.options = options
        self.stats = stats
        self.lock = threading.Lock()
        self.next_slot: dict[str, float] = {}
        self.robots: dict[str, urllib.robotparser.RobotFileParser | _net.FetchError] = {}
        self.robots_locks: dict[str, threading.Lock] = collections.defaultdict(threading.Lock)
        self.user_agent = f"provenance-audit/{package_version()}"

    def request(self, url: str, headers: dict[str, str] | None = None, *, limit: int) -> _net.Response:
        """GET, each hop (redirects included) paced and checked by the address policy."""
        limits = _net.FetchLimits(
            max_bytes=limit,
            timeout=self.options.timeout,
            deadline=self.options.deadline,
            truncate=self.options.metadata_only and limit == self.options.metadata_bytes,
        )
        for _ in range(self.options.max_redirects + 1):
            self._wait(_host(url))
            response = _net.request(
                url,
                limits,
                headers=headers,
                allow_private=self.options.allow_private,
                user_agent=self.user_agent,
                follow=False,
            )
            location = response.headers.get("location")
            if response.status not in _REDIRECTS or not location:
                return response
            url = _net.next_hop(url, location)
        raise _net.FetchError("too many redirects")

    def _wait(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + 1.0 / self.options.per_host_rate
            self.stats.requests += 1
            self.stats.hosts.add(host)
        if slot > now:
            time.sleep(slot - now)

    def refusal(self, url: str) -> tuple[ErrorKind, str] | None:
        """Why robots.txt (or reaching its host at all) keeps us from ``url``; None when it may be fetched."""
        if not self.options.robots:
            return None
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.robots_locks[origin]:
            if origin not in self.robots:
                self.robots[origin] = self._robots(origin)
        parser = self.robots[origin]
        if isinstance(parser, _net.FetchError):
            if parser.reason == "address not public":
                return _fetch_error(url, parser, self.options)
            why = (
                f"{url}: robots.txt of {origin} could not be read ({parser.reason}): nothing there is fetched"
            )
            return ErrorKind.SKIPPED_ROBOTS, why
        if not parser.can_fetch(self.user_agent, url):
            return ErrorKind.SKIPPED_ROBOTS, f"{url}: robots.txt does not allow it"
        return None

    def _robots(self, origin: str) -> urllib.robotparser.RobotFileParser | _net.FetchError:
        """The parsed robots.txt; one that allows everything for a 4xx; the error (nothing allowed) when it
        could not be read (RFC 9309 2.3.1.4: unreachable or 5xx)."""
        parser = urllib.robotparser.RobotFileParser()
        try:
            response = self.request(f"{origin}/robots.txt", limit=512 * 1024)
        except _net.FetchError as error:
            return error
        if 400 <= response.status < 500:
            parser.parse([])  # no rules: everything allowed
        elif response.status != 200:
            return _net.FetchError(f"HTTP {response.status}")
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser


def crawl(
    addresses: Iterable[str],
    options: WebOptions,
    validators: Mapping[str, tuple[str | None, str | None]] | None = None,
    stats: CrawlStats | None = None,
) -> Iterator[WebItem]:
    """One item per media file the addresses lead to, each media address once, in discovery order."""
    stats = stats if stats is not None else CrawlStats()
    gate = _Gate(options, stats)
    validators = validators or {}
    seen: set[str] = set()
    documents: collections.deque[tuple[str, str | None]] = collections.deque((a, None) for a in addresses)
    with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        window: collections.deque[Future[WebItem | list[tuple[str, str | None, bool]]]] = collections.deque()
        while documents or window:
            while documents and len(window) < 2 * options.concurrency:
                url, parent = documents.popleft()
                if url in seen:
                    continue
                seen.add(url)
                is_media = parent is not None and parent.startswith("media:")
                where = parent.removeprefix("media:") if parent else None
                if is_media:
                    window.append(pool.submit(_media, gate, url, where, validators.get(url)))
                elif stats.documents >= options.max_documents:
                    continue
                else:
                    stats.documents += 1
                    window.append(pool.submit(_document, gate, url, where, validators.get(url)))
            if not window:
                continue
            outcome = window.popleft().result()
            if isinstance(outcome, WebItem):
                stats.not_modified += outcome.not_modified
                if outcome.error is not None and outcome.error[0] is ErrorKind.SKIPPED_ROBOTS:
                    stats.robots_refused += 1
                yield outcome
            else:
                for found, origin, media in outcome:
                    documents.append((found, f"media:{origin}" if media else origin))


def _media(
    gate: _Gate, url: str, found_on: str | None, validator: tuple[str | None, str | None] | None
) -> WebItem:
    refused = gate.refusal(url)
    if refused is not None:
        return WebItem(url, error=refused, found_on=found_on)
    headers = _conditional({"Accept": "*/*"}, validator)
    limit = gate.options.max_bytes
    if gate.options.metadata_only:
        headers["Range"] = f"bytes=0-{gate.options.metadata_bytes - 1}"
        limit = gate.options.metadata_bytes
    try:
        response = gate.request(url, headers, limit=limit)
    except _net.FetchError as error:
        return WebItem(url, error=_fetch_error(url, error, gate.options), found_on=found_on)
    facts = _facts(url, response, partial=response.status == 206 or gate.options.metadata_only)
    if response.status == 304:
        return WebItem(url, facts, not_modified=True, found_on=found_on)
    if response.status not in (200, 206):
        return WebItem(url, facts, error=_status_error(url, response.status), found_on=found_on)
    return WebItem(url, facts, data=response.body, found_on=found_on)


def _document(
    gate: _Gate, url: str, found_on: str | None, validator: tuple[str | None, str | None] | None
) -> WebItem | list[tuple[str, str | None, bool]]:
    """A sitemap or a page: the addresses it leads to (url, where found, is media). Anything else is a
    media file, returned as its item (fetched once)."""
    refused = gate.refusal(url)
    if refused is not None:
        return WebItem(url, error=refused, found_on=found_on)
    try:
        limit = max(gate.options.max_bytes, _MAX_DOCUMENT_BYTES)
        response = gate.request(url, _conditional({"Accept": "*/*"}, validator), limit=limit)
    except _net.FetchError as error:
        return WebItem(url, error=_fetch_error(url, error, gate.options), found_on=found_on)
    if response.status == 304:  # a media file recorded by an earlier run, unchanged
        return WebItem(url, _facts(url, response, partial=False), not_modified=True, found_on=found_on)
    content_type = (response.headers.get("content-type") or "").lower()
    if response.status == 200 and is_sitemap(response.body, content_type):
        pages, media, nested = sitemap_entries(response.body)
        found: list[tuple[str, str | None, bool]] = [(u, url, False) for u in nested + pages]
        return found + [(u, url, True) for u in media]
    if response.status == 200 and content_type.split(";")[0].strip() in _HTML_TYPES:
        charset = content_type.split("charset=", 1)[1].strip() if "charset=" in content_type else None
        return [(u, response.url, True) for u in page_media(response.body, response.url, charset)]
    facts = _facts(url, response, partial=False)
    if response.status != 200:
        return WebItem(url, facts, error=_status_error(url, response.status), found_on=found_on)
    return WebItem(url, facts, data=response.body, found_on=found_on)


def _conditional(headers: dict[str, str], validator: tuple[str | None, str | None] | None) -> dict[str, str]:
    """``headers`` plus If-None-Match / If-Modified-Since from an earlier run's record."""
    if validator is not None:
        etag, modified = validator
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
    return headers


def _facts(url: str, response: _net.Response, *, partial: bool) -> HttpFacts:
    headers = response.headers
    return HttpFacts(
        url=url,
        final_url=response.url,
        status=response.status,
        content_type=headers.get("content-type"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        partial=partial,
    )


def _status_error(url: str, status: int) -> tuple[ErrorKind, str]:
    if status in (404, 410):
        return ErrorKind.NOT_FOUND, f"{url}: HTTP {status}"
    if status in (401, 403):
        return ErrorKind.PERMISSION_DENIED, f"{url}: HTTP {status}"
    return ErrorKind.HTTP_ERROR, f"{url}: HTTP {status}"


def _fetch_error(url: str, error: _net.FetchError, options: WebOptions) -> tuple[ErrorKind, str]:
    reason = error.reason
    if reason == "address not public" and not options.allow_private:
        reason = "its host is a loopback, private or link-local address (allow with --allow-private-hosts)"
    elif reason in ("declared size over the cap", "size over the cap"):
        return ErrorKind.TOO_LARGE, f"{url}: over the {options.max_bytes}-byte limit"
    return ErrorKind.HTTP_ERROR, f"{url}: could not fetch: {reason}"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
