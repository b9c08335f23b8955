"""A name typed without diacritics and its marked forms: merged when one marked form has those
letters, suggested when several do or when the unmarked name is itself a correct spelling."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from curator.extract.lexicon import PLAIN_FAMILY_NAMES, PLAIN_NAME_SYLLABLES
from curator.resolve.name_features import CONNECTORS, WORD, NameFeatures

NO_MARKS = "same name written without diacritics (the only marked form with these letters)"
NO_MARKS_AMBIGUOUS = "same letters without diacritics, but several marked forms exist"
NO_MARKS_PLAIN = "same letters, but every word is also a name written correctly without diacritics"


def link_without_marks(feats: list[NameFeatures], order: list[int], put: Callable[..., None]) -> None:
    """A name typed without diacritics and the marked names with the same letters: merged with the only
    marked form, suggested when there are several or when the unmarked name may be a real spelling."""
    by_fold: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        by_fold[(feats[i].type, tuple(f for f in feats[i].folded if f not in CONNECTORS))].append(i)
    plain: tuple[set[str], set[str]] | None = None
    for members in by_fold.values():
        bare = [i for i in members if not feats[i].marked]
        if not bare:
            continue
        marked = [i for i in members if feats[i].marked]
        if not marked:
            continue
        distinct = {feats[i].key for i in marked}
        for i in bare:
            if len(distinct) > 1:
                outcome, score, reason = "suggest", 70.0, NO_MARKS_AMBIGUOUS
            elif feats[i].type == "person" and _may_be_plain(feats[i], plain := plain or _plain_words(feats)):
                outcome, score, reason = "suggest", 70.0, NO_MARKS_PLAIN  # "Mai Anh Thanh" / "Mai Anh Thành"
            else:
                outcome, score, reason = "merge", 92.0, NO_MARKS
            for j in marked:
                put(i, j, outcome, score, reason)


def _plain_words(feats: list[NameFeatures]) -> tuple[set[str], set[str]]:
    """Family names and other name words written without diacritics correctly: the known ones, and those
    written plain inside people's names that do carry marks ("Mai" and "Anh" in "Mai Anh Thành")."""
    family, other = set(PLAIN_FAMILY_NAMES), set(PLAIN_NAME_SYLLABLES)
    for n in feats:
        if n.type == "person" and n.marked:
            ws = WORD.findall(n.text.lower())
            if len(ws) >= 2 and ws[0].isascii():
                family.add(ws[0])
            other.update(w for w in ws[1:] if w.isascii())
    return family, other


def _may_be_plain(n: NameFeatures, plain: tuple[set[str], set[str]]) -> bool:
    """True when every word of an unmarked person's name is also a correct spelling of a name word, so the
    name may be a real unmarked one ("Mai Anh Thanh"), not a marked one typed without diacritics."""
    family, other = plain
    first, *rest = n.folded
    if not rest:
        return first in other
    return first in family and all(w in other for w in rest)
