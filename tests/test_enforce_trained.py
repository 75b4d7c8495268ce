"""Enforcement on the committed trained stand-ins (tests/data/trained): heads that learned their attention.

The run is the benchmark's (scripts/bench_glossary.py, section 4): the sample
article and 150 generated sentences with terms (seed 505), drafted once per
stand-in.  *Left* words are words of a term's own rendering (the training
target's transliteration) that the model wrote and the enforced draft still
has: the approved term is there too, so the glossary check passes, and the
draft is still wrong.  Such a unit must be flagged, never approved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.packages import read_package
from l10n.stages.terms import draft_with_glossary, read_glossary
from l10n.stages.terms.enforce import own_renderings

pytest.importorskip("sacrebleu")  # bench_glossary scores chrF with it
from bench_glossary import BENCH_SEED, drafted_in_runs, failures, own_words_left, sample_units, score, words_damaged  # noqa: E402
from synthetic_news import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LANG = {"ar": "ar", "tk": "tr"}


@pytest.fixture(scope="module")
def glossary():
    return read_glossary(ROOT / "glossary")


@pytest.fixture(scope="module")
def engines(trained_packages_dir):
    opened = {}
    for lang, to_code in PACKAGE_LANG.items():
        package = read_package(trained_packages_dir / "full" / f"translate-en_{to_code}")
        opened[lang] = ArgosEngine(package, to_code, EngineSettings())
    yield opened
    for engine in opened.values():
        engine.close()


@pytest.fixture(scope="module")
def bench_runs(engines, glossary):
    """Per language: the generated examples and their drafts, drafted in one run with the sample article."""
    sample, runs = sample_units(), {}
    for lang, to_code in PACKAGE_LANG.items():
        examples = generate(to_code, 150, BENCH_SEED, with_terms=True)
        drafts = draft_with_glossary(engines[lang], sample + [e.source for e in examples], get_profile(lang), glossary)
        runs[lang] = (examples, drafts[len(sample):])
    return runs


@pytest.mark.parametrize("lang", ["ar", "tk"])
def test_no_approved_draft_keeps_the_models_own_rendering_of_a_term(bench_runs, glossary, lang):
    """Before: 56 (ar) and 49 (tk) approved drafts carried the model's transliteration beside the approved term; then
    one on tk ("Al Şirkat'ta" kept, Şergat inserted beside PUK: the run ties "Şirkat" to the term, but it was looked
    for only beside placed words).  Now none."""
    examples, drafts = bench_runs[lang]
    left, _ = own_words_left(glossary, get_profile(lang), examples, [d.model_text for d in drafts], [d.text for d in drafts])
    approved_with_left = [(d.model_text, d.text) for d, terms in zip(drafts, left) if terms and not d.findings]
    assert approved_with_left == []


@pytest.mark.parametrize("lang", ["ar", "tk"])
def test_no_word_the_model_wrote_for_anything_else_is_lost(bench_runs, lang):
    """Before: 6 (ar) and 11 (tk) non-term words of the reference lost (a term placed on a verb the head pointed at)."""
    examples, drafts = bench_runs[lang]
    damaged, total = words_damaged(examples, [d.model_text for d in drafts], [d.text for d in drafts])
    assert total > 600 and damaged == 0


def test_a_multiword_name_is_replaced_whole_whatever_its_spelling(bench_runs):
    """Before: "سولييماني" was the model's filler (written for three spellings of one name) and stayed beside the
    approved name in every "Qasem/Qassem Soleimani/Suleimani" sentence."""
    examples, drafts = bench_runs["ar"]
    named = [(e, d) for e, d in zip(examples, drafts) if "Soleimani" in e.source or "Suleimani" in e.source]
    assert len(named) >= 10
    assert all("سولييماني" not in d.text for _, d in named if not d.findings)
    assert sum("قاسم سليماني" in d.text for _, d in named) >= len(named) - 1


def test_a_stuttering_lone_rendering_is_cut_not_dropped(engines):
    """The model asked for "ISIL" alone writes "يسيليليليل…"; before, the stutter dropped the word and the filler verb
    "ووحينز" was taken for the term's rendering."""
    own = own_renderings(engines["ar"], ["ISIL", "Tal Afer"])
    assert "يسيل" in own["ISIL"] and "ووحينز" not in own["ISIL"]
    assert "تال افير" in own["Tal Afer"]


