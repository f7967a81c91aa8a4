"""Policy files: loading, and every way one can be wrong (an error that says where, never ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

import provenance
from provenance.errors import PolicyError
from provenance.policy import load_policy, parse_policy
from tests.helpers import fixture

GOOD = """
name = "house"
title = "House rules"
applies_to = { ai = true }

[[rules]]
id = "signed"
clause = "House rule 1"
severity = "warning"
reason = "AI output carries a verifying manifest"
require = { c2pa.verifies = true }
"""


def test_a_policy_file_is_loaded_and_applied(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    path.write_text(GOOD)
    policy = load_policy(path)
    assert (policy.name, policy.title, policy.source) == ("house", "House rules", str(path))
    ai = policy.evaluate(provenance.inspect(fixture("tampered.jpg")))
    assert [(r.rule, r.status, r.severity) for r in ai.rules] == [("signed", "failed", "warning")]
    plain = policy.evaluate(provenance.inspect(fixture("plain.jpg")))
    assert plain.rules[0].status == "not_applicable"
    assert plain.rules[0].why == "ai is false, not true"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not valid TOML"),
        ('title = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}', "'name' is required"),
        ('name = "x"', "at least one [[rules]] table"),
        ('name = "x"\nversion = 2\n[[rules]]\nid="a"\nreason="r"\nrequire={}', "unknown key(s) 'version'"),
        (
            'name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}\nseverty="error"',
            "unknown key(s) 'severty'",
        ),
        ('name = "x"\n[[rules]]\nid="a"\nreason="r"', "needs a 'require' condition"),
        ('name = "x"\n[[rules]]\nid="a"\nrequire={}', "'reason' is required"),
        (
            'name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}\nseverity="fatal"',
            "severity must be one of",
        ),
        ('name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}\nneeds="deep"', "'needs' is a list"),
        (
            'name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}\n'
            '[[rules]]\nid="a"\nreason="r"\nrequire={}',
            "two rules have the id 'a'",
        ),
        (
            'name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={ orign = "ai_generated" }',
            "unknown fact 'orign'",
        ),
        ('name = "x"\n[[rules]]\nid="a"\nreason="r"\nrequire={}\nwhen={ ai = 1 }', "rules[0] (a).when.ai"),
        (
            'name = "x"\napplies_to = "ai"\n[[rules]]\nid="a"\nreason="r"\nrequire={}',
            "applies_to: a condition must be a table",
        ),
    ],
)
def test_a_wrong_policy_file_is_an_error(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.toml")
    assert message in str(caught.value) and str(caught.value).startswith("p.toml")


def test_an_unknown_name_lists_the_built_in_policies(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"no built-in policy 'eu-ai-act' .*eu-ai-act-50.*No such file"):
        load_policy("eu-ai-act")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(PolicyError, match="at most"):
        load_policy(big)
