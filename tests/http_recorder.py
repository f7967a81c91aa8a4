"""An HTTP server on loopback that records each path asked for: tests use it to prove that nothing reaches
the network unless it is allowed. It answers 404 to everything, except the paths given an :class:`Answer`
in ``routes`` (a body, or a redirect)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    """What the recorder answers to one path."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


def redirect(location: str, status: int = 302) -> Answer:
    return Answer(status, headers={"Location": location})


class Recorder:
    """Bound on 127.0.0.1 (``port`` 0: a free one); ``paths`` lists every GET received, ``url`` its base,
    ``port`` its port; ``routes`` maps a path to its :class:`Answer` (may be filled once ``url`` is known)."""

    def __init__(self, port: int = 0) -> None:
        self.paths: list[str] = []
        self.routes: dict[str, Answer] = {}
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                answer = recorder.routes.get(self.path, Answer(404))
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)  # OSError if taken
        self.port: int = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    @contextmanager
    def running(self) -> Iterator[Recorder]:
        """Serve in a background thread while inside; shut down and close on exit."""
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