def test_a_word_writing_a_one_word_term_letter_by_letter_is_its_rendering(engines, glossary):
    """The sample article: alone the model loops on "Qayyarah" (بقايياراهاراه), in the unit it writes قايياراه, and its
    head gives that word "over"; before, القيارة went in beside it and the draft kept both, approved (the bench scores
    left words on generated sentences only).  A word writing the one-word term letter by letter is its rendering."""
    sample = sample_units()
    drafts = draft_with_glossary(engines["ar"], sample, get_profile("ar"), glossary)
    (draft,) = [d for s, d in zip(sample, drafts) if s.startswith("On March 26")]
    assert "القيارة" in draft.text.split() and "قايياراه" not in draft.text


def test_a_term_written_the_models_way_is_replaced_not_doubled(bench_runs):
    """Before: "ISIL fled from Khanaqin" got داعش inserted beside the model's own يسيل (both in the draft)."""
    examples, drafts = bench_runs["ar"]
    (draft,) = [d for e, d in zip(examples, drafts) if e.source == "ISIL fled from Khanaqin on Saturday."]
    assert "داعش" in draft.text.split() and "يسيل" not in draft.text.split() and not draft.findings


def test_a_turkish_casefold_does_not_hide_the_models_spelling_of_an_acronym(bench_runs):
    """Before: the English span "ISIL" casefolds to "ısıl" on tk and the model's "Isil" to "ısil", so "Isil" was
    no reading of the term: DEAŞ was inserted before "Diyala'da" and "Isil" stayed, approved."""
    examples, drafts = bench_runs["tk"]
    (draft,) = [d for e, d in zip(examples, drafts) if e.source == "Qassem Suleimani met with ISIL in Diyala."]
    assert draft.text == "Kasım Süleymani Diyala'da DEAŞ möyük mıbaro." and not draft.findings


def test_the_models_turkish_spelling_of_a_name_is_written_over_whole(bench_runs):
    """At first the splice replaced "Al" of "Al Şirkat", and the draft keeping "Şirkat" beside the approved term was
    approved; then it was flagged.  "Şirkat" writes "Shirqat" letter by letter in Turkish spelling (ş for sh, k for
    q: ``transliterates``), so it is the model's rendering of the term: the term is written over all of it.  (The
    pinned kernels, same_kernels.py, make this the draft on every machine.)"""
    examples, drafts = bench_runs["tk"]
    (example, draft), = [(e, d) for e, d in zip(examples, drafts) if e.source == "Qasem Soleimani met with PUK in al-Shirqat."]
    assert draft.text == example.reference == "Kasım Süleymani Şergat'ta Kürdistan Yurtseverler Birliği möyük mıbaro."
    assert draft.strategy == "placed" and not draft.findings


def test_the_rest_of_a_multiword_rendering_goes_with_the_term(bench_runs):
    """Before: the splice replaced "Governorate" of "Governorate Kunkil" and the draft was approved with "Kunkil"
    beside "il meclisi"; later flagged.  The run writes "Kunkil" where "council" is, so the splice now takes it."""
    examples, drafts = bench_runs["tk"]
    (draft,) = [d for e, d in zip(examples, drafts) if e.source == "U.S.-led coalition met with the governorate council in Tikrit."]
    assert "Kunkil" not in draft.text and "il meclisi" in draft.text and draft.strategy == "placed" and not draft.findings


@pytest.fixture(scope="module")
def early_runs(trained_packages_dir, glossary):
    """Per language, the under-trained stand-in's drafts of the benchmark's run by source (its own renderings of
    terms are often lost, and it writes the words of its renderings elsewhere too)."""
    runs = {}
    for lang, to_code in PACKAGE_LANG.items():
        engine = ArgosEngine(read_package(trained_packages_dir / "early" / f"translate-en_{to_code}"), to_code, EngineSettings())
        examples = generate(to_code, 150, BENCH_SEED, with_terms=True)
        drafts = draft_with_glossary(engine, sample_units() + [e.source for e in examples], get_profile(lang), glossary)
        engine.close()
        runs[lang] = {e.source: d for e, d in zip(examples, drafts[len(drafts) - len(examples):])}
    return runs


