"""A small, bounded HTTP client for the one thing inspection may fetch: a remote C2PA manifest.

A file chooses the address, so the fetch must not become a way to reach what the machine running
`provenance` can reach and the file's author cannot (server-side request forgery through `serve
--allow-network`). Policy, in this order at every hop, redirects included:

- http or https only, no user name or password in the URL, at most :data:`MAX_URL` characters;
- the host is resolved once; when any address it resolves to is not public (loopback, private, CGNAT,
  link-local and cloud metadata, multicast, unspecified, reserved, documentation, IPv4 embedded in IPv6
  forms: see :data:`DENIED_NETWORKS`), nothing is sent; otherwise the connection goes to that checked
  address, never to a second resolution (no DNS rebinding between check and connect);
- no proxy, no cookies, no credentials; at most :attr:`FetchLimits.max_redirects` redirects and none from
  https to http; a size cap, a timeout per network operation and a deadline for the whole fetch.

Every failure is the same :class:`FetchError` whose message never says which rule or which network
error stopped it: a refused address and a closed or an open port read alike.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_Endpoint = tuple[int, tuple[Any, ...]]  # (address family, socket address) as getaddrinfo gives them

MAX_URL: Final = 2048
FETCH_FAILED: Final = "could not fetch: refused, unreachable or not a C2PA manifest"
USER_AGENT: Final = "provenance (remote C2PA manifest)"

DENIED_NETWORKS: Final[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]] = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network", unspecified
        "10.0.0.0/8",  # private (RFC 1918)
        "100.64.0.0/10",  # carrier-grade NAT (RFC 6598), also Alibaba Cloud's metadata 100.100.100.200
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, with the cloud metadata service 169.254.169.254
        "172.16.0.0/12",  # private (RFC 1918)
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",  # private (RFC 1918)
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::/96",  # IPv4-compatible (deprecated): ::127.0.0.1
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments, Teredo included
        "2001:db8::/32",  # documentation
        "fc00::/7",  # unique local (the IPv6 private range), AWS's metadata fd00:ec2::254 included
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")  # the embedded IPv4 address is what is reached
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_ACCEPT: Final = "application/c2pa, application/octet-stream;q=0.9, */*;q=0.1"

# Tests only: (address, port) pairs treated as public, so that a test server on loopback can stand in for a
# public host. Never set by the library, the CLI or the server; there is no option or variable for it.
UNSAFE_PUBLIC_FOR_TESTS: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How much one fetch may cost. Manifests are kilobytes; thumbnails and ingredients make some larger."""

    max_bytes: int = 16 * 1024 * 1024
    timeout: float = 10.0  # seconds for each connect and each read
    deadline: float = 30.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 3
    truncate: bool = False  # past max_bytes, keep the first max_bytes instead of failing


class FetchError(Exception):
    """The fetch failed. ``str()`` is always :data:`FETCH_FAILED`; ``reason`` is for tests and debugging
    only and must not be shown to whoever chose the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(FETCH_FAILED)
        self.reason = reason


def is_public(address: IPAddress) -> bool:
    """Whether an address may be connected to: global, and none of :data:`DENIED_NETWORKS`.

    IPv4 addresses embedded in IPv6 (mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, NAT64
    ``64:ff9b::/96``) are judged by the IPv4 address they reach.
    """
    if isinstance(address, ipaddress.IPv6Address):
        address = ipaddress.IPv6Address(address.packed)  # drop a %scope
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    if any(address in network for network in DENIED_NETWORKS):
        return False
    return address.is_global and not address.is_multicast


@dataclass(frozen=True, slots=True)
class Response:
    """The last answer of a request, redirects followed: its status, address, headers and body (read for a
    200 or a 206 only)."""

    status: int
    url: str  # the final address, after redirects
    headers: dict[str, str]  # lower-case names
    body: bytes


def fetch(url: str, limits: FetchLimits | None = None) -> bytes:
    """The body of a 200 answer to GET ``url`` under the policy of this module; FetchError otherwise."""
    response = request(url, limits)
    if response.status != 200:
        raise FetchError(f"HTTP status {response.status}")
    if not response.body:
        raise FetchError("empty body")
    return response.body


def request(
    url: str,
    limits: FetchLimits | None = None,
    *,
    headers: dict[str, str] | None = None,
    allow_private: bool = False,
    user_agent: str = USER_AGENT,
    follow: bool = True,
) -> Response:
    """GET ``url`` under the policy of this module, following redirects; any final status is returned.

    ``allow_private``: also connect to loopback and private addresses (an audit the user pointed at their
    own network, never a fetch chosen by a file). ``headers``: extra request headers (conditional and
    range requests). ``follow=False``: a redirect is returned as it is (its ``location`` header), for a
    caller that paces each hop.
    """
    limits = limits or FetchLimits()
    deadline = time.monotonic() + limits.deadline
    for _ in range(limits.max_redirects + 1):
        scheme, host, port, target = _check_url(url)
        connection = _connect(scheme, host, port, limits, deadline, allow_private)
        try:
            response = _get(connection, target, limits, deadline, headers or {}, user_agent)
        finally:
            connection.close()
        location = response.headers.get("location")
        if response.status not in _REDIRECTS or not location or not follow:
            return Response(response.status, url, response.headers, response.body)
        url = next_hop(url, location)
    raise FetchError("too many redirects")


def next_hop(url: str, location: str) -> str:
    """Where a redirect leads; FetchError for one from https to another scheme."""
    following = urljoin(url, location)
    if urlsplit(url).scheme.lower() == "https" and urlsplit(following).scheme.lower() != "https":
        raise FetchError("redirect from https to another scheme")
    return following


def _check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, request target) of an acceptable URL."""
    if len(url) > MAX_URL or not url.isascii() or any(c.isspace() or ord(c) < 0x20 for c in url):
        raise FetchError("malformed URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchError("malformed URL") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme not allowed")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchError("credentials in the URL")
    if not parts.hostname:
        raise FetchError("no host")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), target


