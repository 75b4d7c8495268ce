"""QA checks: seeded fixtures report exactly their errors, clean ones nothing, each check on its edge cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.records import Finding, Severity
from l10n.errors import CatalogError
from l10n.stages.qa import (
    CHECKS,
    brackets,
    check_catalog,
    check_catalogs,
    check_entry,
    findings_as_json,
    is_error,
    length,
    links,
    numbers,
    placeholders,
    untranslated,
    urls,
    whitespace,
    wrong_language,
)

DATA = Path(__file__).parent / "data" / "qa"
AR, CKB, TK = get_profile("ar"), get_profile("ckb"), get_profile("tk")


def seeded_errors(path: Path) -> set[tuple[str, str]]:
    """(msgid, check) of every entry whose translator comment says ``error: <check>``."""
    expected = set()
    for entry in polib.pofile(str(path)):
        if entry.tcomment.startswith("error: "):
            expected.add((entry.msgid, entry.tcomment.split()[1]))
    return expected


@pytest.mark.parametrize("name", ["seeded.ar.po", "seeded.ckb.po", "seeded.tk.po"])
def test_seeded_catalog_reports_each_error_and_nothing_else(name):
    path = DATA / name
    found = {(finding.msgid, finding.check) for finding in check_catalog(path)}
    assert found == seeded_errors(path)


def test_arabic_fixture_seeds_one_error_of_every_kind():
    kinds = [check for _, check in seeded_errors(DATA / "seeded.ar.po")]
    assert sorted(kinds) == sorted(CHECKS)


def test_sorani_fixture_catches_arabic_text():
    [finding] = check_catalog(DATA / "seeded.ckb.po")
    assert finding.check == "wrong_language"
    assert "reads as Arabic, not Central Kurdish (Sorani)" in finding.message


@pytest.mark.parametrize("name", ["clean.ar.po", "clean.ckb.po", "clean.tk.po"])
def test_clean_reviewed_catalog_reports_nothing(name):
    assert check_catalog(DATA / name) == []


def test_findings_carry_path_language_and_severity():
    findings = check_catalog(DATA / "seeded.tk.po")
    assert {f.path for f in findings} == {str(DATA / "seeded.tk.po")}
    assert {f.lang for f in findings} == {"tk"}
    assert {f.check: f.severity for f in findings}["numbers"] is Severity.FUNCTIONAL


def test_language_comes_from_the_path_without_a_header(tmp_path):
    catalog = polib.pofile(str(DATA / "seeded.ckb.po"))
    del catalog.metadata["Language"]
    target = tmp_path / "locales" / "ckb" / "LC_MESSAGES" / "k1.po"
    target.parent.mkdir(parents=True)
    catalog.save(str(target))
    assert [f.lang for f in check_catalog(target)] == ["ckb"]


def test_catalog_without_a_language_is_refused(tmp_path):
    catalog = polib.pofile(str(DATA / "clean.tk.po"))
    del catalog.metadata["Language"]
    catalog.save(str(tmp_path / "k1.po"))
    with pytest.raises(CatalogError, match="k1.po: no known target language"):
        check_catalog(tmp_path / "k1.po")


def test_unknown_language_is_refused_and_regional_codes_accepted(tmp_path):
    text = (DATA / "seeded.ckb.po").read_text(encoding="utf-8")
    (tmp_path / "xx.po").write_text(text.replace("Language: ckb", "Language: xx"), encoding="utf-8")
    with pytest.raises(CatalogError, match="xx.po: no known target language"):
        check_catalog(tmp_path / "xx.po")
    (tmp_path / "iq.po").write_text(text.replace("Language: ckb", "Language: ckb_IQ"), encoding="utf-8")
    assert [f.lang for f in check_catalog(tmp_path / "iq.po")] == ["ckb"]


def test_unreadable_catalog_is_a_catalog_error(tmp_path):
    (tmp_path / "broken.po").write_bytes(b'msgid "a"\nmsgstr "\xff\n')
    with pytest.raises(CatalogError, match="broken.po"):
        check_catalog(tmp_path / "broken.po")


def test_check_catalogs_concatenates_in_order():
    paths = [DATA / "seeded.ckb.po", DATA / "seeded.tk.po"]
    findings = check_catalogs(paths)
    assert [f.lang for f in findings] == ["ckb", "tk", "tk", "tk"]


def test_plural_forms_are_checked_against_the_right_source(tmp_path):
    catalog = polib.POFile()
    catalog.metadata = {
        "Language": "tk", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    catalog.append(polib.POEntry(
        msgid="%d soldier withdrew from K1", msgid_plural="%d soldiers withdrew from K1",
        msgstr_plural={0: "%d asker K1'den çekildi", 1: "asker K1'den çekildi"},
    ))
    catalog.save(str(tmp_path / "p.po"))
    [finding] = check_catalog(tmp_path / "p.po")
    assert (finding.check, finding.message) == ("placeholders", "placeholder %d missing")


# --- check_entry ---------------------------------------------------------------


def test_empty_translation_is_untranslated_not_an_error():
    assert check_entry("The coalition withdrew from the base.", "", AR) == []


def test_whitespace_translation_is_judged_by_the_whitespace_check_alone():
    findings = check_entry("The coalition withdrew 300 personnel from K1.", " \t ", AR)
    assert [f.check for f in findings] == ["whitespace"]


def test_is_error_follows_severity():
    assert is_error(Finding("numbers", Severity.FUNCTIONAL, "x"))
    assert is_error(Finding("placeholders", Severity.CRITICAL, "x"))
    assert not is_error(Finding("length", Severity.COSMETIC, "x"))


def test_findings_as_json_round_trips():
    findings = check_catalog(DATA / "seeded.ckb.po")
    [record] = json.loads(findings_as_json(findings))
    assert record["check"] == "wrong_language"
    assert record["severity"] == "critical"
    assert record["lang"] == "ckb"
    assert "البيان" not in record["message"] and "Sorani" in record["message"]
    assert set(record) == {"check", "severity", "message", "msgid", "msgctxt", "lang", "path"}


def test_every_check_is_registered_with_a_title():
    for name, check in CHECKS.items():
        assert check.function.__name__ == name
        assert check.title and not check.title.endswith(":")
    assert CHECKS["length"].severity is Severity.COSMETIC
    assert CHECKS["numbers"].title == "Numbers of the source missing from the translation."


# --- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "profile"),
    [
        ("أكثر من 1,500 عائلة", AR),
        ("أكثر من ١٬٥٠٠ عائلة", AR),
        ("أكثر من 1500 عائلة", AR),
        ("زیاتر لە ۱۵۰۰ خێزان", CKB),
        ("زیاتر لە ١٥٠٠ خێزان", CKB),
        ("1.500'den fazla aile", TK),
    ],
)
def test_numbers_match_across_digit_sets_and_separators(target, profile):
    assert numbers("More than 1,500 families", target, profile) is None


def test_numbers_decimal_marks_normalised():
    assert numbers("rose to 3.5 percent", "yüzde 3,5'e yükseldi", TK) is None
    assert numbers("rose to 3.5 percent", "إلى ٣٫٥ بالمئة", AR) is None
    assert numbers("rose to 3.5 percent", "yüzde 35'e yükseldi", TK) == "number 3.5 missing from the translation"


def test_numbers_only_the_profiles_digit_sets_count():
    # Extended Arabic-Indic (Persian) digits are not Arabic's.
    assert numbers("15 km from Kirkuk", "۱۵ كم من كركوك", AR) == "number 15 missing from the translation"


def test_numbers_dates_count_and_each_occurrence_is_needed():
    assert numbers("On March 29, 2020", "29 Mart 2020'de", TK) is None
    assert numbers("since mid-2014", "منذ منتصف عام", AR) == "number 2014 missing from the translation"
    assert numbers("15 and 15", "15 ve", TK) == "number 15 missing from the translation"


def test_a_time_on_the_24_hour_clock_states_the_source_s_12_hour_time():
    """Turkish and Sorani copy gives "3:30 p.m." as 15.30: numbers said "3, 30 missing" and blocked publishing."""
    assert numbers("The meeting starts at 3:30 p.m. Monday.", "Toplantı pazartesi saat 15.30'da başlıyor.", TK) is None
    assert numbers("The curfew runs from 6 p.m. to 6 a.m.", "يمتد حظر التجول من الساعة ١٨:٠٠ حتى ٦ صباحًا.", AR) is None
    assert numbers("It ended at 12:15 a.m.", "لە کاتژمێر ۰۰:۱۵ کۆتایی هات.", CKB) is None
    assert numbers("The meeting starts at 3:30 p.m.", "Toplantı saat 16.30'da başlıyor.", TK) == "numbers 3, 30 missing from the translation"
    assert numbers("At 5 p.m. 17 people left.", "Saat 17.00'de 5 kişi ayrıldı.", TK) == "number 17 missing from the translation"
    assert numbers("At 5 p.m. 17 people left.", "17 kişi saat 5'te ayrıldı.", TK) is None


def test_a_unit_of_many_times_is_read_once():
    """Each of the source's times was looked for from the translation's start again, the translation rebuilt each
    time: 20,000 times ("a timetable pasted as one paragraph") took minutes, holding `l10n review`'s save."""
    import signal

    def too_long(signum, frame):
        raise AssertionError("the numbers check of 20,000 times did not finish in 60 s: it is not linear")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)       # linear: under a second here; quadratic: some 3 minutes
    try:
        assert numbers("at 3:30 p.m. " * 20_000, "saat 15.30 " * 20_000, TK) is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_numbers_inside_urls_and_placeholders_are_not_numbers():
    source = "See https://kirkuknow.com/en/news/61866 and ⟦T0⟧"
    assert numbers(source, "Bakınız", TK) is None


