"""The C2PA's official provenance signals of a file: the bundled signals rubric evaluated on each manifest
of its crJSON, the inception signals (how the asset began: fullyGenAIMedia, capturedMedia, ...) and the
transformation signals (what was done to it: perceptibleGenAI, nonEditorial, ...) each manifest claims."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .bundled import SIGNALS, load_bundled
from .evaluate import evaluate_manifests
from .model import Rubric

INCEPTION = (
    "fullyGenAIMedia", "partlyGenAICreation", "compositionMayContainGenAI", "capturedMedia",
    "capturedMediaStitched", "screenCaptureMayContainGenAI", "nonGenAIDigitalCreation", "blankCanvas",
    "mediaUnknownProvenance",
)  # fmt: skip
TRANSFORMATION = (
    "perceptibleGenAI", "perceptiblePossiblyGenAI", "perceptibleNonGenAI", "nonEditorial", "ambiguousActions",
)  # fmt: skip


@dataclass(frozen=True)
class Signal:
    """One signal a manifest claims: ``id`` as the Conforming Products List names it (``fullyGenAIMedia``),
    ``statement`` the rubric's statement id, ``kind`` inception or transformation."""

    id: str
    statement: str
    kind: str
    text: str
    rubric: str
    version: str


@dataclass(frozen=True)
class ManifestSignals:
    label: str
    signals: tuple[Signal, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(signal.id for signal in self.signals)

    @property
    def inception(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.signals if s.kind == "inception")

    @property
    def transformation(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.signals if s.kind == "transformation")


@dataclass(frozen=True)
class SignalsReport:
    """The signals of every manifest, the active one first; ``errors`` the statements (per manifest) whose
    expression could not be evaluated, which therefore claim nothing."""

    rubric: str
    version: str
    manifests: tuple[ManifestSignals, ...]
    errors: tuple[str, ...] = ()

    @property
    def active(self) -> ManifestSignals | None:
        return self.manifests[0] if self.manifests else None


def signal_id(statement_id: str) -> tuple[str, str] | None:
    """(kind, signal) of a signals statement id: ``inception:signal_capturedMedia`` -> (inception,
    capturedMedia); None for another statement."""
    kind, _, rest = statement_id.partition(":")
    if kind not in ("inception", "transformation") or not rest.startswith("signal_"):
        return None
    return kind, rest.removeprefix("signal_")


def official_signals(
    crjson: Mapping[str, Any], *, language: str = "en", rubric: Rubric | None = None
) -> SignalsReport:
    """The signals each manifest of ``crjson`` claims, by the bundled signals rubric (or ``rubric``)."""
    rubric = rubric or load_bundled(SIGNALS)
    manifests: list[ManifestSignals] = []
    errors: list[str] = []
    for report in evaluate_manifests(rubric, crjson, language=language):
        found: list[Signal] = []
        for result in report.results:
            named = signal_id(result.id)
            if result.error is not None:
                errors.append(f"{report.manifest}: {result.id}: {result.error}")
            if named is None or not result.passed:
                continue
            found.append(Signal(named[1], result.id, named[0], result.text, report.rubric, report.version))
        manifests.append(ManifestSignals(report.manifest or "", tuple(found)))
    return SignalsReport(rubric.metadata.name, rubric.metadata.version, tuple(manifests), tuple(errors))
