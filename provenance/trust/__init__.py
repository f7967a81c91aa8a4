"""Trust: which certificate lists decide whether a C2PA signer is trusted. :mod:`.settings` merges the
sources (options, variables, config file, cache) into :class:`TrustSettings`; :mod:`.cache` downloads and
keeps the published lists (``provenance trust update``). Neither imports the C2PA SDK."""

from __future__ import annotations

from .settings import TrustList, TrustSettings, default_config_file, load_trust_settings

__all__ = ["TrustList", "TrustSettings", "default_config_file", "load_trust_settings"]
