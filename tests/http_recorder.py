"""An HTTP server on loopback that answers 404 to everything and records each path asked for: tests use
it to prove that nothing reaches the network unless it is allowed."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Recorder:
    """Bound on 127.0.0.1 (``port`` 0: a free one); ``paths`` lists every GET received, ``url`` its base."""

    def __init__(self, port: int = 0) -> None:
        self.paths: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)  # OSError if taken
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

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
