"""Enforcement on sentences no rule of it was read from: the trained stand-ins on other seeds of the generator.

The benchmark's sentences (seed 505, 150 of them) are the ones enforcement's
rules were written against.  These runs draft the sample article and 300
generated sentences of other seeds (2027, 4242, 8080, 77, and 505 with 300), as
``python scripts/bench_glossary.py --skip-hand --skip-cost --seed S --generated 300``
does.  Each unit test names a draft that was wrong before (the commit before
this file): a word the model wrote for something else written over, or the
model's own rendering of a term left beside the approved one, approved.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.packages import read_package
from l10n.stages.terms import draft_with_glossary, read_glossary

pytest.importorskip("sacrebleu")  # bench_glossary scores chrF with it
from bench_glossary import failures, own_words_left, sample_units, score, words_damaged  # noqa: E402
from synthetic_news import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRAINED = ROOT / "tests" / "data" / "trained"
PACKAGE_LANG = {"ar": "ar", "tk": "tr"}
GENERATED = 300


@lru_cache(maxsize=None)
def run(variant: str, lang: str, seed: int):
    """(examples, drafts of the examples) of one run: the sample article and GENERATED sentences of ``seed``."""
    to_code = PACKAGE_LANG[lang]
    examples = generate(to_code, GENERATED, seed, with_terms=True)
    engine = ArgosEngine(read_package(TRAINED / variant / f"translate-en_{to_code}"), to_code, EngineSettings())
    try:
        sample = sample_units()
        drafts = draft_with_glossary(engine, sample + [e.source for e in examples], get_profile(lang), read_glossary(ROOT / "glossary"))
    finally:
        engine.close()
    return examples, drafts[len(sample):]


def draft_of(variant: str, lang: str, seed: int, source: str):
    examples, drafts = run(variant, lang, seed)
    found = [draft for example, draft in zip(examples, drafts) if example.source == source]
    assert found, f"seed {seed} has no {source!r}: the generator changed"
    return found[0]


@pytest.mark.parametrize("variant, lang, seed, source, kept", [
    # the verb "زوضغص" ("captured") sounds like "quds" by its consonants and stood right before the placed term
    ("full", "ar", 2027, "The Quds Force captured 3 vehicles near Salahaddin on October 28.", "زوضغص"),
    # "نووظي" ("evacuated"): in three units, all with "evacuated", two with the KRG; the window grew over it
    ("full", "ar", 505, "The Kurdistan Regional Government evacuated the eastern road near Baghdad on April 19, 2020.", "نووظي"),
    # "كذض" ("met"), the run's word for "met", its head on "Representatives": the window grew over it
    ("full", "ar", 4242, "The Council of Representatives of Iraq met with Abu Mahdi al-Muhandis in Muqdadiya.", "كذض"),
    # the model asked for the term alone ran on into a date ("Iraki Parliament 27 bırun …"): 27 and bırun were read as it
    ("full", "tk", 8080, "Qasim Soleimani said that the Iraqi Counter-Terrorism Service evacuated the military village near "
                         "Mosul on September 1, 2019.", "bırun"),
    # "طرح" ("fighters"), in two units, each with "fighters" and "Muqdadiya", was written over with the dropped term
    ("early", "ar", 77, "Asayish visited 7 fighters near Muqdadiya on December 2.", "طرح"),
    # "صدمث" ("searched"), which the run writes in ten units, two with the term, grew into the term's window
    ("early", "ar", 505, "The Kurdistan Region Parliament searched the large mosque in Diyala on April 16, 2023.", "صدمث"),
])
def test_a_word_the_model_wrote_for_something_else_is_kept(variant, lang, seed, source, kept):
    """Before: each draft lost ``kept``, the model's word for a word of the source outside the terms."""
    draft = draft_of(variant, lang, seed, source)
    assert kept in draft.text.split(), (draft.model_text, draft.text)


@pytest.mark.parametrize("lang, source, own", [
    # "IRGC" written letter for letter ("Irgk"): too short for a transliteration; now read, and written over
    ("tk", "IRGC fled from Diyala last week.", "Irgk"),
    ("tk", "IRGC met with Asayis in Nineveh.", "Irgk"),
])
def test_an_initialism_written_letter_for_letter_is_the_terms(lang, source, own):
    """Before: "İran Devrim Muhafızları Irgk …", approved."""
    draft = draft_of("full", lang, 2027, source)
    assert own not in draft.text.split() and "İran Devrim Muhafızları" in draft.text and not draft.findings


