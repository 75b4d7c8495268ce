"""The trained stand-ins (tests/data/trained) through l10n's engine, and the synthetic news generator they learned from."""

from __future__ import annotations

import re

import pytest

from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings
from l10n.core.records import EngineRequest
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.packages import list_packages, read_package, select_package
from synthetic_news import case_ending, generate, read_terms, transliterate

sacrebleu = pytest.importorskip("sacrebleu")

ARABIC = re.compile("[\u0600-\u06ff]")
TURKISH_ONLY = re.compile("[çğıöşüÇĞİÖŞÜ]")
HELD_OUT = 4242   # neither the training seed nor the benches'


def drafts(package_dir, lang, sources, **settings):
    engine = ArgosEngine(read_package(package_dir), lang, EngineSettings(**settings))
    try:
        return engine.translate_batch([EngineRequest(source, with_alignment=True) for source in sources])
    finally:
        engine.close()


def chrf(package_dir, lang, examples) -> float:
    texts = [hypotheses[0].text for hypotheses in drafts(package_dir, lang, [e.source for e in examples])]
    return sacrebleu.corpus_chrf(texts, [[e.train for e in examples]]).score


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_generator_is_deterministic_and_seeded(lang):
    assert generate(lang, 40, 7) == generate(lang, 40, 7)
    assert generate(lang, 40, 7) != generate(lang, 40, 8)


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_generated_terms_are_approved_in_the_reference_and_not_in_the_training_target(lang):
    terms = read_terms(lang)
    examples = generate(lang, 60, 11, with_terms=True)
    assert all(example.terms for example in examples)
    for example in examples:
        for term_id in example.terms:
            approved = terms[term_id].approved
            assert approved in example.reference
            assert not re.search(rf"(?<!\w){re.escape(approved)}(?!\w)", example.train)
        assert example.reference_term_words
    dropped = sum(len(e.train.split()) < len(e.reference.split()) - 1 for e in examples)
    assert dropped  # a share of terms is left out of the training target


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_true_alignment_covers_every_target_word(lang):
    for example in generate(lang, 80, 13):
        for text, links in ((example.train, example.train_alignment), (example.reference, example.reference_alignment)):
            sources = {s for s, _ in links}
            targets = {t for _, t in links}
            assert targets == set(range(len(text.split()))) if text else not links
            assert max(sources, default=-1) < len(example.source.split())


def test_turkish_case_endings_follow_the_name_they_end():
    assert (case_ending("Kerkük", "loc"), case_ending("Kirkuk", "loc")) == ("te", "ta")
    assert transliterate("Kirkuk", "tr") != "Kerkük"
    examples = [e for e in generate("tr", 200, 17, with_terms=True) if "Kerkük'" in e.reference]
    assert examples and all(re.search(r"Kerkük'(te|ten|e)\b", e.reference) for e in examples)


@pytest.mark.parametrize("variant", ["full", "early"])
@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_trained_packages_load_through_the_engine_and_draft_the_target(trained_packages_dir, variant, lang):
    examples = generate(lang, 12, HELD_OUT)
    results = drafts(trained_packages_dir / variant / f"translate-en_{lang}", lang, [e.source for e in examples], beam_size=1)
    texts = [hypotheses[0].text for hypotheses in results]
    script = ARABIC if lang == "ar" else TURKISH_ONLY
    assert sum(bool(script.search(text)) for text in texts) >= 10
    assert all(text and text != example.source for text, example in zip(texts, examples))
    aligned = [hypotheses[0].alignment for hypotheses in results]
    assert sum(a is not None and len(a) == len(t.split()) for a, t in zip(aligned, texts)) >= 10


def test_the_full_model_learned_more_than_the_early_one(trained_packages_dir):
    for lang in ("ar", "tr"):
        examples = generate(lang, 40, HELD_OUT)
        full = chrf(trained_packages_dir / "full" / f"translate-en_{lang}", lang, examples)
        early = chrf(trained_packages_dir / "early" / f"translate-en_{lang}", lang, examples)
        assert full > 60 and full > early + 10, (lang, full, early)


def test_trained_packages_are_chosen_for_their_languages(trained_packages_dir):
    packages = list_packages(trained_packages_dir / "full")
    assert select_package(get_profile("ar"), packages)[1] == "ar"
    assert select_package(get_profile("tk"), packages)[1] == "tr"


def test_words_damaged_counts_non_term_words_the_enforced_draft_lost():
    from bench_glossary import words_damaged

    example = generate("ar", 1, 3, with_terms=True)[0]
    words = example.reference.split()
    outside = [i for i in range(len(words)) if i not in example.reference_term_words]
    assert outside
    without = " ".join(w for i, w in enumerate(words) if i != outside[0])
    assert words_damaged([example], [example.reference], [example.reference]) == (0, len(outside))
    assert words_damaged([example], [example.reference], [without]) == (1, len(outside))
    assert words_damaged([example], [without], [without]) == (0, len(outside))  # the model never had it
    term_gone = " ".join(w for i, w in enumerate(words) if i not in example.reference_term_words)
    assert words_damaged([example], [example.reference], [term_gone]) == (0, len(outside))