# --- placeholders, urls --------------------------------------------------------


def test_placeholders_kept_lost_and_added():
    assert placeholders("%(count)d left {base}", "{base} %(count)d ayrıldı", TK) is None
    assert placeholders("Photo: %s", "Fotoğraf:", TK) == "placeholder %s missing"
    assert placeholders("Kirkuk", "⟦T0⟧'te", TK) == "placeholder ⟦T0⟧ not in the source"


def test_percent_in_prose_is_not_a_placeholder():
    assert placeholders("50% of the troops", "yüzde 50", TK) is None


def test_urls_and_emails_must_be_kept_verbatim():
    source = "Write to desk@kirkuknow.com or read https://kirkuknow.com/en/."
    assert urls(source, "desk@kirkuknow.com veya https://kirkuknow.com/en/ okuyun", TK) is None
    assert urls(source, "desk@kirkuknow.com", TK) == "not kept verbatim: https://kirkuknow.com/en/"


def test_a_url_followed_by_arabic_punctuation_is_kept_verbatim():
    """An Arabic comma, semicolon or question mark after an address is the sentence's, as "," is in English."""
    assert urls("Visit https://kirkuknow.com/ar/news for more.", "زوروا https://kirkuknow.com/ar/news، للمزيد.", AR) is None
    assert urls("Read [the report](https://example.com/r), he said.", "اقرأ [التقرير](https://example.com/r)، قال.", AR) is None
    assert urls("Is it https://example.com/r?", "هل هو https://example.com/r؟", CKB) is None
    assert urls("Visit https://kirkuknow.com/ar/news for more.", "زوروا https://kirkuknow.com/ar، للمزيد.", AR) == (
        "not kept verbatim: https://kirkuknow.com/ar/news")


