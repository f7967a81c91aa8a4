"""ASGI middleware: the request-body limit (enforced while streaming), the security headers, the Host
check (DNS rebinding) and the same-origin check of state-changing requests (cross-site uploads)."""

from __future__ import annotations

import hmac

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import json_error

# No inline script or style, nothing from elsewhere: the page only talks to this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit:,} bytes")


class BodyLimitMiddleware:
    """Rejects a body over ``max_bytes`` with 413: at once from a Content-Length that says so, else as
    soon as the streamed body passes the limit (a missing or lying Content-Length changes nothing)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await json_error(413, BodyTooLarge(self.max_bytes).detail)(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracked)
        except BodyTooLarge as error:  # normally answered by the app's handler; this is the fallback
            if started:
                raise
            await json_error(413, error.detail)(scope, receive, send)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy, nosniff and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class HostCheckMiddleware:
    """Answers 400 to a Host header not in ``allowed`` (port ignored): a loopback server is then out of
    reach of DNS-rebinding pages, which send their own host name."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = frozenset(h.lower() for h in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed:
                await json_error(400, "unexpected Host header for this server")(scope, receive, send)
                return
        await self.app(scope, receive, send)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SameOriginMiddleware:
    """Answers 403 to a state-changing request (POST and every method but GET, HEAD, OPTIONS) that a page
    of another origin made, unless it carries the server's token. Browsers say so: ``Sec-Fetch-Site`` is
    ``cross-site`` or ``same-site`` (another port of the same host is same-site, not same-origin), or the
    ``Origin`` is not this server's own: ``http://`` or ``https://`` (a TLS proxy may sit in front) and the
    Host header, port included; ``Origin: null`` (a sandboxed frame, a file) is refused too. Clients that
    send neither (curl, scripts) are not browsers driven by a foreign page, and pass; so does the page
    served here.

    Without it, any web page a moderator opens could make their browser post files to a token-free
    server on loopback (a form needs no CORS permission) and have it inspect them.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token.encode() if token is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            problem = self._cross_origin(scope)
            if problem is not None and not self._has_token(scope):
                await json_error(403, problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _cross_origin(scope: Scope) -> str | None:
        headers = dict(scope["headers"])
        site = headers.get(b"sec-fetch-site", b"").decode("latin-1").strip().lower()
        if site in ("cross-site", "same-site"):
            return f"refused: a page of another site or origin sent this request (Sec-Fetch-Site: {site})"
        origin = headers.get(b"origin")
        if origin is None:
            return None
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        given = origin.decode("latin-1").strip().lower()
        if not host or given not in (f"http://{host}", f"https://{host}"):
            return "refused: a page of another origin sent this request (its Origin is not this server)"
        return None

    def _has_token(self, scope: Scope) -> bool:
        if self.token is None:
            return False
        value = dict(scope["headers"]).get(b"authorization", b"")
        scheme, _, given = value.partition(b" ")
        return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token)
