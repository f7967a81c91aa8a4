"""The vPDQ decoder process: one long-lived child per process that hashes videos, reused for every video.

FFmpeg decodes untrusted files and does not fail gently (a DASH init segment of the corpus aborts the
process it runs in on an assertion in libswscale), so it never runs in the caller's process. Starting a
fresh Python and importing ``vpdq`` for each video cost about 65 ms of the 160 to 240 ms a short corpus
video takes (measured): the child now stays and serves one request after another, one JSON line each way.

The bounds are those of a child per video: the child's address space is limited (``RLIMIT_AS``, set once,
before ``vpdq`` is imported), every request has a deadline, and the child dies with its parent (Linux's
``PR_SET_PDEATHSIG``; elsewhere it ends when its standard input closes). A child that misses the deadline
is killed; one that crashes (or that cannot read a file: it exits with code 1, as before) is reaped; either
costs that video's fingerprints only, and the next request starts a new child. A child is also replaced
after :data:`MAX_VIDEOS` videos, so what FFmpeg leaks or fragments cannot pile up against the limit.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Final

from .decode import Refused

MAX_VIDEOS: Final = 64  # videos one child hashes before a fresh one replaces it

# One answer per request line [path, side, max_frames]: [[hex, quality, seconds], ...] on one line; a file
# vpdq cannot read makes it exit with code 1 (its state after an FFmpeg error is not trusted further).
SERVER: Final = """
import json, os, sys
parent, memory = json.loads(sys.argv[1])
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
except (ImportError, ValueError, OSError):
    pass
try:  # die with the process that started us (Linux: PR_SET_PDEATHSIG = 1, SIGKILL = 9)
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)
except (OSError, AttributeError):
    pass
if os.getppid() != parent:
    sys.exit(0)  # the parent died before the request to die with it was made
import vpdq
out = sys.stdout
for line in sys.stdin.buffer:
    path, side, frames = json.loads(line)
    try:
        found = vpdq.computeHash(
            path, seconds_per_hash=1.0, downsample_width=side, downsample_height=side, thread_count=1
        )
    except Exception as error:  # vpdq raises a bare Exception for files FFmpeg cannot read
        print(type(error).__name__, file=sys.stderr)
        sys.exit(1)
    hashes = [[vpdq.hash_to_hex(f.hash), int(f.quality), float(f.timestamp)] for f in found[:frames]]
    out.write(json.dumps(hashes) + "\\n")
    out.flush()
"""


class VpdqChild:
    """A long-lived decoder process running ``code`` (:data:`SERVER`), started on the first request.

    Thread-safe; after a fork, the new process starts its own child.
    """

    def __init__(self, memory_limit: int, *, code: str = SERVER, max_videos: int = MAX_VIDEOS) -> None:
        self.memory_limit = memory_limit
        self.code = code
        self.max_videos = max_videos
        self._process: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()
        self._served = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The running child's process id, if one runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def hash(self, path: Path, side: int, frames: int, timeout_s: float) -> bytes | Refused:
        """The child's answer line for the video at ``path`` (``frames`` hashes at most, of frames scaled
        to ``side`` pixels square), or why there is none. Never raises for what the child does.

        While another thread has the child (a server hashing two uploads at once), this request gets a
        child of its own for the one video, as every video did before."""
        if not self._lock.acquire(blocking=False):
            spare = VpdqChild(self.memory_limit, code=self.code, max_videos=1)
            try:
                return spare.hash(path, side, frames, timeout_s)
            finally:
                spare.close()
        try:
            return self._hash(path, side, frames, timeout_s)
        finally:
            self._lock.release()

    def _hash(self, path: Path, side: int, frames: int, timeout_s: float) -> bytes | Refused:
        deadline = time.monotonic() + timeout_s
        request = json.dumps([str(path), side, frames]).encode() + b"\n"
        process = self._send(request)
        if process is None:
            return Refused("the video decoder failed (it could not be started)")
        line = _read_line(process, deadline)
        if line is None:
            self._stop()
            return Refused(f"decoding the video took longer than {timeout_s:g} s")
        if not line:  # the child ended instead of answering
            code = process.wait()
            self._stop()
            how = f"signal {-code}" if code < 0 else f"exit code {code}"
            return Refused(f"the video decoder failed ({how})")
        self._served += 1
        return line

    def close(self) -> None:
        """Stop the child (it also ends on its own when this process does). A request in progress in
        another thread (at exit, a daemon thread's) gets the child's end as a failure."""
        if not self._lock.acquire(timeout=1.0):
            process = self._process
            if process is not None and process.poll() is None:
                process.kill()  # the thread that has it reads the end, reaps it and answers a failure
            return
        try:
            self._stop()
        finally:
            self._lock.release()

    def _send(self, request: bytes) -> subprocess.Popen[bytes] | None:
        """The running child with ``request`` written to it: a new child when there is none, it died while
        idle, it served its share, or this process is a fork of the one that started it."""
        if os.getpid() != self._owner:  # a forked copy: the child belongs to the parent process
            self._process, self._owner = None, os.getpid()
        if self._served >= self.max_videos:
            self._stop()
        for _attempt in range(2):
            if self._process is None or self._process.poll() is not None:
                self._stop()
                try:
                    self._process = self._start()
                except OSError:
                    return None
            stdin = self._process.stdin
            assert stdin is not None
            try:
                stdin.write(request)
                stdin.flush()
                return self._process
            except OSError:  # it died between two videos (killed from outside): once more, fresh
                self._stop()
        return None

    def _start(self) -> subprocess.Popen[bytes]:
        # Isolated (-I) and importing vpdq alone, not this package (half a second saved per start).
        limits = json.dumps([os.getpid(), self.memory_limit])
        self._served = 0
        return subprocess.Popen(
            [sys.executable, "-I", "-c", self.code, limits],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # FFmpeg's messages: never read, so never a pipe that can fill up
            close_fds=True,
        )

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        if process.poll() is None:
            process.kill()
        process.wait()


def _read_line(process: subprocess.Popen[bytes], deadline: float) -> bytes | None:
    """One line from the child, b"" when it ended first, None when the deadline passed."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        if not poller.poll(max(1, int(left * 1000))):
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b""
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks)
