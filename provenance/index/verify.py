"""Whether a stored manifest store still verifies on its own, without the file it was cut from.

The repository keeps the manifest store, not the original file. So the SDK is given the stored bytes as a
standalone manifest for an empty asset of the original's format (``c2pa.Reader(format, stream,
manifest_data=...)``) and validates everything that does not need the asset: each claim's signature, the
signing certificate's validity and trust against the lists in force today, the timestamp, and the hashes
that bind each assertion to its claim. What it cannot check is the content binding (``c2pa.hash.data``,
``c2pa.hash.bmff``, ``c2pa.hash.boxes``: the hash of the original's bytes): with no asset those always
read as a mismatch, and are set aside here, named, never counted as a pass. At indexing time the same
store was validated against the original file itself: the entry's ``integrity`` says how that went.

So "verifies on its own" means: this manifest was signed by this certificate and nobody changed a word of
it since. It says nothing about whether the copy at hand is the file it describes; the fingerprint match
is all that links the two.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass, field
from typing import Any, Final

from ..readers.c2pa import sdk
from ..readers.c2pa.read import ReadStatus
from ..trust import TrustSettings
from .repository import now

# Content-binding codes: they compare the claim with the asset's bytes, which are not stored.
CONTENT_BINDING_CODES: Final = frozenset(
    {
        "assertion.dataHash.mismatch",
        "assertion.bmffHash.mismatch",
        "assertion.boxesHash.mismatch",
        "assertion.collectionHash.mismatch",
        "assertion.dataHash.malformed",
        "assertion.bmffHash.malformed",
        "assertion.boxesHash.malformed",
    }
)
_TRUST_CODES: Final = {"signingCredential.trusted": "trusted", "signingCredential.untrusted": "untrusted"}
_EXPIRED: Final = "signingCredential.expired"
_SIGNATURE_FAILURES: Final = ("claimSignature.", "signingCredential.invalid", "signingCredential.revoked")


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """The stored manifest store, validated again today without its asset.

    ``state``: ``verified`` (every claim signature, certificate and assertion hash checks out; the content
    binding aside), ``expired`` (all that, but the certificate has expired and no trusted timestamp
    vouches for the signing time), ``failed`` (something that does not need the asset failed:
    ``problems`` says what), ``unreadable`` (the SDK could not read the stored bytes). ``trust``: the
    signer against the trust lists in force now: ``trusted``, ``untrusted``, or ``not_checked`` when none
    is configured.
    """

    state: str
    signature: str | None  # "valid" | "invalid"
    trust: str
    problems: tuple[str, ...]
    set_aside: tuple[str, ...] = field(default=())
    checked_at: str = ""

    @property
    def summary(self) -> str:
        if self.state == "unreadable":
            return "The stored manifest could not be read again."
        if self.state == "expired":
            return (
                "The stored manifest's signature is intact, but its certificate has expired and no trusted "
                "timestamp vouches for when it signed."
            )
        if self.state == "failed":
            return "The stored manifest no longer verifies on its own: " + ", ".join(self.problems) + "."
        signer = {"trusted": "a trusted signer", "untrusted": "a signer no trust list vouches for"}.get(
            self.trust, "a signer not checked against any trust list"
        )
        return (
            f"The stored manifest still verifies on its own (signature valid, {signer}); whether the copy is "
            "the file it describes cannot be checked, as the original's bytes are not kept."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "signature": self.signature,
            "trust": self.trust,
            "problems": list(self.problems),
            "set_aside": list(self.set_aside),
            "checked_at": self.checked_at,
            "summary": self.summary,
        }


def verify_stored(store: bytes, media_type: str, trust: TrustSettings) -> CredentialCheck:
    """Validate a stored manifest store on its own (see the module's docstring)."""
    extension = mimetypes.guess_extension(media_type) or ""
    read = sdk.read(
        io.BytesIO(b""),
        name="original" + extension,
        sidecar=("stored.c2pa", store),
        trust=trust,
        allow_network=False,
    )
    checked = now()
    if read.status is not ReadStatus.READ or read.store is None:
        return CredentialCheck(
            "unreadable", None, "not_checked", (read.error_message or "",), checked_at=checked
        )
    failures = [c.code for c in read.store.failures]
    successes = [c.code for c in read.store.successes]
    set_aside = tuple(dict.fromkeys(c for c in failures if c in CONTENT_BINDING_CODES))
    problems = tuple(
        dict.fromkeys(c for c in failures if c not in CONTENT_BINDING_CODES and c not in _TRUST_CODES)
    )
    signed = "claimSignature.validated" in successes and not any(
        c.startswith(_SIGNATURE_FAILURES) for c in failures
    )
    trust_state = next((_TRUST_CODES[c] for c in (*successes, *failures) if c in _TRUST_CODES), "not_checked")
    if not trust.configured:
        trust_state = "not_checked"  # the SDK says "untrusted" when it was given no list at all
    state = "verified" if signed and not problems else "expired" if problems == (_EXPIRED,) else "failed"
    return CredentialCheck(state, "valid" if signed else "invalid", trust_state, problems, set_aside, checked)
