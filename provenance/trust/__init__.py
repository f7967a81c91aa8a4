"""Trust: which certificate lists decide whether a C2PA signer is trusted. :mod:`.load` merges the sources
(the bundled snapshots, the cache, the config file, variables and options) into :class:`TrustSettings`;
:mod:`.bundled` holds the snapshots shipped in the package, :mod:`.cache` reads the lists saved by
``provenance trust update`` and :mod:`.update` downloads them. None imports the C2PA SDK."""

from __future__ import annotations

from .config import default_config_file
from .load import default_trust_settings, load_trust_settings
from .settings import TrustList, TrustSettings

__all__ = [
    "TrustList",
    "TrustSettings",
    "default_config_file",
    "default_trust_settings",
    "load_trust_settings",
]
