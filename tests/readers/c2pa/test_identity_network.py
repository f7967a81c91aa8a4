"""DID resolution is network: reading a CAWG identity whose issuer is a ``did:web`` makes no connection.

The C2PA SDK resolves a ``did:web`` issuer over HTTPS with its own client, out of Python's reach, so a socket
guard in this process would see nothing. Its client honours the proxy variables, though: each read runs in a
child process whose HTTPS_PROXY points to a listener here, and any connection the SDK tries shows up as a
``CONNECT`` to that listener. The first test proves the method sees one when the SDK is left to its defaults.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from provenance.readers.c2pa import contexts as sdk
from provenance.readers.c2pa.identity import CawgTrust
from provenance.trust import TrustSettings, load_trust_settings

from ...helpers import corpus

DID_WEB = "claim_aggregation__adobe_connected_identities.jpg"  # issuer did:web:connected-identities...


class Listener:
    """A TCP listener on 127.0.0.1 that records the first bytes of every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            with client:
                client.settimeout(2)
                try:
                    self.seen.append(client.recv(512))
                except OSError:
                    self.seen.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


def _run_behind_proxy(code: str, path: Path) -> tuple[list[bytes], str]:
    """Run ``code`` (which reads ``sys.argv[1]``) in a child process whose proxy is a fresh listener: the
    connections the listener received, and what the child printed."""
    listener = Listener()
    proxy = {name: listener.url for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")}
    proxy |= {name.lower(): value for name, value in proxy.items()}
    env = {**os.environ, **proxy}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        listener.close()
    assert done.returncode == 0, done.stderr
    return listener.seen, done.stdout


def test_the_method_sees_the_sdk_resolve_a_did_web_issuer_with_its_default_settings() -> None:
    code = (
        "import sys, c2pa\n"
        "with c2pa.Reader(sys.argv[1], context=c2pa.Context.from_dict({})) as reader:\n"
        "    assert 'cawg.ica.did_unavailable' in reader.json()\n"
    )
    seen, _ = _run_behind_proxy(code, corpus("c2pa-rs-identity") / DID_WEB)
    assert any(b"connected-identities.identity-stage.adobe.com" in first for first in seen), seen


@pytest.mark.parametrize("allow_network", [False, True])
def test_inspect_makes_no_connection_to_resolve_a_did(allow_network: bool) -> None:
    # Not even with the network allowed: DID documents are never fetched (README, "The verdict": identities).
    code = (
        "import sys, provenance\n"
        "from provenance import InspectOptions\n"
        f"report = provenance.inspect(sys.argv[1], options=InspectOptions(allow_network={allow_network}))\n"
        "assert report.identities[0].state.value == 'unverified', report.identities\n"
    )
    assert _run_behind_proxy(code, corpus("c2pa-rs-identity") / DID_WEB)[0] == []


def test_the_cli_makes_no_connection_to_resolve_a_did() -> None:
    code = (
        "import sys\n"
        "from provenance.cli import main\n"
        "sys.argv = ['provenance', 'inspect', sys.argv[1], '--json']\n"
        "main()\n"
    )
    seen, printed = _run_behind_proxy(code, corpus("c2pa-rs-identity") / DID_WEB)
    assert seen == []
    assert '"cawg.ica.did_unavailable"' in printed


def test_every_sdk_context_blocks_every_host() -> None:
    # Both reads: the C2PA one (any trust) and the one that checks identities against CAWG trust.
    assert sdk.sdk_settings(trust=TrustSettings())["core"] == {"allowed_network_hosts": []}
    cawg = CawgTrust(ica_issuers=("did:web:example.com",))
    assert sdk.cawg_settings(cawg)["core"] == {"allowed_network_hosts": []}
    assert sdk.cawg_settings(cawg)["verify"] == {"remote_manifest_fetch": False, "ocsp_fetch": False}
    # and the per-file read given only the anchors a file's signers could chain to
    narrowed = sdk.narrowed_settings(load_trust_settings(use_cache=False), [])
    assert narrowed["core"] == {"allowed_network_hosts": []}
    assert narrowed["verify"] == {"remote_manifest_fetch": False, "ocsp_fetch": False}