# --- untranslated, wrong language ------------------------------------------------


def test_names_kept_in_latin_are_not_untranslated():
    assert untranslated("The K1 base and the ISF", "قاعدة K1 والقوات الأمنية ISF", AR) is None
    assert untranslated("Photo: KirkukNow", "الصورة: KirkukNow", AR) is None


def test_a_markdown_link_address_or_code_span_kept_in_latin_is_not_untranslated():
    """The translator must keep `](reports/annual-budget-review.pdf)` and code as written: their Latin letters
    made a translated unit "mostly Latin letters", a critical finding that blocked publishing."""
    assert untranslated("Read [the annual review](reports/annual-budget-review-2024.pdf).",
                        "اقرأ [المراجعة](reports/annual-budget-review-2024.pdf).", AR) is None
    assert untranslated("Type `select grade from schools where city = Kirkuk` in the form.",
                        "`select grade from schools where city = Kirkuk` لە فۆرمەکەدا بنووسە.", CKB) is None
    assert untranslated("Read [the annual review](reports/annual-budget-review-2024.pdf).",
                        "Read [the annual review](reports/annual-review.pdf) اقرأ.", AR) == (
        "mostly Latin letters (19 of 23); translate the English left in it")


def test_identical_single_name_is_not_untranslated():
    assert untranslated("Kirkuk", "Kirkuk", TK) is None
    assert untranslated("Two words", "Two words", TK) == "translation is identical to the source"


def test_wrong_language_leaves_short_texts_alone():
    assert wrong_language("Kirkuk", "Kirkuk base", TK) is None
    assert wrong_language("Kirkuk", "كركوك", CKB) is None


def test_wrong_language_is_deterministic():
    text = "The statement says the coalition will move its troops after long talks."
    answers = {wrong_language("x", text, TK) for _ in range(5)}
    assert answers == {"reads as English, not Turkmen (Iraqi Turkmen-oriented)"}


def test_wrong_language_catches_another_script():
    message = wrong_language("x", "انسحب التحالف الدولي من قاعدة كركوك العسكرية اليوم", TK)
    assert message == "reads as Arabic, not Turkmen (Iraqi Turkmen-oriented)"


# --- brackets, length, whitespace -------------------------------------------------