def _addresses(host: str, port: int, allow_private: bool = False) -> list[_Endpoint]:
    """Every (family, socket address) the host resolves to; FetchError when any of them is not public
    (unless ``allow_private``: then only multicast, unspecified and reserved addresses are refused)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError) as error:
        raise FetchError("host not resolved") from error
    found: list[_Endpoint] = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = str(sockaddr[0])
        try:
            address = ipaddress.ip_address(ip)
        except ValueError as error:
            raise FetchError("unparsable address") from error
        allowed = is_public(address) or (ip, port) in UNSAFE_PUBLIC_FOR_TESTS
        if allow_private and not allowed:
            allowed = not (address.is_multicast or address.is_unspecified or address.is_reserved)
        if not allowed:
            raise FetchError("address not public")
        found.append((family, sockaddr))
    if not found:
        raise FetchError("no address")
    return found


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("deadline passed")
    return min(timeout, left)


def _open_socket(addresses: list[_Endpoint], limits: FetchLimits, deadline: float) -> socket.socket:
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_remaining(deadline, limits.timeout))
            sock.connect(sockaddr)
        except OSError:
            sock.close()
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    raise FetchError("connection failed")


class _Connection(http.client.HTTPConnection):
    """An HTTP connection over a socket already connected to a checked address (no resolution here)."""

    def __init__(self, host: str, port: int, sock: socket.socket, timeout: float, default_port: int) -> None:
        super().__init__(host, port, timeout=timeout)
        self.default_port = default_port  # the Host header names the port only when it is not the default
        self.sock = sock
        self.raw = (
            sock  # kept: http.client drops self.sock once a response that ends with the connection starts
        )

    def connect(self) -> None:  # only reached if the socket was dropped: refuse rather than resolve
        raise FetchError("unexpected reconnect")

    def close(self) -> None:
        super().close()
        self.raw.close()


def _connect(
    scheme: str, host: str, port: int, limits: FetchLimits, deadline: float, allow_private: bool = False
) -> _Connection:
    sock = _open_socket(_addresses(host, port, allow_private), limits, deadline)
    if scheme == "https":
        try:
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=host)
        except (OSError, ssl.SSLError, ValueError) as error:
            sock.close()
            raise FetchError("TLS failed") from error
    return _Connection(host, port, sock, limits.timeout, 443 if scheme == "https" else 80)


def _get(
    connection: _Connection,
    target: str,
    limits: FetchLimits,
    deadline: float,
    headers: dict[str, str],
    user_agent: str,
) -> Response:
    """One GET: the status, the headers and, for a 200 or a 206, the body (the caller fills in the url)."""
    extra = dict(headers)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.putheader("User-Agent", user_agent)
        connection.putheader("Accept", extra.pop("Accept", _ACCEPT))
        for name, value in extra.items():
            connection.putheader(name, value)
        connection.putheader("Connection", "close")
        connection.endheaders()
        response = connection.getresponse()
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError("request failed") from error
    with response:  # its file holds the socket open after the connection closes it
        names = {name.lower(): value for name, value in response.getheaders()}
        body = _body(connection, response, limits, deadline) if response.status in (200, 206) else b""
        return Response(response.status, "", names, body)


def _body(
    connection: _Connection, response: http.client.HTTPResponse, limits: FetchLimits, deadline: float
) -> bytes:
    declared = response.getheader("Content-Length")
    too_big = declared is not None and declared.strip().isdigit() and int(declared) > limits.max_bytes
    if too_big and not limits.truncate:
        raise FetchError("declared size over the cap")
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := _read_chunk(connection, response, limits, deadline):
            size += len(chunk)
            if size > limits.max_bytes:
                if not limits.truncate:
                    raise FetchError("size over the cap")
                chunks.append(chunk[: len(chunk) - (size - limits.max_bytes)])
                break
            chunks.append(chunk)
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError("request failed") from error
    return b"".join(chunks)


def _read_chunk(
    connection: _Connection, response: http.client.HTTPResponse, limits: FetchLimits, deadline: float
) -> bytes:
    connection.raw.settimeout(_remaining(deadline, limits.timeout))  # a trickle cannot outlive the deadline
    return response.read1(64 * 1024)
