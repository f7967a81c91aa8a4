"""The report: frozen, typed result objects. The JSON schema in ``schema/report.schema.json`` mirrors them.

Field names and enum values are a public contract (see the README's changelog): change them only with a
bump of :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any

import orjson

SCHEMA_VERSION = "1.5"


class Origin(StrEnum):
    """What the file declares about how its content came to be."""

    AI_GENERATED = "ai_generated"
    AI_EDITED = "ai_edited"
    SYNTHETIC = "synthetic"
    CAPTURED = "captured"
    HUMAN_MADE = "human_made"
    UNKNOWN = "unknown"


class Integrity(StrEnum):
    """Whether the signed statement still verifies against the file."""

    INTACT = "intact"
    TAMPERED = "tampered"
    CREDENTIAL_EXPIRED = "credential_expired"
    CREDENTIAL_INVALID = "credential_invalid"
    MALFORMED = "malformed"
    NOT_SIGNED = "not_signed"
    # The file points to a manifest stored elsewhere that was not fetched (offline by default).
    REMOTE_UNVERIFIED = "remote_unverified"
    # The C2PA SDK cannot read this kind of file at all, so nothing can be said either way.
    UNSUPPORTED = "unsupported"
    # The file could not be read at all (see the report's error).
    NOT_CHECKED = "not_checked"


class Trust(StrEnum):
    """Whether the signer chains to a configured trust list."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    NOT_CHECKED = "not_checked"
    NOT_APPLICABLE = "not_applicable"


class Strength(StrEnum):
    """Which kind of evidence a statement rests on, strongest first."""

    SIGNED = "signed"
    UNSIGNED = "unsigned"
    WATERMARK = "watermark"
    # Schema 1.5: the file resembles one whose credentials or metadata said something (a match in a manifest
    # repository, ``--index`` or ``--resolve``): a lead to another file's statement, never the file's own.
    FINGERPRINT = "fingerprint"
    NONE = "none"


class StatusScope(StrEnum):
    ACTIVE = "active_manifest"
    INGREDIENT = "ingredient"


@dataclass(frozen=True, slots=True)
class StatusCode:
    """One validation status exactly as the C2PA SDK reported it."""

    code: str
    explanation: str | None = None
    url: str | None = None
    scope: StatusScope = StatusScope.ACTIVE


@dataclass(frozen=True, slots=True)
class Tool:
    """The product that made or changed the content, normalised, with the raw strings it came from."""

    name: str
    version: str | None
    source: str  # software_agent | claim_generator_info | claim_generator | metadata
    raw: tuple[str, ...] = ()


class TimestampStatus(StrEnum):
    """What the signature's RFC 3161 timestamp proves. Schema 1.5."""

    # A time-stamp authority on a trust list vouches for the signing time (``timeStamp.trusted``): the
    # certificate is judged at that time, so its later expiry does not matter.
    TRUSTED = "trusted"
    # The timestamp matches the signature but its authority is on no trust list (``timeStamp.untrusted``):
    # the time is only claimed, and the certificate is judged against today's clock.
    UNTRUSTED = "untrusted"
    # The timestamp does not hold (``timeStamp.mismatch``, ``timeStamp.malformed``...).
    INVALID = "invalid"
    # A signing time with no timestamp status from the SDK.
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True, slots=True)
class Timestamp:
    """The RFC 3161 timestamp on a claim signature. Schema 1.5."""

    time: str | None  # the signing time it states
    authority: str | None  # the time-stamp authority's certificate, by its common name
    status: TimestampStatus
    # When the signing certificate expires (or expired), when known: a trusted timestamp keeps a signature
    # made before that date valid after it.
    certificate_expires: str | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    """The signing certificate's subject as the SDK reports it."""

    organization: str | None
    common_name: str | None
    signing_time: str | None
    algorithm: str | None = None
    serial_number: str | None = None
    # Schema 1.5: the signature's timestamp (the active manifest's signer only); None when it has none.
    timestamp: Timestamp | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing the file declares, where it was found, and what it means."""

    source: str  # e.g. "c2pa"
    field: str  # e.g. "c2pa.actions/c2pa.created/digitalSourceType"
    raw: str
    meaning: str
    strength: Strength
    origin: Origin | None = None
    manifest: str | None = None
    tool: Tool | None = None  # the product this item names, if any (schema 1.1)


@dataclass(frozen=True, slots=True)
class Ingredient:
    """An ingredient of a manifest, with its own manifest's declaration when it has one."""

    title: str | None
    format: str | None
    relationship: str | None
    manifest: str | None
    claim_generator: str | None
    origin: Origin
    tool: Tool | None
    signer: Signer | None
    status_codes: tuple[StatusCode, ...]
    ingredients: tuple[Ingredient, ...] = ()
    # Schema 1.4: this manifest is also an ingredient elsewhere in the tree, where its own ingredients are
    # listed (the first place it appears); here they are left out.
    repeated: bool = False


