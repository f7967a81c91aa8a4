"""``--fail-on``: conditions on a report's origin, integrity, trust or error that make a run exit 1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..models import Integrity, Origin, Trust

if TYPE_CHECKING:
    from ..audit.record import ReportRow

FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "origin": tuple(o.value for o in Origin),
    "integrity": tuple(i.value for i in Integrity),
    "trust": tuple(t.value for t in Trust),
}
HELP: Final = (
    "Exit 1 if any report matches, e.g. tampered,ai_generated,trust=untrusted,error; with --policy also "
    "policy (a failed rule of severity error) or policy=RULE (that rule failed)."
)


@dataclass(frozen=True, slots=True)
class FailOn:
    """Parsed conditions, as (field, value) pairs; ``("error", "error")`` matches any unreadable file,
    ``("policy", "")`` a failed policy rule of severity error, ``("policy", RULE)`` that rule failed (RULE
    is ``policy/rule`` or the rule's id alone)."""

    conditions: tuple[tuple[str, str], ...] = ()

    def matches(self, row: ReportRow) -> bool:
        """Whether a report (as its row) meets any condition."""
        if not self.conditions:
            return False
        values = {
            "origin": row.origin,
            "integrity": row.integrity,
            "trust": row.trust,
            "error": "error" if row.error_kind else "",
        }
        failed = row.policy_failed.split("; ") if row.policy_failed else []
        for name, value in self.conditions:
            if name == "policy":
                if (value == "" and row.policy_errors) or (
                    value and any(key == value or key.endswith(f"/{value}") for key in failed)
                ):
                    return True
            elif values[name] == value:
                return True
        return False


def parse_fail_on(text: str | None) -> FailOn:
    """``tampered,ai_generated`` or ``trust=not_checked`` -> FailOn; an unknown or ambiguous term is a
    usage error naming the ways to write it."""
    import typer  # here, not at the top: the fast path of the command line (.fast) runs without typer

    conditions: list[tuple[str, str]] = []
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        if item == "error":
            conditions.append(("error", "error"))
            continue
        if item == "policy" or item.startswith("policy="):
            conditions.append(("policy", item.removeprefix("policy").removeprefix("=").strip()))
            continue
        if "=" in item:
            name, value = (s.strip() for s in item.split("=", 1))
            if value not in FIELDS.get(name, ()):
                raise typer.BadParameter(_unknown(item), param_hint="--fail-on")
            conditions.append((name, value))
            continue
        matches = [name for name, values in FIELDS.items() if item in values]
        if not matches:
            raise typer.BadParameter(_unknown(item), param_hint="--fail-on")
        if len(matches) > 1:
            forms = " or ".join(f"{m}={item}" for m in matches)
            raise typer.BadParameter(f"{item!r} is ambiguous: write {forms}", param_hint="--fail-on")
        conditions.append((matches[0], item))
    return FailOn(tuple(conditions))


def _unknown(item: str) -> str:
    """An unknown condition, with every one that can be written."""
    ways = "; ".join(f"{name}: {', '.join(values)}" for name, values in FIELDS.items())
    return (
        f"unknown condition {item!r}. Conditions are error, policy, policy=RULE, or a value of {ways} "
        "(FIELD=VALUE when a value is ambiguous)"
    )
