"""Background threads step aside at checkpoints of the pace they were given, never while
the main thread waits for them; no pace is shared through a global."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from curator import yielding
from curator.yielding import NO_PACE, Pace, WatchedLock


def _in_thread(run: Callable[[], object], name: str = "loader") -> None:
    worker = threading.Thread(target=run, name=name)
    worker.start()
    worker.join(5)


def test_a_checkpoint_calls_the_hook_only_in_background_threads() -> None:
    calls: list[str] = []
    pace = Pace(lambda blocked: calls.append(threading.current_thread().name))
    pace.checkpoint()  # the main thread never waits
    _in_thread(pace.checkpoint)
    assert calls == ["loader"]
    _in_thread(NO_PACE.checkpoint)  # the default never steps aside
    assert calls == ["loader"]


def test_two_paces_never_step_aside_for_each_other() -> None:
    first: list[int] = []
    second: list[int] = []
    one, other = Pace(lambda blocked: first.append(1)), Pace(lambda blocked: second.append(1))
    _in_thread(one.checkpoint)
    _in_thread(lambda: list(other.stepwise(range(5), 2)))
    assert (first, second) == ([1], [1, 1, 1])
    assert not hasattr(yielding, "installed") and not hasattr(yielding, "_hook")  # no module-wide hook


def test_no_wait_at_a_checkpoint_while_the_main_thread_waits_for_the_lock() -> None:
    seen: list[bool] = []
    holding = threading.Event()

    def hook(main_thread_blocked: Callable[[], bool]) -> None:
        # As the app's: wait while the user works, unless the main thread waits.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not main_thread_blocked():
            time.sleep(0.005)
        seen.append(main_thread_blocked())

    pace = Pace(hook)
    lock = pace.lock()
    other = Pace(hook)

    def loader() -> None:
        with lock:
            holding.set()
            pace.checkpoint()  # waits until the main thread blocks on the lock, then goes on
            pace.checkpoint()  # the main thread still waits: no wait at all
            seen.append(other.main_thread_blocked())  # another pace's lock is not waited for

    worker = threading.Thread(target=loader)
    worker.start()
    holding.wait(5)
    started = time.monotonic()
    with lock:  # blocks until the loader is done: well under the hook's 5 s
        waited = time.monotonic() - started
    worker.join()
    assert waited < 2
    assert seen == [True, False]  # the second checkpoint did not call the hook
    assert not pace.main_thread_blocked()


def test_a_watched_lock_is_reentrant_and_honours_non_blocking() -> None:
    for lock in (WatchedLock(), Pace(lambda blocked: None).lock(), NO_PACE.lock()):
        with lock:
            with lock:
                pass
            got: list[bool] = []
            _in_thread(lambda: got.append(lock.acquire(blocking=False)))
            assert got == [False]
        assert lock.acquire(blocking=False)
        lock.release()


def test_only_a_pace_that_steps_aside_counts_the_main_thread_waiting() -> None:
    """NO_PACE is shared by every default workspace: waiting on its locks changes nothing."""
    for pace, counted in ((Pace(lambda blocked: None), True), (NO_PACE, False)):
        lock = pace.lock()
        holding = threading.Event()
        seen: list[bool] = []

        def loader() -> None:
            with lock:
                holding.set()
                time.sleep(0.2)  # the main thread is blocked on the lock by now
                seen.append(pace.main_thread_blocked())

        worker = threading.Thread(target=loader)
        worker.start()
        holding.wait(5)
        with lock:
            pass
        worker.join()
        assert seen == [counted]
        assert not pace.main_thread_blocked()


def test_stepwise_passes_every_item_and_checkpoints_every_n_in_a_background_thread() -> None:
    calls: list[int] = []
    seen: list[int] = []
    pace = Pace(lambda blocked: calls.append(len(seen)))

    def walk() -> None:
        for item in pace.stepwise(range(10), 4):
            seen.append(item)

    _in_thread(walk)
    assert seen == list(range(10))
    assert calls == [0, 4, 8]  # before the first item, then every 4
    assert list(NO_PACE.stepwise(range(10), 4)) == list(range(10))
