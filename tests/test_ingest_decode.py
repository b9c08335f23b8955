"""Any encoding found in Vietnamese archives reads as the same article."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.ingest import UndecodableFile, decode_bytes, parse_document
from curator.ingest.decode import detect_font_encoding
from curator.text import clean_text
from tests.hostile_corpus import to_cp1258

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = (SEEDS / "002_32261b4a297eff0a.txt").read_text("utf-8")


VARIANTS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "utf-16 with BOM": lambda t: t.encode("utf-16"),
    "utf-16-le without BOM": lambda t: t.encode("utf-16-le"),
    "utf-16-be without BOM": lambda t: t.encode("utf-16-be"),
    "windows-1258": to_cp1258,
    "NFD": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "utf-8 read as cp1252": lambda t: "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in t.encode()
    ).encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_encoding_gives_the_same_article(variant: str, seed: str) -> None:
    text = (SEEDS / seed).read_text("utf-8")
    decoded = decode_bytes(VARIANTS[variant](text))
    assert decoded.text == clean_text(text)
    assert decoded.warning is None
    expected = [a.to_dict() for a in parse_document(text, seed)]
    assert [a.to_dict() for a in parse_document(decoded.text, seed)] == expected


def test_legacy_and_bomless_encodings_are_named() -> None:
    assert decode_bytes(to_cp1258(SEED)).encoding == "cp1258"
    assert decode_bytes(SEED.encode("utf-16-le")).encoding == "utf-16-le"
    assert decode_bytes(SEED.encode("utf-16-be")).encoding == "utf-16-be"
    assert decode_bytes(SEED.encode("utf-8-sig")).encoding == "utf-8-sig"


TCVN3_DAMAGED = "C¬ng an ViÖt Nam ®· thùc hiÖn tèt nhiÖm vô b¶o ®¶m th«ng tin liªn l¹c cho c¸c c¬ quan"
VNI_DAMAGED = "Boä Thoâng tin vaø Truyeàn thoâng Vieät Nam ñaõ toå chöùc hoäi nghò toång keát"


@pytest.mark.parametrize(("text", "kind"), [(TCVN3_DAMAGED, "TCVN3"), (VNI_DAMAGED, "VNI")])
def test_font_encoded_text_is_detected_and_reported(text: str, kind: str) -> None:
    for data in (text.encode("utf-8"), text.encode("cp1252")):
        decoded = decode_bytes(data)
        assert decoded.warning is not None and kind in decoded.warning
        assert decoded.warning in decoded.notes


def test_real_vietnamese_is_not_flagged_as_font_encoded() -> None:
    for path in SEEDS.glob("*.txt"):
        assert detect_font_encoding(path.read_text("utf-8")) is None


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG"),
        (bytes([0, 1, 2, 3, 250, 251]) * 100, "binary"),
    ],
    ids=["png", "pdf", "jpeg", "nul-rich"],
)
def test_binary_data_is_refused_with_its_kind(data: bytes, words: str) -> None:
    with pytest.raises(UndecodableFile, match=words):
        decode_bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_decoder_never_fails_except_with_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except UndecodableFile as exc:
        assert str(exc)
        return
    assert decoded.text == clean_text(decoded.text)
    assert unicodedata.is_normalized("NFC", decoded.text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=500))
def test_utf8_and_utf16_round_trip(text: str) -> None:
    # Text, not binary: NUL and other C0 controls make any text look like UTF-16/32 or binary.
    expected = clean_text(text)
    assert decode_bytes(text.encode("utf-8")).text == expected or _font_like(expected)
    assert decode_bytes(text.encode("utf-16")).text == expected or _font_like(expected)


def _font_like(text: str) -> bool:
    # Arbitrary text can look like mojibake on purpose; the decoder then flags it, not round-trips.
    return detect_font_encoding(text) is not None or "Ã" in text or "á»" in text or "Ä" in text


def test_a_few_nul_bytes_in_text_read_as_spaces() -> None:
    decoded = decode_bytes(SEED.encode("utf-8").replace(b" ", b"\x00", 20))
    assert decoded.text == SEED
    assert decoded.notes == ["20 NUL byte(s) read as spaces"]
