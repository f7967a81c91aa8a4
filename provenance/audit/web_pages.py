"""What a website's documents point to: the media of an HTML page and the addresses of a sitemap.

Pages are read with the standard library's forgiving HTML parser: ``<img src srcset>``, ``<picture>`` and
``<video>``/``<audio>`` ``<source src srcset>``, ``<video src poster>``, ``<audio src>``, resolved against
the page's address and its ``<base href>``. Sitemaps (sitemaps.org, with Google's image and video
extensions; sitemap indexes; gzip) are parsed with defusedxml: no entity expansion, no DTD. Only http(s)
addresses come out; ``data:`` and other schemes are dropped.
"""

from __future__ import annotations

import gzip
import io
import zlib
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
_MEDIA_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
}


class _PageParser(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value}
        if tag == "base" and "href" in values:
            self.base = urljoin(self.base, values["href"].strip())
            return
        for name in _MEDIA_ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value is None:
                continue
            candidates = _srcset(value) if name == "srcset" else [value.strip()]
            self.found.extend(urljoin(self.base, c) for c in candidates if c)


def _srcset(value: str) -> list[str]:
    """The addresses of a ``srcset`` ("a.jpg 1x, b.jpg 2x"; an address may hold commas only if quoted)."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def page_media(html: bytes, url: str, charset: str | None = None) -> list[str]:
    """The media addresses an HTML page embeds, in page order, each once."""
    parser = _PageParser(url)
    parser.feed(html.decode(charset or "utf-8", errors="replace"))
    parser.close()
    return _web_only(parser.found)


def is_sitemap(body: bytes, content_type: str) -> bool:
    head = _maybe_gunzip(body[:4096], MAX_SITEMAP_BYTES)[:512].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<urlset") or head.startswith(b"<sitemapindex"):
        return b"<urlset" in head or b"<sitemapindex" in head or "xml" in content_type
    return False


def sitemap_entries(body: bytes) -> tuple[list[str], list[str], list[str]]:
    """(pages, media, nested sitemaps) a sitemap lists; ([], [], []) when it is not one we can read."""
    try:
        root = SafeET.fromstring(_maybe_gunzip(body, MAX_SITEMAP_BYTES))
    except (SafeET.ParseError, DefusedXmlException, ValueError, OSError, EOFError, zlib.error):
        return [], [], []
    pages: list[str] = []
    media: list[str] = []
    nested: list[str] = []
    is_index = _local(root.tag) == "sitemapindex"
    for element in root.iter():
        name, text = _local(element.tag), (element.text or "").strip()
        if not text:
            continue
        # Google's extensions: <image:image><image:loc> and <video:video><video:content_loc>.
        if (name == "loc" and "sitemap-image" in str(element.tag)) or name == "content_loc":
            media.append(text)
        elif name == "loc":
            (nested if is_index else pages).append(text)
    return _web_only(pages), _web_only(media), _web_only(nested)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _maybe_gunzip(data: bytes, cap: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return handle.read(cap)


def _web_only(urls: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        clean = urldefrag(url)[0]
        if urlsplit(clean).scheme.lower() in ("http", "https"):
            seen.setdefault(clean, None)
    return list(seen)
