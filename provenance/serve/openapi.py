"""The shapes the OpenAPI description gives: the error body, the health answer, the upload form and
the answers of ``POST /v1/inspect``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorBody(BaseModel):
    status: int
    error: str
    message: str


class Health(BaseModel):
    status: str
    version: str
    schema_version: str
    c2pa_sdk: str
    network_allowed: bool
    trust_configured: bool
    token_required: bool
    max_upload_bytes: int
    max_files: int
    timeout_s: float
    max_queue: int


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "One or more media files (repeat the field).",
                        }
                    },
                }
            }
        },
    }
}
INSPECT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "What `provenance inspect --json` prints for these files: one report object for one "
        "file, an array for several (JSON Schema: GET /v1/report-schema). A file whose bytes are no media "
        "type, or an empty one, uploaded with files that are gets the report inspect gives it (integrity "
        "`unsupported` and no media type, or an `empty` error). With ?thumbnails=true: "
        '{"reports": [...], "thumbnails": [{"data": "data:image/jpeg;base64,...", '
        '"source": "c2pa_manifest" | "file"} | null, ...], "previews": [{"file": URI | null, "manifest": '
        'URI | null, "ingredients": [{"manifest": LABEL, "index": N, "data": URI}, ...]}, ...]}: the '
        "file's own pixels, its active manifest's thumbnail, and the thumbnails manifests give their "
        "ingredients (the ingredient listed N-th, from 0, by the manifest LABEL; at most 24 a file).",
        "content": {"application/json": {}},
    },
    400: {
        "model": ErrorBody,
        "description": "Not multipart, no `file` field, too many files; or no file can be inspected and the "
        "first is empty.",
    },
    401: {"model": ErrorBody, "description": "The server needs a token: `Authorization: Bearer <token>`."},
    403: {"model": ErrorBody, "description": "A page of another origin sent the request (and no token)."},
    408: {"model": ErrorBody, "description": "The upload was not received within the time limit."},
    413: {"model": ErrorBody, "description": "The request body is larger than the upload limit."},
    415: {
        "model": ErrorBody,
        "description": "No file can be inspected and the first is not a media type provenance reads.",
    },
    503: {
        "model": ErrorBody,
        "description": "Too much work is admitted already: retry after `Retry-After` s.",
    },
    504: {"model": ErrorBody, "description": "Inspecting the files took longer than the time limit."},
}
