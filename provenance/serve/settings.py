"""What a server is allowed to do: limits, the API token, the inspection options."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..options import InspectOptions

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_FILES = 20
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_WORKERS = 2
DEFAULT_MAX_QUEUE = 32
DEFAULT_MAX_QUEUED_BYTES = 256 * 1024 * 1024
DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_CONNECTIONS = 128
DEFAULT_HEADER_TIMEOUT_S = 10.0
LOOPBACK_HOST_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """How the app behaves. The defaults are offline, token-free and meant for a loopback address."""

    # Offline unless the operator allowed the network (remote manifests, OCSP).
    inspect: InspectOptions = field(default_factory=InspectOptions)
    # The whole request body (every file plus multipart framing); larger requests get 413.
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_files: int = DEFAULT_MAX_FILES
    # Per request: reading the upload (else 408) and inspecting every file in it (else 504).
    timeout_s: float = DEFAULT_TIMEOUT_S
    # When set, POST /v1/inspect needs ``Authorization: Bearer <token>``.
    token: str | None = None
    # Files inspected at once (worker threads); the files of every admitted request take turns.
    workers: int = DEFAULT_WORKERS
    # Requests admitted at once, waiting or being inspected: beyond, 503 with Retry-After.
    max_queue: int = DEFAULT_MAX_QUEUE
    # Upload bytes admitted at once (None: the larger of 256 MB and the upload limit): beyond, 503.
    max_queued_bytes: int | None = None
    # Estimated memory of the files being inspected at once (3x a file's size, plus its thumbnail's
    # decoding); a file that would pass it waits, unless nothing else runs.
    memory_budget_bytes: int = DEFAULT_MEMORY_BUDGET_BYTES
    # Open connections; past it, the connection waiting longest for its request headers is closed.
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    # Time a connection has to send complete request headers (from its opening, or the previous answer).
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    # Host headers accepted (DNS-rebinding guard for a loopback server); None accepts any.
    allowed_hosts: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        limits = (
            self.max_upload_bytes,
            self.max_files,
            self.timeout_s,
            self.workers,
            self.max_queue,
            self.memory_budget_bytes,
            self.max_connections,
            self.header_timeout_s,
        )
        if min(limits) <= 0:
            raise ValueError("limits must be positive")
        if self.max_queued_bytes is not None and self.max_queued_bytes < self.max_upload_bytes:
            raise ValueError("the bytes admitted at once must be at least the upload limit")
        if self.token is not None and not self.token:
            raise ValueError("an empty token protects nothing")

    @property
    def queued_bytes_limit(self) -> int:
        """Upload bytes admitted at once: ``max_queued_bytes``, by default the larger of 256 MB and the
        upload limit (one request of the largest size is always admissible)."""
        return self.max_queued_bytes or max(DEFAULT_MAX_QUEUED_BYTES, self.max_upload_bytes)


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