@dataclass(frozen=True, slots=True)
class SoftBinding:
    """A ``c2pa.soft-binding`` declaration: the manifest says a watermark or fingerprint binds it."""

    algorithm: str
    manifest: str | None
    value: str | None = None  # schema 1.5: its first block's value as the manifest holds it


@dataclass(frozen=True, slots=True)
class Fragments:
    """The media fragments of a fragmented MP4 (DASH, HLS) verified with its init segment. Schema 1.4."""

    count: int  # fragments read with the init segment
    mismatched: tuple[str, ...] = ()  # names of those whose content does not match the manifest's hashes
    omitted: int = 0  # fragments beyond the limit, not read


@dataclass(frozen=True, slots=True)
class C2paInfo:
    """What the C2PA reader found, beyond the verdict."""

    present: bool
    embedded: bool
    active_manifest: str | None = None
    validation_state: str | None = None
    remote_url: str | None = None
    sdk_error: str | None = None
    manifest_count: int = 0
    title: str | None = None
    format: str | None = None
    claim_generator: str | None = None
    ingredients: tuple[Ingredient, ...] = ()
    soft_bindings: tuple[SoftBinding, ...] = ()
    # Schema 1.4: ingredient entries left out of the tree once it reached its size limit.
    ingredients_omitted: int = 0
    # Schema 1.4: the standalone manifest (.c2pa) read with the file, by name, when one was.
    sidecar: str | None = None
    # Schema 1.4: for a fragmented MP4's init segment, the fragments verified with it.
    fragments: Fragments | None = None


@dataclass(frozen=True, slots=True)
class Generator:
    """An AI generator named by unsigned metadata (PNG text chunks, EXIF, XMP). Schema 1.1."""

    name: str  # normalised family: "ComfyUI", "AUTOMATIC1111", "NovelAI", "InvokeAI", "Midjourney"...
    version: str | None
    model: str | None
    prompt_present: bool
    source: str  # where it was found, e.g. "png:tEXt parameters", "exif:UserComment"
    prompt: str | None = None  # only when the caller asked for prompts (show_prompts)


