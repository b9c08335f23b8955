"""Events: Party congresses and elections, numbered ("lần thứ XIII", "khóa XV")."""

from __future__ import annotations

import re

_U = "A-ZÀ-ỸĐ"
_NUM = r"(?:[IVXLC]+|\d+)\b"
# A qualifier such as "của Đảng ủy Công an Trung ương": capitalised words, with
# lower-case words only inside (followed by another capitalised word) or "ương".
_ORG_TAIL = rf"(?: [{_U}][\w&]*| [a-zà-ỹđ]+(?= [{_U}])| ương)+"
_PROVINCE = rf"(?: (?:tỉnh|thành phố) [{_U}]\w*(?: [{_U}]\w*){{0,2}})"

EVENT = re.compile(
    "|".join(
        [
            # Đại hội đại biểu toàn quốc lần thứ XIII của Đảng (Cộng sản Việt Nam)
            rf"Đại hội (?:[Đđ]ại biểu )?toàn quốc lần thứ {_NUM}(?: của Đảng(?: Cộng sản Việt Nam)?)?",
            # Đại hội Đảng bộ (tỉnh X) lần thứ VII (của Đảng ủy Công an Trung ương)
            rf"Đại hội (?:(?:[Đđ]ại biểu )?Đảng bộ){_PROVINCE}? lần thứ {_NUM}(?: của (?:Đảng ủy|Đảng uỷ|Đảng bộ){_ORG_TAIL})?",
            # Đại hội lần thứ XIII của Đảng; Đại hội XIII (của Đảng); Đại hội Đảng XIII
            rf"Đại hội(?: Đảng)? lần thứ {_NUM} của Đảng(?: Cộng sản Việt Nam)?",
            rf"Đại hội(?: Đảng)? [IVXLC]+\b(?: của Đảng(?: Cộng sản Việt Nam)?)?",
            # bầu cử (Đại biểu) Quốc hội lần thứ XIV / khóa XV
            rf"[Bb]ầu cử (?:[Đđ]ại biểu )?Quốc hội (?:lần thứ|khóa|khoá) {_NUM}",
        ]
    )
)


def events(text: str) -> list[re.Match[str]]:
    """The event names in ``text``: every pattern starts with "Đại hội" or "[Bb]ầu cử", so a text with
    neither is not scanned."""
    if "Đại hội" not in text and "ầu cử" not in text:
        return []
    return list(EVENT.finditer(text))
