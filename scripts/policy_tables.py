"""The built-in policies' rules as Markdown tables, for the "Compliance audits" section of docs/auditors.md.

Usage: python scripts/policy_tables.py (tests/policy/test_doc_tables.py checks the pages hold them).
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

from provenance.policy import builtin_names, load_policy


def cond(c: dict[str, Any], prefix: str = "") -> str:
    parts = []
    for k, v in c.items():
        if k in ("any", "all"):
            parts.append(f"{k} of (" + "; ".join(cond(x) for x in v) + ")")
        elif k == "not":
            parts.append("not (" + cond(v) + ")")
        elif isinstance(v, dict) and not any(op in v for op in ("eq", "ne", "in", "not_in", "exists")):
            parts.append(cond(v, prefix + k + "."))
        elif isinstance(v, dict):
            parts.append(
                ", ".join(f"{prefix}{k} {op.replace('_', ' ')} {json.dumps(x)}" for op, x in v.items())
            )
        elif isinstance(v, list):
            parts.append(f"{prefix}{k} in {json.dumps(v)}")
        else:
            parts.append(f"{prefix}{k} = {json.dumps(v)}")
    return ", ".join(parts)


def tables() -> str:
    lines: list[str] = []
    for name in builtin_names():
        lines += _table(name)
    return "\n".join(lines)


def _table(name: str) -> list[str]:
    p = load_policy(name)
    data = tomllib.loads(p.text)
    lines = [f"`{p.name}`: {p.title}.", "", "| rule | severity | of which files | requires | stands for |"]
    lines.append("|---|---|---|---|---|")
    for r in data["rules"]:
        when = f"`{cond(r['when'])}`" if "when" in r else "every file"
        needs = f" (needs `{', '.join(r['needs'])}`: `--deep`)" if r.get("needs") else ""
        severity = r.get("severity", "error")
        lines.append(f"| `{r['id']}` | {severity} | {when} | `{cond(r['require'])}`{needs} | {r['clause']} |")
    return [*lines, ""]


if __name__ == "__main__":
    print(tables())
