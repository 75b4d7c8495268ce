"""Term matching: English forms in sources; clitic-, suffix- and case-aware renderings in targets."""

from pathlib import Path

import pytest

from l10n.core.languages import get_profile
from l10n.core.records import Term
from l10n.stages.terms import Glossary, accepted_renderings, approved_rendering, check_terms, contains_rendering, read_glossary

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


# --- how Iraqi Arabic and Sorani are really typed (spellings as found in the region's press) ---------


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("وصل وفد من ايران الى اربيل", "إيران"),          # hamza seat dropped on initial alef
        ("وصل وفد من ايران الى اربيل", "أربيل"),
        ("في قضاء امرلي", "آمرلي"),                        # madda dropped
        ("في ناحية آمرلي", "آمرلي"),
        ("قوات الامن العراقية", "قوات الأمن العراقية"),    # hamza dropped inside a multiword term
        ("قرية ٱلبو عجيل", "البو عجيل"),                    # alef wasla
    ],
)
def test_arabic_hamza_on_alef_is_optional(text, rendering):
    assert contains_rendering(text, rendering, AR)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("وزارة شئون البيشمركة", "وزارة شؤون البيشمركة"),  # ئ and ؤ as seats of one hamza
        ("قال مسئول محلي", "مسؤول"),
        ("مبادىء الدستور", "مبادئ"),                        # final hamza written after ى
    ],
)
def test_arabic_hamza_seats_waw_and_yeh_are_one_letter(text, rendering):
    assert contains_rendering(text, rendering, AR)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("في محافظة نينوي", "نينوى"),                        # final ى typed as ي
        ("فصائل الحشد الشعبى", "الحشد الشعبي"),             # final ي typed as ى
        ("محافظة ديالي", "ديالى"),
    ],
)
def test_arabic_final_yeh_and_alef_maksura_are_one_letter(text, rendering):
    assert contains_rendering(text, rendering, AR)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("رئيس هيئه الحشد الشعبي", "هيئة الحشد الشعبي"),   # ة typed as ه
        ("انسحبت قوات الامن العراقيه", "قوات الأمن العراقية"),
        ("مدينة الموصل", "مدينه الموصل"),                   # and the other way round: one function, both sides
    ],
)
def test_arabic_teh_marbuta_and_heh_are_one_letter(text, rendering):
    assert contains_rendering(text, rendering, AR)


def test_arabic_tatweel_and_harakat_are_ignored_on_both_sides():
    assert contains_rendering("مدينة المـــوصل", "الموصِل", AR)
    assert contains_rendering("قُوَّاتُ البَيْشْمَرْكَة", "قوات البيشمركة", AR)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("محافظة کرکوک", "كركوك"),                          # Persian keyboard: keheh and Farsi yeh
        ("قضاء خانقین", "خانقين"),
        ("محافظة دیالی", "ديالى"),
    ],
)
def test_persian_keyboard_letters_in_arabic_text(text, rendering):
    assert contains_rendering(text, rendering, AR)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("پارێزگای كەركووك", "کەرکووک"),                    # Arabic keyboard: ك for ک
        ("شاری سلێمانى", "سلێمانی"),                          # ى for ی
        ("شاری سلێماني", "سلێمانی"),                          # ي for ی
        ("ئاسایشی سلێمانی", "ئاسایش"),
    ],
)
def test_arabic_keyboard_letters_in_sorani_text(text, rendering):
    assert contains_rendering(text, rendering, CKB)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("پارێزگای كه\u200cركووك", "کەرکووک"),            # ە as ه + ZWNJ, ك for ک (older archives)
        ("شاری هه\u200cولێر", "هەولێر"),
        ("هه\u200cرێمی كوردستان", "هەرێمی کوردستان"),
        ("حكومه\u200cتی هه\u200cرێمی كوردستان", "حکومەتی هەرێمی کوردستان"),
        ("هةولێر", "هەولێر"),                                # ە as ة
        ("پێشمه\u200cرگه", "پێشمەرگە"),                     # word-final ه for ە
        ("شاری رانیە", "ڕانیە"),                            # word-initial ر is ڕ in Sorani
        ("کەرکووک", "كه\u200cركووك"),                        # a legacy rendering matches modern text too
    ],
)
def test_sorani_legacy_encodings(text, rendering):
    assert contains_rendering(text, rendering, CKB)


