"""Exit codes of every command (documented in the README), in one place."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0  # every file was inspected and no --fail-on condition matched
    FAIL_ON = 1  # a --fail-on condition matched
    USAGE = 2  # a bad option or value
    UNREADABLE = 3  # at least one file could not be inspected (its report carries an `error`)
    CONFIG = 4  # a configuration error (trust files, a missing extra) or a failed `trust update`
    INTERRUPTED = 130  # Ctrl-C: the audit finished and recorded the files in flight first
