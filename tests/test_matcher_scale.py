"""Many similar company names ("Công ty TNHH An Bình Phát 3"): few suggestions per name, linear cost."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from curator.resolve import matcher, similarity
from curator.resolve.matcher import NameRecord
from tests.company_names import company_names


def suggestions_per_name(n: int) -> tuple[Counter[str], int]:
    result = matcher.cluster([NameRecord(t, "organization") for t in company_names(n)])
    per: Counter[str] = Counter()
    for s in result["suggestions"]:
        per[s["a"]] += 1
        per[s["b"]] += 1
    return per, len(result["suggestions"])


def test_each_of_many_similar_company_names_gets_few_suggestions() -> None:
    # the old cap kept a pair while either name had room: 132 suggestions for one name at 30,000
    per, total = suggestions_per_name(4000)
    assert max(per.values()) <= 10, per.most_common(3)
    assert total <= 4 * 4000


def test_twice_the_company_names_cost_about_twice_the_suggestions() -> None:
    _, small = suggestions_per_name(2000)
    _, large = suggestions_per_name(4000)
    assert large <= 2.3 * small, (small, large)


def test_a_huge_block_of_company_names_is_compared_in_small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # all the names share the head "Công ty TNHH" and no place: one block; each name was compared with
    # up to 2,000 others
    cells = 0
    real = similarity.process.cdist

    def counting(rows: Any, cols: Any, **kw: Any) -> Any:
        nonlocal cells
        cells += len(rows) * len(cols)
        return real(rows, cols, **kw)

    monkeypatch.setattr(similarity.process, "cdist", counting)
    n = 5000
    matcher.match([NameRecord(t, "organization") for t in company_names(n)])
    assert cells <= 500 * n, cells / n


def test_a_typo_among_many_company_names_is_still_suggested() -> None:
    names = company_names(5000)
    a, b = names[1234], names[4321]
    typo_late = a[:-1] + ("x" if a[-1] != "x" else "y")
    typo_early = "Công ty TNHH " + ("Q" if b[13] != "Q" else "Z") + b[14:]
    result = matcher.cluster([NameRecord(t, "organization") for t in [*names, typo_late, typo_early]])
    pairs = {(s["a"], s["b"]) for s in result["suggestions"]}
    assert tuple(sorted((a, typo_late))) in pairs
    assert tuple(sorted((b, typo_early))) in pairs
