"""Build :class:`~.settings.TrustSettings` from every source, in one order, for the library and the CLI.

Lists, by key: the bundled snapshots (:mod:`.bundled`), then the cache of ``provenance trust update``
(:mod:`.cache`), whose list replaces the bundled list of the same key unless it is older; then one list
named "user" made of the files the config file, the PROVENANCE_* variables and explicit paths (CLI options)
name, added up. The EKU configuration is a single value: explicit > PROVENANCE_TRUST_CONFIG > config file >
the one that goes with the interim list in force. Each source can be turned off.

:func:`default_trust_settings` is what ``InspectOptions()`` uses: the same as the command line without
options, built once per process and rebuilt only when a variable, the config file or the cache changes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import TrustConfigError
from .bundled import bundled_snapshot
from .bundles import eku_oids, pem_certificates, to_pem
from .cache import META_FILE, cache_lists, read_cache_state
from .config import (
    ENV_ALLOWED,
    ENV_ANCHORS,
    ENV_EKU,
    ENV_NAMES,
    ENV_NO_BUNDLED,
    ENV_NO_CACHE,
    cache_dir,
    config_path,
    env_flag,
    env_max_age,
    env_paths,
    read_config,
)
from .settings import DEFAULT_MAX_AGE_DAYS, USER_LIST, TrustList, TrustSettings


def load_trust_settings(
    *,
    anchors: Sequence[Path] = (),
    allowed: Sequence[Path] = (),
    eku_config: Path | None = None,
    use_cache: bool = True,
    bundled: bool = True,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    cawg_anchors: Sequence[Path] = (),
    ica_issuers: Sequence[str] = (),
) -> TrustSettings:
    """Merge the trust sources into TrustSettings; TrustConfigError naming the first bad file.

    - the bundled snapshots are used unless ``bundled`` is False (--no-bundled-trust), the config file says
      `bundled = false`, or `PROVENANCE_NO_BUNDLED_TRUST=1`.
    - the cache is used unless ``use_cache`` is False (--no-trust-cache), the config file says
      `use_cache = false`, or `PROVENANCE_NO_TRUST_CACHE=1`. Its folder is `PROVENANCE_CACHE_DIR` or the
      per-user cache folder. A cached list replaces the bundled one of the same key, unless it is older.
    - anchor and allowed-certificate files add up, in this order: the config file's `[trust] anchors` /
      `allowed`, `PROVENANCE_TRUST_ANCHORS` / `PROVENANCE_ALLOWED_CERTS` (os.pathsep-separated), then
      ``anchors`` / ``allowed`` (--trust-anchors / --allowed-certs); together they form the list "user".
    - the EKU configuration is the first of: ``eku_config`` (--trust-config), `PROVENANCE_TRUST_CONFIG`, the
      config file's `trust_config`, the interim list's store.cfg (cached or bundled, with that list).
    - the config file is ``config_file``, else `PROVENANCE_CONFIG` (both must exist), else the per-user
      config file when it exists. Relative paths in it resolve against its folder.
    - CAWG identity trust (schema 1.5), apart from the claim signers': the config file's `cawg_anchors` then
      ``cawg_anchors`` (--cawg-anchors) make the list "cawg" (kind "cawg"); the config file's `ica_issuers`
      then ``ica_issuers`` (--ica-issuer) the trusted identity claims aggregators. None is bundled.
    - the age past which lists are out of date: `PROVENANCE_TRUST_MAX_AGE_DAYS`, else the config file's
      `max_age_days`, else 90 days.
    """
    env = os.environ if environ is None else environ
    config = read_config(config_file, env)
    notes: list[str] = []
    published: dict[str, TrustList] = {}
    eku: tuple[str, str] | None = None
    if bundled and config.bundled and not env_flag(env, ENV_NO_BUNDLED):
        snapshot = bundled_snapshot()
        published.update(snapshot.lists)
        eku = (snapshot.eku_config, snapshot.eku_origin)
    else:
        notes.append(
            "The bundled lists are turned off (--no-bundled-trust, [trust] bundled = false or "
            f"{ENV_NO_BUNDLED}=1)."
        )

    if use_cache and config.use_cache and not env_flag(env, ENV_NO_CACHE):
        state = read_cache_state(cache_dir(env))
        if state is not None:
            cached, cached_eku = cache_lists(state)
            for key, trust_list in cached.items():
                bundled_list = published.get(key)
                if bundled_list is not None and _older(trust_list, bundled_list):
                    notes.append(
                        f"The cached {trust_list.name} list (as of {trust_list.as_of}) is older than the "
                        f"bundled one (as of {bundled_list.as_of}): the bundled one is used."
                    )
                    continue
                published[key] = trust_list
                if key == "interim":
                    eku = cached_eku
    else:
        notes.append(
            f"The cache is ignored (--no-trust-cache, [trust] use_cache = false or {ENV_NO_CACHE}=1)."
        )

    anchor_paths = [*config.anchors, *env_paths(env, ENV_ANCHORS), *anchors]
    allowed_paths = [*config.allowed, *env_paths(env, ENV_ALLOWED), *allowed]
    user = [_user_list(anchor_paths, allowed_paths)] if anchor_paths or allowed_paths else []
    cawg_paths = [*config.cawg_anchors, *cawg_anchors]
    if cawg_paths:
        user.append(replace(_user_list(cawg_paths, []), name="cawg", kind="cawg"))

    env_eku = env.get(ENV_EKU, "").strip()
    eku_path = eku_config or (Path(env_eku).expanduser() if env_eku else None) or config.trust_config
    if eku_path is not None:
        eku = (_read_eku(eku_path), str(eku_path))
    max_age = env_max_age(env)
    if max_age is None:
        max_age = DEFAULT_MAX_AGE_DAYS if config.max_age_days is None else config.max_age_days
    return TrustSettings(
        lists=(*user, *published.values()),
        eku_config=eku[0] if eku else None,
        eku_origin=eku[1] if eku else None,
        max_age_days=max_age,
        notes=tuple(notes),
        ica_issuers=tuple(dict.fromkeys((*config.ica_issuers, *ica_issuers))),
    )


def _older(cached: TrustList, bundled: TrustList) -> bool:
    return cached.as_of is not None and bundled.as_of is not None and cached.as_of < bundled.as_of


_lock = threading.Lock()
_default: tuple[object, TrustSettings] | None = None


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return None if stat is None else (stat.st_mtime_ns, stat.st_size)


def default_trust_settings() -> TrustSettings:
    """The trust settings ``InspectOptions()`` uses: :func:`load_trust_settings` with no arguments (the
    bundled lists, the cache, the config file and variables), built once per process and again only when
    a PROVENANCE_* variable, the config file or the cache's meta.json changes (a few stat calls).
    TrustConfigError when a source is bad."""
    global _default
    env = os.environ
    key = (
        tuple(env.get(name) for name in ENV_NAMES),
        _stamp(config_path(None, env)),
        _stamp(cache_dir(env) / META_FILE),
    )
    with _lock:
        if _default is not None and _default[0] == key:
            return _default[1]
        settings = load_trust_settings()
        _default = (key, settings)
        return settings


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
        name=USER_LIST,
        anchors_pem=to_pem(anchor_ders),
        allowed_pem=to_pem(allowed_ders) if allowed_ders else None,
        origin=", ".join(str(p) for p in _unique([*anchor_paths, *allowed_paths])),
        certificate_count=len(anchor_ders) + len(allowed_ders),
    )
