"""Term matching: English forms in sources; clitic-, suffix- and case-aware renderings in targets."""

import pytest

from l10n.languages import get_profile
from l10n.records import Term
from l10n.terms import Glossary, contains_rendering

AR, CKB, TK = get_profile("ar"), get_profile("ckb"), get_profile("tk")

GLOSSARY = Glossary(
    (
        Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "قوات الأمن العراقية"}),
        Term(id="iraq", forms=("Iraq",), targets={"ar": "العراق"}),
        Term(id="iraqi", forms=("Iraqi",), targets={"ar": "عراقي"}),
        Term(id="isis", forms=("ISIS", "IS"), targets={"ar": "داعش", "tk": "IŞİD"}),
        Term(id="coalition", forms=("US-led coalition",), targets={"ar": "التحالف الدولي بقيادة الولايات المتحدة"}),
    )
)


def forms(text):
    return [(hit.term.id, hit.form) for hit in GLOSSARY.find(text)]


def test_acronym_is_matched_only_in_capitals():
    assert forms("This is what it is") == []
    assert forms("the fight against IS in Iraq") == [("isis", "IS"), ("iraq", "Iraq")]


def test_possessive_acronym_is_matched():
    assert forms("the ISF's base") == [("isf", "ISF")]


def test_longest_form_first_and_not_counted_twice():
    assert forms("the Iraqi Security Forces took over") == [("isf", "Iraqi Security Forces")]
    assert forms("an Iraqi soldier") == [("iraqi", "Iraqi")]


def test_longer_acronym_wins_and_word_boundaries_hold():
    assert forms("anti ISIS advising") == [("isis", "ISIS")]
    assert forms("ISFX and XISF and Iraqis") == []


def test_long_forms_ignore_case_and_allow_flexible_spacing_and_hyphens():
    assert forms("the iraqi security\nforces") == [("isf", "iraqi security\nforces")]
    assert forms("the US led coalition") == [("coalition", "US led coalition")]
    assert forms("The US-led Coalition") == [("coalition", "US-led Coalition")]


@pytest.mark.parametrize(
    "text",
    ["للبيشمركة", "والبيشمركة", "بالبيشمركة", "فالبيشمركة", "وللبيشمركة", "البيشمركة", "قوات البيشمركة"],
)
def test_arabic_clitics_and_article_merging(text):
    assert contains_rendering(f"وصل الدعم {text} أمس", "البيشمركة", AR)


def test_arabic_prefix_on_a_multiword_term():
    assert contains_rendering("سلمت القاعدة لقوات الأمن العراقية.", "قوات الأمن العراقية", AR)
    assert contains_rendering("وقوات الأمن العراقية", "قوات الأمن العراقية", AR)


def test_arabic_diacritics_and_tatweel_are_ignored():
    assert contains_rendering("كَرْكُوك وكركـــوك", "كركوك", AR)


def test_arabic_word_inside_another_word_is_not_the_term():
    assert not contains_rendering("مستبيشمركة", "البيشمركة", AR)
    assert not contains_rendering("قوات الأمن", "قوات الأمن العراقية", AR)


@pytest.mark.parametrize("text", ["Kerkük'te", "KERKÜK'TE", "Kerkük’ten", "kerkük", "Kerkük'teki"])
def test_turkish_apostrophe_suffixes_and_casing(text):
    assert contains_rendering(f"Koalisyon {text} üssü devretti.", "Kerkük", TK)


def test_turkish_dotted_capital_i():
    assert contains_rendering("IŞİD'in saldırısı", "IŞİD", TK)
    assert contains_rendering("ışid'in saldırısı", "IŞİD", TK)
    assert not contains_rendering("ISID'in saldırısı", "IŞİD", TK)


def test_sorani_glued_suffixes_and_prefixes():
    assert contains_rendering("سەربازێک لە کەرکووکدا", "کەرکووک", CKB)
    assert contains_rendering("لەکەرکووکەوە", "کەرکووک", CKB)
    assert contains_rendering("ھەولێر", "هەولێر", CKB)


def test_sorani_is_not_matched_by_arabic_letters():
    assert not contains_rendering("كركوك", "کەرکووک", CKB)
