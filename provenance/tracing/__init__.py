"""Tracing in the report (schema 1.5): the fingerprints of the file's pixels (``fingerprints``), a check of
the soft bindings its own manifest declares, and the files it resembles in a manifest repository
(``matches``, evidence of strength ``fingerprint``).

:func:`with_tracing` is the pipeline's last step; it does nothing unless the options ask for tracing or
the file declares a soft binding of an algorithm computed here (then only when the ``index`` extra is
installed). A match never changes the file's own origin, integrity or strength: it adds ``fingerprint``
evidence, the matches, a check, and a sentence to the verdict's summary.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..fingerprints import Fingerprint, FingerprintResult, fingerprint
from ..models import (
    Check,
    Evidence,
    FingerprintMatch,
    Fingerprints,
    FingerprintValue,
    Report,
    SoftBindingCheck,
    Strength,
)
from ..options import InspectOptions
from ..verdict.c2pa import VERIFYING
from .bindings import check, declared
from .words import verdict_sentence

if TYPE_CHECKING:
    from ..index import Repository

MATCH_MODES = ("auto", "always")


def asked(options: InspectOptions) -> bool:
    """Whether the options ask for any tracing."""
    return options.fingerprint or options.index is not None or bool(options.resolve)


def with_tracing(report: Report, source: Path | IO[bytes], options: InspectOptions) -> Report:
    """The report with its fingerprints, soft-binding checks and matches as the options ask (see the
    module). ``source``: the file's path, or its open seekable stream."""
    bindings = declared(report)
    if report.error is not None or not (asked(options) or (bindings and _extra_installed())):
        return report
    search = options.match == "always" or not has_valid_manifest(report)
    computed = fingerprint(source)
    checks = list(report.checks)
    checks.append(Check("fingerprint", computed.refused is None, computed.refused))
    part = None
    if options.fingerprint or bindings:
        values = computed.fingerprints if options.fingerprint else ()
        part = fingerprints_part(computed, values, tuple(check(b, computed.fingerprints) for b in bindings))
    matches: tuple[FingerprintMatch, ...] = ()
    skipped = "not run: the file has a valid manifest (--match auto)"
    if options.index is not None:
        if search:
            matches, searched = _search(computed.fingerprints, options)
            checks.append(Check("index", True, f"{searched} entries of {options.index} searched"))
        else:
            checks.append(Check("index", False, skipped))
    for url in options.resolve:
        if not search:
            checks.append(Check("resolve", False, f"{url}: {skipped}"))
            continue
        from .resolve import resolve

        media_type = report.source.media_type
        answered = resolve(
            url,
            computed.fingerprints,
            trust=options.trust_settings(),
            media_type=media_type,
            limit=options.match_limit,
            allow_private=options.resolve_private,
        )
        matches += answered.matches
        said = answered.problem or f"{answered.asked} queries, {len(answered.matches)} matches"
        checks.append(Check("resolve", answered.problem is None, f"{url}: {said}"))
    return with_matches(replace(report, fingerprints=part, checks=tuple(checks)), matches)


def with_matches(report: Report, matches: tuple[FingerprintMatch, ...]) -> Report:
    """The report with ``matches`` added (best first): the matches, ``fingerprint`` evidence per match,
    and the verdict's summary saying so in words."""
    if not matches:
        return report
    evidence = tuple(
        Evidence(
            source="fingerprint",
            field=f"{m.kind}:{m.path or m.manifest_id or m.source}",
            raw=", ".join(f"{d.alg} {d.distance}/{d.bits}" for d in m.distances)
            or (f"similarity {m.similarity}" if m.similarity is not None else ""),
            meaning=m.summary,
            strength=Strength.FINGERPRINT,
            origin=m.original.origin if m.original is not None else None,
            manifest=m.manifest_id,
        )
        for m in matches
    )
    verdict = report.verdict
    summary = f"{verdict.summary} {verdict_sentence(matches, verdict.strength)}"
    return replace(
        report,
        matches=(*report.matches, *matches),
        evidence=(*report.evidence, *evidence),
        verdict=replace(verdict, summary=summary),
    )


def has_valid_manifest(report: Report) -> bool:
    """A C2PA manifest whose signature and content hashes still hold (``--match auto`` searches only
    files without one)."""
    return report.c2pa is not None and report.c2pa.present and report.verdict.integrity in VERIFYING


def fingerprints_part(
    computed: FingerprintResult, values: tuple[Fingerprint, ...], bindings: tuple[SoftBindingCheck, ...] = ()
) -> Fingerprints:
    """The report's ``fingerprints`` part: whole-image values (and video frames), never crop variants."""
    return Fingerprints(
        media=computed.media,
        values=tuple(
            FingerprintValue(f.alg, f.value, f.version, f.registered, f.variant, f.quality)
            for f in values
            if not f.variant.startswith("crop")
        ),
        refused=computed.refused,
        soft_bindings=bindings,
    )


def _search(
    prints: tuple[Fingerprint, ...], options: InspectOptions
) -> tuple[tuple[FingerprintMatch, ...], int]:
    from ..index import lookup_fingerprints
    from .convert import report_match

    assert options.index is not None
    repo = opened_repository(options.index)
    if not prints:
        return (), repo.count()
    found = lookup_fingerprints(prints, repo, limit=options.match_limit, trust=options.trust_settings())
    return tuple(report_match(m, options.index) for m in found), repo.count()


_local = threading.local()


def opened_repository(path: str) -> Repository:
    """The repository at ``path``, opened once per thread (SQLite connections stay in their thread)."""
    from ..index import Repository

    opened: dict[str, Repository] = _local.__dict__.setdefault("repositories", {})
    if path not in opened:
        opened[path] = Repository(Path(path), create=False)
    return opened[path]


def _extra_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("iscc_core", "pdqhash"))
