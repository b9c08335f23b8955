"""`curator match` on names from other tools: titles, honorifics, parent bodies and inline abbreviations
do not change the clusters, and the reasons say which parts were set aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent


def match(lines: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "curator", "match", "--json"], input="\n".join(lines) + "\n",
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return orjson.loads(out.stdout)


def merges_of(result: dict) -> list[list[str]]:
    return [c["members"] for c in result["clusters"] if len(c["members"]) > 1]


BASE = ["Lê Thị Thu Hằng\tperson", "Nguyễn Quốc Bảo\tperson", "Cục Kiểm lâm", "Cục Lâm nghiệp", "Trung tâm Lưu trữ quốc gia"]


@pytest.mark.parametrize(
    ("dressed", "plain", "said"),
    [
        ("Thứ trưởng Lê Thị Thu Hằng\tperson", "Lê Thị Thu Hằng", "title “Thứ trưởng”"),
        ("bà Lê Thị Thu Hằng\tperson", "Lê Thị Thu Hằng", "honorific “bà”"),
        ("Cục Kiểm lâm - Bộ Nông nghiệp", "Cục Kiểm lâm", "parent body “Bộ Nông nghiệp”"),
        ("Trung tâm Lưu trữ quốc gia (TTLT)", "Trung tâm Lưu trữ quốc gia", "abbreviation “TTLT”"),
    ],
)
def test_the_same_clusters_with_and_without_the_parts_around_a_name(dressed: str, plain: str, said: str) -> None:
    without = match(BASE)
    with_ = match([*BASE, dressed])
    name = dressed.split("\t")[0]
    # The dressed form joins the plain one's cluster and nothing else changes.
    expected = sorted([sorted(m) for m in merges_of(without)] + [sorted([plain, name])])
    assert sorted(sorted(m) for m in merges_of(with_)) == expected
    plain_result = match([plain + ("\tperson" if "person" in dressed else ""), dressed])
    assert len(plain_result["clusters"]) == 1


def test_the_reasons_say_which_parts_were_set_aside() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "curator", "match"], input="Cục Kiểm lâm\nCục Kiểm lâm thuộc Bộ Nông nghiệp\n",
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "Cục Kiểm lâm (organization): Cục Kiểm lâm | Cục Kiểm lâm thuộc Bộ Nông nghiệp" in out.stdout
    assert "set aside in “Cục Kiểm lâm thuộc Bộ Nông nghiệp”: parent body “Bộ Nông nghiệp”" in out.stdout


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"B\xe1\xbb\x99 Y t\xe1\xba\xbf\n\xff\xfe\x00\x01garbage\n", "<stdin> line 2: not UTF-8 text"),
        ("Bộ Y tế\nBYT\x00\x01\x02\n".encode(), "<stdin> line 2: a NUL character"),
    ],
)
def test_binary_input_is_refused_in_one_line_without_echoing_it(data: bytes, said: str) -> None:
    # Found by eyes17: binary data was decoded with replacement characters and a whole line of it
    # was echoed back as an "unknown type".
    out = subprocess.run([sys.executable, "-m", "curator", "match"], input=data, capture_output=True, cwd=ROOT, timeout=120)
    err = out.stderr.decode()
    assert out.returncode != 0 and said in err and "unknown type" not in err and "\ufffd" not in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_unknown_type_is_named_shortened() -> None:
    out = subprocess.run([sys.executable, "-m", "curator", "match"], input="Bộ Y tế\t" + "x" * 5000 + "\n",
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode != 0 and "unknown type 'xxx" in out.stderr and len(out.stderr) < 200


def test_a_line_with_a_type_and_no_name_is_no_name() -> None:
    # Found by eyes17: "\tperson" made a cluster named "".
    result = match(["\tperson", "  \torganization", "Bộ Y tế"])
    assert [c["members"] for c in result["clusters"]] == [["Bộ Y tế"]]
