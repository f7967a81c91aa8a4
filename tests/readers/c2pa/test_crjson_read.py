"""The crJSON comes from the read the report is made from: one ``Reader.crjson()`` a file, kept on the
:class:`C2paRead`, and it gives a C2PA 2.x claim's gathered assertions instead of ``detailed_json()``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import c2pa
import pytest

from provenance.readers.c2pa import sdk
from provenance.readers.c2pa.store import C2paRead, gathered_assertions, gathered_in_crjson
from provenance.trust import TrustSettings
from tests.helpers import fixture


def _read(name: str) -> C2paRead:
    return sdk.read(fixture(name), allow_network=False, trust=TrustSettings())


def test_a_read_keeps_its_manifest_store_as_crjson() -> None:
    found = _read("ai_edited.jpg")
    assert found.store is not None and found.crjson is not None
    labels = [m["label"] for m in found.crjson["manifests"]]
    assert labels[0] == found.store.active_label and set(labels) == set(found.store.manifests)
    assert _read("sidecar.jpg").crjson is None  # no manifest of its own: read alone, there is none


def test_the_sdk_is_asked_for_the_crjson_once_and_for_no_detailed_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    for name in ("crjson", "detailed_json"):
        original = getattr(c2pa.Reader, name)

        def counted(self: Any, _name: str = name, _original: Any = original) -> Any:
            calls.append(_name)
            return _original(self)

        monkeypatch.setattr(c2pa.Reader, name, counted)
    # A v2 claim (whose gathered assertions came from the detailed JSON) with a timestamp (whose signature
    # facts came from a crJSON of their own).
    found = _read("timestamped.jpg")
    assert found.signature is not None and found.signature.timestamp_authority
    assert calls == ["crjson"]


@pytest.mark.parametrize("name", ["gathered_ai.jpg", "watermark_declared.jpg", "ai_edited.jpg"])
def test_gathered_assertions_read_the_same_from_the_crjson(name: str) -> None:
    path: Path = fixture(name)
    with c2pa.Reader(str(path), context=sdk.context(trust=TrustSettings())) as reader:
        detailed = gathered_assertions(json.loads(reader.detailed_json()))
        assert gathered_in_crjson(json.loads(reader.crjson())) == detailed
    assert detailed  # each of them has some (thumbnails, soft bindings, an AI action)
