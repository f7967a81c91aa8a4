"""The hostile corpus (scripts/make_hostile.py), built once per session, and a port that must stay silent."""

from __future__ import annotations

import importlib.util
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import CORPUS, REPO


def make_hostile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", REPO / "scripts" / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The hostile files of the Rust SDK's own fixtures, read in place from the shared corpus.
RS_HOSTILE: tuple[str, ...] = make_hostile().RS_HOSTILE


class Listener:
    """A TCP port on 127.0.0.1 that accepts and counts connections: nothing may ever connect to it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> tuple[Path, dict[str, str]]:
    """The hostile folder and its catalogue (relative path -> what it is), one entry per path walked."""
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    return folder, make_hostile().build(folder, port=listener.port)


def rs_hostile() -> list[Path]:
    """The six hostile files of the shared corpus; skips when it is absent."""
    folder = CORPUS / "c2pa-rs-fixtures"
    if not folder.is_dir():
        pytest.skip(f"shared conformance corpus not found at {CORPUS} (it sits beside the repository in CI)")
    return [folder / name for name in RS_HOSTILE]
