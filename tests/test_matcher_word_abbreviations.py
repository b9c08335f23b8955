"""A word in short inside a name ("TMCP" = "thương mại cổ phần") is written out before names are compared,
by the matcher and by the authority file; a different name stays apart, and a branch is not its bank."""

from __future__ import annotations

from curator.authority.entries import Alias, AuthorityEntry
from curator.resolve.authority import join_clusters
from curator.resolve.matcher import NameRecord, cluster

LONG = "NGÂN HÀNG THƯƠNG MẠI CỔ PHẦN CÔNG THƯƠNG VIỆT NAM"


def _orgs(*names: str) -> dict:
    return cluster([NameRecord(n, "organization") for n in names])


def test_tmcp_written_out_is_the_same_name() -> None:
    result = _orgs("Ngân hàng TMCP Công Thương Việt Nam", LONG, "Ngân hàng TMCP Ngoại thương Việt Nam")
    members = {frozenset(c["members"]) for c in result["clusters"]}
    assert members == {frozenset({"Ngân hàng TMCP Ngoại thương Việt Nam"}),
                       frozenset({LONG, "Ngân hàng TMCP Công Thương Việt Nam"})}


def test_the_authority_knows_a_name_written_with_or_without_its_short_words() -> None:
    entry = AuthorityEntry(
        "vtb", "organization", "Ngân hàng TMCP Công Thương Việt Nam",
        [Alias("VietinBank", "brand", "https://example.org/vietinbank")], ["https://example.org/vietinbank"],
    )
    names = ["VietinBank", LONG, "Ngân hàng thương mại cổ phần Công Thương Việt Nam - Chi nhánh Hà Nội"]
    result = join_clusters(_orgs(*names), [entry])
    joined = [c for c in result["clusters"] if len(c["members"]) > 1]
    assert [c["members"] for c in joined] == [[LONG, "VietinBank"]]
    assert joined[0]["authority"] == ["listed in the authority file (https://example.org/vietinbank)"]


def test_a_short_word_alone_or_first_stays_a_code() -> None:
    from curator.names.analyse import analyse

    assert analyse("TMCP").compared == "TMCP"
    assert analyse("NH TMCP Quân đội").compared == "Ngân hàng thương mại cổ phần Quân đội"