def test_quote_styles_may_change_but_must_balance():
    source = "and “continues anti ISIS advising,” while"
    assert brackets(source, "و«يواصل تقديم المشورة»، بينما", AR) is None
    assert brackets(source, 've "danışmanlığa devam ediyor" iken', TK) is None
    assert brackets(source, "و«يواصل تقديم المشورة، بينما", AR) == "unbalanced quotes compared with the source"


def test_quotation_open_in_the_source_may_stay_open():
    assert brackets("He said: “the base is empty.", "Dedi ki: «üs boş.", TK) is None


def test_links_knows_shortcut_and_collapsed_references_by_the_labels_the_article_defines():
    lost = "Markdown link target lost or changed: "
    assert links("Read [the report].", "اقرأ [التقرير].", AR, ["the report"]) == lost + "[the report]"
    assert links("See [the annex][].", "انظر [الملحق][].", AR, ["The  Annex"]) == lost + "[the annex]"
    assert links("Read [the report].", "اقرأ [The Report].", AR, ["the report"]) is None          # case aside, kept
    assert links("Read [the report].", "اقرأ [التقرير][the report].", AR, ["the report"]) is None  # another form, same link
    assert links("He [sic] said.", "قال [كذا].", AR, ["the report"]) is None                       # defined nowhere: text
    assert links("Type `[r]` or \\[r\\].", "اكتب `[ر]` أو \\[ر\\].", AR, ["r"]) is None          # code and escapes: text
    assert links("Read [it][r].", "اقرأ [ه][ر].", AR) == lost + "[r]"                              # full form, as before


def test_links_flags_an_autolink_that_lost_its_angle_brackets():
    """`<https://…>` is a link only in its brackets: a translation that kept the address bare passed `urls`
    and published plain text where the source had a link."""
    lost = "Markdown link target lost or changed: "
    assert links("See <https://example.com/raw> today.", "انظر https://example.com/raw اليوم.", AR) == (
        lost + "<https://example.com/raw>")
    assert links("Write to <desk@kirkuknow.com>.", "اكتبوا إلى desk@kirkuknow.com.", AR) == lost + "<desk@kirkuknow.com>"
    assert links("See <https://example.com/raw> today.", "انظر <https://example.com/raw> اليوم.", AR) is None


def test_brackets_balance():
    assert brackets("forces (ISF)", "güçler (ISF)", TK) is None
    assert brackets("forces (ISF)", "güçler ISF)", TK) == "unbalanced () compared with the source"


def test_length_ratio_is_cosmetic_and_ignores_short_sources():
    assert length("K1", "القاعدة العسكرية المعروفة باسم K1", AR) is None
    assert length("The coalition withdrew from the base.", "çekildi", TK).startswith("translation is 0.19 times")


def test_whitespace_only():
    assert whitespace("Kirkuk", "  ", TK) == "translation is only whitespace; empty it or translate it"
    assert whitespace("Kirkuk", "", TK) is None
    assert whitespace("Kirkuk", "Kerkük", TK) is None


def test_fixture_directory_is_not_modified_by_checks(tmp_path):
    copy = tmp_path / "seeded.ar.po"
    shutil.copy(DATA / "seeded.ar.po", copy)
    before = copy.read_bytes()
    check_catalog(copy)
    assert copy.read_bytes() == before


# --- glossary ------------------------------------------------------------------


def isf_glossary():
    from l10n.core.records import Term
    from l10n.stages.terms import Glossary

    isf = Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "القوات الأمنية العراقية"})
    return Glossary((isf,), languages=("ar",))


def test_glossary_findings_join_the_others_when_a_glossary_is_given():
    source = "The coalition handed the base to the ISF."
    target = "سلّم التحالف القاعدة إلى الجيش."
    assert check_entry(source, target, AR) == []
    [finding] = check_entry(source, target, AR, isf_glossary())
    assert (finding.check, finding.severity) == ("glossary", Severity.CRITICAL)


def test_clean_catalog_uses_the_approved_terms():
    assert check_catalog(DATA / "clean.ar.po", glossary=isf_glossary()) == []


def test_seeded_catalog_with_a_glossary_adds_only_the_leaked_term():
    plain = {(f.msgid, f.check) for f in check_catalog(DATA / "seeded.ar.po")}
    with_terms = check_catalog(DATA / "seeded.ar.po", glossary=isf_glossary())
    added = {(f.msgid, f.check) for f in with_terms} - plain
    leaked = "The US-led coalition withdrew from the K1 military base and handed it to the ISF."
    assert added == {(leaked, "glossary")}
    assert all(f.path == str(DATA / "seeded.ar.po") and f.lang == "ar" for f in with_terms)


