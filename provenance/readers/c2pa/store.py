"""What a C2PA read found, as our own typed objects: the SDK's JSON is parsed strictly here, in one place.

The SDK's JSON comes from an untrusted file: every field is checked for its type here, and nothing past
this module touches the raw dicts. Unexpected shapes are dropped, never guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..._shapes import as_dict as _dict
from ..._shapes import as_list as _list
from ..._shapes import as_text as _str
from ...models import Signer, StatusCode, StatusScope

# Defined in .read (a file without a manifest loads only that module); named here too, as before.
from .read import LONE_FRAGMENT as LONE_FRAGMENT
from .read import METADATA_ONLY as METADATA_ONLY
from .read import C2paRead as C2paRead
from .read import ReadStatus as ReadStatus


@dataclass(frozen=True, slots=True)
class Action:
    action: str
    source_type: str | None
    software_agent: str | None
    description: str | None
    # False for an action of a C2PA 2.x *gathered* assertion: carried in the claim, not made by its signer.
    attested: bool = True


@dataclass(frozen=True, slots=True)
class IngredientRef:
    title: str | None
    format: str | None
    relationship: str | None
    manifest_label: str | None
    status_codes: tuple[StatusCode, ...]
    source_type: str | None = None  # C2PA 2.4: a digital source type declared on the ingredient itself


@dataclass(frozen=True, slots=True)
class Manifest:
    label: str
    claim_generator: str | None
    generator_info: tuple[str, ...]  # "name" or "name/version" per claim_generator_info entry
    title: str | None
    format: str | None
    actions: tuple[Action, ...]
    assertion_labels: tuple[str, ...]
    legacy_genai: tuple[str, ...]  # descriptions of com.adobe.generative-ai assertions
    soft_bindings: tuple[str, ...]  # algorithm names of c2pa.soft-binding assertions
    ingredients: tuple[IngredientRef, ...]
    signer: Signer | None
    # The first block's value of each soft binding, in the same order (None: none, or not text).
    soft_binding_values: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class ManifestStore:
    active_label: str | None
    manifests: Mapping[str, Manifest]
    validation_state: str | None
    failures: tuple[StatusCode, ...]  # active manifest's failures (or the flat list on old SDK output)
    successes: tuple[StatusCode, ...]
    ingredient_failures: tuple[StatusCode, ...]  # from validation_results.ingredientDeltas
    # The active manifest's informational codes (timeStamp.untrusted, cawg.ica.untrusted_issuer...).
    informational: tuple[StatusCode, ...] = ()

    @property
    def active(self) -> Manifest | None:
        return self.manifests.get(self.active_label) if self.active_label else None


def _status_codes(items: Any, scope: StatusScope) -> tuple[StatusCode, ...]:
    codes = []
    for item in _list(items):
        code = _str(_dict(item).get("code"))
        if code:
            codes.append(StatusCode(code, _str(item.get("explanation")), _str(item.get("url")), scope))
    return tuple(codes)


def _agent(value: Any) -> str | None:
    # softwareAgent is a string in v1 actions and {name, version} in v2 actions.
    if isinstance(value, dict):
        name, version = _str(value.get("name")), _str(value.get("version"))
        return f"{name}/{version}" if name and version else name
    return _str(value)


def _actions(assertions: list[Any], gathered: frozenset[str]) -> tuple[Action, ...]:
    actions = []
    for assertion in assertions:
        entry = _dict(assertion)
        label = _str(entry.get("label")) or ""
        if not (label == "c2pa.actions" or label.startswith("c2pa.actions.")):
            continue
        attested = label not in gathered
        for raw in _list(_dict(entry.get("data")).get("actions")):
            item = _dict(raw)
            name = _str(item.get("action"))
            if not name:
                continue
            params = _dict(item.get("parameters"))
            # Adobe writes the source type of an opened asset (Firefly video from third-party models,
            # Premiere Pro exports) as a parameter of its own name.
            source_type = (
                _str(item.get("digitalSourceType"))
                or _str(params.get("digitalSourceType"))
                or _str(params.get("com.adobe.digitalSourceType"))
            )
            actions.append(
                Action(
                    action=name,
                    source_type=source_type,
                    software_agent=_agent(item.get("softwareAgent")),
                    description=_str(item.get("description")) or _str(params.get("description")),
                    attested=attested,
                )
            )
    return tuple(actions)


def _generator_info(value: Any) -> tuple[str, ...]:
    entries = _list(value) if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return tuple(agent for agent in (_agent(e) for e in entries) if agent)


def _signer(value: Any) -> Signer | None:
    info = _dict(value)
    if not info:
        return None
    serial = info.get("cert_serial_number")
    return Signer(
        organization=_str(info.get("issuer")),
        common_name=_str(info.get("common_name")),
        signing_time=_str(info.get("time")),
        algorithm=_algorithm(_str(info.get("alg"))),
        serial_number=str(serial) if isinstance(serial, str | int) else None,
    )


def _ingredient(value: Any) -> IngredientRef:
    item = _dict(value)
    codes = _status_codes(item.get("validation_status"), StatusScope.INGREDIENT)
    results = _dict(_dict(item.get("validation_results")).get("activeManifest"))
    codes += _status_codes(results.get("failure"), StatusScope.INGREDIENT)
    return IngredientRef(
        title=_str(item.get("title")),
        format=_str(item.get("format")),
        relationship=_str(item.get("relationship")),
        manifest_label=_str(item.get("active_manifest")),
        status_codes=tuple(dict.fromkeys(codes)),
        source_type=_str(item.get("digitalSourceType")) or _str(item.get("digital_source_type")),
    )


def _manifest(label: str, value: Any, gathered: frozenset[str] = frozenset()) -> Manifest:
    data = _dict(value)
    assertions = _list(data.get("assertions"))
    labels = tuple(_str(_dict(a).get("label")) or "" for a in assertions)
    legacy = tuple(
        _str(_dict(_dict(a).get("data")).get("description")) or "generative AI"
        for a in assertions
        if _dict(a).get("label") == "com.adobe.generative-ai"
    )
    soft = tuple(
        _str(_dict(_dict(a).get("data")).get("alg")) or "unspecified"
        for a in assertions
        if _str(_dict(a).get("label")) in ("c2pa.soft-binding", "c2pa.soft-binding.v1")
    )
    soft_values = tuple(
        _str(_dict(next(iter(_list(_dict(_dict(a).get("data")).get("blocks"))), None)).get("value"))
        for a in assertions
        if _str(_dict(a).get("label")) in ("c2pa.soft-binding", "c2pa.soft-binding.v1")
    )
    return Manifest(
        label=label,
        claim_generator=_str(data.get("claim_generator")),
        generator_info=_generator_info(data.get("claim_generator_info")),
        title=_str(data.get("title")),
        format=_str(data.get("format")),
        actions=_actions(assertions, gathered),
        assertion_labels=labels,
        legacy_genai=legacy,
        soft_bindings=soft,
        ingredients=tuple(_ingredient(i) for i in _list(data.get("ingredients"))),
        signer=_signer(data.get("signature_info")),
        soft_binding_values=soft_values,
    )


def parse_store(data: Any, gathered: Mapping[str, frozenset[str]] | None = None) -> ManifestStore:
    """Parse the SDK's ``Reader.json()`` output (already decoded) into a :class:`ManifestStore`.

    ``gathered``: per manifest label, the labels of its C2PA 2.x gathered assertions (see
    :func:`gathered_assertions`); their actions are marked not attested.
    """
    root = _dict(data)
    manifests = {
        label: _manifest(label, value, (gathered or {}).get(label, frozenset()))
        for label, value in _dict(root.get("manifests")).items()
        if isinstance(label, str)
    }
    results = _dict(root.get("validation_results"))
    active = _dict(results.get("activeManifest"))
    if active:
        failures = _status_codes(active.get("failure"), StatusScope.ACTIVE)
        successes = _status_codes(active.get("success"), StatusScope.ACTIVE)
        informational = _status_codes(active.get("informational"), StatusScope.ACTIVE)
    else:
        failures = _status_codes(root.get("validation_status"), StatusScope.ACTIVE)
        successes = informational = ()
    deltas: list[StatusCode] = []
    for delta in _list(results.get("ingredientDeltas")):
        failure = _dict(_dict(delta).get("validationDeltas")).get("failure")
        deltas.extend(_status_codes(failure, StatusScope.INGREDIENT))
    return ManifestStore(
        active_label=_str(root.get("active_manifest")),
        manifests=manifests,
        validation_state=_str(root.get("validation_state")),
        failures=tuple(dict.fromkeys(failures)),
        successes=successes,
        ingredient_failures=tuple(dict.fromkeys(deltas)),
        informational=informational,
    )


def has_v2_claims(data: Any) -> bool:
    """Whether any manifest of the SDK's JSON is a C2PA 2.x claim (which may gather assertions)."""
    return any(_dict(m).get("claim_version") == 2 for m in _dict(_dict(data).get("manifests")).values())


