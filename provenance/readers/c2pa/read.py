"""What a C2PA read returns, and how it ended: the types every caller of the reader names.

Kept apart from :mod:`.store` (the parsed manifest store, its many classes and their parsing) so that a
file without a manifest, whose read is only ``C2paRead(ReadStatus.ABSENT)``, loads none of that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...models import Fragments
    from .identity import CawgTrust, IdentityRead
    from .signature import SignatureFacts
    from .store import ManifestStore


class ReadStatus(StrEnum):
    READ = "read"  # a manifest store was read and validated
    ABSENT = "absent"  # the SDK found no manifest
    REMOTE = "remote"  # the file points to a remote manifest that was not (or could not be) fetched
    UNSUPPORTED = "unsupported"  # the SDK does not read this kind of file
    FAILED = "failed"  # the SDK could not parse the file or its manifest


# The error kind of a fragmented MP4's media fragment read on its own (the SDK cannot: no ``ftyp``).
LONE_FRAGMENT = "Fragment"
# The error kind when only the first bytes of a file were at hand (a web audit's --metadata-only).
METADATA_ONLY = "MetadataOnly"


@dataclass(frozen=True, slots=True)
class C2paRead:
    status: ReadStatus
    store: ManifestStore | None = None
    remote_url: str | None = None
    embedded: bool = True
    error_kind: str | None = None  # the SDK's error class, e.g. "Verify", "Other"
    error_message: str | None = None
    sidecar: str | None = None  # the name of the standalone manifest read with the file, if any
    fragments: Fragments | None = None  # a fragmented MP4's fragments, read with its init segment
    identities: tuple[IdentityRead, ...] = ()  # the active manifest's CAWG identity assertions
    signature: SignatureFacts | None = None  # its claim signature's certificate and timestamp, when read
    cawg: CawgTrust | None = None  # the CAWG trust the identities were checked against, if any
    # The manifest store as crJSON (``Reader.crjson()``, parsed), from the same read: the input of the C2PA
    # Asset Rubrics, evaluated as it is (a rubric reads any field); None when the SDK gave none.
    crjson: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
