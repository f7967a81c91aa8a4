"""Trust settings: which certificate lists decide whether a C2PA signer is trusted, and where they come from.

Sources are merged, none replaces another: the config file, then the PROVENANCE_* environment variables, then
explicit paths (CLI options) all add their files to one list named "user"; the cache written by
`provenance trust update` adds the "c2pa", "interim" and "c2pa-tsa" lists. Only the EKU configuration is a
single value: explicit > PROVENANCE_TRUST_CONFIG > config file > cache. This module does not import c2pa;
`TrustSettings.to_sdk()` gives the dict the reader passes to the SDK.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

from ..errors import TrustConfigError
from .bundles import eku_oids, pem_certificates, to_pem
from .cache import cache_dir, cached_text, read_cache_state

TrustKind = Literal["manifest", "tsa"]
_CONFIG_KEYS = frozenset({"anchors", "allowed", "trust_config", "use_cache"})


@dataclass(frozen=True, slots=True)
class TrustList:
    """One named list of trust anchors and/or individually allowed end-entity certificates."""

    name: str  # shown to users and used as the SDK's trust_uri: "c2pa", "interim", "user", ...
    anchors_pem: str  # PEM bundle; "" when only allowed certificates are given
    allowed_pem: str | None  # end-entity certificates allowed one by one
    kind: TrustKind = "manifest"
    origin: str = ""  # where it was loaded from: paths, or "cache (fetched 2026-11-22)"
    certificate_count: int = 0  # anchors + allowed


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """Everything that decides trust; an empty value means "no signer is trusted"."""

    lists: tuple[TrustList, ...] = ()
    eku_config: str | None = None  # text for the SDK's trust.trust_config: one extended key usage OID a line
    eku_origin: str | None = None

    @property
    def configured(self) -> bool:
        """True when at least one claim-signer (manifest) list has anchors or allowed certificates."""
        return any(_usable(t) for t in self.lists)

    def to_sdk(self) -> dict[str, object]:
        """The "trust" section of c2pa Context settings; {} when not configured.

        Uses the `trust.anchors` list form: the top-level `trust.allowed_list` key is silently ignored by the
        SDK. TSA lists are left out on purpose: c2pa-rs 0.91.3 also accepts claim signers that chain to a
        `trust_kind: "tsa"` anchor (measured), so passing the TSA roots would widen who counts as a trusted
        signer, and they changed no result on the shared corpus.
        """
        if not self.configured:
            return {}
        anchors: list[dict[str, str]] = []
        for trust_list in filter(_usable, self.lists):
            # `trust_anchors` is required even when empty ("missing field `trust_anchors`").
            entry = {
                "trust_anchors": trust_list.anchors_pem,
                "trust_uri": trust_list.name,
                "trust_kind": "manifest",
            }
            if trust_list.allowed_pem:
                entry["allowed_list"] = trust_list.allowed_pem
            anchors.append(entry)
        section: dict[str, object] = {"anchors": anchors}
        if self.eku_config:
            section["trust_config"] = self.eku_config
        return section

    def fingerprint(self) -> str:
        """SHA-256 of everything that can change a verdict (not the origins), to key a cached SDK Context."""
        content = {
            "lists": [[t.name, t.kind, t.anchors_pem, t.allowed_pem] for t in self.lists],
            "eku_config": self.eku_config,
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def _usable(trust_list: TrustList) -> bool:
    return trust_list.kind == "manifest" and bool(trust_list.anchors_pem or trust_list.allowed_pem)


def default_config_file() -> Path:
    """The per-user config file: `config.toml` in platformdirs' user config folder for "provenance"."""
    return Path(platformdirs.user_config_dir("provenance")) / "config.toml"


@dataclass(frozen=True, slots=True)
class _FileConfig:
    anchors: tuple[Path, ...] = ()
    allowed: tuple[Path, ...] = ()
    trust_config: Path | None = None
    use_cache: bool = True


