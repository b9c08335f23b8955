"""Child process for the fault harness: curates through the Workspace, forever.

The same code path the app uses (Workspace methods). Prints ``ack <seq>``
after each decision returned (so it is on disk), and ``undone <seq>`` after
each undo returned.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from curator.workspace import Workspace
from curator.workspace.errors import NothingToChange


def main() -> None:
    root, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    ws = Workspace(root, command="fault-child")
    ids = ws.article_ids()
    out = sys.stdout
    n = 0
    while True:
        n += 1
        roll = rng.random()
        try:
            if roll < 0.45:
                d = ws.edit_field(rng.choice(ids), "title", f"tiêu đề {seed}-{n}")
            elif roll < 0.65:
                d = ws.set_status(rng.choice(ids), rng.choice(["reviewed", "flagged", "new"]))
            elif roll < 0.85:
                ents = [e for e in ws.entities() if e.type == "person"]
                if len(ents) >= 2:
                    d = ws.merge([ents[0].id, ents[1].id])
                else:
                    d = ws.edit_field(rng.choice(ids), "author", f"tác giả {n}")
            else:
                undone = ws.undo()
                if undone is not None:
                    out.write(f"undone {undone.seq}\n")
                    out.flush()
                continue
        except NothingToChange:  # the value it has already (a restarted child repeats its values): nothing saved
            continue
        out.write(f"ack {d.seq}\n")
        out.flush()


if __name__ == "__main__":
    main()
