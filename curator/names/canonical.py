"""The canonical name of an entity: one rule for the resolver's entities, review's
accept, the merge dialog's first choice and ``curator merge``.

The rule, in order:

1. a full name over an abbreviation or a unit code ("Bộ Thông tin và Truyền thông"
   over "Bộ TT&TT", "Cục H04");
2. the forms that differ only in diacritics, case or spacing count as one name, and
   that name is written in its marked form ("Mai Duy Lâm" over "Mai Duy Lam"): the
   unmarked form is the same name typed without its marks, never another spelling;
3. the name used most (its forms' counts added), then the longest, then the first in
   alphabetical order (so the choice never depends on the order the forms came in).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from curator.text import without_diacritics

_CODE_TOKEN = re.compile(r"^(?:[A-ZĐ0-9&]{2,}|[A-ZĐ]+\d+\w*|\w*&\w*)$")


def is_code(form: str) -> bool:
    """Whether a form is an abbreviation or a code: an upper-case or numbered token
    after the head noun ("Bộ TT&TT", "Cục H04"), or the whole form ("UBND")."""
    tokens = form.split()
    return any(_CODE_TOKEN.match(t) for t in tokens[1:] or tokens)


def _plain(form: str) -> str:
    return " ".join(without_diacritics(w) for w in form.casefold().split())


def _marks(form: str) -> int:
    """How many diacritic marks a form carries (đ counts as one)."""
    decomposed = unicodedata.normalize("NFD", form)
    return sum(1 for ch in decomposed if unicodedata.combining(ch)) + sum(ch in "đĐ" for ch in form)


def canonical_name(forms: Mapping[str, int]) -> str:
    """The canonical name among ``forms`` (form -> how often it is used; see the module
    docstring for the rule). ``forms`` must not be empty."""
    if not forms:
        raise ValueError("canonical_name needs at least one form")
    if len(forms) == 1:
        return next(iter(forms))
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(_plain(form), []).append(form)
    best: tuple[tuple[object, ...], str] | None = None
    for members in groups.values():
        # The group's own form: the most marked, then the most used, then the first.
        written = min(members, key=lambda f: (-_marks(f), -forms[f], f))
        used = sum(forms[f] for f in members)
        key = (is_code(written), -used, -len(written), written)
        if best is None or key < best[0]:
            best = (key, written)
    assert best is not None
    return best[1]
