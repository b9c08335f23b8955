"""What the name analyser returns: a name read into its parts (``NameParts``)."""

from __future__ import annotations

from dataclasses import dataclass

@dataclass(frozen=True, slots=True)
class Part:
    """A piece of the input: its text and offsets (``text == source[start:end]``)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NameParts:
    """A surface name read into its parts (see the module docstring)."""

    source: str  # the input, NFC
    type: str
    name: Part  # the name proper: head, body and place of an organisation; the person's own name
    head: Part | None = None  # organisations: the head noun ("Cục", "Sở", "UBND")
    head_id: str = ""  # the head folded, acronyms expanded ("ubnd" -> "uy ban nhan dan")
    place: Part | None = None  # the place at the end of the name proper
    place_id: str = ""  # "P:nghe an" (a province or centrally-run city), "city:son la", "huyen ..." or ""
    place_key: str = ""  # the same with marks kept where it is not a known province
    honorifics: tuple[Part, ...] = ()
    titles: tuple[Part, ...] = ()
    parent: Part | None = None  # the parent body, or the body of a person's role
    abbreviation: Part | None = None
    capitals: bool = False  # written in capitals throughout: words, not codes
    lower: bool = False  # written in lower case throughout ("sở gd&đt"): codes known by their letters
    qualifiers: tuple[Part, ...] = ()  # "(Việt Nam)", "khóa XVIII", "(Nghệ An)" after the name
    spelled: str = ""  # the name proper as compared: heads in short written out ("ĐH" -> "Đại học")
    head_words: int = 0  # words of the head in ``compared``
    place_words: int = 0  # words of the place at the end of ``compared``

    @property
    def compared(self) -> str:
        """The text the matcher compares: ``spelled``, or the name proper."""
        return self.spelled or self.name.text

    @property
    def has_aside(self) -> bool:
        """True when anything besides the name proper was written."""
        return bool(self.honorifics or self.titles or self.parent or self.abbreviation or self.qualifiers)

    @property
    def set_aside(self) -> tuple[tuple[str, Part], ...]:
        """The parts that are not the name, with what they are, in the order written."""
        out = [("honorific", p) for p in self.honorifics] + [("title", p) for p in self.titles]
        if self.parent:
            out.append(("parent body" if self.type != "person" else "body of the role", self.parent))
        if self.abbreviation:
            out.append(("abbreviation", self.abbreviation))
        out += [("qualifier", q) for q in self.qualifiers]
        return tuple(sorted(out, key=lambda kp: kp[1].start))

    def describe(self) -> str:
        """"title “Thứ trưởng”, parent body “Bộ Y tế”" (empty when nothing was set aside)."""
        return ", ".join(f"{kind} “{p.text}”" for kind, p in self.set_aside)
