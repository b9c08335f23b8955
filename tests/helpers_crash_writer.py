"""Child process for the crash tests: writes decisions (and archive batches) forever.

Prints ``ack <seq>`` after each decision's save returned, so the parent knows
what was acknowledged before it sent SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curator.models import Article, Decision
from curator.store import Store


def main() -> None:
    root = Path(sys.argv[1])
    store = Store(root, write=True, command="crash-writer")
    seq = max((d.seq for d in store.history()), default=0)
    out = sys.stdout
    batch = 0
    while True:
        seq += 1
        store.append_decision(
            Decision(seq=seq, op="edit", args={"article_id": "a1", "field": "title", "value": f"t{seq}"}, at="x")
        )
        out.write(f"ack {seq}\n")
        out.flush()
        if seq % 7 == 0:  # also tear at the big archive rewrite
            batch += 1
            arts = [Article(id=f"b{batch}-{i}", source_file=f"f{batch}", file_index=i, text="x" * 2000) for i in range(50)]
            store.save_articles(arts, [{"source_file": f"f{batch}", "sha256": str(batch)}])
            out.write(f"batch {batch}\n")
            out.flush()


if __name__ == "__main__":
    main()