def load_trust_settings(
    *,
    anchors: Sequence[Path] = (),
    allowed: Sequence[Path] = (),
    eku_config: Path | None = None,
    use_cache: bool = True,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> TrustSettings:
    """Merge the trust sources into TrustSettings; TrustConfigError naming the first bad file.

    - anchor and allowed-certificate files add up, in this order: the config file's `[trust] anchors` /
      `allowed`, `PROVENANCE_TRUST_ANCHORS` / `PROVENANCE_ALLOWED_CERTS` (os.pathsep-separated), then
      `anchors` / `allowed` (--trust-anchors / --allowed-certs); together they form the list named "user".
    - the EKU configuration is the first of: `eku_config` (--trust-config), `PROVENANCE_TRUST_CONFIG`, the
      config file's `trust_config`, the cached interim-store.cfg.
    - the config file is `config_file`, else `PROVENANCE_CONFIG` (both must exist), else
      `default_config_file()` when it exists. Relative paths in it resolve against its folder.
    - the cache is used unless `use_cache` is False, the config file says `use_cache = false`, or
      `PROVENANCE_NO_TRUST_CACHE=1`. Its folder is `PROVENANCE_CACHE_DIR` or the per-user cache folder.
    """
    env = os.environ if environ is None else environ
    config = _read_config_file(config_file, env)
    anchor_paths = [*config.anchors, *_env_paths(env, "PROVENANCE_TRUST_ANCHORS"), *anchors]
    allowed_paths = [*config.allowed, *_env_paths(env, "PROVENANCE_ALLOWED_CERTS"), *allowed]
    lists: list[TrustList] = []
    if anchor_paths or allowed_paths:
        lists.append(_user_list(anchor_paths, allowed_paths))

    env_eku = env.get("PROVENANCE_TRUST_CONFIG", "").strip()
    eku_path = eku_config or (Path(env_eku).expanduser() if env_eku else None) or config.trust_config
    eku_text = eku_origin = None
    if eku_path is not None:
        eku_text, eku_origin = _read_eku(eku_path), str(eku_path)

    no_cache = env.get("PROVENANCE_NO_TRUST_CACHE", "").strip().lower() in {"1", "true", "yes", "on"}
    if use_cache and config.use_cache and not no_cache:
        cached_lists, cached_eku = _cache_lists(cache_dir(env))
        lists.extend(cached_lists)
        if eku_text is None and cached_eku is not None:
            eku_text, eku_origin = cached_eku
    return TrustSettings(tuple(lists), eku_text, eku_origin)


def _env_paths(env: Mapping[str, str], name: str) -> list[Path]:
    return [Path(part).expanduser() for part in env.get(name, "").split(os.pathsep) if part.strip()]


def _read_config_file(explicit: Path | None, env: Mapping[str, str]) -> _FileConfig:
    env_path = env.get("PROVENANCE_CONFIG", "").strip()
    path = explicit or (Path(env_path).expanduser() if env_path else None)
    if path is None:
        path = default_config_file()
        if not path.is_file():
            return _FileConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TrustConfigError(f"cannot read the config file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TrustConfigError(f"the config file {path} is not valid TOML: {exc}") from exc
    section = data.get("trust", {})
    if not isinstance(section, dict):
        raise TrustConfigError(f"{path}: [trust] must be a table")
    unknown = set(section) - _CONFIG_KEYS
    if unknown:  # a misspelt key would otherwise silently drop a trust list
        raise TrustConfigError(f"{path}: unknown [trust] key(s) {', '.join(sorted(unknown))}")
    base = path.parent

    def paths(key: str) -> tuple[Path, ...]:
        value = section.get(key, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise TrustConfigError(f"{path}: [trust] {key} must be a list of file paths")
        return tuple(base / Path(item).expanduser() for item in items)

    trust_config = section.get("trust_config")
    if trust_config is not None and not isinstance(trust_config, str):
        raise TrustConfigError(f"{path}: [trust] trust_config must be a file path")
    use_cache = section.get("use_cache", True)
    if not isinstance(use_cache, bool):
        raise TrustConfigError(f"{path}: [trust] use_cache must be true or false")
    return _FileConfig(
        anchors=paths("anchors"),
        allowed=paths("allowed"),
        trust_config=base / Path(trust_config).expanduser() if trust_config else None,
        use_cache=use_cache,
    )


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrustConfigError(f"cannot read the {what} file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise TrustConfigError(
            f"the {what} file {path} is not text (a DER certificate? convert it to PEM first)"
        ) from None


def _pem_file(path: Path) -> list[bytes]:
    try:
        ders = pem_certificates(_read_text(path, "certificate"))
    except ValueError as exc:
        raise TrustConfigError(f"the certificate file {path} is damaged: {exc}") from exc
    if not ders:
        raise TrustConfigError(f"the certificate file {path} holds no '-----BEGIN CERTIFICATE-----' block")
    return ders


def _read_eku(path: Path) -> str:
    try:
        oids = eku_oids(_read_text(path, "EKU configuration"))
    except ValueError as exc:
        raise TrustConfigError(f"the EKU configuration {path} is not valid: {exc}") from exc
    if not oids:
        raise TrustConfigError(f"the EKU configuration {path} holds no OID")
    return "\n".join(oids) + "\n"


def _unique(paths: Sequence[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _user_list(anchor_paths: Sequence[Path], allowed_paths: Sequence[Path]) -> TrustList:
    anchor_ders = [der for path in _unique(anchor_paths) for der in _pem_file(path)]
    allowed_ders = [der for path in _unique(allowed_paths) for der in _pem_file(path)]
    return TrustList(
        name="user",
        anchors_pem=to_pem(anchor_ders),
        allowed_pem=to_pem(allowed_ders) if allowed_ders else None,
        origin=", ".join(str(p) for p in _unique([*anchor_paths, *allowed_paths])),
        certificate_count=len(anchor_ders) + len(allowed_ders),
    )


def _cache_lists(directory: Path) -> tuple[list[TrustList], tuple[str, str] | None]:
    """The lists of the cache written by `provenance trust update`, and its EKU configuration."""
    state = read_cache_state(directory)
    if state is None:
        return [], None
    origin = f"cache (fetched {(state.fetched_at or '?')[:10]}"
    origin += ")" if state.source.kind == "official" else f" from {state.source.describe()})"

    def certs(name: str) -> list[bytes]:
        try:
            return pem_certificates(cached_text(state, name))
        except ValueError as exc:
            raise TrustConfigError(f"the cached {directory / name} is damaged: {exc}") from exc

    c2pa, tsa = certs("C2PA-TRUST-LIST.pem"), certs("C2PA-TSA-TRUST-LIST.pem")
    interim, allowed = certs("interim-anchors.pem"), certs("interim-allowed.pem")
    # Lists from a mirror or a folder whose content is not a known snapshot are named after their source.
    c2pa_name = state.list_name("c2pa", ["C2PA-TRUST-LIST.pem"])
    interim_name = state.list_name("interim", ["interim-anchors.pem", "interim-allowed.pem"])
    tsa_name = state.list_name("c2pa-tsa", ["C2PA-TSA-TRUST-LIST.pem"])
    lists = [
        TrustList(c2pa_name, to_pem(c2pa), None, "manifest", origin, len(c2pa)),
        TrustList(
            interim_name, to_pem(interim), to_pem(allowed), "manifest", origin, len(interim) + len(allowed)
        ),
        TrustList(tsa_name, to_pem(tsa), None, "tsa", origin, len(tsa)),
    ]
    try:
        eku = "\n".join(eku_oids(cached_text(state, "interim-store.cfg"))) + "\n"
    except ValueError as exc:
        raise TrustConfigError(f"the cached {directory / 'interim-store.cfg'} is damaged: {exc}") from exc
    return lists, (eku, f"{origin}: interim-store.cfg")
