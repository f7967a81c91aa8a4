"""The trust part of the user's configuration: the `[trust]` table of the config file and the PROVENANCE_*
environment variables, read strictly (a misspelt key would otherwise silently drop a trust list)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ..errors import TrustConfigError

ENV_CONFIG = "PROVENANCE_CONFIG"
ENV_ANCHORS = "PROVENANCE_TRUST_ANCHORS"
ENV_ALLOWED = "PROVENANCE_ALLOWED_CERTS"
ENV_EKU = "PROVENANCE_TRUST_CONFIG"
ENV_NO_CACHE = "PROVENANCE_NO_TRUST_CACHE"
ENV_NO_BUNDLED = "PROVENANCE_NO_BUNDLED_TRUST"
ENV_MAX_AGE = "PROVENANCE_TRUST_MAX_AGE_DAYS"
ENV_CACHE_DIR = "PROVENANCE_CACHE_DIR"
# Every variable that can change the trust settings (the default settings are cached per their values).
ENV_NAMES = (
    ENV_CONFIG,
    ENV_ANCHORS,
    ENV_ALLOWED,
    ENV_EKU,
    ENV_NO_CACHE,
    ENV_NO_BUNDLED,
    ENV_MAX_AGE,
    ENV_CACHE_DIR,
)
_KEYS = frozenset(
    {
        "anchors",
        "allowed",
        "trust_config",
        "use_cache",
        "bundled",
        "max_age_days",
        "cawg_anchors",
        "ica_issuers",
    }
)
_TRUE = frozenset({"1", "true", "yes", "on"})


def default_config_file() -> Path:
    """The per-user config file: `config.toml` in platformdirs' user config folder for "provenance"."""
    return Path(platformdirs.user_config_dir("provenance")) / "config.toml"


@dataclass(frozen=True, slots=True)
class FileConfig:
    """The config file's `[trust]` table; relative paths already resolved against the file's folder."""

    anchors: tuple[Path, ...] = ()
    allowed: tuple[Path, ...] = ()
    trust_config: Path | None = None
    use_cache: bool = True
    bundled: bool = True
    max_age_days: int | None = None
    cawg_anchors: tuple[Path, ...] = ()  # CAWG identity certificate anchors
    ica_issuers: tuple[str, ...] = ()  # DIDs of trusted identity claims aggregators


def config_path(explicit: Path | None, env: Mapping[str, str]) -> Path | None:
    """The config file to read: ``explicit``, else PROVENANCE_CONFIG (both must exist), else the default
    file when it exists; None when there is none."""
    env_path = env.get(ENV_CONFIG, "").strip()
    path = explicit or (Path(env_path).expanduser() if env_path else None)
    if path is None:
        path = default_config_file()
        return path if path.is_file() else None
    return path


def read_config(explicit: Path | None, env: Mapping[str, str]) -> FileConfig:
    """The `[trust]` table of the config file (see :func:`config_path`); TrustConfigError when it is bad."""
    path = config_path(explicit, env)
    if path is None:
        return FileConfig()
    import tomllib  # only when there is a config file: most runs have none

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TrustConfigError(f"cannot read the config file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TrustConfigError(f"the config file {path} is not valid TOML: {exc}") from exc
    section = data.get("trust", {})
    if not isinstance(section, dict):
        raise TrustConfigError(f"{path}: [trust] must be a table")
    unknown = set(section) - _KEYS
    if unknown:  # a misspelt key would otherwise silently drop a trust list
        raise TrustConfigError(f"{path}: unknown [trust] key(s) {', '.join(sorted(unknown))}")
    base = path.parent

    def paths(key: str) -> tuple[Path, ...]:
        value = section.get(key, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise TrustConfigError(f"{path}: [trust] {key} must be a list of file paths")
        return tuple(base / Path(item).expanduser() for item in items)

    def flag(key: str) -> bool:
        value = section.get(key, True)
        if not isinstance(value, bool):
            raise TrustConfigError(f"{path}: [trust] {key} must be true or false")
        return value

    trust_config = section.get("trust_config")
    if trust_config is not None and not isinstance(trust_config, str):
        raise TrustConfigError(f"{path}: [trust] trust_config must be a file path")
    max_age = section.get("max_age_days")
    if max_age is not None and (isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0):
        raise TrustConfigError(f"{path}: [trust] max_age_days must be a whole number of days (0: never warn)")
    issuers = section.get("ica_issuers", [])
    if not isinstance(issuers, list) or not all(isinstance(item, str) and item for item in issuers):
        raise TrustConfigError(f"{path}: [trust] ica_issuers must be a list of DIDs")
    return FileConfig(
        cawg_anchors=paths("cawg_anchors"),
        ica_issuers=tuple(issuers),
        anchors=paths("anchors"),
        allowed=paths("allowed"),
        trust_config=base / Path(trust_config).expanduser() if trust_config else None,
        use_cache=flag("use_cache"),
        bundled=flag("bundled"),
        max_age_days=max_age,
    )


def env_paths(env: Mapping[str, str], name: str) -> list[Path]:
    """The os.pathsep-separated paths of a variable."""
    return [Path(part).expanduser() for part in env.get(name, "").split(os.pathsep) if part.strip()]


def env_flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in _TRUE


def env_max_age(env: Mapping[str, str]) -> int | None:
    """PROVENANCE_TRUST_MAX_AGE_DAYS as a number of days; None when unset; TrustConfigError when bad."""
    text = env.get(ENV_MAX_AGE, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise TrustConfigError(f"{ENV_MAX_AGE}={text!r}: a whole number of days is expected (0: never warn)")
    return int(text)


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`PROVENANCE_CACHE_DIR` when set, else the per-user cache folder's `trust` subfolder."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_CACHE_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("provenance")) / "trust"
