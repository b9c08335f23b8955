"""Codes, acronyms and shortened forms and the long names they stand for: "Cục BĐTW" = "Cục Bưu
điện Trung ương", "BYT" = "Bộ Y tế", "VKSND tỉnh X" = "Viện kiểm sát nhân dân tỉnh X", "Bộ Văn hoá" ~
"Bộ VHTTDL"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from curator.extract.lexicon import KNOWN_ACRONYMS, STANDALONE_ORGS
from curator.names.analyse import analyse, is_code
from curator.resolve.keys import fold
from curator.resolve.name_features import (
    CONNECTORS,
    ROMAN_CHARS,
    WORD,
    NameFeatures,
    NameRecord,
    body_initials,
    features,
    i_for_y,
    written_out,
)
from curator.resolve.similarity import most_similar

_KNOWN_ACRONYMS = {fold(k): v for k, v in KNOWN_ACRONYMS.items()}
_STANDALONE_CODES = frozenset(fold(s) for s in STANDALONE_ORGS)
_KNOWN_HEADS = {code: analyse(v).head_id for code, v in _KNOWN_ACRONYMS.items()}

# An acronym or code that fits more names than this is linked to none: on real text one
# fits one to three names, and each extra name would cost a link per short form.
_MAX_EXPANSIONS = 50
# Blocks of names whose initials begin alike compared for shortened forms, all pairs.
_MAX_SHORTENED_BLOCK = 200

SHORTENED = "a shortened form: its words begin the longer name's body"
LEADING_CODE = "initials of the first words, the rest written the same"


def link_shortened(feats: list[NameFeatures], order: list[int], put: Callable[..., None]) -> None:
    """"Sở Giáo Dục Hà Nội" / "Sở Giáo dục và Đào tạo Hà Nội", "Bộ Văn hoá" / "Bộ VHTTDL": one name's body is
    the beginning of the other's, in words or in initials (suggested: "Cục Viễn thông" is not "Cục Viễn thông
    và Cơ yếu"). Blocked by head, place and the first two initials."""
    blocks: dict[tuple[str, str, str], list[tuple[int, str, tuple[str, ...]]]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type != "organization" or not n.head:
            continue
        sig = body_initials(n)
        if sig is None or len(sig[0]) < 2:
            continue
        body = tuple(i_for_y(w) for w in n.body) if not sig[1] else ()
        blocks[(n.head, n.place, sig[0][:2])].append((i, sig[0], body))
    found: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) < 2 or len(members) > _MAX_SHORTENED_BLOCK:
            continue
        for x, (i, si, bi) in enumerate(members):
            for j, sj, bj in members[x + 1 :]:
                if si == sj or not (si.startswith(sj) or sj.startswith(si)):
                    continue
                short, long = (bi, bj) if len(si) < len(sj) else (bj, bi)
                if short and long and long[: len(short)] != short:
                    continue  # both written out and the words differ
                # the closer in length, the likelier the same name
                found[(min(i, j), max(i, j))] = -abs(len(si) - len(sj))
    for i, j in most_similar(found):
        put(i, j, "suggest", 58.0, SHORTENED)


def link_leading_codes(feats: list[NameFeatures], order: list[int], put: Callable[..., None]) -> None:
    """"VKSND Tối cao" = "Viện kiểm sát nhân dân tối cao", "KBNN khu vực I" = "Kho bạc Nhà nước khu vực I":
    a code whose letters are the initials of the other name's first words, the rest the same."""
    coded: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        raw = WORD.findall(n.text)
        if n.type == "organization" and 1 < len(raw) <= 12 and is_code(raw[0]) and len(raw[0]) >= 3:
            rest = tuple(f for f in n.folded[1:] if f not in CONNECTORS)
            if rest and not any(is_code(w) and not (w.isupper() and set(w) <= ROMAN_CHARS) for w in raw[1:]):
                coded[(fold(raw[0]).replace("&", ""), rest)].append(i)
    if not coded:
        return
    for j in order:
        n = feats[j]
        if n.type != "organization" or not n.marked and not n.head:
            continue
        words = [f for f in n.folded if f not in CONNECTORS]
        if not 2 < len(words) <= 12:
            continue
        for k in range(2, len(words)):
            targets = coded.get(("".join(w[0] for w in words[:k]), tuple(words[k:])))
            for i in targets or ():
                put(i, j, "merge" if len(targets or ()) == 1 else "suggest", 86.0, LEADING_CODE, defined="code")


