"""Options for one inspection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .policy import Policy
    from .rubrics import Rubric
    from .trust import TrustSettings

# A non-seekable stream is buffered in memory to give the SDK the random access it needs: bound it.
DEFAULT_MAX_STREAM_BYTES = 512 * 1024 * 1024


class DeferredTrust:
    """Trust settings built the first time a file needs them: a file without a C2PA manifest never does,
    so inspecting one loads no trust list (what ``provenance inspect`` passes; about 25 ms of a one-file
    run). ``load`` builds them (and may raise :class:`~provenance.errors.TrustConfigError` then); ``key``
    names what they are built from, and two deferred settings with the same key are equal.

    Pickled (sent to an audit worker, say), it is the settings themselves: built here first, once.
    """

    __slots__ = ("_key", "_load", "_lock", "_settings")

    def __init__(self, load: Callable[[], TrustSettings], key: Hashable) -> None:
        self._load = load
        self._key = key
        self._lock = threading.Lock()
        self._settings: TrustSettings | None = None

    def settings(self) -> TrustSettings:
        """The settings, built on the first call."""
        with self._lock:
            if self._settings is None:
                self._settings = self._load()
            return self._settings

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DeferredTrust) and other._key == self._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"DeferredTrust({self._key!r}, built={self._settings is not None})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_same, (self.settings(),))


def _same(settings: TrustSettings) -> TrustSettings:
    return settings


def _default_trust() -> TrustSettings:
    from .trust import default_trust_settings  # the trust package only for options that use it

    return default_trust_settings()


@dataclass(frozen=True, slots=True)
class InspectOptions:
    """How to inspect. The defaults are offline and check signers against the same trust lists as the
    command line: the bundled snapshots, then the cache of ``provenance trust update``, then the config file
    and PROVENANCE_* variables (:func:`~provenance.trust.load_trust_settings`, built once per process).
    ``trust=TrustSettings()`` checks no signer; ``trust=load_trust_settings(bundled=False, ...)`` turns
    sources off one by one; a :class:`DeferredTrust` builds them only once a file needs them. Read them
    with :meth:`trust_settings`."""

    allow_network: bool = False
    trust: TrustSettings | DeferredTrust = field(default_factory=_default_trust)
    max_stream_bytes: int = DEFAULT_MAX_STREAM_BYTES
    # Pixel-level checks (invisible watermark, stealth PNG info): slower, so opt-in.
    deep: bool = False
    # Include prompt text from generator metadata (prompts can be long or sensitive).
    show_prompts: bool = False
    # Skip the C2PA SDK when a byte-level walk of the container proves it holds no manifest and no
    # remote-manifest pointer (containers/fastpath/): same verdicts (tested on every fixture and
    # corpus file), much faster on plain files, and it keeps files without a manifest away from the SDK,
    # which holds a whole JPEG in memory several times over (SECURITY.md). On by default since 0.1.0's
    # hostile-input work; False calls the SDK on every file.
    fast_path: bool = True
    # Read a standalone manifest ``NAME.c2pa`` beside a file (a "sidecar") when the file carries none.
    sidecars: bool = True
    # The largest standalone manifest read (real ones are tens of KB).
    max_sidecar_bytes: int = 16 * 1024 * 1024
    # Read a fragmented MP4's init segment (``NAME_init.mp4``) with the ``NAME*.m4s`` fragments beside it
    # (containers/fragments.py): its manifest hashes them, and alone it does not verify.
    fragments: bool = True
    # The most fragments read with one init segment (each is hashed: time grows with their total size).
    max_fragments: int = 10_000
    # Labelling policies to apply to every report (``--policy``; provenance.policy.load_policy): their
    # results go into ``Report.policies``.
    policies: tuple[Policy, ...] = ()
    # Only the first bytes of the file are at hand (a web audit's --metadata-only): the unsigned metadata
    # is read, the C2PA manifest is neither validated nor taken as absent (integrity not_checked).
    metadata_only: bool = False
    # C2PA asset rubrics to evaluate on the crJSON of every file with a manifest (``--rubric``;
    # provenance.rubrics.load_rubric), their report texts in ``rubric_language``: each statement's result
    # goes into ``Report.rubrics``. The official signals and the integrity rubric are always evaluated.
    rubrics: tuple[Rubric, ...] = ()
    rubric_language: str = "en"
    # Tracing (schema 1.5, provenance.tracing): ``fingerprint`` adds the fingerprints of the file's pixels to
    # the report; ``index`` (a manifest repository file, ``provenance index``) is searched for the files it
    # resembles, ``match`` "auto" only when the file has no valid manifest of its own, "always" for every
    # file; at most ``match_limit`` matches are reported. Both need the ``index`` extra.
    fingerprint: bool = False
    index: str | None = None
    match: str = "auto"
    match_limit: int = 5
    # C2PA soft-binding resolution APIs to ask about the file's fingerprints (``inspect --resolve URL``): the
    # network, only to these addresses; loopback and private ones only with ``resolve_private``.
    resolve: tuple[str, ...] = ()
    resolve_private: bool = False

    def trust_settings(self) -> TrustSettings:
        """The trust settings in force (a :class:`DeferredTrust`'s built now, if not yet)."""
        trust = self.trust
        return trust.settings() if isinstance(trust, DeferredTrust) else trust
