"""A client of the C2PA soft-binding resolution API (``inspect --resolve URL``): any service, ours
(``provenance serve --index``) or a provider's, is asked about the file's fingerprints; what it answers
becomes the report's ``matches`` with the service's address as their source.

Only when asked: the URL is the user's. The rules of :mod:`provenance._net` apply to every request (http
or https, no credentials in the URL, the host resolved once and checked, no proxy, size caps, timeouts,
a deadline), and loopback and private addresses are refused unless ``allow_private`` (a service on the
user's own machine or network). Asked: ``GET /services/supportedAlgorithms``, then ``GET
/matches/byBinding`` for each of the file's fingerprints whose algorithm the service supports, then
``GET /manifests/{manifestId}`` for each match. The file itself is never uploaded (``/matches/byContent``
is not used). A match's ``endpoint`` (its manifest held by another service) is not followed. Each
fetched manifest store is validated on its own (:func:`provenance.index.verify_stored`) and read for what
it declares.
"""

from __future__ import annotations

import io
import json
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlencode

from .. import _net
from ..fingerprints import ALGORITHMS, Fingerprint
from ..fingerprints.values import api_value
from ..models import FingerprintMatch, Integrity, MatchedOriginal, Strength, Trust
from ..phrasing import signer_text
from ..trust import TrustSettings
from .convert import stored_credentials
from .words import match_summary

JSON_LIMITS: Final = _net.FetchLimits(max_bytes=1024 * 1024, timeout=10.0, deadline=30.0)
MANIFEST_LIMITS: Final = _net.FetchLimits(max_bytes=16 * 1024 * 1024, timeout=10.0, deadline=60.0)
USER_AGENT: Final = "provenance (C2PA soft-binding resolution client)"


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one service answered: its matches (best first) and, when it could not be asked, why."""

    matches: tuple[FingerprintMatch, ...]
    asked: int  # byBinding queries sent
    problem: str | None = None


def resolve(
    url: str,
    prints: Sequence[Fingerprint],
    *,
    trust: TrustSettings,
    media_type: str | None,
    limit: int = 5,
    allow_private: bool = False,
) -> Resolved:
    """Ask the service at ``url`` (its base address) about ``prints``; never raises for what the service
    or the network does."""
    base = url.rstrip("/")
    try:
        supported = _supported(base, allow_private)
        queries = [
            f for f in prints if f.variant == "full" and ALGORITHMS[f.alg].registered and f.alg in supported
        ]
        found: dict[str, int] = {}  # manifestId -> best similarityScore
        for fp in queries:
            for match in _by_binding(base, fp, limit, allow_private):
                manifest_id, score = match
                found[manifest_id] = max(score, found.get(manifest_id, 0))
        ranked = sorted(found.items(), key=lambda item: -item[1])[:limit]
        matches = tuple(
            _match(base, manifest_id, score, trust, media_type, allow_private)
            for manifest_id, score in ranked
        )
        return Resolved(matches, len(queries))
    except _net.FetchError:
        return Resolved((), 0, _net.FETCH_FAILED)
    except ValueError as error:
        return Resolved((), 0, f"the service's answer is not what the API describes ({error})")


def _get_json(url: str, allow_private: bool) -> Any:
    response = _net.request(
        url,
        JSON_LIMITS,
        allow_private=allow_private,
        user_agent=USER_AGENT,
        headers={"Accept": "application/json"},
    )
    if response.status != 200:
        raise _net.FetchError(f"HTTP status {response.status}")
    return json.loads(response.body)


def _supported(base: str, allow_private: bool) -> set[str]:
    answer = _get_json(f"{base}/services/supportedAlgorithms", allow_private)
    if not isinstance(answer, dict):
        raise ValueError("supportedAlgorithms is not an object")
    names = set()
    for kind in ("fingerprints", "watermarks"):
        for item in answer.get(kind) or []:
            if isinstance(item, dict) and isinstance(item.get("alg"), str):
                names.add(item["alg"])
    return names


def _by_binding(base: str, fp: Fingerprint, limit: int, allow_private: bool) -> list[tuple[str, int]]:
    query = urlencode({"alg": fp.alg, "value": api_value(fp), "maxResults": limit})
    answer = _get_json(f"{base}/matches/byBinding?{query}", allow_private)
    found = []
    for item in (answer.get("matches") if isinstance(answer, dict) else None) or []:
        if not isinstance(item, dict) or not isinstance(item.get("manifestId"), str):
            continue
        score = item.get("similarityScore")
        found.append(
            (item["manifestId"][:1024], int(score) if isinstance(score, int) and 0 <= score <= 100 else 0)
        )
    return found


def _match(
    base: str, manifest_id: str, score: int, trust: TrustSettings, media_type: str | None, allow_private: bool
) -> FingerprintMatch:
    from ..index import verify_stored

    original: MatchedOriginal | None = None
    credentials = None
    try:
        store = _net.request(
            f"{base}/manifests/{quote(manifest_id, safe='')}",
            MANIFEST_LIMITS,
            allow_private=allow_private,
            user_agent=USER_AGENT,
        )
        if store.status == 200 and store.body:
            kind = media_type or "image/jpeg"
            check = verify_stored(store.body, kind, trust)
            credentials = stored_credentials(check)
            original = _declared(store.body, kind, trust, check.state, check.trust)
    except _net.FetchError:
        pass
    summary = match_summary(manifest_id, None, original, False, True).replace(
        "Resembles ", f"The service {base} says this resembles the asset of manifest ", 1
    )
    return FingerprintMatch(
        source=base,
        kind="resolve",
        manifest_id=manifest_id,
        path=None,
        indexed_at=None,
        distances=(),
        similarity=score,
        weak=False,
        original=original,
        credentials=credentials,
        summary=summary,
    )


def _declared(
    store: bytes, media_type: str, trust: TrustSettings, state: str, trusted: str
) -> MatchedOriginal:
    """What a fetched manifest store declares (origin, tool, signer), read on its own."""
    from ..readers.base import ReaderOutput
    from ..readers.c2pa import sdk
    from ..verdict import decide

    extension = mimetypes.guess_extension(media_type) or ".jpg"
    read = sdk.read(
        io.BytesIO(b""),
        name="original" + extension,
        sidecar=("fetched.c2pa", store),
        trust=trust,
        allow_network=False,
    )
    verdict = decide(read, ReaderOutput(), trust_configured=trust.configured).verdict
    return MatchedOriginal(
        origin=verdict.origin,
        tool=verdict.tool.name if verdict.tool else None,
        signer=signer_text(verdict.signer) or None,
        signing_time=verdict.signer.signing_time if verdict.signer else None,
        integrity=Integrity.NOT_CHECKED,  # the asset it describes is not at hand
        trust={"trusted": Trust.TRUSTED, "untrusted": Trust.UNTRUSTED}.get(trusted, Trust.NOT_CHECKED),
        trust_list=None,
        strength=Strength.SIGNED if state in ("verified", "expired") else Strength.UNSIGNED,
        summary=None,
    )