@pytest.mark.parametrize("source, left", [
    ("The Peshmerga forces withdrew from Baghdad on Saturday.", "Peşmerga"),            # a close spelling of Peşmerge
    ("Abu Mahdi al-Muhandis said that ISF secured 1,500 positions near Khaneqin.", "Muhandis"),  # the head gives it the term
])
def test_an_under_trained_models_rendering_kept_beside_the_term_is_flagged(early_runs, source, left):
    """Before: approved with the model's own word for the term beside the approved rendering ("Peşmerga Forkes …
    Peşmerge", "Governorate il meclisi", "el-Mühendis … Al Muhandis"): the model's rendering was read only in part or
    not at all, so the term was placed or inserted beside it."""
    draft = early_runs["tk"][source]
    assert left in draft.text.split() and any(repr(left) in finding.message for finding in draft.findings)


@pytest.mark.parametrize("lang, source, left", [
    # the run writes it where "coalition" is (21 of 23 units), though the firm head gives it "Monday"
    ("ar", "The Global Coalition withdrew from Sulaimani on Monday.", "كواليتيون"),
    # "forces" spelt the model's way, right after the term read from "Peşmerga"
    ("tk", "The Peshmerga forces arrived in Zakho on Wednesday.", "Forkes"),
    ("tk", "The Iraqi Security Forces returned to Daquq on September 26.", "Forkes"),
    # the term's English word itself, before "il meclisi" placed on "Kunkil"
    ("tk", "The governorate council repaired 65 positions in Khanaqin on Wednesday.", "Governorate"),
])
def test_the_rest_of_the_models_rendering_beside_a_placed_term_goes_with_it(early_runs, lang, source, left):
    """Before: approved with part of the model's own rendering beside the approved term ("التحالف الدولي كواليتيون",
    "Peşmerge Forkes"), which the benchmark counted silently wrong: the head, unsure or wrong, did not give these
    words the term, and the run writes them elsewhere too.  A word right beside the placed term that spells one of
    its English words, or that the run writes where that word is, is the term's: the splice now takes it too."""
    draft = early_runs[lang][source]
    assert left not in draft.text.split(), draft.text
    # approved, or flagged only for the "Balad" the under-trained tr-like model writes for other places (the source
    # names none: ``check.named_elsewhere``)
    assert all(f.message.startswith("'Balad' names") for f in draft.findings), draft.findings
    assert draft.strategy == ("flagged" if draft.findings else "placed")


@pytest.mark.parametrize("lang, source, left", [
    # "Sulaimani" letter by letter, which the head did not give the term
    ("ar", "PUK fled from Sulaimani on January 26, 2020.", "سولايماني"),
])
def test_a_word_that_writes_a_one_word_term_letter_by_letter_is_replaced_where_it_is(early_runs, lang, source, left):
    """Before: approved with the model's own spelling of the term kept away from where the term was
    inserted; then flagged, the term inserted at a guess.  The word writes the term's one source word letter by
    letter, vowels too (``transliterates``), so it is the model's rendering of it, whatever the head says: replaced."""
    draft = early_runs[lang][source]
    assert draft.text == "نرهط الاتحاد الوطني الكردستاني وخيمظق السليمانية تاله 24 ذجق 2024."
    assert left not in draft.text.split() and draft.strategy == "placed" and not draft.findings, (draft.text, draft.findings)


def test_a_dropped_place_gets_the_clitic_of_its_dropped_preposition(bench_runs):
    """Before: "KRG met with the Gorran Movement in Khaneqin." lost "in Khaneqin" in the model's draft and got خانقين
    inserted bare; the model wrote nothing for "in" either, so the place takes ب as the reference (and Arabic) does."""
    examples, drafts = bench_runs["ar"]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == "KRG met with the Gorran Movement in Khaneqin."]
    assert "بخانقين." in draft.text.split() and draft.text == example.reference and not draft.findings


