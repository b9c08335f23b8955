"""The baselines users write today, and the failures the matcher exists for."""

from __future__ import annotations

from curator.resolve.baselines import fingerprint_clusters, pairwise_prf, token_set_clusters
from curator.resolve.matcher import NameRecord

ORG, PER = "organization", "person"


def together(clusters: list[list[int]], a: int, b: int) -> bool:
    return any(a in c and b in c for c in clusters)


def test_fingerprint_misses_the_ampersand_and_acronyms_and_merges_different_marks() -> None:
    names = [NameRecord("Cục Viễn thông và Cơ yếu", ORG), NameRecord("Cục Viễn thông & Cơ yếu", ORG),
             NameRecord("Cục BĐTW", ORG), NameRecord("Cục Bưu điện Trung ương", ORG),
             NameRecord("Lê Văn Hùng", PER), NameRecord("Lê Văn Hưng", PER)]
    c = fingerprint_clusters(names)
    assert not together(c, 0, 1) and not together(c, 2, 3)
    assert together(c, 4, 5)  # two people made one


def test_token_set_swallows_names_contained_in_longer_ones() -> None:
    names = [NameRecord("Cục Viễn thông", ORG), NameRecord("Cục Viễn thông và Cơ yếu", ORG),
             NameRecord("Bộ Công an", ORG), NameRecord("Văn phòng Bộ Công an", ORG),
             NameRecord("Sở Thông tin và Truyền thông tỉnh Nghệ An", ORG),
             NameRecord("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", ORG),
             NameRecord("Cục BĐTW", ORG), NameRecord("Cục Bưu điện Trung ương", ORG)]
    c = token_set_clusters(names)
    assert together(c, 0, 1) and together(c, 2, 3) and together(c, 4, 5)
    assert not together(c, 6, 7)


def test_pairwise_scores() -> None:
    assert pairwise_prf([[0, 1], [2]], [[0, 1, 2]]) == (1.0, 1 / 3, 0.5)
    assert pairwise_prf([[0], [1]], [[0], [1]]) == (1.0, 1.0, 1.0)
