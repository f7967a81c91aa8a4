"""Every error of the API is JSON: ``{"status": 413, "error": "too_large", "message": "..."}``."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

ERROR_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}


def json_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The JSON error response for ``status``, with a message a person can act on."""
    body = {"status": status, "error": ERROR_NAMES.get(status, "error"), "message": message}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))
