"""A policy: rules over a report's facts, loaded from TOML (a built-in name or a file), and its results.

A policy file::

    name = "my-policy"
    title = "What it checks, in a line"
    applies_to = { ai = true }          # optional: the files it covers; the others are not_applicable

    [[rules]]
    id = "signed"                       # unique in the policy
    clause = "House rule 3"             # what it stands for (shown with the result)
    severity = "error"                  # error, warning or info
    reason = "AI output must carry a verifying manifest"
    when = { c2pa.present = true }      # optional: the files this rule applies to
    require = { c2pa.verifies = true }  # what such a file must meet
    needs = ["watermark"]               # optional: checks it depends on: when one did not run, a file
                                        # that does not meet `require` reads not_checked, not failed

Conditions are described in :mod:`.conditions`; facts in :mod:`.facts`. Evaluation is pure: a report in,
results out, nothing read or written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import PolicyError
from ..models import PolicyResult, Report, RuleResult, RuleStatus, Severity
from .conditions import Condition, parse_condition

SEVERITIES = tuple(s.value for s in Severity)
_POLICY_KEYS = frozenset({"name", "title", "description", "applies_to", "rules"})
_RULE_KEYS = frozenset({"id", "clause", "severity", "reason", "when", "require", "needs"})
_MAX_POLICY_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    clause: str
    severity: Severity
    reason: str
    require: Condition
    when: Condition | None = None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    rules: tuple[Rule, ...]
    applies_to: Condition | None = None
    description: str = ""
    source: str = ""  # "built-in" or the file it was read from
    text: str = ""  # the TOML it was parsed from: a policy crosses to worker processes as its text

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return parse_policy, (self.text, self.source)

    def evaluate(self, report: Report) -> PolicyResult:
        covered, why = self.applies_to.holds(report) if self.applies_to else (True, list[str]())
        results = []
        for rule in self.rules:
            if not covered:
                results.append(_result(rule, RuleStatus.NOT_APPLICABLE, _joined(why)))
            else:
                results.append(_evaluate(rule, report))
        return PolicyResult(self.name, tuple(results))


def _evaluate(rule: Rule, report: Report) -> RuleResult:
    if report.error is not None:
        why = f"the file could not be inspected ({report.error.kind}), so it cannot be shown to meet the rule"
        return _result(rule, RuleStatus.FAILED, why)
    if rule.when is not None:
        applies, reasons = rule.when.holds(report)
        if not applies:
            return _result(rule, RuleStatus.NOT_APPLICABLE, _joined(reasons))
    ok, whys = rule.require.holds(report)
    if ok:
        return _result(rule, RuleStatus.PASSED, _joined(whys))
    # A rule that fails while a check it needs did not run is not known to fail.
    ran = {c.name: c for c in report.checks}
    missing = {
        name: (ran[name].detail or "not run") if name in ran else "not run"
        for name in rule.needs
        if name not in ran or not ran[name].ran
    }
    if missing:
        details = "; ".join(f"{name}: {detail.removeprefix('not run: ')}" for name, detail in missing.items())
        why = f"{details}; of what was checked: {_joined(whys)}"
        return _result(rule, RuleStatus.NOT_CHECKED, why)
    return _result(rule, RuleStatus.FAILED, _joined(whys))


def _result(rule: Rule, status: RuleStatus, why: str) -> RuleResult:
    return RuleResult(rule.id, status, rule.severity, rule.clause, why)


def _joined(whys: list[str]) -> str:
    return "; ".join(whys) if whys else "always"


def builtin_names() -> list[str]:
    folder = resources.files("provenance.policy") / "builtin"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_policy(name_or_path: str | Path) -> Policy:
    """A built-in policy by name (``eu-ai-act-50``, ``gb-45438``, ``c2pa-strict``) or a TOML file."""
    text_name = str(name_or_path)
    if text_name in builtin_names():
        resource = resources.files("provenance.policy") / "builtin" / f"{text_name}.toml"
        return parse_policy(resource.read_text(encoding="utf-8"), "built-in")
    path = Path(name_or_path)
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_POLICY_BYTES + 1)
    except OSError as error:
        known = ", ".join(builtin_names())
        raise PolicyError(
            f"no built-in policy {text_name!r} (known: {known}) and {path}: {error.strerror}"
        ) from None
    if len(data) > _MAX_POLICY_BYTES:
        raise PolicyError(f"{path}: a policy file is at most {_MAX_POLICY_BYTES} bytes")
    try:
        return parse_policy(data.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: not UTF-8 text") from None


def parse_policy(text: str, source: str) -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from None
    _no_unknown_keys(data, _POLICY_KEYS, source)
    name = _required_str(data, "name", source)
    rules_data = data.get("rules")
    if not isinstance(rules_data, list) or not rules_data:
        raise PolicyError(f"{source}: a policy needs at least one [[rules]] table")
    rules = tuple(_parse_rule(item, f"{source}: rules[{i}]") for i, item in enumerate(rules_data))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise PolicyError(f"{source}: two rules have the id {rule.id!r}")
        seen.add(rule.id)
    applies = data.get("applies_to")
    return Policy(
        name=name,
        title=_optional_str(data, "title", source) or name,
        rules=rules,
        applies_to=parse_condition(applies, f"{source}: applies_to") if applies is not None else None,
        description=_optional_str(data, "description", source) or "",
        source=source,
        text=text,
    )


def _parse_rule(item: Any, where: str) -> Rule:
    if not isinstance(item, Mapping):
        raise PolicyError(f"{where}: a rule must be a table")
    _no_unknown_keys(item, _RULE_KEYS, where)
    rule_id = _required_str(item, "id", where)
    where = f"{where} ({rule_id})"
    severity = item.get("severity", "error")
    if severity not in SEVERITIES:
        raise PolicyError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if "require" not in item:
        raise PolicyError(f"{where}: a rule needs a 'require' condition")
    needs = item.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        raise PolicyError(f"{where}: 'needs' is a list of check names")
    when = item.get("when")
    return Rule(
        id=rule_id,
        clause=_optional_str(item, "clause", where) or "",
        severity=Severity(severity),
        reason=_required_str(item, "reason", where),
        require=parse_condition(item["require"], f"{where}.require"),
        when=parse_condition(when, f"{where}.when") if when is not None else None,
        needs=tuple(needs),
    )


def _no_unknown_keys(data: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise PolicyError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))} (known: {', '.join(sorted(known))})"
        )


def _required_str(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{where}: {key!r} is required and must be a non-empty string")
    return value


def _optional_str(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PolicyError(f"{where}: {key!r} must be a string")
    return value
