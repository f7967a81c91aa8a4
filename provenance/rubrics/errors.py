"""Errors of loading and evaluating asset rubrics."""

from __future__ import annotations

from ..errors import ProvenanceError


class RubricError(ProvenanceError):
    """A rubric cannot be loaded or evaluated: not YAML, a wrong shape, a missing include, an expression
    that is not json-formula or uses a construct the interpreter does not implement. The message names the
    rubric and, where there is one, the statement."""

    def diagnostics(self) -> str:
        return (
            f"{self}\nA rubric is YAML as the C2PA Asset Rubrics specification describes it; the bundled "
            "ones are listed by provenance.rubrics.bundled_names()."
        )