@dataclass(frozen=True, slots=True)
class Watermark:
    """The outcome of one invisible-watermark check on the pixels. Schema 1.1.

    A miss proves nothing: ``detected`` false means "not detected", never "absent".
    """

    scheme: str  # "dwtDct"
    variant: str  # "SDXL", "FLUX", "SD1", "SD2"
    detected: bool
    bits_matched: int
    bits_total: int
    channel_order: (
        str  # the order the embedder handed to OpenCV: "BGR" is correct, "RGB" is the old diffusers bug
    )


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One manifest of the file's edit history: the chain of ``parentOf`` ingredients, oldest first, the
    active manifest last. Schema 1.4."""

    manifest: str
    actions: tuple[str, ...]  # the C2PA actions it declares, in order (c2pa.opened, c2pa.edited...)
    origin: Origin  # what this manifest declares on its own (unknown for a plain edit)
    tool: Tool | None
    signer: Signer | None


class IdentityState(StrEnum):
    """Whether a CAWG identity assertion holds. Schema 1.5."""

    # Well formed, bound to this manifest, and its signature or credential verifies.
    VALID = "valid"
    # It fails a check (signature, binding to the manifest, credential, validity dates): rely on none of it.
    INVALID = "invalid"
    # It could not be checked here: the issuer's DID document needs the network, or the SDK does not know
    # its kind of signature.
    UNVERIFIED = "unverified"


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    """One identity an identity claims aggregator says it verified (a CAWG ``verifiedIdentities`` entry).

    ``type`` is the CAWG term: ``cawg.social_media``, ``cawg.document_verification``, ``cawg.affiliation``,
    ``cawg.crypto_wallet``, ``cawg.web_site``...
    """

    type: str
    name: str | None
    username: str | None
    address: str | None  # a wallet address
    uri: str | None  # the account's or the site's address
    provider: str | None  # who verified it, by name
    provider_id: str | None  # and by address
    verified_at: str | None


@dataclass(frozen=True, slots=True)
class Identity:
    """A CAWG identity assertion of the active manifest: who it names, how that was verified, by whom, and
    whether it holds. Schema 1.5."""

    label: str  # the assertion's label: cawg.identity, cawg.identity__1...
    manifest: str | None
    # How the identity is vouched for: "x509" (a certificate signs it), "identity_claims_aggregation" (a
    # service that verified the person's accounts signs a credential), or "unknown".
    method: str
    sig_type: str | None  # as declared: cawg.x509.cose, cawg.identity_claims_aggregation...
    name: (
        str | None
    )  # who: the certificate's organisation (or common name); the first named verified identity
    issuer: str | None  # the certificate's issuing CA; the aggregator's DID
    state: IdentityState
    # Whether the certificate chains to a CAWG trust list, or the aggregator is a trusted issuer. CAWG trust
    # is separate from the C2PA signer's: not_checked when no CAWG list is configured.
    trust: Trust
    trust_list: str | None
    reasons: tuple[str, ...]  # the SDK's cawg.* codes in words
    status_codes: tuple[StatusCode, ...]  # those codes, verbatim
    verified_identities: tuple[VerifiedIdentity, ...] = ()
    referenced_assertions: tuple[str, ...] = ()  # the labels of the assertions it binds the identity to
    valid_from: str | None = None  # an aggregated credential's validity window
    valid_until: str | None = None


@dataclass(frozen=True, slots=True)
class C2paSignal:
    """An official C2PA provenance signal that a manifest claims: the signals rubric of the C2PA Asset
    Rubrics evaluated on the file's crJSON. Schema 1.5."""

    id: str  # as the Conforming Products List names it: fullyGenAIMedia, capturedMedia, perceptibleGenAI...
    kind: str  # inception (how the content began) or transformation (what was done to it)
    statement: str  # the rubric statement that claims it: inception:signal_fullyGenAIMedia
    text: str  # the rubric's report text: "Contains Fully GenAI Media"


@dataclass(frozen=True, slots=True)
class C2paManifestSignals:
    """The official signals another manifest of the store (an ingredient's) claims, by id. Schema 1.5."""

    manifest: str
    signals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RubricStatement:
    """One statement of a C2PA asset rubric evaluated on a file's crJSON. Schema 1.5."""

    id: str
    passed: bool | None  # the outcome; None for an information statement or one that could not be evaluated
    text: str  # the rubric's report text for that outcome, in the language asked for
    title: str | None = None
    matched: str | None = None  # "fail" / "warn": the statement fails (warns) when its expression matches
    error: str | None = None  # why its expression could not be evaluated (its value is then null)


@dataclass(frozen=True, slots=True)
class RubricResult:
    """A C2PA asset rubric evaluated on a file's crJSON: on the whole manifest store, or, for a local
    rubric (the signals one), on one manifest. Schema 1.5."""

    rubric: str  # its name (rubric_metadata)
    version: str
    language: str
    manifest: str | None  # the manifest's label, for a local rubric
    statements: tuple[RubricStatement, ...]


