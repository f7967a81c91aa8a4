"""The one place that builds a command's settings from its option values: :func:`inspect_options` and
:func:`trust_settings`. Without typer (:mod:`.options` declares the options; the fast path of
:mod:`.fast` passes the values typer would), so a command line that does not build typer's can use it."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from ..options import DeferredTrust, InspectOptions

if TYPE_CHECKING:
    from ..policy.rules import Policy
    from ..trust import TrustSettings

# The options that name trust files, or the config file, on the command line.
_NAMED_FILES = ("trust_anchors", "allowed_certs", "trust_config", "config", "cawg_anchors")
# The options that make the trust settings (the rest of a command's values do not change them).
_TRUST_VALUES = (*_NAMED_FILES, "no_trust_cache", "no_bundled_trust", "ica_issuers")


def trust_settings(values: dict[str, Any]) -> TrustSettings:
    """The trust settings the trust options (plus variables, config file and cache) describe."""
    from ..trust import load_trust_settings

    return load_trust_settings(
        anchors=values["trust_anchors"],
        allowed=values["allowed_certs"],
        eku_config=values["trust_config"],
        use_cache=not values["no_trust_cache"],
        bundled=not values["no_bundled_trust"],
        config_file=values["config"],
        cawg_anchors=values["cawg_anchors"],
        ica_issuers=values["ica_issuers"],
    )


def inspect_options(values: dict[str, Any], *, deferred: bool = False) -> InspectOptions:
    """The one builder of a command's :class:`InspectOptions` from its inspection and trust options; says
    once on stderr when the trust lists in force are out of date (never in a report).

    ``deferred``: the trust settings are built (and checked, and said to be out of date) only once a file
    needs them, i.e. carries a manifest (:class:`~provenance.options.DeferredTrust`): what ``inspect`` asks,
    where the run is often one file without provenance. Not when a trust file or the config file is named
    on the command line: a mistake in what the user just typed is said whatever the files. An audit, a
    server or an index builds them first.
    """
    if deferred and not any(values[name] for name in _NAMED_FILES):
        key = tuple((name, _frozen(values[name])) for name in _TRUST_VALUES)
        trust: TrustSettings | DeferredTrust = DeferredTrust(lambda: _checked_trust(values), key)
    else:
        trust = _checked_trust(values)
    return InspectOptions(
        allow_network=values["allow_network"],
        trust=trust,
        deep=values["deep"],
        show_prompts=values["show_prompts"],
        fast_path=not values["no_fast_path"],
        policies=_policies(values["policy"]),
    )


def _checked_trust(values: dict[str, Any]) -> TrustSettings:
    """:func:`trust_settings`, said on stderr when out of date."""
    from ..trust.freshness import stale_warning

    trust = trust_settings(values)
    warning = stale_warning(trust)
    if warning is not None:
        print_warning(warning)
    return trust


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def print_warning(message: str) -> None:
    """``warning: message`` on stderr, the word in yellow on a terminal (the only case that loads rich: a
    command whose output is piped or captured starts faster without it)."""
    if not (_may_be_terminal() or sys.stderr.isatty()):
        sys.stderr.write(f"warning: {message}\n")
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[yellow]warning:[/yellow] {escape(message)}")


def _may_be_terminal() -> bool:
    """Whether rich would be told to treat any stream as a terminal (FORCE_COLOR, TTY_COMPATIBLE)."""
    return "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ


def _policies(names: list[str]) -> tuple[Policy, ...]:
    """The policies named, each loaded (and checked) once, before any file is read."""
    if not names:
        return ()
    from ..errors import PolicyError
    from ..policy import load_policy  # only for runs that ask for a policy

    try:
        return tuple(load_policy(name) for name in dict.fromkeys(names))
    except PolicyError as error:
        import typer

        raise typer.BadParameter(str(error), param_hint="--policy") from None
