"""Running the app with uvicorn, plus the two connection limits uvicorn lacks.

uvicorn's h11 protocol has no time limit for request headers (its keep-alive timer is reset by every
byte, and ASGI middleware only runs once the headers are complete) and no cap on open connections
(``limit_concurrency`` answers 503 only to requests whose headers arrived). So a client sending a
partial request line kept its socket forever, and about 1,100 of them exhausted the file descriptors of
a process limited to 1,024. :func:`guarded_protocol` adds both:

- a connection has ``header_timeout_s`` to send complete request headers, from its opening or from the
  answer to its previous request; past it, it is closed;
- past ``max_connections`` open connections, a new one closes the connection that has waited longest
  for its request (headers, or a body still arriving); when every connection is busy with a request
  whose body has arrived, the new one gets 503 and is closed.
"""

from __future__ import annotations

import asyncio
import logging
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


def guarded_protocol(max_connections: int, header_timeout_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header time limit and a connection cap (shared by the class)."""
    opened: dict[GuardedH11Protocol, None] = {}
    # Connections without a whole request yet, the longest-waiting first: the ones a newcomer may close.
    waiting: dict[GuardedH11Protocol, None] = {}

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            opened[self] = None
            if len(opened) > max_connections and not self._make_room():
                log.warning("refused a connection: %d open, all busy", len(opened) - 1)
                self.transport.write(_BUSY)
                self.transport.close()
                return
            self._wait_for_request()

        def connection_lost(self, exc: Exception | None) -> None:
            opened.pop(self, None)
            self._stop_waiting()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if not self._serving():
                return
            if self.cycle.more_body:
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
            waiting[self] = None
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
                self._close()

        def _make_room(self) -> bool:
            """Close the connection that has waited longest for its request; False if there is none."""
            for other in waiting:
                if other is not self:
                    other._close()
                    return True
            return False

        def _close(self) -> None:
            self._stop_waiting()
            opened.pop(self, None)
            self.transport.close()

    return GuardedH11Protocol


def server_config(settings: ServeSettings, *, host: str, port: int, **uvicorn_options: Any) -> uvicorn.Config:
    """The uvicorn configuration of the app for these settings: h11 with the header time limit and the
    connection cap, no WebSocket support (the app has none), no access log."""
    from .app import create_app

    protocol = guarded_protocol(settings.max_connections, settings.header_timeout_s)
    options: dict[str, Any] = {"access_log": False, "log_level": "info", **uvicorn_options}
    return uvicorn.Config(create_app(settings), host=host, port=port, http=protocol, ws="none", **options)
