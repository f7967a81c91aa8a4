"""Running the app with uvicorn, plus the two connection limits uvicorn lacks.

uvicorn's h11 protocol has no time limit for request headers (its keep-alive timer is reset by every
byte, and ASGI middleware only runs once the headers are complete) and no cap on open connections
(``limit_concurrency`` answers 503 only to requests whose headers arrived). So a client sending a
partial request line kept its socket forever, and about 1,100 of them exhausted the file descriptors of
a process limited to 1,024. :func:`guarded_protocol` adds both:

- a connection has ``header_timeout_s`` to send complete request headers, from its opening or from the
  answer to its previous request; past it, it is closed;
- past ``max_connections`` open connections, the connections that have waited longest for the rest of
  their headers are closed (else for a first byte, else for the rest of a body) down to the cap; past
  twice the cap with every connection holding a whole request being answered, a new one gets 503.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .jobs import RETRY_AFTER_S
from .settings import ServeSettings

log = logging.getLogger("provenance.serve")
_BUSY_BODY = b'{"status": 503, "error": "unavailable", "message": "too many open connections"}'
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\n"
    b"retry-after: %d\r\ncontent-length: %d\r\n\r\n%s" % (RETRY_AFTER_S, len(_BUSY_BODY), _BUSY_BODY)
)


# What a connection without a whole request is waiting for, in the order they are closed to make room:
# the rest of headers it started (a slow client), its first byte (a kept-alive connection, idle), the
# rest of a body (an upload under way), and last, only past twice the cap, its first byte on a
# connection opened under a second ago (its request is usually on its way). A client's headers arrive
# whole in its first bytes, so past the cap slow clients make room for it, however fast they reconnect:
# bytes not read yet are looked at in the socket's buffer (MSG_PEEK), so a burst of connections waiting
# to be read does not hide which ones hold whole request heads (those are never closed for room).
PARTIAL, FRESH, BODY, YOUNG = "partial", "fresh", "body", "young"
EVICTION_ORDER = (PARTIAL, FRESH, BODY, YOUNG)
YOUNG_S = 1.0
PEEK_BYTES = 16 * 1024  # h11's limit for a request line and headers
# Room is made this long after the cap is passed, not at once: bytes on their way are in the buffers by
# then. Past twice the cap, room is made at once (file descriptors are the bound).
GRACE_S = 0.02
# Open files besides connections: the process's own, and uploads spooled to temporary files (over 1 MB).
FILES_RESERVED = 256


def guarded_protocol(max_connections: int, header_timeout_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header time limit and a connection cap (shared by the class)."""
    opened: dict[GuardedH11Protocol, None] = {}
    # Connections without a whole request yet, the longest-waiting first, with what they wait for.
    waiting: dict[GuardedH11Protocol, str] = {}
    pending: list[asyncio.TimerHandle] = []  # the scheduled make_room, if any

    def make_room(loop: asyncio.AbstractEventLoop, urgent: GuardedH11Protocol | None = None) -> None:
        """Close connections in EVICTION_ORDER, the longest-waiting first, down to the cap (young ones
        only when ``urgent``, a connection that found twice the cap open); if some must stay open
        (being answered, young), try again a little later."""
        pending.clear()
        ranked = []
        for age, (connection, waits_for) in enumerate(waiting.items()):
            kind: str | None = waits_for
            if waits_for != BODY:
                kind = connection.head_kind()
                if kind == FRESH and loop.time() - connection.waiting_since < YOUNG_S:
                    kind = YOUNG
            if kind is not None and connection is not urgent:
                ranked.append((EVICTION_ORDER.index(kind), age, connection))
        ranked.sort(key=lambda item: item[:2])
        for rank, _, victim in ranked:
            if len(opened) <= max_connections or (EVICTION_ORDER[rank] == YOUNG and urgent is None):
                break
            victim.drop()
        if len(opened) > max_connections and not pending:
            pending.append(loop.call_later(GRACE_S, make_room, loop))

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        waiting_since = 0.0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            opened[self] = None
            self._wait_for_request()
            if len(opened) > 2 * max_connections:
                make_room(self.loop, urgent=self)
                if len(opened) > 2 * max_connections:
                    log.warning("refused a connection: %d open, all busy", len(opened) - 1)
                    self.transport.write(_BUSY)
                    self.drop()
            elif len(opened) > max_connections and not pending:
                pending.append(self.loop.call_later(GRACE_S, make_room, self.loop))

        def connection_lost(self, exc: Exception | None) -> None:
            opened.pop(self, None)
            self._stop_waiting()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if not self._serving():
                if self in waiting and not self.transport.is_closing():
                    waiting[self] = PARTIAL  # bytes came, the headers are not complete
            elif self.cycle.more_body:
                waiting[self] = BODY
                self._cancel_header_timer()  # the headers are here: the app's deadline covers the body
            else:
                self._stop_waiting()  # the whole request is here: not a connection to close for room

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and not self._serving():
                self._wait_for_request()

        def _serving(self) -> bool:
            return self.cycle is not None and not self.cycle.response_complete

        def _wait_for_request(self) -> None:
            self._stop_waiting()
            waiting[self] = FRESH
            self.waiting_since = self.loop.time()
            self._header_timer = self.loop.call_later(header_timeout_s, self._header_timeout)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _stop_waiting(self) -> None:
            waiting.pop(self, None)
            self._cancel_header_timer()

        def _header_timeout(self) -> None:
            self._header_timer = None
            if not self._serving() and not self.transport.is_closing():
                self.drop()

        def head_kind(self) -> str | None:
            """FRESH: no byte of a request yet; PARTIAL: part of a request head; None: a whole one, read
            or not (a request about to be served, not a connection to close)."""
            head = self.conn.trailing_data[0] + _unread(self.transport)
            if not head:
                return FRESH
            return None if b"\r\n\r\n" in head else PARTIAL

        def drop(self) -> None:
            self._stop_waiting()
            opened.pop(self, None)
            self.transport.close()

    return GuardedH11Protocol