def gathered_assertions(detailed: Any) -> dict[str, frozenset[str]]:
    """Per manifest label, the labels of its gathered assertions, from ``Reader.detailed_json()``."""
    found: dict[str, frozenset[str]] = {}
    for label, value in _dict(_dict(detailed).get("manifests")).items():
        claim = _dict(_dict(value).get("claim"))
        urls = (_str(_dict(ref).get("url")) or "" for ref in _list(claim.get("gathered_assertions")))
        labels = frozenset(url.rsplit("c2pa.assertions/", 1)[-1] for url in urls if "c2pa.assertions/" in url)
        if labels and isinstance(label, str):
            found[label] = labels
    return found


def gathered_in_crjson(document: Any) -> dict[str, frozenset[str]]:
    """The same as :func:`gathered_assertions`, from ``Reader.crjson()`` (each manifest's ``claim.v2``):
    identical on every v2-claim file of the shared corpus and the fixtures, and the read then needs no
    ``detailed_json()``."""
    found: dict[str, frozenset[str]] = {}
    for manifest in _list(_dict(document).get("manifests")):
        claim = _dict(_dict(manifest).get("claim.v2"))
        urls = (_str(_dict(ref).get("url")) or "" for ref in _list(claim.get("gathered_assertions")))
        labels = frozenset(url.rsplit("c2pa.assertions/", 1)[-1] for url in urls if "c2pa.assertions/" in url)
        label = _str(_dict(manifest).get("label"))
        if labels and label:
            found[label] = labels
    return found


def _algorithm(name: str | None) -> str | None:
    """The signing algorithm as standards write it: the SDK's "Es256" and "Ps384" read "ES256" and
    "PS384" (JOSE / C2PA spelling); "Ed25519" stays."""
    if name and name[:2].lower() in ("es", "ps", "rs"):
        return name.upper()
    return name
