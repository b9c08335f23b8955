"""`python -m curator.bench realworld` measures a set in the documented format, beside both baselines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent

ENTITIES = {
    "entities": [
        {"id": "kl", "type": "organization", "name": "Cục Kiểm lâm",
         "variants": [{"text": "Cục Kiểm lâm - Bộ Nông nghiệp", "url": "https://example.org/a"},
                      {"text": "Cục Kiểm lâm (KL)", "url": "https://example.org/a"}, {"text": "KL", "url": "https://example.org/b"}]},
        {"id": "bkl", "type": "organization", "name": "Báo Kiểm lâm",
         "variants": [{"text": "báo KL", "url": "https://example.org/c"}]},
        {"id": "h", "type": "person", "name": "Lê Thị Thu Hằng",
         "variants": [{"text": "Thứ trưởng Lê Thị Thu Hằng", "url": "https://example.org/d"}]},
        {"id": "h2", "type": "person", "name": "Lê Thị Hằng Thu", "variants": []},
    ],
    "hard_negatives": [{"a": "kl", "b": "bkl", "why": "a newspaper named after the body"},
                       {"a": "h", "b": "h2", "why": "permuted names"}],
}
TEXT = "Cục Kiểm lâm (KL) cho biết. Thứ trưởng Lê Thị Thu Hằng nói Cục Kiểm lâm đã làm việc."
EXCERPTS = {
    "excerpts": [
        {"id": "x1", "url": "https://example.org/x", "text": TEXT,
         "mentions": [
             {"text": "Cục Kiểm lâm", "start": 0, "end": 12, "entity": "kl"},
             {"text": "Lê Thị Thu Hằng", "start": 39, "end": 54, "entity": "h"},
             {"text": "Cục Kiểm lâm", "start": 59, "end": 71, "entity": "kl"},
         ],
         "not_same": []},
    ]
}


def test_realworld_bench_reports_curator_and_both_baselines(tmp_path: Path) -> None:
    for m in EXCERPTS["excerpts"][0]["mentions"]:
        assert TEXT[m["start"] : m["end"]] == m["text"]
    (tmp_path / "entities.json").write_bytes(orjson.dumps(ENTITIES))
    (tmp_path / "excerpts.json").write_bytes(orjson.dumps(EXCERPTS))
    out = subprocess.run(
        [sys.executable, "-m", "curator.bench", "realworld", "--data", str(tmp_path), "--out", str(tmp_path / "r.json"),
         "--md", str(tmp_path / "r.md")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "| curator |" in out.stdout and "| fingerprint (OpenRefine) |" in out.stdout
    assert "| curator, no authority file |" in out.stdout
    assert "| token_set_ratio >= 85 |" in out.stdout
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Resolution on the real-world set")
    result = orjson.loads((tmp_path / "r.json").read_bytes())
    cur = result["names"]["curator"]
    assert result["forms"] == 9 and result["negatives"] == 2
    assert cur["precision"] == 1.0 and cur["negatives_merged"] == []
    assert cur["recall_auto"] == 1.0  # the four forms of the department, the two of the minister
    assert result["excerpts"]["f1"] == 1.0 and result["excerpts"]["mentions_found"] == 3


def test_a_missing_set_is_a_clear_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "curator.bench", "realworld", "--data", str(tmp_path / "nothing")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert out.returncode != 0
    assert "entities.json: no such file" in out.stderr and "Traceback" not in out.stderr


def test_the_curator_row_is_curator_as_shipped_with_its_default_authority(tmp_path: Path) -> None:
    """Names only the shipped authority file links (an English name, a ministry's initials) are one
    entity in the "curator" row, in names and in excerpts, and apart without the authority file."""
    from curator.bench.realworld import NO_AUTHORITY, measure

    ents = {"entities": [{"id": "byt", "type": "organization", "name": "Bộ Y tế",
                          "variants": [{"text": "Ministry of Health", "form": "english"}]}],
            "hard_negatives": []}
    text = "Bộ Y tế cho biết. The Ministry of Health said so."
    exc = {"excerpts": [{"id": "e", "text": text, "not_same": [],
                         "mentions": [{"start": 0, "end": 7, "entity": "byt"},
                                      {"start": 22, "end": 40, "entity": "byt"}]}]}
    assert text[22:40] == "Ministry of Health"
    (tmp_path / "entities.json").write_bytes(orjson.dumps(ents))
    (tmp_path / "excerpts.json").write_bytes(orjson.dumps(exc))
    result = measure(tmp_path, token_set_too=False)
    assert result["names"]["curator"]["recall_auto"] == 1.0
    assert result["names"][NO_AUTHORITY]["recall_auto"] == 0.0
    assert result["excerpts"]["f1"] == 1.0
    assert result["excerpts"]["no_authority"]["recall"] == 0.0
