"""The auditors page's tables of the built-in policies are the policies as they are (docs/auditors.md)."""

from __future__ import annotations

import importlib.util

from tests.helpers import REPO


def _tables() -> str:
    spec = importlib.util.spec_from_file_location("policy_tables", REPO / "scripts" / "policy_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tables: str = module.tables().strip()
    return tables


def test_the_auditors_page_holds_the_built_in_policies_tables() -> None:
    assert _tables() in (REPO / "docs" / "auditors.md").read_text()


def test_the_auditors_page_policy_example_is_a_valid_policy() -> None:
    import re

    import provenance
    from provenance.policy import parse_policy
    from tests.helpers import fixture

    (block,) = re.findall(r"```toml\n(.*?)```", (REPO / "docs" / "auditors.md").read_text(), re.DOTALL)
    policy = parse_policy(block, "docs/auditors.md")
    captured = policy.evaluate(provenance.inspect(fixture("captured.jpg")))
    assert [(r.rule, r.status) for r in captured.rules] == [("captured", "failed")]  # not on a trust list
    assert (
        policy.evaluate(provenance.inspect(fixture("ai_generated.jpg"))).rules[0].status == "not_applicable"
    )
