"""What a server is allowed to do: limits, the API token, the inspection options."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..options import InspectOptions

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_FILES = 20
DEFAULT_TIMEOUT_S = 30.0
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
    # Inspections running at once (worker threads); more requests wait for a free one.
    workers: int = 2
    # Host headers accepted (DNS-rebinding guard for a loopback server); None accepts any.
    allowed_hosts: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.max_upload_bytes <= 0 or self.max_files <= 0 or self.timeout_s <= 0 or self.workers <= 0:
            raise ValueError("limits must be positive")
        if self.token is not None and not self.token:
            raise ValueError("an empty token protects nothing")


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
