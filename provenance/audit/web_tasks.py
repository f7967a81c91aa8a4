"""Audit tasks from websites: what :func:`.web.crawl` fetches becomes tasks with the bytes in hand, and
what it could not fetch (404, robots.txt, an address refused) becomes a record with the error.

Network use here is the user's explicit request (they named the addresses); it is counted and said in the
summary (:class:`.web.CrawlStats`). ``--resume`` reuses each recorded file's ETag and Last-Modified: the
server answers 304 and nothing is downloaded again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..models import HttpSource
from .pool import ObjectRef, Task, path_error_report
from .record import AuditRecord, record_of
from .state import AuditState
from .web import CrawlStats, WebItem, WebOptions, crawl

Validators = dict[str, tuple[str | None, str | None]]
WEB_SCHEMES = ("http://", "https://")


def is_web(address: str) -> bool:
    return address.lower().startswith(WEB_SCHEMES)


def read_url_list(path: Path) -> list[str]:
    """The addresses of an ``--urls`` file: one a line; blank lines and ``#`` comments skipped."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def load_validators(jsonl: Path) -> Validators:
    """Each web record's ETag and Last-Modified in an earlier run's JSON Lines (``--resume``)."""
    found: Validators = {}
    if not jsonl.is_file():
        return found
    with jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            if '"http"' not in line:
                continue
            try:
                http = json.loads(line)["source"]["http"]
            except (ValueError, KeyError, TypeError):
                continue
            if not isinstance(http, dict) or http.get("partial"):  # a partial read is not a whole record
                continue
            if http.get("etag") or http.get("last_modified"):
                found[str(http["url"])] = (http.get("etag"), http.get("last_modified"))
    return found


def web_tasks(
    addresses: Iterable[str],
    options: WebOptions,
    state: AuditState,
    skipped: list[AuditRecord],
    validators: Validators,
    start: int,
    recorded: Callable[[str, int | None, float | None], bool] = lambda url, size, modified: False,
) -> Iterator[Task]:
    """One task per media file fetched; records for those that could not be (into ``skipped``).

    ``recorded(url, size, modified)``: whether an earlier run recorded it (--resume): then it is counted
    in ``state.resumed`` and neither inspected nor recorded again (a refusal or an error included)."""
    stats = CrawlStats()
    state.web = stats
    index = start
    for item in crawl(addresses, options, validators, stats):
        http = _http_source(item)
        if item.not_modified:
            state.resumed += 1
            continue
        if item.error is not None or item.data is None:
            if recorded(item.url, None, None):
                state.resumed += 1
                continue
            kind, message = item.error or (None, "")
            assert kind is not None
            report = path_error_report(item.url, kind, message)
            skipped.append(record_of(replace(report, source=replace(report.source, http=http))))
            continue
        modified = _http_time(item.http.last_modified if item.http else None)
        if recorded(item.url, len(item.data), modified):
            state.resumed += 1  # fetched (the server gave no validator) but recorded: not inspected again
            continue
        yield Task(index, item.url, ObjectRef(len(item.data), modified, item.data, http=http))
        index += 1


def _http_source(item: WebItem) -> HttpSource | None:
    facts = item.http
    if facts is None:
        return None
    return HttpSource(
        url=facts.url,
        final_url=facts.final_url,
        status=facts.status,
        content_type=facts.content_type,
        etag=facts.etag,
        last_modified=facts.last_modified,
        partial=facts.partial,
        found_on=item.found_on,
    )


def _http_time(value: str | None) -> float | None:
    """A Last-Modified date as epoch seconds (the record's ``modified``), None when absent or unreadable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
