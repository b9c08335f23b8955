"""Child for the commit-point harness: runs one curator command again and again, each
time in a forked process that kills itself right after its Nth atomic rename.

    helpers_commit_child.py SIGNAL TEMPLATE OUT BATCH_FILES ARG...

SIGNAL is KILL or INT, or SLOW: run 0 only, pausing after every rename.

Every write of the store ends in ``os.replace`` (temporary file, fsync, rename), so
"after the Nth rename" for N = 1, 2, ... is every point where the files on disk
change. Run 0 is not killed: it counts the renames, then N runs from 1 to that count.
Each run works on its own copy of TEMPLATE (``-``: a new database) at OUT/N, with
its output in OUT/N.log; one line per run on standard output: ``N exit-status``.
Forking from one process that has imported curator keeps a run to milliseconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import curator.cli
import curator.ingest.pipeline
import curator.resolve.pipeline  # noqa: F401  (imported once, before the forks)
import curator.workspace  # noqa: F401


def _run(n: int, sig: int, db: Path, args: list[str], log: Path) -> None:
    """In the forked process: the command, killed after rename ``n`` (0: never;
    ``sig`` 0: never, and each rename is followed by a pause, so that a reader
    started meanwhile surely overlaps the writes)."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    real = os.replace
    renames = 0

    def replace(src: str, dst: str, **kwargs: object) -> None:
        nonlocal renames
        real(src, dst, **kwargs)  # type: ignore[arg-type]
        renames += 1
        if renames == n:
            os.kill(os.getpid(), sig)
        if not sig:
            time.sleep(PAUSE)

    os.replace = replace  # type: ignore[assignment]
    code = 0
    try:
        curator.cli.main(["--db", str(db), *args], standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    (db.parent / f"{db.name}.renames").write_text(str(renames))
    os._exit(code)


PAUSE = 0.05  # seconds after each rename in SLOW runs


def main() -> None:
    sig = {"KILL": signal.SIGKILL, "INT": signal.SIGINT, "SLOW": 0}[sys.argv[1]]
    template = None if sys.argv[2] == "-" else Path(sys.argv[2])
    out = Path(sys.argv[3])
    curator.ingest.pipeline.BATCH_FILES = int(sys.argv[4])
    args = sys.argv[5:]
    out.mkdir(parents=True, exist_ok=True)
    n, total = 0, None
    while total is None or n <= total:
        db = out / str(n)
        if template is not None:
            shutil.copytree(template, db)
        pid = os.fork()
        if pid == 0:
            _run(n, sig, db, args, out / f"{n}.log")
        _, status = os.waitpid(pid, 0)
        if n == 0:
            total = int((out / "0.renames").read_text()) if sig else 0
        print(n, status, flush=True)
        n += 1


if __name__ == "__main__":
    main()
