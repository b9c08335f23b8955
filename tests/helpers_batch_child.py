"""Child process for the interrupted-batch test: sets the status of three articles
in one batch, over and over, until it is killed.

Prints ``ready`` once open and ``ack <seq>`` after each batch's save returned."""

from __future__ import annotations

import sys
from pathlib import Path

from curator.workspace import Workspace


def main() -> None:
    ws = Workspace(Path(sys.argv[1]))
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    statuses = ("reviewed", "flagged")
    i = len(ws.history())
    while True:
        i += 1
        made = ws.set_statuses(["a1", "a2", "a3"], statuses[i % 2])
        out.write(f"ack {made[0].seq}\n")
        out.flush()


if __name__ == "__main__":
    main()