def _unread(transport: asyncio.Transport) -> bytes:
    """The bytes waiting in the connection's socket buffer, left there (MSG_PEEK)."""
    wrapped = transport.get_extra_info("socket")
    if wrapped is None:
        return b""
    try:
        sock = socket.socket(fileno=wrapped.fileno())  # the same descriptor, detached below: not closed
    except OSError:
        return b""
    try:
        return sock.recv(PEEK_BYTES, socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0))
    except OSError:  # nothing to read (EAGAIN), or the connection is gone
        return b""
    finally:
        sock.detach()


def raise_file_limit(wanted: int = 65_536) -> int:
    """Raise this process's soft limit of open files towards ``wanted`` (within the hard limit, as any
    process may); the soft limit now."""
    try:
        import resource
    except ImportError:  # not on this platform
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (OSError, ValueError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


def accept_backlog(max_connections: int) -> int:
    """The listen backlog, which is also how many connections asyncio accepts in one go. Past the limit of
    open files an accept fails and asyncio stops accepting for a whole second, so one batch must fit in
    the limit beside twice the connection cap and FILES_RESERVED (uvicorn's default, 2,048, did not fit
    in 1,024: under a flood of connections the server stopped answering for a second at a time)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except ImportError:
        return 2048
    if soft == resource.RLIM_INFINITY:
        return 2048
    return max(64, min(2048, soft - 2 * max_connections - FILES_RESERVED))


def server_config(settings: ServeSettings, *, host: str, port: int, **uvicorn_options: Any) -> uvicorn.Config:
    """The uvicorn configuration of the app for these settings: h11 with the header time limit and the
    connection cap, a backlog that fits the limit of open files, no WebSocket support (the app has none),
    no access log."""
    from .app import create_app

    protocol = guarded_protocol(settings.max_connections, settings.header_timeout_s)
    options: dict[str, Any] = {
        "access_log": False,
        "log_level": "info",
        "backlog": accept_backlog(settings.max_connections),
        **uvicorn_options,
    }
    return uvicorn.Config(create_app(settings), host=host, port=port, http=protocol, ws="none", **options)
