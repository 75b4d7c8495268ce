"""Memory facts read number words: a close memory match that states another count is flagged, not reused silently."""

from __future__ import annotations

import polib
import pytest

from l10n import cli
from l10n.core.languages import get_profile
from l10n.core.number_words import target_values, values, ENGLISH
from l10n.stages.qa import check_prefill

UNIT = "Five members of the council resigned on Monday."


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "--empty-glossary", "--packages-dir", str(standin_packages_dir)]) == 0
    return tmp_path


def reviewed_catalog(desk, slug: str, source: str, target: str) -> None:
    """A reviewed Arabic catalog under locales/, which translate's memory sync imports."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    po.append(polib.POEntry(msgid=source, msgstr=target))
    path = desk / "locales/ar/LC_MESSAGES" / f"{slug}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


@pytest.mark.parametrize("memory_source", [
    "Four members of the council resigned on Monday.",         # the count changed in the source
    "Five members of the city council resigned on Monday.",    # same count, but the reviewed text says four
])
def test_a_close_match_stating_another_number_word_is_flagged(desk, capsys, memory_source):
    reviewed_catalog(desk, "earlier", memory_source, "استقال أربعة أعضاء من المجلس يوم الاثنين.")
    (desk / "story.txt").write_text(f"Council loses members\n\n{UNIT}\n", encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-l", "ar", "-q"]) == 0
    assert "1 from memory" in capsys.readouterr().out
    entry = polib.pofile(str(desk / "locales/ar/LC_MESSAGES/story.po")).find(UNIT)
    assert entry.fuzzy and entry.msgstr == "استقال أربعة أعضاء من المجلس يوم الاثنين."
    assert "FLAG memory_facts:" in entry.comment and "5" in entry.comment and "4" in entry.comment


def test_the_same_count_in_digits_or_words_is_no_finding():
    ar, ckb, tk = get_profile("ar"), get_profile("ckb"), get_profile("tk")
    assert check_prefill(UNIT, "استقال خمسة أعضاء من المجلس يوم الاثنين.", ar, match_source="5 members of the council resigned on Monday.") == []
    assert [f.check for f in check_prefill(UNIT, "پێنج ئەندامی ئەنجومەن دەستیان لەکارکێشایەوە.", ckb, match_source=UNIT.replace("council", "city council"))] == []
    assert [f.check for f in check_prefill(UNIT, "چوار ئەندامی ئەنجومەن دەستیان لەکارکێشایەوە.", ckb, match_source=UNIT.replace("council", "city council"))] == ["memory_facts"]
    assert [f.check for f in check_prefill("Twenty-five members left.", "Yirmi dört üye ayrıldı.", tk, match_source="Twenty-five members left early.")] == ["memory_facts"]
    assert values("two hundred and five, twenty-one", ENGLISH) == {"205": 1, "21": 1}
    assert target_values("on beş kişi", "tk") == {"15": 1}


@pytest.mark.parametrize("memory_source, unit, old, new", [
    ("Kirkuk governor resigned on Sunday.", "Basra governor resigned on Sunday.", "Kirkuk", "Basra"),
    ("Erdogan met the Iraqi prime minister in Ankara.", "Raisi met the Iraqi prime minister in Ankara.", "Erdogan", "Raisi"),
    ("Ahmed Ali", "Mohammed Ali", "Ahmed", "Mohammed"),          # a unit that is only a name (a byline)
])
def test_a_close_match_naming_someone_else_first_is_flagged(memory_source, unit, old, new):
    """Before: the first word was never read as a name (a capital there says nothing), so a 87-91% match
    for another town or person opening the sentence filled the unit with the old name, unflagged."""
    findings = check_prefill(unit, "ترجمة", get_profile("ar"), match_source=memory_source)
    assert [f.check for f in findings if f.check == "memory_facts"] == ["memory_facts"]
    assert f"with {old} where this unit has {new};" in findings[-1].message


def test_a_capital_that_only_opens_the_sentence_is_no_finding():
    assert check_prefill("A convoy left Mosul.", "غادرت قافلة الموصل.", get_profile("ar"), match_source="The convoy left Mosul.") == []


def test_a_translation_un_reviewed_in_its_article_is_not_reused_through_the_copies_the_memory_made(desk, capsys):
    """Before: an exact match l10n filled into a second article, as reviewed, counted as that article's own review,
    so once the first article's translator made the translation fuzzy again (wrong, to redo), the copy kept it in
    the memory and a third article still got it, as reviewed. A copy l10n made is the memory's, not a review."""
    import os

    reviewed_catalog(desk, "earlier", UNIT, "استقال خمسة أعضاء من المجلس يوم الاثنين.")
    (desk / "story.txt").write_text(f"Council loses members\n\n{UNIT}\n", encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-l", "ar", "-q"]) == 0
    entry = polib.pofile(str(desk / "locales/ar/LC_MESSAGES/story.po")).find(UNIT)
    assert not entry.fuzzy and "memory: exact match from earlier" in entry.comment
    earlier = desk / "locales/ar/LC_MESSAGES/earlier.po"
    po = polib.pofile(str(earlier))
    po.find(UNIT).flags.append("fuzzy")
    po.save(str(earlier))
    os.utime(earlier, (earlier.stat().st_mtime + 5,) * 2)
    (desk / "next.txt").write_text(f"Council members leave\n\n{UNIT}\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["translate", "next.txt", "-l", "ar", "-q"]) == 0
    assert "from memory" not in capsys.readouterr().out   # only counts that are not zero are named
    assert "memory:" not in polib.pofile(str(desk / "locales/ar/LC_MESSAGES/next.po")).find(UNIT).comment


def test_the_copies_stand_in_for_a_deleted_catalog_in_a_rebuild(desk, capsys):
    """Decision: once the catalog a copy came from is deleted, the copy is the only catalog holding the translation,
    so `tm rebuild` (even --force) keeps it."""
    reviewed_catalog(desk, "earlier", UNIT, "استقال خمسة أعضاء من المجلس يوم الاثنين.")
    (desk / "story.txt").write_text(f"Council loses members\n\n{UNIT}\n", encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-l", "ar", "-q"]) == 0
    (desk / "locales/ar/LC_MESSAGES/earlier.po").unlink()
    capsys.readouterr()
    assert cli.main(["tm", "rebuild", "--force"]) == 0
    assert capsys.readouterr().out == "rebuilt the memory from 1 reviewed entries read: 1 entries in the memory\n"