@pytest.mark.parametrize("source, written", [
    ("Qassem Soleimani said that the Peshmerga forces deployed in Samara on Friday.", "Samarra'da"),     # inserted
    ("Qasem Soleimani said that the Iraqi Federal Police deployed in Hawija on May 8.", "Havice'de"),    # inserted
    ("The Popular Mobilization Committee withdrew from Kirkuk on Saturday.", "Kerkük'ten"),             # at a guess, flagged
    ("Abu Mahdi al-Muhandis said that US-led coalition returned to Dohuk on February 21.", "Duhok'a"),  # at a guess, flagged
])
def test_a_dropped_place_gets_the_case_of_its_dropped_preposition(bench_runs, source, written):
    """Before: the tr-like model dropped "in Samara" whole and the term went in bare (`vıral Samarra lüte`); the
    model wrote nothing for the preposition either, so the place takes the case it asks for, as the reference (and
    Turkish) does, in harmony with the rendering."""
    examples, drafts = bench_runs["tk"]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == source]
    assert written in draft.text.replace(".", "").split() and written in example.reference.split(), (draft.text, example.reference)


def test_a_term_with_no_trustworthy_place_is_offered_at_a_guess_and_flagged(early_runs):
    """Before: the model dropped "in Baquba" and no source neighbour had confident attention, so the flagged draft
    lacked Bakuba; now the reviewer gets it where the unsure head lands its neighbours, with a finding saying so,
    in the case its dropped "in" asks for."""
    draft = early_runs["tk"]["The Kurdistan Workers' Party met with KDP in Baqouba."]
    assert "Bakuba'da." in draft.text.split() and draft.strategy == "flagged"
    assert any("'Bakuba' (Baqubah) was put where the attention, however unsure, points" in f.message for f in draft.findings)


def test_a_window_shorter_than_its_term_takes_the_word_beside_it_the_head_gives_the_term(bench_runs):
    """Before: "Tal Afer" written "لال افير" had only افير read, so the draft kept "لال" beside تلعفر and was flagged;
    the head is sure "لال" is "Tal" and the run does not write it for other things, so the window takes it."""
    examples, drafts = bench_runs["ar"]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == "KDP returned to Tal Afer last week."]
    assert draft.text == example.reference and not draft.findings


def test_a_word_an_under_trained_model_sprays_is_still_taken_where_it_is_drawn_to_the_term(early_runs):
    """Before: "غورران موفيمينت" had "غورران" written over with حركة التغيير and "موفيمينت" ("Movement") left beside
    it, approved: the model also writes "موفيمينت" in units without the term, but units with it hold the Gorran
    Movement far more often than the run does, and the head is sure of it."""
    draft = early_runs["ar"]["The Gorran Movement guarded the southern school in Jalula on September 5, 2023."]
    assert "حركة التغيير" in draft.text and "موفيمينت" not in draft.text.split()


def test_a_common_english_word_does_not_keep_a_window_from_the_word_the_head_gives_its_term(early_runs):
    """Before: "يراقي" ("Iraqi") before مجلس النواب العراقي was left and the unit flagged: every unit with it has
    "the" in its source, and a word in most sources was taken to explain it."""
    draft = early_runs["ar"]["The Iraqi Council of Representatives withdrew from Khanaqeen."]
    assert draft.text == "ثيضخ مجلس النواب العراقي وخيمظق خانقين." and not draft.findings


def _draft(runs, lang, source):
    examples, drafts = runs[lang]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == source]
    return example, draft


def test_a_short_word_the_firm_head_gives_an_acronym_is_replaced_though_a_garbled_sentence_has_it_too(bench_runs):
    """Before: "Irgk" (4 letters, head 0.98 on IRGC, neighbours aligned elsewhere) was too short to be the
    term's words, and the model also wrote it once in a garbled sample sentence, so it stayed and the approved
    term was inserted at the end of the draft (where the source word before it also landed), approved."""
    example, draft = _draft(bench_runs, "tk", "Qassem Suleimani said that IRGC secured the western prison in Makhmur on Tuesday.")
    assert draft.text == example.reference and not draft.findings


def test_a_short_own_reading_stands_where_the_head_is_shifted_by_a_word(bench_runs):
    """Before: "Puk" (the model's own word for PUK in 5 units, never elsewhere) had its head on "fled", so the
    reading was dropped and the draft flagged with Puk kept beside the inserted term."""
    example, draft = _draft(bench_runs, "tk", "PUK fled from Tel Afar.")
    assert draft.text == example.reference and not draft.findings


