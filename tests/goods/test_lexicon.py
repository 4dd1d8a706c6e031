"""The shipped lexicon is valid data: every code exists in HS 2022, every entry has names."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderwatch.goods.lexicon import LexiconError, load_lexicon, shipped_lexicon
from borderwatch.reference.hs import nomenclature

SANCTIONED_CHAPTERS = ("03", "25", "26", "27", "44", "72", "73", "84", "85", "87", "89")


def test_every_code_is_an_hs_2022_subheading() -> None:
    codes = nomenclature()
    entries = shipped_lexicon().entries
    assert len(entries) >= 400
    assert [e.hs for e in entries if e.hs not in codes or len(e.hs) != 6] == []


def test_every_entry_is_named_in_english_and_most_in_chinese_and_korean() -> None:
    entries = shipped_lexicon().entries
    assert [e.hs for e in entries if not e.en] == []
    assert sum(1 for e in entries if e.zh) / len(entries) > 0.9
    assert sum(1 for e in entries if e.ko) / len(entries) > 0.9


def test_the_chapters_under_dprk_measures_are_covered() -> None:
    chapters = {e.hs[:2] for e in shipped_lexicon().entries}
    assert [c for c in SANCTIONED_CHAPTERS if c not in chapters] == []
    assert all(f"{c:02d}" in chapters for c in range(50, 64) if c not in (53,))


def test_a_bad_code_is_reported_with_file_entry_and_value(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text('- hs: "851699"\n  en: [gadget]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.yaml: entry 1: field 'hs' = '851699'"):
        load_lexicon(tmp_path)


def test_a_malformed_entry_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text('- hs: "85166"\n  en: [gadget]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.yaml: entry 1"):
        load_lexicon(tmp_path)
    (tmp_path / "mine.yaml").write_text("hs: 851660\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a list"):
        load_lexicon(tmp_path)


def test_a_name_in_two_files_for_one_code_is_kept_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('- hs: "851660"\n  en: [rice cooker]\n', encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        '- hs: "851660"\n  en: [rice cooker, electric cooker]\n  zh: [电饭煲]\n', encoding="utf-8"
    )
    entry = load_lexicon(tmp_path).get("851660")
    assert entry is not None
    assert (entry.en, entry.zh) == (("rice cooker", "electric cooker"), ("电饭煲",))
