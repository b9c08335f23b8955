"""Write ``curator/data/places.json`` from the ``vietnamadminunits`` package (MIT).

The package knows the 63 provinces and centrally-run cities before the 2025
merger and the 34 after it, and every district of the 63. Curator reads the
file it writes (loading the package's own 3 MB of JSON costs half a second
in every worker process). ``tests/test_lexicon_data.py`` checks that the file
still agrees with the installed package; run this again after upgrading it::

    python -m curator.data.build_places
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("places.json")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def build() -> dict[str, Any]:
    data = importlib.resources.files("vietnamadminunits") / "data"
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    current = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))
    provinces = sorted({_nfc(p["provinceShort"]) for p in legacy["DICT_PROVINCE"].values()})
    provinces_2025 = sorted({_nfc(p["provinceShort"]) for p in current["DICT_PROVINCE"].values()})
    cities = sorted(
        {_nfc(p["provinceShort"]) for p in legacy["DICT_PROVINCE"].values() if p["province"].startswith("Thành phố")}
        | {_nfc(p["provinceShort"]) for p in current["DICT_PROVINCE"].values() if p["province"].startswith("Thành phố")}
    )
    districts: dict[str, list[str]] = {}
    for key, units in legacy["DICT_PROVINCE_DISTRICT"].items():
        province = _nfc(legacy["DICT_PROVINCE"][key]["provinceShort"])
        for unit in units.values():
            short = unit.get("districtShort")
            if isinstance(short, str) and short:
                districts.setdefault(_nfc(short), []).append(province)
    return {
        "about": "Vietnamese provinces, centrally-run cities and districts, before and after the 2025 merger.",
        "source": "vietnamadminunits "
        + importlib.metadata.version("vietnamadminunits")
        + " (MIT), https://github.com/tranngocminhhieu/vietnamadminunits; written by curator/data/build_places.py",
        "provinces": provinces,
        "provinces_2025": provinces_2025,
        "central_cities": cities,
        "districts": {k: sorted(set(v)) for k, v in sorted(districts.items())},
    }


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
