"""The C2PA soft-binding resolution API over a manifest repository, served by ``provenance serve --index
FILE``: the four read-only endpoints of the C2PA specification's OpenAPI description (version 1.0.0).

- ``GET /services/supportedAlgorithms``: ``{"watermarks": [], "fingerprints": [{"alg": "io.iscc.v0"}]}``;
  only names on the C2PA soft-binding algorithm list are announced (PDQ is searched by the repository
  but has no registered name, so a client cannot ask for it).
- ``GET /matches/byBinding?alg=&value=&maxResults=`` and ``POST /matches/byBinding`` (``{"alg", "value"}``):
  ``value`` base64, see :mod:`provenance.fingerprints.values`.
- ``POST /matches/byContent?maxResults=`` with the asset as the body: its fingerprints are computed here
  (the asset is not kept) and every algorithm is searched.
- ``GET /manifests/{manifestId}``: the stored manifest store, ``application/c2pa``.

Answers: ``{"matches": [{"manifestId", "similarityScore"}]}``, best first; ``similarityScore`` 0-100, 100
when no bit differs, 0 when half of them do (unrelated pictures), over every algorithm compared. Only
entries whose manifest store is kept are answered (``/manifests`` must be able to serve them). The same
token, origin, host and body-size checks as ``/v1/inspect`` apply (the middleware of :mod:`.app`; the
token through ``require_token``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any, Final

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import JSONResponse, Response

from ..fingerprints import ALGORITHMS, Fingerprint, fingerprint
from ..fingerprints.values import bits_of
from ..tracing import opened_repository
from ..tracing.convert import similarity
from .errors import json_error

MAX_RESULTS: Final = 100
DEFAULT_RESULTS: Final = 10
MAX_QUERY_BYTES: Final = 64 * 1024


def soft_binding_router(
    index: str, require_token: Callable[..., Awaitable[None]], max_bytes: int
) -> APIRouter:
    """The routes, over the repository file ``index``; ``max_bytes``: the largest asset accepted."""
    router = APIRouter(tags=["C2PA soft-binding resolution"], dependencies=[Depends(require_token)])

    @router.get("/services/supportedAlgorithms", summary="The soft-binding algorithms this service answers")
    def supported() -> dict[str, Any]:
        registered = [{"alg": a.name} for a in ALGORITHMS.values() if a.registered]
        return {"watermarks": [], "fingerprints": registered}

    @router.get("/matches/byBinding", summary="Manifests whose soft binding is near this value")
    def by_binding(
        alg: str, value: str, max_results: int = Query(DEFAULT_RESULTS, alias="maxResults", ge=1)
    ) -> Response:
        return _by_binding(index, alg, value, max_results)

    @router.post("/matches/byBinding", summary="Manifests whose soft binding is near this value (large)")
    async def by_large_binding(
        request: Request, max_results: int = Query(DEFAULT_RESULTS, alias="maxResults", ge=1)
    ) -> Response:
        body = await request.body()
        try:
            query = json.loads(body[:MAX_QUERY_BYTES])
            alg, value = str(query["alg"]), str(query["value"])
        except (ValueError, KeyError, TypeError):
            return json_error(400, 'the body must be a JSON object {"alg": ..., "value": ...}')
        return await asyncio.to_thread(_by_binding, index, alg, value, max_results)

    @router.post("/matches/byContent", summary="Manifests of assets that look like the uploaded one")
    async def by_content(
        request: Request, max_results: int = Query(DEFAULT_RESULTS, alias="maxResults", ge=1)
    ) -> Response:
        body = await request.body()  # BodyLimitMiddleware already refused a larger one (413)
        if not body or len(body) > max_bytes:
            return json_error(400, "send the asset as the request body")
        found = await asyncio.to_thread(fingerprint, body)
        if not found.fingerprints:
            return json_error(415, f"no fingerprint of this asset: {found.refused or 'unsupported'}")
        return await asyncio.to_thread(_answer, index, found.fingerprints, max_results)

    @router.get("/manifests/{manifestId}", summary="The C2PA manifest store of a matched manifest")
    def manifest(manifestId: str) -> Response:  # the specification's name
        if not manifestId or len(manifestId) > 1024:
            return json_error(400, "invalid manifest identifier")
        repo = opened_repository(index)
        row = repo.by_manifest(manifestId)
        stored = repo.manifest_store(int(row["id"])) if row is not None else None
        if stored is None:
            return json_error(404, "no manifest with this identifier")
        return Response(stored[0], media_type="application/c2pa")

    return router


def _by_binding(index: str, alg: str, value: str, max_results: int) -> Response:
    algorithm = ALGORITHMS.get(alg)
    if algorithm is None or not algorithm.registered:
        return json_error(400, f"unsupported algorithm {alg[:100]!r}: see /services/supportedAlgorithms")
    bits = bits_of(alg, value)
    if bits is None:
        return json_error(400, f"the value is not a {alg} value (base64 of the binary ISCC, or ISCC:...)")
    return _answer(index, (Fingerprint(alg, value, bits, "query"),), max_results)


def _answer(index: str, prints: tuple[Fingerprint, ...], max_results: int) -> Response:
    from ..index import lookup_fingerprints

    repo = opened_repository(index)
    found = lookup_fingerprints(prints, repo, limit=min(max_results, MAX_RESULTS) * 2, verify=False)
    matches = [
        {"manifestId": m.manifest_id, "similarityScore": similarity(m.differing)}
        for m in found
        if m.manifest_id and repo.manifest_store(m.entry) is not None
    ]
    return JSONResponse({"matches": matches[:max_results]})
