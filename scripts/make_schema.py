"""Writes provenance/schema/report.schema.json from the report model's enums. Run after changing models.py.

Usage: python scripts/make_schema.py [--check]   (--check exits 1 if the committed schema differs)
"""

import json
import sys
from pathlib import Path

from provenance.models import (
    SCHEMA_VERSION,
    ErrorKind,
    IdentityState,
    Integrity,
    Origin,
    ProductConformance,
    RuleStatus,
    Severity,
    StatusScope,
    Strength,
    TimestampStatus,
    Trust,
)


def enum(e):
    return {"type": "string", "enum": [x.value for x in e]}


S = {"type": "string"}
NS = {"type": ["string", "null"]}
NI = {"type": ["integer", "null"], "minimum": 0}


def obj(props, required=None):
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "required": list(required if required is not None else props),
    }


defs = {
    "status_code": obj({"code": S, "explanation": NS, "url": NS, "scope": enum(StatusScope)}),
    "tool": obj(
        {
            "name": S,
            "version": NS,
            "source": {
                "type": "string",
                "enum": [
                    "software_agent",
                    "claim_generator_info",
                    "claim_generator",
                    "metadata",
                    "watermark",
                ],
            },
            "raw": {"type": "array", "items": S},
        }
    ),
    "timestamp": obj(
        {"time": NS, "authority": NS, "status": enum(TimestampStatus), "certificate_expires": NS}
    ),
    "signer": obj(
        {
            "organization": NS,
            "common_name": NS,
            "signing_time": NS,
            "algorithm": NS,
            "serial_number": NS,
            "timestamp": {"anyOf": [{"$ref": "#/$defs/timestamp"}, {"type": "null"}]},
        }
    ),
    "verified_identity": obj(
        {
            "type": S,
            "name": NS,
            "username": NS,
            "address": NS,
            "uri": NS,
            "provider": NS,
            "provider_id": NS,
            "verified_at": NS,
        }
    ),
    "identity": obj(
        {
            "label": S,
            "manifest": NS,
            "method": {"type": "string", "enum": ["x509", "identity_claims_aggregation", "unknown"]},
            "sig_type": NS,
            "name": NS,
            "issuer": NS,
            "state": enum(IdentityState),
            "trust": enum(Trust),
            "trust_list": NS,
            "reasons": {"type": "array", "items": S},
            "status_codes": {"type": "array", "items": {"$ref": "#/$defs/status_code"}},
            "verified_identities": {"type": "array", "items": {"$ref": "#/$defs/verified_identity"}},
            "referenced_assertions": {"type": "array", "items": S},
            "valid_from": NS,
            "valid_until": NS,
        }
    ),
    "c2pa_signal": obj(
        {
            "id": S,
            "kind": {"type": "string", "enum": ["inception", "transformation"]},
            "statement": S,
            "text": S,
        }
    ),
    "c2pa_manifest_signals": obj({"manifest": S, "signals": {"type": "array", "items": S}}),
    "rubric_statement": obj(
        {
            "id": S,
            "passed": {"type": ["boolean", "null"]},
            "text": S,
            "title": NS,
            "matched": {"anyOf": [{"type": "string", "enum": ["fail", "warn"]}, {"type": "null"}]},
            "error": NS,
        }
    ),
    "rubric_result": obj(
        {
            "rubric": S,
            "version": S,
            "language": S,
            "manifest": NS,
            "statements": {"type": "array", "items": {"$ref": "#/$defs/rubric_statement"}},
        }
    ),
    "c2pa_signals": obj(
        {
            "rubric": S,
            "version": S,
            "manifest": NS,
            "signals": {"type": "array", "items": {"$ref": "#/$defs/c2pa_signal"}},
            "other_manifests": {"type": "array", "items": {"$ref": "#/$defs/c2pa_manifest_signals"}},
            "integrity": {"anyOf": [{"$ref": "#/$defs/rubric_result"}, {"type": "null"}]},
            "errors": {"type": "array", "items": S},
        }
    ),
    "conforming_product": obj(
        {
            "status": enum(ProductConformance),
            "product": NS,
            "applicant": NS,
            "record_id": NS,
            "min_version": NS,
            "version": NS,
            "assurance_level": NI,
            "disallowed_claimed": {"type": "array", "items": S},
            "summary": {"type": "string", "minLength": 1},
            "products_list": S,
        }
    ),
    "evidence": obj(
        {
            "source": S,
            "field": S,
            "raw": S,
            "meaning": S,
            "strength": enum(Strength),
            "origin": {"anyOf": [enum(Origin), {"type": "null"}]},
            "manifest": NS,
            "tool": {"anyOf": [{"$ref": "#/$defs/tool"}, {"type": "null"}]},
        }
    ),
    "generator": obj(
        {
            "name": S,
            "version": NS,
            "model": NS,
            "prompt_present": {"type": "boolean"},
            "source": S,
            "prompt": NS,
        }
    ),
    "watermark": obj(
        {
            "scheme": S,
            "variant": S,
            "detected": {"type": "boolean"},
            "bits_matched": {"type": "integer", "minimum": 0},
            "bits_total": {"type": "integer", "minimum": 0},
            "channel_order": {"type": "string", "enum": ["RGB", "BGR"]},
        }
    ),
    "ingredient": obj(
        {
            "title": NS,
            "format": NS,
            "relationship": NS,
            "manifest": NS,
            "claim_generator": NS,
            "origin": enum(Origin),
            "tool": {"anyOf": [{"$ref": "#/$defs/tool"}, {"type": "null"}]},
            "signer": {"anyOf": [{"$ref": "#/$defs/signer"}, {"type": "null"}]},
            "status_codes": {"type": "array", "items": {"$ref": "#/$defs/status_code"}},
            "ingredients": {"type": "array", "items": {"$ref": "#/$defs/ingredient"}},
            "repeated": {"type": "boolean"},
        }
    ),
    "soft_binding": obj({"algorithm": S, "manifest": NS, "value": NS}),
    "fragments": obj(
        {
            "count": {"type": "integer", "minimum": 0},
            "mismatched": {"type": "array", "items": S},
            "omitted": {"type": "integer", "minimum": 0},
        }
    ),
    "c2pa": obj(
        {
            "present": {"type": "boolean"},
            "embedded": {"type": "boolean"},
            "active_manifest": NS,
            "validation_state": NS,
            "remote_url": NS,
            "sdk_error": NS,
            "manifest_count": {"type": "integer", "minimum": 0},
            "title": NS,
            "format": NS,
            "claim_generator": NS,
            "ingredients": {"type": "array", "items": {"$ref": "#/$defs/ingredient"}},
            "soft_bindings": {"type": "array", "items": {"$ref": "#/$defs/soft_binding"}},
            "ingredients_omitted": {"type": "integer", "minimum": 0},
            "sidecar": NS,
            "fragments": {"anyOf": [{"$ref": "#/$defs/fragments"}, {"type": "null"}]},
        }
    ),
    "history_step": obj(
        {
            "manifest": S,
            "actions": {"type": "array", "items": S},
            "origin": enum(Origin),
            "tool": {"anyOf": [{"$ref": "#/$defs/tool"}, {"type": "null"}]},
            "signer": {"anyOf": [{"$ref": "#/$defs/signer"}, {"type": "null"}]},
        }
    ),
    "verdict": obj(
        {
            "origin": enum(Origin),
            "tool": {"anyOf": [{"$ref": "#/$defs/tool"}, {"type": "null"}]},
            "signer": {"anyOf": [{"$ref": "#/$defs/signer"}, {"type": "null"}]},
            "integrity": enum(Integrity),
            "trust": enum(Trust),
            "trust_list": NS,
            "strength": enum(Strength),
            "summary": {"type": "string", "minLength": 1},
            "status_codes": {"type": "array", "items": {"$ref": "#/$defs/status_code"}},
            "conflicts": {"type": "array", "items": S},
            "history": {"type": "array", "items": {"$ref": "#/$defs/history_step"}},
        }
    ),
    "check": obj({"name": S, "ran": {"type": "boolean"}, "detail": NS}),
    "source": obj(
        {
            "path": NS,
            "name": NS,
            "size": NI,
            "media_type": NS,
            "modified": {"type": ["number", "null"]},
            "http": {"anyOf": [{"$ref": "#/$defs/http_source"}, {"type": "null"}]},
            "sha256": {"anyOf": [{"type": "string", "pattern": "^[0-9a-f]{64}$"}, {"type": "null"}]},
        }
    ),
    "http_source": obj(
        {
            "url": S,
            "final_url": S,
            "status": {"type": "integer"},
            "content_type": NS,
            "etag": NS,
            "last_modified": NS,
            "partial": {"type": "boolean"},
            "found_on": NS,
        }
    ),
    "rule_result": obj(
        {"rule": S, "status": enum(RuleStatus), "severity": enum(Severity), "clause": S, "why": S}
    ),
    "policy_result": obj({"policy": S, "rules": {"type": "array", "items": {"$ref": "#/$defs/rule_result"}}}),
    "error": obj({"kind": enum(ErrorKind), "message": S}),
    "fingerprint_value": obj(
        {
            "alg": S,
            "value": S,
            "version": S,
            "registered": {"type": "boolean"},
            "variant": S,
            "quality": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
        }
    ),
    "soft_binding_check": obj(
        {
            "alg": S,
            "manifest": NS,
            "declared": S,
            "computed": NS,
            "distance": NI,
            "threshold": {"type": "integer", "minimum": 0},
            "matches": {"type": ["boolean", "null"]},
        }
    ),
    "fingerprints": obj(
        {
            "media": {"anyOf": [{"type": "string", "enum": ["image", "video"]}, {"type": "null"}]},
            "values": {"type": "array", "items": {"$ref": "#/$defs/fingerprint_value"}},
            "refused": NS,
            "soft_bindings": {"type": "array", "items": {"$ref": "#/$defs/soft_binding_check"}},
        }
    ),
    "match_distance": obj(
        {
            "alg": S,
            "distance": {"type": "integer", "minimum": 0},
            "threshold": {"type": "integer", "minimum": 0},
            "bits": {"type": "integer", "minimum": 1},
            "variant": S,
            "frames": NS,
        }
    ),
    "matched_original": obj(
        {
            "origin": enum(Origin),
            "tool": NS,
            "signer": NS,
            "signing_time": NS,
            "integrity": enum(Integrity),
            "trust": enum(Trust),
            "trust_list": NS,
            "strength": enum(Strength),
            "summary": NS,
        }
    ),
    "stored_credentials": obj(
        {
            "state": {"type": "string", "enum": ["verified", "expired", "failed", "unreadable"]},
            "signature": {"anyOf": [{"type": "string", "enum": ["valid", "invalid"]}, {"type": "null"}]},
            "trust": {"type": "string", "enum": ["trusted", "untrusted", "not_checked"]},
            "problems": {"type": "array", "items": S},
            "set_aside": {"type": "array", "items": S},
            "checked_at": S,
            "summary": S,
        }
    ),
    "fingerprint_match": obj(
        {
            "source": S,
            "kind": {"type": "string", "enum": ["index", "resolve"]},
            "manifest_id": NS,
            "path": NS,
            "indexed_at": NS,
            "distances": {"type": "array", "items": {"$ref": "#/$defs/match_distance"}},
            "similarity": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
            "weak": {"type": "boolean"},
            "original": {"anyOf": [{"$ref": "#/$defs/matched_original"}, {"type": "null"}]},
            "credentials": {"anyOf": [{"$ref": "#/$defs/stored_credentials"}, {"type": "null"}]},
            "summary": {"type": "string", "minLength": 1},
        }
    ),
}
schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://provenance.invalid/schema/report-{SCHEMA_VERSION}.json",
    "title": "provenance report",
    "description": f"One file's report from `provenance inspect --json` (schema_version {SCHEMA_VERSION}).",
    **obj(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "source": {"$ref": "#/$defs/source"},
            "verdict": {"$ref": "#/$defs/verdict"},
            "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
            "c2pa": {"anyOf": [{"$ref": "#/$defs/c2pa"}, {"type": "null"}]},
            "checks": {"type": "array", "items": {"$ref": "#/$defs/check"}},
            "error": {"anyOf": [{"$ref": "#/$defs/error"}, {"type": "null"}]},
            "generators": {"type": "array", "items": {"$ref": "#/$defs/generator"}},
            "watermarks": {"type": "array", "items": {"$ref": "#/$defs/watermark"}},
            "identities": {"type": "array", "items": {"$ref": "#/$defs/identity"}},
            "c2pa_signals": {"anyOf": [{"$ref": "#/$defs/c2pa_signals"}, {"type": "null"}]},
            "conforming_product": {"anyOf": [{"$ref": "#/$defs/conforming_product"}, {"type": "null"}]},
            "rubrics": {"type": "array", "items": {"$ref": "#/$defs/rubric_result"}},
            "policies": {"type": "array", "items": {"$ref": "#/$defs/policy_result"}},
            "fingerprints": {"anyOf": [{"$ref": "#/$defs/fingerprints"}, {"type": "null"}]},
            "matches": {"type": "array", "items": {"$ref": "#/$defs/fingerprint_match"}},
        }
    ),
    "$defs": defs,
}
TARGET = Path(__file__).resolve().parents[1] / "provenance" / "schema" / "report.schema.json"
text = json.dumps(schema, indent=2) + "\n"
if "--check" in sys.argv:
    sys.exit(0 if TARGET.read_text() == text else 1)
TARGET.write_text(text)
