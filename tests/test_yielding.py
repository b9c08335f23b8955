"""Background threads step aside at checkpoints, never while the main thread waits for them."""

from __future__ import annotations

import threading
import time

from curator import yielding
from curator.yielding import WatchedLock, checkpoint


def test_a_checkpoint_calls_the_hook_only_in_background_threads_while_it_is_installed() -> None:
    calls: list[str] = []
    with yielding.installed(lambda: calls.append(threading.current_thread().name)):
        checkpoint()  # the main thread never waits
        worker = threading.Thread(target=checkpoint, name="loader")
        worker.start()
        worker.join()
    assert calls == ["loader"]
    worker = threading.Thread(target=checkpoint)
    worker.start()
    worker.join()
    assert calls == ["loader"]


def test_no_wait_at_a_checkpoint_while_the_main_thread_waits_for_the_lock() -> None:
    lock = WatchedLock()
    seen: list[bool] = []
    holding = threading.Event()

    def hook() -> None:  # as the app's: wait while the user works, unless the main thread waits
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not yielding.main_thread_blocked():
            time.sleep(0.005)
        seen.append(yielding.main_thread_blocked())

    def loader() -> None:
        with lock:
            holding.set()
            checkpoint()  # waits until the main thread blocks on the lock, then goes on
            checkpoint()  # the main thread still waits: no wait at all

    with yielding.installed(hook):
        worker = threading.Thread(target=loader)
        worker.start()
        holding.wait(5)
        started = time.monotonic()
        with lock:  # blocks until the loader is done: well under the hook's 5 s
            waited = time.monotonic() - started
        worker.join()
    assert waited < 2
    assert seen == [True]  # the second checkpoint did not call the hook
    assert not yielding.main_thread_blocked()


def test_a_watched_lock_is_reentrant_and_honours_non_blocking() -> None:
    lock = WatchedLock()
    with lock:
        with lock:
            pass
        got: list[bool] = []
        worker = threading.Thread(target=lambda: got.append(lock.acquire(blocking=False)))
        worker.start()
        worker.join()
        assert got == [False]
    assert lock.acquire(blocking=False)
    lock.release()


def test_stepwise_passes_every_item_and_checkpoints_every_n_in_a_background_thread() -> None:
    calls: list[int] = []
    seen: list[int] = []

    def walk() -> None:
        for item in yielding.stepwise(range(10), 4):
            seen.append(item)

    with yielding.installed(lambda: calls.append(len(seen))):
        worker = threading.Thread(target=walk)
        worker.start()
        worker.join()
    assert seen == list(range(10))
    assert calls == [0, 4, 8]  # before the first item, then every 4
