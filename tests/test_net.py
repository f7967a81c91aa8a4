"""The bounded fetcher of remote manifests (`provenance._net`): which addresses count as public, and the
limits every fetch runs under (schemes, credentials, redirects, size, time)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from provenance import _net
from provenance.readers.c2pa.contexts import sdk_settings
from provenance.trust import TrustSettings
from tests.http_recorder import Answer, Recorder, redirect

DENIED = [
    "127.0.0.1",
    "127.255.255.254",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",  # CGNAT
    "100.100.100.200",  # Alibaba Cloud metadata (CGNAT)
    "169.254.169.254",  # cloud metadata
    "169.254.1.1",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "198.18.0.1",  # benchmarking
    "::",
    "::1",
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b:1::1",
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2001::1",  # Teredo
    "2001:db8::1",
    "fc00::1",
    "fd00:ec2::254",  # AWS metadata over IPv6
    "fe80::1",
    "fe80::1%1",
    "fec0::1",
    "ff02::1",
    "100::1",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]


@pytest.mark.parametrize("text", DENIED)
def test_private_and_special_addresses_are_not_public(text: str) -> None:
    assert not _net.is_public(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", PUBLIC)
def test_global_unicast_addresses_are_public(text: str) -> None:
    assert _net.is_public(ipaddress.ip_address(text))


def test_the_sdk_is_never_given_the_network() -> None:
    settings = sdk_settings(trust=TrustSettings())
    assert settings["verify"] == {"remote_manifest_fetch": False, "ocsp_fetch": False}
    assert settings["core"] == {"allowed_network_hosts": []}


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    with Recorder().running() as found:
        monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset({("127.0.0.1", found.port)}))
        yield found


def refused(url: str, limits: _net.FetchLimits | None = None) -> str:
    with pytest.raises(_net.FetchError) as caught:
        _net.fetch(url, limits)
    assert str(caught.value) == _net.FETCH_FAILED
    return caught.value.reason


def test_a_public_host_answering_200_gives_the_body(public: Recorder) -> None:
    public.routes["/m"] = Answer(body=b"manifest bytes")
    assert _net.fetch(f"{public.url}/m") == b"manifest bytes"
    assert public.paths == ["/m"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme not allowed"),
        ("ftp://example.com/m", "scheme not allowed"),
        ("gopher://127.0.0.1:70/", "scheme not allowed"),
        ("http://user:pw@example.com/m", "credentials in the URL"),
        ("http://example.com@127.0.0.1/m", "credentials in the URL"),
        ("http:///m", "no host"),
        ("http://example.com:99999/m", "malformed URL"),
        ("http://exa mple.com/m", "malformed URL"),
        ("http://example.com/\r\nHost: evil", "malformed URL"),
        ("http://" + "a" * 2100 + ".com/", "malformed URL"),
        ("http://no-such-host.invalid/m", "host not resolved"),
    ],
)
def test_urls_outside_the_policy_are_refused_before_any_connection(url: str, reason: str) -> None:
    assert refused(url) == reason


def test_any_resolved_address_that_is_not_public_refuses_the_host(
    public: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def two_answers(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "mixed.example.com":  # a public answer next to a private one: refused, not picked over
            return [*real("127.0.0.1", port, *args, **kwargs), *real("10.0.0.1", port, *args, **kwargs)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    assert refused(f"http://mixed.example.com:{public.port}/m") == "address not public"
    assert public.paths == []


def test_redirects_are_followed_up_to_the_limit(public: Recorder) -> None:
    for hop in range(4):
        public.routes[f"/{hop}"] = redirect(f"/{hop + 1}")
    public.routes["/4"] = Answer(body=b"end")
    assert refused(f"{public.url}/0", _net.FetchLimits(max_redirects=3)) == "too many redirects"
    assert public.paths == ["/0", "/1", "/2", "/3"]
    assert _net.fetch(f"{public.url}/0", _net.FetchLimits(max_redirects=4)) == b"end"


def test_a_redirect_to_another_scheme_is_refused(public: Recorder) -> None:
    public.routes["/m"] = redirect("file:///etc/passwd")
    assert refused(f"{public.url}/m") == "scheme not allowed"


def test_an_answer_other_than_200_is_a_failure(public: Recorder) -> None:
    assert refused(f"{public.url}/absent") == "HTTP status 404"


def test_an_empty_answer_is_a_failure(public: Recorder) -> None:
    public.routes["/m"] = Answer(body=b"")
    assert refused(f"{public.url}/m") == "empty body"


def test_a_body_over_the_size_cap_is_refused(public: Recorder) -> None:
    public.routes["/m"] = Answer(body=b"x" * 2000)
    assert refused(f"{public.url}/m", _net.FetchLimits(max_bytes=1000)) == "declared size over the cap"
    assert _net.fetch(f"{public.url}/m", _net.FetchLimits(max_bytes=2000)) == b"x" * 2000


@pytest.fixture
def silent_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[bytes]]]:
    """Accepts connections, sends headers without a length, then dribbles a byte every 0.2 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset({("127.0.0.1", port)}))
    stop = threading.Event()
    sent: list[bytes] = []

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/c2pa\r\n\r\n")
                while not stop.is_set():
                    try:
                        conn.sendall(b"x")
                    except OSError:
                        break
                    sent.append(b"x")
                    time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/m", sent
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_a_server_that_never_finishes_is_cut_at_the_deadline(silent_server: tuple[str, list[bytes]]) -> None:
    url, sent = silent_server
    started = time.monotonic()
    # Cut by the deadline check between reads, or by a read whose timeout is what is left of the deadline.
    assert refused(url, _net.FetchLimits(timeout=1.0, deadline=1.0)) in {"deadline passed", "request failed"}
    assert time.monotonic() - started < 1.5
    assert len(sent) >= 3  # it was reading a trickle that never timed out a single read


def test_a_server_that_stops_answering_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as listener:  # listens, never accepts nor answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset({("127.0.0.1", port)}))
        started = time.monotonic()
        assert refused(f"http://127.0.0.1:{port}/m", _net.FetchLimits(timeout=0.5)) == "request failed"
        assert time.monotonic() - started < 2.0