@pytest.mark.parametrize("source", ["The Kurdistan Region Government met with Qassem Suleimani in Halabja.",
                                    "The Quds Corps met with Abu Mahdi al-Muhandis in Sulaimaniyah.",
                                    "The Islamic State withdrew from Jalula.",
                                    "The Kurdistan Workers' Party met with KDP in Baqouba.",
                                    "The Kurdistan Regional Government guarded the southern village near Kirkuk."])
def test_a_dropped_subject_goes_after_the_verb_an_arabic_sentence_opens_with(bench_runs, source):
    """Before: the dropped subject was inserted before the verb the draft opens with (or after the preposition
    that follows it), approved: the run writes "كذض" for "met", so it is the fronted verb and the subject follows."""
    example, draft = _draft(bench_runs, "ar", source)
    assert draft.text == example.reference and not draft.findings


def test_a_run_that_garbles_once_does_not_unblock_a_word_another_source_word_explains(early_runs):
    """The firm head gives "صطغيسز" ("villages") to Sulaymaniyah; the run's one other unit with it has
    "villages" too, so it stays the model's word for "villages" and is not written over.  (Letting one or two
    stray units count for nothing, as for "Irgk", wrote Sulaymaniyah over it: one word damaged.)"""
    draft = early_runs["ar"]["The Iraqi Council of Representatives searched 65 villages in Sulaymaniyah."]
    assert "صطغيسز" in draft.text.split()


def test_a_term_guessed_beside_a_word_the_head_gives_it_is_not_approved(early_runs):
    """Before: approved ("inserted") with the term put beside a neighbour and the model's own word for it kept
    ("الحويجة … بهاويجا"): the head confidently gives "بهاويجا" the place, which the draft did not read as the term.
    Then flagged; now that a name of five sounds with one consonant reads as the term (``evidence.transliterates``),
    "بهاويجا" is written over, as the reference has it."""
    draft = early_runs["ar"]["Qasem Soleimani said that the Iraqi Federal Police deployed in Hawija on May 8."]
    assert "بهاويجا" in draft.model_text.split() and "بالحويجة" in draft.text.split() and draft.strategy == "placed", draft.text
    draft = early_runs["ar"]["The Global Coalition deployed in Hawler on June 14, 2021."]
    assert draft.strategy == "flagged" and draft.findings and "بهاويجا" in draft.text.split(), (draft.model_text, draft.text)


@pytest.fixture(scope="module")
def article_runs(trained_packages_dir, glossary):
    """Per stand-in (full, early) and language: the benchmark's units drafted in runs of 16, an article's size, as a
    desk drafts them one ``l10n translate`` at a time (``bench_glossary.py --run-size 16``): the run says less
    about what the model writes for what."""
    runs = {}
    for variant in ("full", "early"):
        for lang, to_code in PACKAGE_LANG.items():
            engine = ArgosEngine(read_package(trained_packages_dir / variant / f"translate-en_{to_code}"), to_code, EngineSettings())
            examples = generate(to_code, 150, BENCH_SEED, with_terms=True)
            drafts = drafted_in_runs(engine, sample_units() + [e.source for e in examples], get_profile(lang), glossary, 16)
            engine.close()
            runs[variant, lang] = (examples, drafts[len(drafts) - len(examples):])
    return runs


@pytest.mark.parametrize("variant, lang", [("full", "ar"), ("full", "tk"), ("early", "ar"), ("early", "tk")])
def test_in_article_sized_runs_no_term_is_silently_wrong_and_no_other_word_lost(article_runs, glossary, variant, lang):
    """Before (7a3c170), on the fully trained stand-ins in runs of 16: 4 terms silently wrong on tk ("Al Şergat":
    the "Al" of al-Shirqat left), and 1 (ar) and 2 (tk) words of the reference lost: the model dropped a term and
    its firm head gave the term the verb beside it (عخشاع "guarded", vıral "deployed"), which was written over;
    on the under-trained ar-like stand-in, 7 silently wrong (terms placed in drafts that loop) and 12 of 709
    words lost (4 now, 3 of them in flagged units; within the benchmark's bound of 1%, asserted as at most 4)."""
    examples, drafts = article_runs[variant, lang]
    profile = get_profile(lang)
    left, _ = own_words_left(glossary, profile, examples, [d.model_text for d in drafts], [d.text for d in drafts])
    counts = score([e.source for e in examples], [d.text for d in drafts], [bool(d.findings) for d in drafts], profile,
                   glossary, left)
    damaged, total = words_damaged(examples, [d.model_text for d in drafts], [d.text for d in drafts])
    shown = "\n".join(failures([e.source for e in examples], examples, drafts, profile, glossary, left))
    assert counts["occurrences"] > 300 and counts["silently wrong"] == 0, shown
    assert total > 600 and damaged <= (4 if variant == "early" and lang == "ar" else 0), shown
    assert len(shown.splitlines()) == 5 * (4 if variant == "early" and lang == "ar" else 0)  # a unit in five lines


