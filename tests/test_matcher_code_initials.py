"""A code that spells another name's initials is at least suggested, even when a place on one side keeps
them from merging ("SYT" / "Sở Y tế Hà Tĩnh")."""

from __future__ import annotations

from curator.resolve.matcher import NameRecord, cluster


def test_a_code_spelling_a_provincial_bodys_initials_is_suggested() -> None:
    names = ["SYT", "Sở Y tế Hà Tĩnh", "Sở Tư pháp Hà Tĩnh"]
    result = cluster([NameRecord(n, "organization") for n in names])
    assert all(len(c["members"]) == 1 for c in result["clusters"])
    pairs = {(s["a"], s["b"]) for s in result["suggestions"]}
    assert ("SYT", "Sở Y tế Hà Tĩnh") in pairs
    assert ("SYT", "Sở Tư pháp Hà Tĩnh") not in pairs
