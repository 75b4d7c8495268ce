"""The desk glossary (glossary/terms.csv) after the issue-23 terminology pass, checked on press strings."""

from pathlib import Path

import pytest

from l10n.core.languages import get_profile
from l10n.core.records import Hypothesis
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.terms import accepted_renderings, approved_rendering, check_terms, draft_with_glossary, read_glossary
from l10n.stages.terms.check import missing_terms
from l10n.stages.terms.enforce import OWN_RENDERINGS

DESK = read_glossary(Path(__file__).resolve().parent.parent / "glossary")
PROFILES = {code: get_profile(code) for code in ("ar", "ckb", "tk")}


def term(term_id):
    return next(t for t in DESK.terms if t.id == term_id)


def misses(source, target, lang):
    """Term ids of ``source`` that the check finds missing in ``target``."""
    return [hit.term.id for hit in missing_terms(target, DESK.find_for(source, lang), PROFILES[lang])]


@pytest.mark.parametrize(
    "term_id, approved",
    [
        ("isis", "DEAŞ"),                          # AA 2016, Kerkük Net: Turkish and Turkmen outlets write DEAŞ
        ("krg", "Irak Kürt Bölgesel Yönetimi"),    # what the row's own source prints
        ("hamdaniya", "Hamdaniye"),
        ("cts", "Terörle Mücadele Teşkilatı"),
        ("duhok", "Duhok"),
    ],
)
def test_tk_approved_renderings(term_id, approved):
    assert approved_rendering(term(term_id), "tk") == approved


@pytest.mark.parametrize(
    "lang, source, press",
    [
        ("tk", "ISIS attacked a checkpoint in Kirkuk.", "Kerkük'te güvenlik güçlerinin terör örgütü DEAŞ'a karşı verdiği mücadele"),  # AA 2016
        ("tk", "ISIS attacked a checkpoint in Kirkuk.", "IŞİD Kerkük'te Türkmenlere pusu kurdu"),                        # 2015 usage, still accepted
        ("tk", "The Kurdistan Regional Government met in Erbil.", "Irak Kürt Bölgesel Yönetimi (IKBY), ülkenin kuzeyinde Erbil merkezli"),  # A Haber/AA 2026
        ("tk", "The KRG met in Erbil.", "IKBY, Erbil'de toplandı"),
        ("tk", "Clashes in Daquq.", "Tavuk ilçesinde çatışma"),                                                          # the Turkmen name
        ("tk", "The Iraqi Turkmen Front held a ceremony.", "Törene ITC yürütme kurulu üyeleri katıldı"),                 # Türkmeneli TV
        ("tk", "An operation near Duhok.", "TSK ve MİT'ten Duhok'ta operasyon"),                                         # Artı Gerçek/DHA
        ("tk", "A fire in Hamdaniya.", "Musul'un Hamdaniye ilçesindeki bir düğün salonunda yangın çıktı"),              # TRT Haber 2023
        ("ar", "The Peshmerga forces arrived.", "أعلن قائد فصيل الانضمام إلى تشكيلات قوات البشمركة"),                  # Al-Araby al-Jadeed 2017
        ("ar", "Tuz Khurmatu is calm.", "قوات البيشمركة تقتل عرب طوز خورماتو"),                                          # Al-Simer 2015
        ("ar", "Tal Afar is calm.", "وصلت تعزيزات إلى قضاء تل عفر"),
        ("ar", "The Kurdistan Parliament met.", "برلمان كردستان يبدأ جلساته بعد انقطاع عامين"),                          # Hathalyoum 2017
        ("ar", "The Iraqi parliament voted.", "الرد على قرار البرلمان العراقي"),                                          # Parstoday 2017
        ("ckb", "The Iraqi parliament voted.", "فەرمانگەی ڕاگەیاندنی ئەنجوومەنی نوێنەرانی عێراق"),                      # Kurdistan24 2023, double و
    ],
)
def test_press_spellings_are_accepted(lang, source, press):
    assert DESK.find_for(source, lang), f"no term found in {source!r}"
    assert misses(source, press, lang) == []


def test_each_new_variant_is_listed_after_the_approved_rendering():
    assert accepted_renderings(term("isis"), "tk") == ("DEAŞ", "IŞİD")
    assert accepted_renderings(term("daquq"), "tk") == ("Dakuk", "Tavuk")
    assert accepted_renderings(term("itf"), "tk") == ("Irak Türkmen Cephesi", "ITC")
    assert "ئەنجوومەنی نوێنەرانی عێراق" in accepted_renderings(term("parliament"), "ckb")
    assert "Kürdistan Bölgesel Yönetimi" not in accepted_renderings(term("krg"), "tk")  # no source printed it


def test_revolutionary_guards_alone_is_the_irgc():
    hits = DESK.find("The Revolutionary Guards fired missiles; the Revolutionary Guard denied it.")
    assert [(hit.term.id, hit.form) for hit in hits] == [("irgc", "Revolutionary Guards"), ("irgc", "Revolutionary Guard")]


def test_diyala_province_keeps_its_muhafaza_when_the_term_is_spliced():
    """"Diyala province" is no glossary form, so enforcement replaces only the name, never "محافظة ديالى"."""
    source = "Clashes in Diyala province."
    assert [hit.form for hit in DESK.find(source)] == ["Diyala"]
    engine = FakeEngine(lambda request: [] if request.n_best == OWN_RENDERINGS else [Hypothesis("اشتباكات في محافظة ديالا.", (0, 1, 3, 2))])
    (result,) = draft_with_glossary(engine, [source], PROFILES["ar"], DESK)
    assert result.text == "اشتباكات في محافظة ديالى."
    assert check_terms(source, "اشتباكات في محافظة ديالى.", PROFILES["ar"], DESK) == []


def test_notes_are_current():
    assert "dissolution" in term("pkk").note and "2025" in term("pkk").note
    jalawla = term("jalawla").note
    assert "district" in jalawla and "Planning Ministry" in jalawla and "contest" in jalawla
    assert "المحافظة صلاح الدين" not in term("salahaddin").origin  # the garbled quote is gone
    assert "IŞİD is 2014" in term("isis").note or "2014–15" in term("isis").note


def test_every_changed_cell_cites_a_source():
    """Each filled cell has its language named in the origin column, as the file's convention asks."""
    for t in DESK.terms:
        for lang in ("ar", "ckb", "tk"):
            if t.targets.get(lang):
                assert f"{lang}: " in t.origin, (t.id, lang)
