"""Labelling policies: declarative rules over a report's facts (TOML), built in or the user's own.

``load_policy("eu-ai-act-50")`` or ``load_policy("my-policy.toml")``, then ``policy.evaluate(report)``.
"""

from __future__ import annotations

from ..models import PolicyResult, RuleResult, RuleStatus, Severity
from .facts import FACTS, Fact
from .rules import Policy, Rule, builtin_names, load_policy, parse_policy

__all__ = [
    "FACTS",
    "Fact",
    "Policy",
    "PolicyResult",
    "Rule",
    "RuleResult",
    "RuleStatus",
    "Severity",
    "builtin_names",
    "load_policy",
    "parse_policy",
]
