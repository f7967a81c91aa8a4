"""The ASGI app: the moderator page, ``POST /v1/inspect``, ``GET /v1/health`` and the OpenAPI description.

Build it with :func:`create_app`; ``provenance serve`` runs it with uvicorn (:mod:`.server`). Each
request has one deadline: reading the upload past it gives 408, inspecting past it gives 504. Inspection
runs on a few worker threads, file by file (:mod:`.jobs`): a request is admitted only while the count and
the bytes of admitted requests are under their limits (else 503 with Retry-After), and a request that
timed out or whose client went away gets no further file, nor thumbnail, started for it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from .. import __version__, sdk_version
from ..formats import json as json_format
from ..models import SCHEMA_VERSION, Report
from ..report_schema import report_schema
from .errors import json_error
from .jobs import RETRY_AFTER_S, Busy, Inspections, Job, Stopped
from .limits import BodyLimitMiddleware, HostCheckMiddleware, SameOriginMiddleware, SecurityHeadersMiddleware
from .openapi import INSPECT_RESPONSES, UPLOAD_BODY, Health
from .previews import Previews
from .settings import ServeSettings
from .uploads import (
    Upload,
    UploadRejected,
    check_uploads,
    clean_name,
    inspect_cost,
    inspect_file,
    upload_size,
)

log = logging.getLogger("provenance.serve")
STATIC_TYPES = {
    "app.js": "text/javascript; charset=utf-8",
    "dom.js": "text/javascript; charset=utf-8",
    "official.js": "text/javascript; charset=utf-8",
    "matches.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}


FileResult = tuple[Report, Previews | None]
_BEARER = HTTPBearer(auto_error=False, description="Needed when the server was started with a token.")


def _static(name: str) -> bytes:
    return resources.files("provenance.serve").joinpath("static", name).read_bytes()


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The app for these settings (defaults: offline, no token, limits of :class:`ServeSettings`)."""
    settings = settings or ServeSettings()
    options = settings.inspect
    inspections: Inspections[FileResult] = Inspections(
        # Looked up at each call: tests replace ``inspect_file`` in this module.
        lambda upload, thumbnail, wanted: inspect_file(upload, options, thumbnail=thumbnail, wanted=wanted),
        inspect_cost,
        workers=settings.workers,
        max_jobs=settings.max_queue,
        max_bytes=settings.queued_bytes_limit,
        memory_budget=settings.memory_budget_bytes,
    )
    counts = {"requests": 0, "files": 0, "unreadable": 0, "rejected": 0, "busy": 0}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        inspections.close()

    app = FastAPI(
        title="provenance",
        version=__version__,
        description="What media files declare about their origin (C2PA Content Credentials and metadata).",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the page must not
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.counts = counts
    app.state.inspections = inspections
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SameOriginMiddleware, token=settings.token)
    if settings.allowed_hosts is not None:
        app.add_middleware(HostCheckMiddleware, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    _add_error_handlers(app)

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return Response(_static("index.html"), media_type="text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC_TYPES:
            raise HTTPException(404, "no such file")
        return Response(_static(name), media_type=STATIC_TYPES[name], headers={"Cache-Control": "no-cache"})

    @app.get("/v1/health", response_model=Health, summary="Whether the server is up, and its limits")
    def health() -> Health:
        return Health(
            status="ok",
            version=__version__,
            schema_version=SCHEMA_VERSION,
            c2pa_sdk=sdk_version(),
            network_allowed=settings.inspect.allow_network,
            trust_configured=settings.inspect.trust_settings().configured,
            token_required=settings.token is not None,
            max_upload_bytes=settings.max_upload_bytes,
            max_files=settings.max_files,
            timeout_s=settings.timeout_s,
            max_queue=settings.max_queue,
        )

    if settings.inspect.index is not None:  # serve --index: the C2PA soft-binding resolution API
        from .softbinding import soft_binding_router

        app.include_router(
            soft_binding_router(settings.inspect.index, _require_token, settings.max_upload_bytes)
        )

    @app.get("/v1/report-schema", summary="The JSON Schema of a report")
    def schema() -> dict[str, Any]:
        return report_schema()

    @app.post(
        "/v1/inspect",
        summary="Inspect uploaded files",
        responses=INSPECT_RESPONSES,
        openapi_extra=UPLOAD_BODY,
        dependencies=[Depends(_require_token)],
    )
    async def inspect_files(request: Request, thumbnails: bool = False) -> Response:
        deadline = time.monotonic() + settings.timeout_s
        counts["requests"] += 1
        inspections.check_room(_declared_length(request))  # before reading a body that cannot be admitted
        form = await _read_form(request, settings, deadline)
        job: Job[FileResult] | None = None
        try:
            uploads = _uploads(form)
            check_uploads(uploads)
            size = sum(upload_size(upload) for upload in uploads)
            job = inspections.submit(uploads, thumbnails=thumbnails, deadline=deadline, size=size)
        except UploadRejected as rejected:
            counts["rejected"] += 1
            return json_error(rejected.status, rejected.message)
        finally:
            if job is None:  # once admitted, the job releases the uploads when its last file is done
                await form.close()
        results = await _outcome(job, request, inspections, settings)
        reports = [report for report, _ in results]
        unreadable = sum(1 for r in reports if r.error)
        counts["files"] += len(reports)
        counts["unreadable"] += unreadable
        log.info("inspected %d file(s), %d unreadable", len(reports), unreadable)  # counts only, never names
        if not thumbnails:
            return Response(json_format.render(reports, indent=None), media_type="application/json")
        images = [p or Previews() for _, p in results]
        body = '{"reports":[' + ",".join(r.to_json() for r in reports) + "]"
        body += ',"thumbnails":' + json.dumps([p.thumbnail() for p in images])
        body += ',"previews":' + json.dumps([p.to_json() for p in images]) + "}"
        return Response(body, media_type="application/json")

    return app


async def _require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]
) -> None:
    """401 unless the server has no token or the request carries it (compared in constant time)."""
    token: str | None = request.app.state.settings.token
    if token is None:
        return
    given = credentials.credentials.encode() if credentials is not None else b""
    if not hmac.compare_digest(given, token.encode()):
        raise HTTPException(
            401,
            "missing or wrong API token: send `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _declared_length(request: Request) -> int:
    declared = request.headers.get("content-length", "")
    return int(declared) if declared.isdigit() else 0


async def _outcome(
    job: Job[FileResult], request: Request, inspections: Inspections[FileResult], settings: ServeSettings
) -> list[FileResult]:
    """The job's results; 504 past the deadline. Past it, or once the client has gone, the job is
    stopped: no further file of it starts, and a queued one never does."""
    gone: asyncio.Future[None] = asyncio.ensure_future(_disconnected(request))
    try:
        waited: set[asyncio.Future[Any]] = {job.future, gone}
        done, _ = await asyncio.wait(
            waited,
            timeout=max(job.deadline - time.monotonic(), 0.01),
            return_when=asyncio.FIRST_COMPLETED,
        )
    finally:
        gone.cancel()
    if job.future in done:
        try:
            return job.future.result()
        except Stopped:
            pass  # the deadline passed in a worker first
    else:
        inspections.stop(job)
        job.future.cancel()
    raise HTTPException(504, f"inspecting the files took longer than the limit of {settings.timeout_s:g} s")


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone (the body has been read: the next message says so)."""
    while (await request.receive())["type"] != "http.disconnect":
        await asyncio.sleep(0.05)  # not a server's normal answer after the body: do not spin on it


async def _read_form(request: Request, settings: ServeSettings, deadline: float) -> FormData:
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith("multipart/form-data"):
        raise HTTPException(400, "send multipart/form-data with one or more files in the field 'file'")
    try:
        async with asyncio.timeout(max(deadline - time.monotonic(), 0.0)):
            return await request.form(max_files=settings.max_files, max_fields=16)
    except TimeoutError:
        raise HTTPException(
            408, f"the upload was not received within the limit of {settings.timeout_s:g} s"
        ) from None


def _uploads(form: FormData) -> list[Upload]:
    items = form.getlist("file")
    if not items:
        raise UploadRejected(400, "no file: send one or more files in the multipart field 'file'")
    uploads = []
    for item in items:
        if not isinstance(item, UploadFile):
            raise UploadRejected(400, "the field 'file' must hold files, not text")
        uploads.append(Upload(clean_name(item.filename), item.file))
    return uploads


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return json_error(exc.status_code, str(exc.detail), exc.headers)

    async def invalid(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()
        )
        return json_error(400, f"malformed request: {problems}")

    async def busy(request: Request, exc: Exception) -> Response:
        request.app.state.counts["busy"] += 1
        return json_error(503, f"{exc}; retry in {RETRY_AFTER_S} s", {"Retry-After": str(RETRY_AFTER_S)})

    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__)
        return json_error(500, "internal error")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Busy, busy)
    app.add_exception_handler(Exception, crashed)
