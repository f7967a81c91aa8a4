"""The errors a library user can catch. Expected per-file outcomes are reports, not exceptions."""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class of every error this library raises on purpose."""

    def diagnostics(self) -> str:
        """A human-readable explanation, with what to do about it when we know."""
        return str(self)


class SourceError(ProvenanceError):
    """The input could not be read at all (missing, unreadable, a directory, a wrong type)."""


class TrustConfigError(ProvenanceError):
    """A trust anchor, allowed-list or EKU file is missing, unreadable or holds no certificate."""

    def diagnostics(self) -> str:
        return (
            f"{self}\nCheck the --trust-anchors / --allowed-certs / --trust-config options, the config file "
            "and PROVENANCE_* variables, or run `provenance trust show`."
        )


class TrustUpdateError(ProvenanceError):
    """Downloading a trust list failed; the cache was left as it was."""

    def diagnostics(self) -> str:
        return (
            f"{self}\nThe previous cache, if any, is unchanged. Check the network, or pass --mirror "
            "HTTPS-URL or --from DIR (a folder holding the lists)."
        )


class MissingExtraError(ProvenanceError):
    """A feature needs an optional dependency group (an "extra") that is not installed."""

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        super().__init__(f"{feature} needs the optional dependency {missing!r}, which is not installed.")
        self.extra = extra

    def diagnostics(self) -> str:
        from ._version import DISTRIBUTION

        return f"{self}\nInstall it with: pip install '{DISTRIBUTION}[{self.extra}]'"


class PolicyError(ProvenanceError):
    """A policy file is not valid: an unknown fact, operator or key, a wrong type, a missing field."""

    def diagnostics(self) -> str:
        return f'{self}\nSee the README\'s "Compliance audits" section, or `provenance policy facts`.'