@dataclass(frozen=True, slots=True)
class C2paSignals:
    """The C2PA's own reading of a file with a manifest (schema 1.5): the bundled C2PA Asset Rubrics 1.0
    evaluated on its crJSON. ``signals``: the official signals the active manifest (``manifest``) claims;
    ``other_manifests``: those of the store's other manifests; ``integrity``: the integrity rubric's
    statements (well formed, valid, trusted); ``errors``: signal statements that could not be evaluated
    (they claim nothing)."""

    rubric: str  # the signals rubric's name and version
    version: str
    manifest: str | None
    signals: tuple[C2paSignal, ...]
    other_manifests: tuple[C2paManifestSignals, ...] = ()
    integrity: RubricResult | None = None
    errors: tuple[str, ...] = ()


class ProductConformance(StrEnum):
    """What the C2PA Conforming Products List says of the active manifest's signer. Schema 1.5."""

    CONFORMING = "conforming"  # a conforming generator product, at or above its minimum version
    NOT_LISTED = "not_listed"  # no generator product on the list has the signer certificate's name
    VERSION_BELOW_MINIMUM = "version_below_minimum"  # listed from a later version than the manifest's
    VERSION_UNKNOWN = "version_unknown"  # listed from a minimum version; the manifest declares no version
    NOT_CONFORMANT = "not_conformant"  # listed with a status other than "conformant"


@dataclass(frozen=True, slots=True)
class ConformingProduct:
    """The C2PA Conforming Products List's word on the active manifest's signer, matched by the signing
    certificate's distinguished name, the generator's version and the list's status. Schema 1.5."""

    status: ProductConformance
    product: str | None  # the listed product (its certificate's common name); None when not listed
    applicant: str | None  # who had it listed
    record_id: str | None
    min_version: str | None  # the version it is listed from; None: any version
    version: str | None  # the manifest's generator version, compared with that
    assurance_level: int | None  # the list's maxAssuranceLevel for the product
    # Official signals the active manifest claims that the list says this product may not claim.
    disallowed_claimed: tuple[str, ...]
    summary: str  # in words: "not on the conforming products list" for a signer it does not have
    products_list: str  # which list: the bundled snapshot, or the one `provenance trust update` saved


@dataclass(frozen=True, slots=True)
class FingerprintValue:
    """One perceptual fingerprint of the file's pixels, as the C2PA soft-binding algorithm list names it
    (``io.iscc.v0``; ``pdq`` and ``vpdq`` are not on that list: ``registered`` false). Schema 1.5."""

    alg: str
    value: str  # the algorithm's own text form: ISCC:EEA... for the ISCC, 64 hex digits for PDQ
    version: str  # the implementation that computed it, e.g. "iscc-core 1.2.1"
    registered: bool
    variant: str = "full"  # "full"; "t=SECONDS" for a video frame
    quality: int | None = None  # PDQ's 0-100 quality (under 50: too plain or noisy to single out)


