"""Options for one inspection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .trust import TrustSettings, default_trust_settings

if TYPE_CHECKING:
    from .policy import Policy
    from .rubrics import Rubric

# A non-seekable stream is buffered in memory to give the SDK the random access it needs: bound it.
DEFAULT_MAX_STREAM_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InspectOptions:
    """How to inspect. The defaults are offline and check signers against the same trust lists as the
    command line: the bundled snapshots, then the cache of ``provenance trust update``, then the config file
    and PROVENANCE_* variables (:func:`~provenance.trust.load_trust_settings`, built once per process).
    ``trust=TrustSettings()`` checks no signer; ``trust=load_trust_settings(bundled=False, ...)`` turns
    sources off one by one."""

    allow_network: bool = False
    trust: TrustSettings = field(default_factory=default_trust_settings)
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
