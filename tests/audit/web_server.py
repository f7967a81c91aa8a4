"""A small website on 127.0.0.1 for web-audit tests: robots.txt, a sitemap, pages, media with validators and
ranges, a redirect, a 404 and a slow answer; it records every request."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.helpers import FIXTURES

MEDIA = ("ai_generated.jpg", "plain.png", "captured.jpg", "tampered.jpg", "png_tc260_aigc.png")
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Site:
    url: str
    requests: list[tuple[float, str, int, dict[str, str]]] = field(
        default_factory=list
    )  # (time, path, status, headers)
    bodies_sent: list[str] = field(default_factory=list)  # media paths answered with a body

    def paths(self) -> list[str]:
        return [path for _, path, _, _ in self.requests]


def _sitemap(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>{base}/page.html</loc>
    <image:image><image:loc>{base}/media/ai_generated.jpg</image:loc></image:image></url>
  <url><loc>{base}/private/secret.html</loc></url>
  <url><loc>{base}/media/tampered.jpg</loc></url>
</urlset>""".encode()


PAGE = b"""<!doctype html><html><body>
<img src="/media/plain.png" alt="">
<picture><source srcset="/media/captured.jpg 1x, /redirect 2x"><img src="/media/plain.png"></picture>
<video><source src="/media/missing.mp4"></video>
<img src="/slow/png_tc260_aigc.png">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</body></html>"""


@contextmanager
def website(slow_seconds: float = 1.0) -> Iterator[Site]:
    site = Site("")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            site.requests.append((self.arrived, self.path, status, dict(self.headers)))
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self.arrived = time.monotonic()  # when the request came in, before any slow answer
            path = self.path
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
            elif path == "/sitemap.xml":
                self._send(200, _sitemap(site.url), {"Content-Type": "application/xml"})
            elif path == "/page.html":
                self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
            elif path == "/redirect":
                self._send(302, b"", {"Location": "/media/captured.jpg"})
            elif path.startswith("/slow/"):
                time.sleep(slow_seconds)
                self._media(path.removeprefix("/slow/"))
            elif path.startswith("/media/"):
                self._media(path.removeprefix("/media/"))
            else:
                self._send(404, b"not here", {"Content-Type": "text/plain"})

        def _media(self, name: str) -> None:
            file = FIXTURES / "media" / name
            if name not in MEDIA or not file.is_file():
                self._send(404, b"no such media")
                return
            data = file.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            headers = {"Content-Type": _type(file), "ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", headers)
                return
            wanted = self.headers.get("Range")
            if wanted and wanted.startswith("bytes=0-"):
                end = min(int(wanted.removeprefix("bytes=0-")), len(data) - 1)
                headers["Content-Range"] = f"bytes 0-{end}/{len(data)}"
                site.bodies_sent.append(self.path)
                self._send(206, data[: end + 1], headers)
                return
            site.bodies_sent.append(self.path)
            self._send(200, data, headers)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def _type(file: Path) -> str:
    return {".jpg": "image/jpeg", ".png": "image/png"}.get(file.suffix, "application/octet-stream")