def test_sorani_folding_keeps_letters_that_tell_words_apart():
    assert not contains_rendering("پيشمەرگە", "پێشمەرگە", CKB)   # ێ is not ی
    assert not contains_rendering("هەولير", "هەولێر", CKB)
    assert not contains_rendering("دەسەلات", "دەسەڵات", CKB)     # ڵ is not ل
    assert contains_rendering("ھەولێر", "هەولێر", CKB)           # but ھ and ه are one h


@pytest.mark.parametrize(
    "text",
    [
        "هاوپەیمانیی نێودەوڵەتی",                # izafe after ی written out
        "هاوپەیمانییە نێودەوڵەتییەکە",           # definite: linking ە, then ییەکە on the last word
        "هاوپەیمانییەکی نێودەوڵەتی",             # indefinite with izafe
        "فڕۆکەکانی هاوپەیمانیی نێودەوڵەتییەکان",
        "لە هاوپەیمانیی نێودەوڵەتیدا",
    ],
)
def test_sorani_izafe_and_endings_on_non_final_words(text):
    assert contains_rendering(text, "هاوپەیمانی نێودەوڵەتی", CKB)


@pytest.mark.parametrize("text", ["هێزە ئەمنییەکانی عێراق", "هێزەکانی ئەمنیی عێراق", "هێزی ئەمنیی عێراقدا"])
def test_sorani_endings_are_peeled_from_the_rendering_too(text):
    assert contains_rendering(text, "هێزە ئەمنییەکانی عێراق", CKB)


def test_sorani_linking_endings_do_not_join_other_words():
    assert not contains_rendering("هاوپەیمانیی سەربازیی نێودەوڵەتی", "هاوپەیمانی نێودەوڵەتی", CKB)
    assert not contains_rendering("هاوپەیمانیدا نێودەوڵەتی", "هاوپەیمانی نێودەوڵەتی", CKB)


@pytest.mark.parametrize(
    "text, rendering",
    [
        ("دعم وللحشد الشعبي", "الحشد الشعبي"),
        ("انتشرت قوات بالموصل", "الموصل"),
        ("قاتلوا كالبيشمركة", "البيشمركة"),
        ("فالحشد الشعبي", "الحشد الشعبي"),
        ("سلمت القاعدة لقوات الامن العراقيه", "قوات الأمن العراقية"),
    ],
)
def test_arabic_clitics_with_real_spellings(text, rendering):
    assert contains_rendering(text, rendering, AR)


VARIANTS = Glossary(
    (
        Term(
            id="kirkuk",
            forms=("Kirkuk",),
            targets={"ckb": "کەرکووک", "ar": "كركوك"},
            variants={"ckb": ("کەرکوک",)},
            forbidden={"ckb": ("كركوك",)},
        ),
        Term(id="iraq", forms=("Iraq",), targets={"ckb": "عێراق"}, variants={"ckb": ("عیراق", "عێڕاق")}),
    )
)


@pytest.mark.parametrize("draft", ["لە کەرکووکدا", "لە کەرکوکدا", "لە كه\u200cركوكدا"])
def test_attested_variants_are_accepted(draft):
    assert check_terms("in Kirkuk", draft, CKB, VARIANTS) == []


@pytest.mark.parametrize("draft", ["پەرلەمانی عێراق", "پەرلەمانی عیراق", "پەرلەمانی عێڕاق"])
def test_every_listed_variant_counts(draft):
    assert check_terms("the parliament of Iraq", draft, CKB, VARIANTS) == []


def test_unlisted_spellings_are_still_missing_and_the_approved_one_is_suggested():
    findings = check_terms("in Kirkuk", "لە كركوك", CKB, VARIANTS)
    assert [f.message for f in findings][0].startswith("approved term 'کەرکووک'")
    assert any("forbidden" in f.message for f in findings)
    assert approved_rendering(VARIANTS.terms[0], "ckb") == "کەرکووک"


