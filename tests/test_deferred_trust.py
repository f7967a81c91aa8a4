"""DeferredTrust: trust settings built the first time a file needs them (what `inspect` passes)."""

from __future__ import annotations

import pickle
import threading

from provenance import TrustSettings, inspect
from provenance.options import DeferredTrust, InspectOptions
from provenance.trust import load_trust_settings
from tests.helpers import fixture


class Loads:
    """A loader that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> TrustSettings:
        self.calls += 1
        return load_trust_settings(use_cache=False)


def test_a_file_without_a_manifest_never_builds_them_and_a_signed_one_builds_them_once() -> None:
    loads = Loads()
    options = InspectOptions(trust=DeferredTrust(loads, "key"))
    for name in ("plain.jpg", "exif_camera.jpg", "gen_comfyui.png"):
        assert inspect(fixture(name), options=options).c2pa is not None
    assert loads.calls == 0
    first = inspect(fixture("ai_generated.jpg"), options=options)
    second = inspect(fixture("ai_edited.jpg"), options=options)
    assert loads.calls == 1
    eager = InspectOptions(trust=load_trust_settings(use_cache=False))
    assert first == inspect(fixture("ai_generated.jpg"), options=eager)  # the same reports either way
    assert second == inspect(fixture("ai_edited.jpg"), options=eager)


def test_threads_share_one_build() -> None:
    loads = Loads()
    deferred = DeferredTrust(loads, "key")
    built: list[TrustSettings] = []
    threads = [threading.Thread(target=lambda: built.append(deferred.settings())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads.calls == 1 and len(built) == 4 and all(b is built[0] for b in built)


def test_equal_by_what_they_are_built_from_and_pickled_as_the_settings() -> None:
    loads = Loads()
    assert DeferredTrust(loads, ("a", 1)) == DeferredTrust(loads, ("a", 1)) != DeferredTrust(loads, ("b", 1))
    assert loads.calls == 0  # comparing builds nothing
    options = InspectOptions(trust=DeferredTrust(loads, "key"))
    sent = pickle.loads(pickle.dumps(options))  # as an audit worker receives its options
    assert isinstance(sent.trust, TrustSettings) and loads.calls == 1
    assert sent.trust == options.trust_settings() == sent.trust_settings()