@dataclass(frozen=True, slots=True)
class SoftBindingCheck:
    """A ``c2pa.soft-binding`` the file's own manifest declares, for an algorithm computed here, compared
    with the value computed from the pixels. Schema 1.5."""

    alg: str
    manifest: str | None
    declared: str  # the declared value as the manifest holds it (its text form)
    computed: str | None  # the value computed from the file's pixels; None: none computed
    distance: int | None  # Hamming distance between both; None when they could not be compared
    threshold: int  # the distance at or under which both are the same picture
    matches: bool | None  # None: not compared (the declared value could not be read, or nothing computed)


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """The fingerprints of the file's pixels (``--fingerprint``, ``--index``, ``--resolve``). Schema 1.5."""

    media: str | None  # "image" | "video" | None
    values: tuple[FingerprintValue, ...]
    refused: str | None = None  # why none was computed: not an image or a video, over a pixel limit...
    soft_bindings: tuple[SoftBindingCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchDistance:
    """How far the file is from a matched one by one algorithm. Schema 1.5."""

    alg: str
    distance: int
    threshold: int
    bits: int
    variant: str  # the stored variant it was nearest to: full, crop95, crop90, t=SECONDS
    frames: str | None = None  # vPDQ: "matched/total" frames of the file


@dataclass(frozen=True, slots=True)
class MatchedOriginal:
    """What the matched file's credentials (or metadata) said when it was indexed. Schema 1.5."""

    origin: Origin
    tool: str | None
    signer: str | None
    signing_time: str | None
    integrity: Integrity
    trust: Trust
    trust_list: str | None
    strength: Strength  # signed or unsigned: what its own statement rested on
    summary: str | None


@dataclass(frozen=True, slots=True)
class StoredCredentials:
    """The matched file's stored manifest store, validated again on its own today. Schema 1.5.

    ``state``: verified, expired, failed, unreadable (see ``provenance.index.verify``). Its content binding
    (the hash of the original's bytes) cannot be checked without those bytes: ``set_aside`` names it."""

    state: str
    signature: str | None
    trust: str
    problems: tuple[str, ...]
    set_aside: tuple[str, ...]
    checked_at: str
    summary: str


@dataclass(frozen=True, slots=True)
class FingerprintMatch:
    """A file this one resembles, found in a manifest repository (``--index``) or through a C2PA
    soft-binding resolution API (``--resolve``): evidence of strength ``fingerprint``, a lead to what
    another file's credentials said, never this file's own statement. Schema 1.5."""

    source: str  # the repository file, or the resolution API's address
    kind: str  # "index" | "resolve"
    manifest_id: str | None
    path: str | None  # the original's path when it was indexed (an index; a resolution API says none)
    indexed_at: str | None
    distances: tuple[MatchDistance, ...]
    similarity: int | None  # 0-100, 100 the closest (a resolution API's similarityScore)
    weak: bool  # one side's picture is too plain or noisy for its fingerprint to say much
    original: MatchedOriginal | None  # None: the source said nothing of it
    credentials: StoredCredentials | None  # None: no manifest store kept (or fetched)
    summary: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer a moderator reads first."""

    origin: Origin
    tool: Tool | None
    signer: Signer | None
    integrity: Integrity
    trust: Trust
    trust_list: str | None
    strength: Strength
    summary: str
    status_codes: tuple[StatusCode, ...] = ()
    conflicts: tuple[str, ...] = ()  # disagreements between signals, in words (schema 1.1)
    history: tuple[HistoryStep, ...] = ()  # who made the content, then who changed it (schema 1.4)


@dataclass(frozen=True, slots=True)
class Check:
    """One check the inspection ran or skipped, and why."""

    name: str
    ran: bool
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class SourceInfo:
    path: str | None
    name: str | None
    size: int | None
    media_type: str | None
    modified: float | None = None  # mtime, seconds since the epoch (schema 1.2; audit --resume matches on it)
    # Schema 1.5: how a web source was fetched (audit of a website), and the file's sha256 when asked for
    # (audit --evidence).
    http: HttpSource | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class HttpSource:
    """How a file of a website was fetched (``audit https://...``; schema 1.5)."""

    url: str  # the address audited
    final_url: str  # after redirects
    status: int
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Only the first bytes were fetched (--metadata-only): metadata is read, a manifest's hashes are not
    # verified.
    partial: bool = False
    found_on: str | None = None  # the page or sitemap that named it


class ErrorKind(StrEnum):
    """Why a file could not be inspected (``error.kind``). ``skipped_*``: the audit's walk did not open the
    entry (special files, links not followed, folders it could not read)."""

    NOT_FOUND = "not_found"
    NOT_A_FILE = "not_a_file"
    PERMISSION_DENIED = "permission_denied"
    IO_ERROR = "io_error"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    # The audit's isolated workers: the inspecting process died, ran too long or used too much memory.
    WORKER_CRASHED = "worker_crashed"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    INTERNAL_ERROR = "internal_error"
    SKIPPED_FIFO = "skipped_fifo"
    SKIPPED_SOCKET = "skipped_socket"
    SKIPPED_DEVICE = "skipped_device"
    SKIPPED_SYMLINK = "skipped_symlink"
    SKIPPED_SYMLINK_LOOP = "skipped_symlink_loop"
    SKIPPED_BROKEN_SYMLINK = "skipped_broken_symlink"
    SKIPPED_PERMISSION_DENIED = "skipped_permission_denied"
    SKIPPED_NOT_FOUND = "skipped_not_found"
    SKIPPED_UNREADABLE_DIRECTORY = "skipped_unreadable_directory"
    SKIPPED_NOT_A_FILE = "skipped_not_a_file"
    # Schema 1.5, web sources: robots.txt did not allow the address; the server answered with an error or
    # could not be reached.
    SKIPPED_ROBOTS = "skipped_robots"
    HTTP_ERROR = "http_error"


@dataclass(frozen=True, slots=True)
class ReportError:
    """Why a file could not be inspected. A report with an error still has a verdict (``unknown``)."""

    kind: ErrorKind
    message: str


class RuleStatus(StrEnum):
    """A policy rule's outcome for one file (schema 1.5)."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"  # the rule does not cover this file
    NOT_CHECKED = "not_checked"  # the file does not meet it, but a check it needs did not run


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule of a labelling policy applied to one file (schema 1.5)."""

    rule: str
    status: RuleStatus
    severity: Severity
    clause: str  # what the rule stands for, e.g. "AI Act Art. 50(2)"
    why: str  # the facts that decided it, in words


@dataclass(frozen=True, slots=True)
class PolicyResult:
    policy: str
    rules: tuple[RuleResult, ...]


@dataclass(frozen=True, slots=True)
class Report:
    source: SourceInfo
    verdict: Verdict
    evidence: tuple[Evidence, ...] = ()
    c2pa: C2paInfo | None = None
    checks: tuple[Check, ...] = ()
    error: ReportError | None = None
    generators: tuple[Generator, ...] = ()  # schema 1.1
    watermarks: tuple[Watermark, ...] = ()  # schema 1.1
    identities: tuple[Identity, ...] = ()  # CAWG identity assertions of the active manifest (schema 1.5)
    # Schema 1.5: the C2PA's official signals and the Conforming Products List's word on the signer (files
    # with a manifest), and the rubrics asked for (--rubric).
    c2pa_signals: C2paSignals | None = None
    conforming_product: ConformingProduct | None = None
    rubrics: tuple[RubricResult, ...] = ()
    policies: tuple[PolicyResult, ...] = ()  # labelling-policy results, when asked for (schema 1.5)
    # Schema 1.5: the fingerprints of the file's pixels, when asked for (or needed to search), and the files
    # it resembles (--index, --resolve), best first.
    fingerprints: Fingerprints | None = None
    matches: tuple[FingerprintMatch, ...] = ()
    schema_version: str = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data, ``schema_version`` first."""
        data = _plain(self)
        assert isinstance(data, dict)
        return {"schema_version": data.pop("schema_version"), **data}

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as JSON text (compact, or indented by 2), valid UTF-8 whatever the file names hold.

        A path with bytes that are not UTF-8 keeps them as lone surrogates (so the file can be opened
        again); in JSON they are written as ``\\udcXX`` escapes, which decode back to the same string.
        """
        if indent in (None, 0, 2):
            data: dict[str, Any] = {"schema_version": self.schema_version}
            data.update((name, getattr(self, name)) for name in _REPORT_FIELDS)
            try:
                return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode()
            except TypeError:  # lone surrogates, or a value orjson does not take: the general path below
                pass
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
        return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_REPORT_FIELDS = tuple(f.name for f in fields(Report) if f.name != "schema_version")
_SURROGATE = re.compile("[\ud800-\udfff]")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    # Hot in batch audits (one call tree per file): field names are cached per class, and plain scalars
    # return first. A StrEnum is a str, so it is converted before the scalar check.
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELD_NAMES.setdefault(kind, tuple(f.name for f in fields(value)))
    return {name: _plain(getattr(value, name)) for name in names}
