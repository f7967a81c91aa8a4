"""How old the trust lists in force are, and the one warning a run gives when they are out of date.

A list's age counts from :attr:`~.settings.TrustList.as_of`. A legacy list its owner no longer updates
(``frozen``) and the user's own files (no date) are never out of date. The warning goes to stderr, once per
run, and never into a report: the same file must give the same report whatever day it is read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from .settings import TrustList, TrustSettings


def today() -> date:
    return datetime.now(UTC).date()


def age_days(trust_list: TrustList, on: date) -> int | None:
    """Days since the list's content was known current; None when its date is unknown."""
    return None if trust_list.as_of is None else (on - trust_list.as_of).days


def age_text(trust_list: TrustList, on: date, max_age_days: int) -> str:
    """ "99 days old (out of date: over 90 days)", "1 day old", "legacy, frozen since 2026-01-01", "" (no
    date)."""
    days = age_days(trust_list, on)
    if trust_list.frozen is not None and trust_list.frozen <= on:
        return f"legacy, frozen since {trust_list.frozen}"
    if days is None:
        return ""
    text = f"{days} day{'s' if days != 1 else ''} old"
    limit = f"{max_age_days} day{'s' if max_age_days != 1 else ''}"
    return text + (f" (out of date: over {limit})" if _too_old(days, max_age_days) else "")


def _too_old(days: int, max_age_days: int) -> bool:
    return max_age_days > 0 and days > max_age_days


def stale_lists(settings: TrustSettings, on: date | None = None) -> tuple[TrustList, ...]:
    """The lists in force older than ``settings.max_age_days`` (none when it is 0)."""
    when = on or today()
    return tuple(
        t
        for t in settings.lists
        if not (t.frozen is not None and t.frozen <= when)
        and (days := age_days(t, when)) is not None
        and _too_old(days, settings.max_age_days)
    )


def stale_warning(settings: TrustSettings, on: date | None = None) -> str | None:
    """One sentence for stderr when lists in force are out of date; None when none is."""
    when = on or today()
    stale = stale_lists(settings, when)
    if not stale:
        return None
    oldest = min(t.as_of for t in stale if t.as_of is not None)
    names = " and ".join(t.name for t in stale)
    lists = f"lists {names} are" if len(stale) > 1 else f"list {names} is"
    return (
        f"the trust {lists} {(when - oldest).days} days old (as of {oldest}; the limit is "
        f"{settings.max_age_days}): signers added since are not recognised. Run `provenance trust update` "
        "(`--from DIR` on a machine without network), or set [trust] max_age_days or "
        "PROVENANCE_TRUST_MAX_AGE_DAYS (0: never warn)."
    )
