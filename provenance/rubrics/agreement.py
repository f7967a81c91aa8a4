"""Where the C2PA's official signals and our verdict's ``origin`` both speak, they must agree; where only our
verdict speaks, the reason is one of a few known differences in what each reads (README, "Official
signals and our origin"). ``tests/conformance/test_signals_agreement.py`` checks both on every file of the
shared corpus and the fixtures; ``scripts/rubric_signals.py`` prints the tables.

An inception signal speaks for the origin our vocabulary gives its digital source type (fullyGenAIMedia:
trainedAlgorithmicMedia -> ai_generated; capturedMedia: digitalCapture -> captured...); perceptibleGenAI
(an AI edit) speaks for an AI origin; mediaUnknownProvenance, blankCanvas and the other transformation
signals say nothing of the origin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from ..models import Origin
from ..vocab import AI_ORIGINS, origin_of_source_type

IPTC: Final = "http://cv.iptc.org/newscodes/digitalsourcetype/"
SIGNAL_SOURCE_TYPES: Final[Mapping[str, str]] = {
    "fullyGenAIMedia": IPTC + "trainedAlgorithmicMedia",
    "partlyGenAICreation": IPTC + "compositeWithTrainedAlgorithmicMedia",
    "compositionMayContainGenAI": IPTC + "composite",
    "capturedMedia": IPTC + "digitalCapture",
    "capturedMediaStitched": IPTC + "compositeCapture",
    "screenCaptureMayContainGenAI": IPTC + "screenCapture",
    "nonGenAIDigitalCreation": IPTC + "digitalCreation",
}

# Why the signals rubric reads no origin from an active manifest our verdict reads one from.
V1_ACTIONS: Final = "only a v1 c2pa.actions assertion: the rubric reads c2pa.actions.v2 alone"
NO_ACTIONS: Final = "no actions assertion: our origin comes from the capture app's claim or an ingredient"
SPACED_SOURCE_TYPE: Final = (
    "a digitalSourceType with white space around the URI: the rubric compares the exact string"
)
ADOBE_PARAMETER: Final = (
    "c2pa.opened with Adobe's own com.adobe.digitalSourceType parameter, which the rubric does not read "
    "(it reads the opened asset as of unknown provenance)"
)
FROM_PARENT: Final = (
    "an edit of an opened asset: our origin is the parent manifest's (the history), the rubric's signals "
    "of the parent are in other_manifests"
)
NO_SIGNAL_FOR_TYPE: Final = "a source type no inception signal stands for (algorithmicMedia...)"
UNEXPLAINED: Final = "unexplained"


def expected_origins(signals: Iterable[str]) -> frozenset[Origin]:
    """The origins the active manifest's signals allow; empty when they say nothing of the origin."""
    ids = tuple(signals)
    allowed = {origin_of_source_type(SIGNAL_SOURCE_TYPES[s]) for s in ids if s in SIGNAL_SOURCE_TYPES}
    if "perceptibleGenAI" in ids:
        allowed = set(AI_ORIGINS) if not allowed else allowed | {Origin.AI_EDITED}
    return frozenset(allowed)


def _actions(manifest: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    assertions = manifest.get("assertions")
    v2 = assertions.get("c2pa.actions.v2") if isinstance(assertions, dict) else None
    if not isinstance(v2, dict):
        return None
    return [a for a in v2.get("actions") or [] if isinstance(a, dict)]


def silence_reason(manifest: Mapping[str, Any]) -> str:
    """Why the signals rubric reads no origin from ``manifest`` (a crJSON manifest), as one of this
    module's constants; :data:`UNEXPLAINED` when none of them applies."""
    actions = _actions(manifest)
    if actions is None:
        assertions = manifest.get("assertions")
        labels = list(assertions) if isinstance(assertions, dict) else []
        return V1_ACTIONS if any(str(k).split("__")[0] == "c2pa.actions" for k in labels) else NO_ACTIONS
    types = [a.get("digitalSourceType") for a in actions]
    if any(isinstance(t, str) and t != t.strip() for t in types):
        return SPACED_SOURCE_TYPE
    for action in actions:
        parameters = action.get("parameters")
        if isinstance(parameters, dict) and "com.adobe.digitalSourceType" in parameters:
            return ADOBE_PARAMETER
    if any(a.get("action") == "c2pa.opened" and not a.get("digitalSourceType") for a in actions):
        return FROM_PARENT
    if any(isinstance(t, str) and t.strip() not in SIGNAL_SOURCE_TYPES.values() for t in types):
        return NO_SIGNAL_FOR_TYPE
    return UNEXPLAINED
