"""A real `provenance serve` server (uvicorn with the app's connection limits) in a thread of the test
process, on a free loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from provenance.serve import ServeSettings
from provenance.serve.server import server_config


@contextmanager
def running(settings: ServeSettings) -> Iterator[str]:
    """Yields the server's base URL (http://127.0.0.1:<port>); stops it on exit."""
    server = uvicorn.Server(server_config(settings, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