def test_a_lone_rendering_that_names_another_term_is_no_reading():
    """Before: the model asked for "Muqdadiyah" alone wrote "Koalition'da", so the draft's "Koalition" (the
    coalition's) was written over with "Mikdadiye" and the coalition inserted elsewhere, approved."""
    draft = draft_of("early", "tk", 8080, "Qassem Soleimani said that U.S.-led coalition guarded the western road in "
                                          "Muqdadiyah on March 10, 2024.")
    assert "Koalition" in draft.text.split() and draft.strategy == "flagged", draft.text


@pytest.mark.parametrize("variant, seed, source, own", [
    # "بدوهوك": Dohuk with its long vowels written otherwise, beside the inserted "دهوك"
    ("early", 77, "The Iraqi parliament met with ITF in Dohuk.", "بدوهوك"),
])
def test_the_models_rendering_left_beside_an_inserted_term_is_flagged(variant, seed, source, own):
    """Before: approved with both the approved term and ``own``, the model's own rendering of it."""
    draft = draft_of(variant, "ar", seed, source)
    assert draft.strategy == "flagged" and any(repr(own) in finding.message for finding in draft.findings), draft.text


@pytest.mark.parametrize("variant, seed, source, own, approved", [
    # the firm head gave "بهاويجاه" (Hawijah's) to "Hashd", a term the model dropped (before: approved beside the
    # inserted term; then flagged); a name of five sounds with one consonant ("aui2a") is now read as the model's
    # writing of Hawijah, so it is written over and the draft is the reference
    ("full", 2027, "The Iraqi Security Forces met with the Hashd al-Shaabi in Hawijah.", "بهاويجاه", "بالحويجة"),
    # "بهاويجا" for Hawija, kept beside the inserted "الحويجة", approved (silently wrong)
    ("early", 4242, "Abu Mahdi al-Muhandis said that the Kurdistan Workers Party inspected the eastern warehouse in "
                    "Hawija on February 16, 2021.", "بهاويجا", "بالحويجة"),
])
def test_a_name_written_with_one_consonant_is_read_as_the_term(variant, seed, source, own, approved):
    draft = draft_of(variant, "ar", seed, source)
    model, text = ([word.strip(".,") for word in text.split()] for text in (draft.model_text, draft.text))
    assert own in model and own not in text and approved in text, draft.text


def test_a_term_the_model_named_instead_of_the_sources_is_flagged():
    """Before: the under-trained tr-like model wrote "Abu Mahdi Al Muhandis" where the source has "Hashd al-Shaabi";
    the Hashd was put at the end and the draft approved, naming a man the source does not mention."""
    draft = draft_of("early", "tk", 4242, "Qassem Soleimani said that the Hashd al-Shaabi repaired 40 fighters near "
                                          "Kirkuk on January 27, 2019.")
    assert "Muhandis" in draft.model_text and draft.strategy == "flagged", draft.text
    assert any("'Abu Mahdi Al Muhandis' names" in finding.message for finding in draft.findings), draft.findings


KNOWN_SILENTLY_WRONG: dict[tuple[str, str, int], int] = {}  # none left (both under-trained cases of 4242 fixed)


@pytest.mark.stress
@pytest.mark.parametrize("seed", [2027, 4242, 8080])
@pytest.mark.parametrize("variant, lang", [("full", "ar"), ("full", "tk"), ("early", "ar"), ("early", "tk")])
def test_on_other_sentences_no_term_is_silently_wrong_and_no_other_word_lost(variant, lang, seed):
    """The benchmark's targets on 300 sentences of another seed: approved >= 95%, no word of the model's for a
    non-term word lost; silently wrong 0 on the fully trained stand-ins (before: 1 to 2 per seed, and 1 to 2 words
    lost), the under-trained ones at most the known cases above."""
    examples, drafts = run(variant, lang, seed)
    glossary, profile = read_glossary(ROOT / "glossary"), get_profile(lang)
    left, _ = own_words_left(glossary, profile, examples, [d.model_text for d in drafts], [d.text for d in drafts])
    counts = score([e.source for e in examples], [d.text for d in drafts], [bool(d.findings) for d in drafts], profile,
                   glossary, left)
    damaged, total = words_damaged(examples, [d.model_text for d in drafts], [d.text for d in drafts])
    shown = "\n".join(failures([e.source for e in examples], examples, drafts, profile, glossary, left))
    assert counts["approved"] >= 0.95 * counts["occurrences"] > 600, shown
    assert counts["silently wrong"] <= KNOWN_SILENTLY_WRONG.get((variant, lang, seed), 0), shown
    assert total > 1400 and damaged == 0, shown
