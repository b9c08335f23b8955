"""The core knows nothing of the UI: importing it must not pull in Textual or Rich."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_textual_or_rich() -> None:
    code = (
        "import sys\n"
        "import curator.cli, curator.workspace, curator.export, curator.store, curator.curation.replay\n"
        "import curator.resolve.pipeline, curator.resolve.authority, curator.authority.export\n"
        "import curator.authority.lookup, curator.authority.reading, curator.store.authority\n"
        "import curator.resolve.matcher, curator.names.analyse, curator.names.lookup, curator.bench.realworld\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