def link_acronyms(
    feats: list[NameFeatures], order: list[int], put: Callable[..., None], defined: dict[str, set[str]] | None = None
) -> None:
    """Codes, acronyms and their long forms; ``defined``: codes a definition gives as a body's name, with
    that body's head."""
    longs: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    shorts: list[tuple[int, tuple[str, str, str]]] = []
    codes: dict[str, list[int]] = defaultdict(list)  # "bdtw" -> ["Cục BĐTW", "BĐTW"]
    keys: dict[str, list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type != "organization":
            continue
        keys[n.key].append(i)
        sig = body_initials(n)
        if sig:
            if sig[1]:
                shorts.append((i, (n.head, sig[0], n.place)))
            else:
                longs[(n.head, sig[0], n.place)].append(i)
        elif n.head and not n.body and n.place.startswith("P:"):
            longs[(n.head, "", n.place)].append(i)  # "Đại học Đà Nẵng": a head and a place
        if len(n.raw_body) == 1 and is_code(n.raw_body[0]) and not n.place:
            codes[n.body[0]].append(i)
    # A bare code with the head's initials in it: "BYT" = "Bộ Y tế", "TCHQ" = "Tổng cục Hải quan".
    # "ĐHQGHN" = "Đại học Quốc gia Hà Nội": the place's initials too, when the code has no place.
    fulls: dict[tuple[str, str], list[int]] = defaultdict(list)
    with_place: set[str] = set()
    for (head, body, place), members in longs.items():
        if head:
            full = "".join(w[0] for w in head.split()) + body
            fulls[(full, place)].extend(members)
            if place.startswith("P:"):
                code = full + "".join(w[0] for w in place[2:].split())
                fulls[(code, "")].extend(members)
                with_place.add(code)
            elif not place:
                fulls[(full + "vn", "")].extend(members)  # "TCĐBVN" = "Tổng cục Đường bộ Việt Nam"
    # Codes that are a body's whole name, with the heads of those bodies ("" when unknown).
    named: dict[str, set[str]] = defaultdict(set)
    for (code, _), members in fulls.items():
        named[code].update(feats[j].head for j in members)
    for code, heads in (defined or {}).items():
        named[code] |= heads
    for code in _KNOWN_ACRONYMS:
        named[code].add(_KNOWN_HEADS[code])
    for code in _STANDALONE_CODES:
        named[code].add(_KNOWN_HEADS.get(code, ""))
    for code, members in codes.items():
        bare = [i for i in members if not feats[i].head]
        targets = fulls.get((code.replace("&", ""), ""), [])
        if not bare or not targets or len(targets) > _MAX_EXPANSIONS:
            continue
        distinct = {(feats[j].head, feats[j].body) for j in targets}
        for i in bare:
            for j in targets:
                if len(distinct) == 1:
                    how = "code-place" if code.replace("&", "") in with_place else "code"
                    put(i, j, "merge", 88.0, f"initials of the whole name, head noun included ({feats[i].text})", defined=how)
                else:
                    put(i, j, "suggest", 60.0, "initials of the whole name fit several names")
    # A bare code with the body's initials: "GD&TĐ" ~ "Báo Giáo dục và Thời đại" (suggested: the head is
    # not written, so "GD&ĐT" may be the ministry or a department).
    bodies: dict[str, list[int]] = defaultdict(list)
    for (head, body, place), members in longs.items():
        if head and not place:
            bodies[body].extend(members)
    for code, members in codes.items():
        targets = bodies.get(code.replace("&", ""), [])
        if len(targets) > _MAX_EXPANSIONS:
            continue
        for i in members:
            if not feats[i].head:
                for j in targets:
                    put(i, j, "suggest", 62.0, "the code spells the body's initials; the head noun is not written")
    # Two spellings of one code: "Bộ GD&ĐT", "Bộ GDĐT", "Bộ GD-ĐT", "Bộ GD và ĐT".
    # The codes must carry the letters: two names whose words written out differ ("An Bình Hoà 395",
    # "An Bắc Hưng 395") are two names with the same initials, not one code; a name all in codes
    # ("GD&ĐT") is the same as one that writes some of its words out ("Giáo dục và ĐT").
    spelled: dict[tuple[str, str, str], dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, sig in shorts:
        spelled[sig][written_out(feats[i])].append(i)
    for by_words in spelled.values():
        for members in by_words.values():
            for j in members[1:]:
                put(members[0], j, "merge", 92.0, "the same abbreviation spelled another way")
        hub = by_words.get(())
        if hub:
            for words, members in by_words.items():
                if words:
                    put(hub[0], members[0], "merge", 92.0, "the same abbreviation spelled another way")
    for i, sig in shorts:
        targets = longs.get(sig, [])
        if len(targets) > _MAX_EXPANSIONS:
            continue  # fits too many names to say anything (and would cost shorts x names)
        distinct = {feats[j].body for j in targets}  # "Bo Thong tin ..." is not another name
        for j in targets:
            # A name with no head and no Vietnamese marks may be English: "VNA" is not proved
            # "Vietnam News Agency" by its letters (it is also Vietnam Airlines).
            vietnamese = bool(feats[j].head) or feats[j].marked
            if len(distinct) == 1 and vietnamese:
                put(i, j, "merge", 90.0, f"acronym of the syllable initials with the head noun kept ({' '.join(feats[i].raw_body)})")
            else:
                put(i, j, "suggest", 65.0, "acronym fits several names")
    # A bare code and the same code with its head noun: "BĐTW" = "Cục BĐTW".
    for members in codes.values():
        bare = [i for i in members if not feats[i].head]
        headed = [i for i in members if feats[i].head]
        if len(headed) > _MAX_EXPANSIONS:
            continue
        for i in bare:
            for j in headed:
                outcome = "merge" if len({feats[x].head for x in headed}) == 1 else "suggest"
                reason = "the same code with and without its head noun"
                heads = named.get(feats[i].body[0].replace("&", ""))
                if heads and feats[j].head not in heads:
                    # The code is a body's whole name ("KBNN"): "Thanh tra KBNN" is a unit of it, while
                    # "Tập đoàn VNPT" is the group itself.
                    outcome, reason = "suggest", f"{reason}; but the code is itself a body's name"
                put(i, j, outcome, 90.0 if outcome == "merge" else 60.0, reason, defined="code")
    # Known acronyms whose expansion is not the initials: VNPost, VNPT, CAND.
    for code, expansion in _KNOWN_ACRONYMS.items():
        targets = keys.get(features(NameRecord(expansion, "organization")).key, [])
        for i in codes.get(code, []):
            for j in targets:
                put(i, j, "merge", 90.0, f"known acronym: {code.upper()} = {expansion}", defined=True)
