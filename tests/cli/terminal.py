"""Run a command in a pseudo-terminal of a given size and read the screen a person would see (pyte
emulates the terminal: cursor moves, line clears and the progress bar's redraws are applied)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte


def screen_of(args: list[str], *, columns: int, lines: int = 200, timeout: float = 120) -> list[str]:
    """The lines of the terminal after ``python -m provenance ARGS`` ran in it, trailing blanks dropped."""
    main, child = pty.openpty()
    os.set_blocking(main, False)
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "LINES": str(lines), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", *args], stdin=child, stdout=child, stderr=child, env=env,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    os.close(child)
    screen = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.1)
        data = b""
        if ready:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: every writer of the terminal has closed it
                data = b""
        if data:
            stream.feed(data)
        elif process.poll() is not None:
            break
    process.wait(timeout=5)
    os.close(main)
    shown = [line.rstrip() for line in screen.display]
    while shown and not shown[-1]:
        shown.pop()
    return shown