# --- the desk glossary against spellings quoted from the outlets it cites ----------------------------

DESK = read_glossary(Path(__file__).resolve().parent.parent / "glossary")
PROFILES = {"ar": AR, "ckb": CKB, "tk": TK}


@pytest.mark.parametrize(
    "lang, term_id, text",
    [
        ("ar", "hawija", "عادت قرابة ٢٠٠عائلة من کرکوك الی قضاء الحویجة وضواحیها"),  # Al Arabiya 2014: Persian ی ک
        ("ar", "kirkuk", "عادت قرابة ٢٠٠عائلة من کرکوك الی قضاء الحویجة"),
        ("ar", "peshmerga", "مصدر من داخل قوات البیشمرگة في منطقة"),                   # same report: ی and گ
        ("ar", "asayish", "ومقر قوات الاسايش التابعة للحزب الديمقراطي"),               # Kirkuk police, 2019: no hamza
        ("ar", "tal-afar", "في قضاء ربيعة التابع لتلعفر في محافظة نينوى"),             # Alsumaria 2020: clitic ل
        ("ar", "kdp", "أعلن الحزب الديمقراطي الكوردستاني في خانقين"),                  # Shafaq 2026: listed variant
        ("ar", "krg", "رئيس حكومة اقليم كوردستان مسرور بارزاني"),                      # Shafaq 2025
        ("ar", "provincial-council", "جلسة انتخاب محافظ، ورئيس مجلس محافظة كركوك"),     # Middle East Online
        ("ar", "muqdadiya", "فرض حظر تجوال في قضاء المقدادية"),                        # Baghdad Today 2021
        ("ckb", "itf", "بەرەى تورکمانى عێراق لە راگەیێندراوێکدا"),                      # Rudaw 2023: Arabic ى
        ("ckb", "irgc", "فەرماندەى فەیلەقی قودسى سوپاى پاسدارانى ئێران"),              # Wishe 2025: Arabic ى
        ("ckb", "quds-force", "قاسم سولەیمانی فەرماندەی فەیلەقی قودسی سوپای پاسدارانی ئێران"),  # Esta News 2023
        ("ckb", "suleimani", "کوژرانی قاسم سولەیمانی و ئەبو مەھدی موھەندیس"),
        ("ckb", "muhandis", "کوژرانی قاسم سولەیمانی و ئەبو مەھدی موھەندیس"),             # ھ for ه
        ("ckb", "puk", "شاندی دانووستنکاری یەکێتی نیشتمانی کوردستان"),                  # Kurdistan24 2026
        ("ckb", "federal-police", "دەکەوێتە ئەستۆی پۆلیسی فیدراڵی و سوپای عێراق"),     # Rudaw 2023
        ("ckb", "provincial-council", "سەرۆکی ئەنجوومەنی پارێزگای دیالە"),             # Kurdistan24 2026
        ("ckb", "iraq", "ڤایرۆسی كۆرۆنا لە عیراق و ناوچەكەدا"),                         # KirkukNow 2020
        ("ckb", "kirkuk", "دۆسیەی کەرکوک و ناوچە کێشەلەسەرەکان"),                     # Sbeiy 2019
        ("ckb", "dibis", "ستافی قهزای دوبزى ژوری ناوچه"),                              # Gorran.net 2020, legacy
        ("ckb", "sinjar", "لە قەزای شنگال کۆمەڵێک کەسی نەناسراو"),                     # Kurdistan24 2025
        ("tk", "dibis", "Bu arada Kerkük'ün Dibis ilçesinde"),
        ("tk", "hawija", "Kerkük'e ait Havice ilçesinde"),
        ("tk", "jalawla", "Celevla ilçesi yakınlarındaki"),
        ("tk", "isf", "IŞİD üyeleri Irak güvenlik güçlerine üniformalarını"),           # Haksöz 2014
    ],
)
def test_desk_renderings_match_the_cited_press_spellings(lang, term_id, text):
    term = next(term for term in DESK.terms if term.id == term_id)
    assert any(contains_rendering(text, rendering, PROFILES[lang]) for rendering in accepted_renderings(term, lang))