@pytest.mark.parametrize("source", ["Qasem Soleimani met with PUK in al-Shirqat.",
                                    "ISF repaired the local hospital in al-Shirqat."])
def test_the_models_al_beside_a_place_goes_with_it(article_runs, source):
    """Before: "Al Şirkat'ta" became "Al Şergat'ta", approved: "Al" writes "al" of al-Shirqat, two letters, too short
    for ``transliterates``; right beside the placed term, a short word of its span is the term's (``writes_short_word``)."""
    examples, drafts = article_runs["full", "tk"]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == source]
    assert draft.text == example.reference and not draft.findings


@pytest.mark.parametrize("variant, lang, source, kept", [
    # the model dropped the term and opened with the verb; the firm head (0.51) gives the verb "Government"
    ("full", "ar", "The Kurdistan Regional Government guarded the southern village near Kirkuk.", "عخشاع"),
    # the model dropped "in Hawija"; the firm head (0.999) gives the verb "Hawija"
    ("full", "tk", "Qasem Soleimani said that the Iraqi Federal Police deployed in Hawija on May 8.", "vıral"),
    # the under-trained model asked for "Abu Mahdi al-Muhandis" alone adds its word for "said" to the name
    ("early", "ar", "Abu Mahdi al-Muhandis said that ISF arrived in Halabjah on Monday.", "عاقمق"),
    # the 2-best rendering of the term alone adds the verb the model opens with (_trimmed)
    ("full", "ar", "The Iraqi Security Forces returned to Daquq on September 26.", "شوشيس"),
    # the 1-best and 2-best renderings alone open with two verbs: neither is the term's (_term_core)
    ("full", "ar", "Qassem Soleimani said that the provincial councils returned to Tikrit last week.", "شوشيس"),
    # "medü" (February's word) is the 2-best rendering of "Dohuk" alone, four letters, its head on another word
    ("full", "tk", "Abu Mahdi al-Muhandis said that US-led coalition returned to Dohuk on February 21.", "medü"),
])
def test_a_word_the_model_wrote_for_something_else_is_not_written_over(article_runs, variant, lang, source, kept):
    """Before: written over with the term, the draft approved without the model's verb.  A word the firm head alone
    gives a term must be written as a name (``_written_as_a_name``), else the term is re-decoded or flagged; a word
    the run writes mostly for other English words is no part of the term's own rendering (``RunWords.context_words``)."""
    examples, drafts = article_runs[variant, lang]
    ((example, draft),) = [(e, d) for e, d in zip(examples, drafts) if e.source == source]
    assert kept in draft.model_text.split() and kept in draft.text.replace(".", " ").split()


def test_a_runs_drafts_do_not_depend_on_what_the_process_drafted_before(trained_packages_dir, glossary):
    """Before: the model's filler words (written for three unrelated terms alone) were counted over every term the
    engine had been asked for in the process, so the last run of the benchmark's article-sized runs drafted
    otherwise after the others than alone (شخود, the verb, written over on the under-trained ar-like stand-in)."""
    examples = generate("ar", 150, BENCH_SEED, with_terms=True)
    sources = sample_units() + [e.source for e in examples]
    package, profile = read_package(trained_packages_dir / "early" / "translate-en_ar"), get_profile("ar")
    engine = ArgosEngine(package, "ar", EngineSettings())
    after_others = drafted_in_runs(engine, sources, profile, glossary, 16)[-22:]
    engine.close()
    engine = ArgosEngine(package, "ar", EngineSettings())
    alone = drafted_in_runs(engine, sources[-22:], profile, glossary, 16)
    engine.close()
    assert [d.text for d in after_others] == [d.text for d in alone]
