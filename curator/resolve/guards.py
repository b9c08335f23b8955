"""Why two names must not be merged, or not even suggested: different types, places,
parent bodies, numbers, head nouns, people's names, a body and what is named after it."""

from __future__ import annotations

from curator.names.analyse import namesake_description
from curator.resolve.keys import marks_dropped
from curator.resolve.name_features import NameFeatures, same_parent, unmarked_syllable

# Guards a definition in the text overrides: "Cục Viễn thông và cơ yếu (Cục H04)".
DEFINITION_OVERRIDES = frozenset({"different numbers", "different head noun"})

MARKS_LEFT_OUT = "one name is the other with some diacritics left out"


def why_not_merged(a: NameFeatures, b: NameFeatures) -> tuple[str, bool] | None:
    """Why two names must not be merged, and whether they must not even be suggested."""
    if a.type != b.type:
        return "different types", True
    if a.type == "person":
        if a.given != b.given and unmarked_syllable(a.given) != unmarked_syllable(b.given):
            return "different given names", True
        if a.family and b.family and a.family != b.family and unmarked_syllable(a.family) != unmarked_syllable(b.family):
            return "different family names", True
        if a.marked and b.marked and (a.given != b.given or a.family != b.family):
            if marks_dropped(a.text, b.text):  # "Nguyên Manh Hung": typed with some marks left out
                return MARKS_LEFT_OUT, False
            return "different diacritics in the name", True
        # The body of a role is no guard: people move ("Thứ trưởng Bộ GD&ĐT" becomes "Giám đốc ĐHQGHN").
        return None
    if a.place != b.place:
        if a.place and b.place:
            return "different places", True
        return "a place on one side only", False
    if a.parent and b.parent and not same_parent(a.parent, b.parent):
        return "different parent bodies", True
    if a.numbers != b.numbers:
        return "different numbers", False
    if a.kind != b.kind and (a.kind and b.kind or a.head and b.head or a.body == b.body):
        # "Báo Hải quan" / "Tổng cục Hải quan" / "Hải quan"; not "Bệnh viện Bạch Mai" / "Bach Mai Hospital"
        kind = namesake_description(a.kind or b.kind)
        return f"{kind} is never the body it is named after", False
    if a.type == "organization" and a.head != b.head:
        return "different head noun", False
    return None
