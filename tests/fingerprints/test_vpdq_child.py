"""The long-lived vPDQ decoder process: reused from one video to the next, and a child that hangs, crashes
or is killed costs one video, never the caller. Stand-in children (a few lines of Python that answer,
sleep or exit) show the failure paths without vpdq; the real one is checked on the corpus's videos."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from provenance.fingerprints import fingerprint
from provenance.fingerprints.decode import Refused
from provenance.fingerprints.video import _CHILD
from provenance.fingerprints.vpdq_child import VpdqChild
from tests.helpers import corpus

MEMORY = 2 * 1024**3
# Stand-ins: each answers a request line with its own process id (so a test sees which child answered).
ECHO = "import os, sys\nfor line in sys.stdin:\n    print(os.getpid(), flush=True)\n"
# Says it has a request (a file named after it), then answers once the gate file exists.
GATED_ECHO = (
    "import os, sys, time\nfor line in sys.stdin:\n    open({gate!r} + str(os.getpid()), 'w').close()\n"
    "    while not os.path.exists({gate!r}):\n        time.sleep(0.01)\n    print(os.getpid(), flush=True)\n"
)
HANGS = "import sys, time\nsys.stdin.readline()\ntime.sleep(600)\n"
BUSY = "import os, sys, time\nsys.stdin.readline()\nprint(os.getpid(), flush=True)\ntime.sleep(600)\n"
EXITS = "import sys\nsys.stdin.readline()\nsys.exit(3)\n"
VIDEO = Path("video.mp4")  # the stand-ins never open it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by its parent) still answers signal 0.
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)


def _answer(child: VpdqChild, timeout_s: float = 10.0) -> int:
    answer = child.hash(VIDEO, 256, 10, timeout_s)
    assert isinstance(answer, bytes), answer
    return int(answer)


def test_one_child_answers_one_request_after_another() -> None:
    child = VpdqChild(MEMORY, code=ECHO)
    try:
        first = _answer(child)
        assert [_answer(child) for _ in range(3)] == [first] * 3
        assert child.pid == first
    finally:
        child.close()
    assert child.pid is None and not _alive(first)


def test_a_child_that_hangs_is_killed_at_the_deadline_and_the_next_request_gets_a_new_one() -> None:
    child = VpdqChild(MEMORY, code=HANGS)
    try:
        started = time.monotonic()
        assert child.hash(VIDEO, 256, 10, 0.5) == Refused("decoding the video took longer than 0.5 s")
        assert time.monotonic() - started < 30  # not stuck (the stand-in would sleep ten minutes)
        assert child.pid is None
        child.code = ECHO
        assert _answer(child) > 0
    finally:
        child.close()


def test_a_child_that_exits_instead_of_answering_costs_that_video_only() -> None:
    child = VpdqChild(MEMORY, code=EXITS)
    try:
        assert child.hash(VIDEO, 256, 10, 10.0) == Refused("the video decoder failed (exit code 3)")
        child.code = ECHO
        assert _answer(child) > 0
    finally:
        child.close()


def test_a_child_killed_between_two_videos_is_replaced_for_the_next() -> None:
    child = VpdqChild(MEMORY, code=ECHO)
    try:
        first = _answer(child)
        os.kill(first, signal.SIGKILL)
        _wait_for(lambda: not _alive(first))
        second = _answer(child)
        assert second != first
    finally:
        child.close()


def test_a_child_is_replaced_after_its_share_of_videos() -> None:
    child = VpdqChild(MEMORY, code=ECHO, max_videos=2)
    try:
        pids = [_answer(child) for _ in range(5)]
    finally:
        child.close()
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_a_second_thread_gets_a_child_of_its_own_while_the_first_is_busy(tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    child = VpdqChild(MEMORY, code=GATED_ECHO.format(gate=str(gate)))
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(_answer(child))) for _ in range(2)]
    try:
        threads[0].start()
        _wait_for(lambda: len(list(tmp_path.glob("gate*"))) == 1)  # the first holds the child, waiting
        threads[1].start()
        _wait_for(lambda: len(list(tmp_path.glob("gate*"))) == 2)  # the second has a child of its own
        gate.touch()
        for thread in threads:
            thread.join()
        assert len(set(answers)) == 2 and child.pid in answers
    finally:
        gate.touch()
        child.close()


_ORPHAN = """
import sys, time
from pathlib import Path
from provenance.fingerprints.vpdq_child import VpdqChild
child = VpdqChild(2 * 1024**3, code=sys.argv[1])
print(int(child.hash(Path("video.mp4"), 256, 10, 10.0)), flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_child_dies_with_the_process_that_started_it() -> None:
    # The real server's prologue (limits, die with the parent), then busy with a video: not reading its
    # input, so the closed pipe alone would not end it.
    from provenance.fingerprints.vpdq_child import SERVER

    code = SERVER.split("import vpdq")[0] + BUSY
    grandchild = 0
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN, code], stdout=subprocess.PIPE, cwd=Path(__file__).parents[2]
    )
    try:
        assert parent.stdout is not None
        grandchild = int(parent.stdout.readline())
        assert _alive(grandchild)
        parent.kill()  # as the pool kills a worker over its time or memory limit
        parent.wait()
        _wait_for(lambda: not _alive(grandchild))
    finally:
        parent.kill()
        parent.wait()
        if grandchild and _alive(grandchild):
            os.kill(grandchild, signal.SIGKILL)


def test_the_real_decoder_is_reused_and_survives_a_crash() -> None:
    pytest.importorskip(
        "vpdq", reason="vpdq (the 'video' extra) is not installed: it needs FFmpeg's dev libraries"
    )
    video, crashing = corpus("c2pa-rs-fixtures/video1.mp4"), corpus("c2pa-rs-fixtures/dashinit.mp4")
    first = fingerprint(video)
    pid = _CHILD.pid
    assert pid is not None and len(first.fingerprints) == 2
    again = fingerprint(video)
    assert _CHILD.pid == pid and again == first
    # A DASH init segment aborts FFmpeg's scaler: that child is gone, the next video gets a new one.
    assert fingerprint(crashing).refused == "the video decoder failed (signal 6)"
    assert fingerprint(video) == first and _CHILD.pid not in (None, pid)
