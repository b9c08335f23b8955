"""Inside one article, "UBND tỉnh" after "UBND tỉnh Lào Cai" is that body; with two provinces it stays apart."""

from __future__ import annotations

from curator.models import Mention
from curator.resolve.pipeline import mention_nodes
from curator.resolve.references import link_back_references


def org(text: str) -> Mention:
    return Mention(0, len(text), text, "organization", text, None)


def test_a_bare_marker_refers_to_the_articles_one_body_of_that_place() -> None:
    ms = [org("UBND tỉnh Lào Cai"), org("UBND tỉnh"), org("Công an tỉnh"), org("Sở Y tế thành phố")]
    link_back_references(ms)
    assert [m.name for m in ms] == ["UBND tỉnh Lào Cai", "UBND tỉnh Lào Cai", "Công an tỉnh", "Sở Y tế thành phố"]
    nodes = mention_nodes(ms)
    assert nodes[0] == nodes[1]  # the same alias node: one entity, as the app shows it
    assert ms[1].text == "UBND tỉnh"  # the text as written is kept


def test_with_two_places_the_short_form_stays_as_written() -> None:
    ms = [org("UBND tỉnh Lào Cai"), org("UBND tỉnh Yên Bái"), org("UBND tỉnh")]
    link_back_references(ms)
    assert ms[2].name == "UBND tỉnh"


def test_the_same_body_written_twice_is_still_one() -> None:
    ms = [org("UBND tỉnh Lào Cai"), org("Ủy ban nhân dân tỉnh Lào Cai"), org("UBND tỉnh Lào Cai"), org("UBND tỉnh")]
    link_back_references(ms)
    assert ms[3].name == "UBND tỉnh Lào Cai"


def mentions_of(text: str, *names: str) -> list[Mention]:
    out = []
    for n in names:
        s = text.index(n)
        out.append(Mention(s, s + len(n), n, "organization", n, None))
    return out


def test_a_short_name_in_brackets_after_a_mention_defines_it() -> None:
    from curator.resolve.references import bracket_definitions

    text = "Tổng công ty Lâm nghiệp Việt Nam ( Vinafor ) cho biết, Cục Kiểm lâm (KL) đã họp."
    ds = bracket_definitions(text, mentions_of(text, "Tổng công ty Lâm nghiệp Việt Nam", "Vinafor", "Cục Kiểm lâm", "KL"))
    assert [(d.long, d.short) for d in ds] == [("Tổng công ty Lâm nghiệp Việt Nam", "Vinafor"), ("Cục Kiểm lâm", "KL")]


def test_a_parent_body_in_brackets_is_no_definition() -> None:
    from curator.resolve.references import bracket_definitions

    text = "Viện Dinh dưỡng quốc gia (Bộ Y tế) khuyến cáo."
    assert bracket_definitions(text, mentions_of(text, "Viện Dinh dưỡng quốc gia", "Bộ Y tế")) == []