# --- language check: langdetect's table built on demand --------------------------


@pytest.fixture(scope="module")
def language_check_texts(trained_packages_dir) -> list[str]:
    """What QA's language check reads: the sample's and the synthetic news' sources, the trained stand-ins'
    drafts of them (ar, and tr as tk drafts go), the reviewed catalogs, and a few other languages."""
    from l10n.core.project import EngineSettings, load_project
    from l10n.core.records import EngineRequest
    from l10n.stages.articles import load_article
    from l10n.stages.engine.argos import ArgosEngine
    from l10n.stages.engine.packages import read_package

    root = Path(__file__).resolve().parents[1]
    sample = [unit.source for unit in load_article(load_project(root), root / "examples" / "k1-qayyarah-withdrawal.txt").units]
    news = [line.strip() for line in (root / "scripts" / "data" / "news_sentences.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    texts = sample + news
    for to_code in ("ar", "tr"):
        engine = ArgosEngine(read_package(trained_packages_dir / "full" / f"translate-en_{to_code}"), to_code, EngineSettings())
        try:
            texts += [hypotheses[0].text for hypotheses in engine.translate_batch([EngineRequest(s) for s in sample + news])]
        finally:
            engine.close()
    for lang in ("ar", "ckb", "tk"):
        texts += [entry.msgstr for entry in polib.pofile(str(root / "tests" / "data" / "reviewed" / f"{lang}.po")) if entry.msgstr]
    return texts + ["Die Regierung hat am Montag neue Regeln beschlossen.", "Hükümet pazartesi günü yeni kurallar açıkladı.",
                    "دولت روز دوشنبه قوانین جدیدی را اعلام کرد.", "x", "2024 — 15%", ""]


@pytest.mark.stress  # 600+ texts through langdetect twice: about 40 s together on an AVX2 AMD core
def test_langdetect_table_built_on_demand_gives_langdetects_own_verdicts(language_check_texts):
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    from l10n.stages.read import load_language_profiles

    load_language_profiles()
    ours = detector_factory._factory
    theirs = DetectorFactory()
    theirs.load_profile(detector_factory.PROFILES_DIRECTORY)
    assert ours.langlist == theirs.langlist

    def probabilities(factory, text):
        DetectorFactory.seed = 0
        detector = factory.create()
        detector.append(text)
        try:
            return [(language.lang, language.prob) for language in detector.get_probabilities()]
        except LangDetectException as exc:
            return str(exc)

    texts = language_check_texts
    assert len(texts) > 600
    assert [probabilities(ours, text) for text in texts] == [probabilities(theirs, text) for text in texts]
    assert {"ar", "tr", "en", "fa"} <= {verdict[0][0] for text in texts if isinstance(verdict := probabilities(ours, text), list)}


@pytest.mark.stress  # 600+ texts through langdetect twice: about 40 s together on an AVX2 AMD core
def test_language_check_stopping_when_the_leader_is_settled_gives_langdetects_verdict(language_check_texts, monkeypatch):
    from langdetect import DetectorFactory, detect
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import LangDetectException

    from l10n.stages import qa

    def langdetects_own(text):
        DetectorFactory.seed = 0
        try:
            return detect(text)
        except LangDetectException:
            return ""

    expected = [langdetects_own(text) for text in language_check_texts]
    trials = []
    monkeypatch.setattr(Detector, "_init_probability", lambda self: trials.append(1) or [1.0 / len(self.langlist)] * len(self.langlist))
    assert [qa._detect_language(text) for text in language_check_texts] == expected
    assert len(trials) < 7 * sum(1 for verdict in expected if verdict)  # it did stop early


def test_kept_text_asks_for_a_quote_in_the_targets_language_not_for_a_gloss_in_brackets():
    from l10n.stages.qa import kept_text

    quoted = 'Protesters chanted "لا للإرهاب" outside the council.'
    assert "«لا للإرهاب»" in kept_text(quoted, "هتف المتظاهرون خارج المجلس.", AR)
    assert kept_text(quoted, "هتف المتظاهرون «لا للإرهاب» خارج المجلس.", AR) is None
    assert kept_text("The PMF (الحشد الشعبي) deployed.", "انتشرت قوات الحشد.", AR) is None   # a gloss: no need to repeat
    assert kept_text(quoted, "خۆپیشاندەران هاواریان کرد.", CKB) is None                   # Arabic in a Sorani text
    assert kept_text('The sign read “بەخێربێن بۆ کەرکووک”.', "تابلۆکە نووسرابوو.", CKB) is not None
    assert kept_text(quoted, "Protestocular bağırdı.", TK) is None
