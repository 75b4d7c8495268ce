"""Enforcement that does not trust one attention head: each evidence source, and the stand-ins with noisy attention.

A learned alignment head is spread over neighbours, shifted by one token,
parked on the end of the sentence or flat.  ``NoisyAttention``
(scripts/noisy_attention.py) is an ArgosEngine whose attention rows are bent
that way (deterministically, from a seed) before they become word alignments;
its drafts are the stand-in's own.  Words damaged = words of the model's draft that its TRUE alignment (the
stand-in's clean head) gives to non-term source words and that the enforced
draft no longer has.  It must be 0, and every term present or the unit flagged.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings
from l10n.core.records import EngineRequest, Hypothesis, Term
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.engine.packages import read_package
from l10n.stages.terms import Glossary, draft_with_glossary, read_glossary
from l10n.stages.terms import enforce
from l10n.stages.terms.check import missing_terms
from l10n.stages.terms.enforce import OWN_RENDERINGS
from l10n.stages.terms.evidence import CONFIDENT, word_key
from l10n.stages.splice import split_words
from noisy_attention import KINDS, NoisyAttention, words_damaged

from helpers import assert_contract

ROOT = Path(__file__).resolve().parent.parent
AR, TK = get_profile("ar"), get_profile("tk")
KIRKUK = Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك", "tk": "Kerkük"}, forbidden={"tk": ("Kirkuk",)})
GLOSSARY = Glossary((KIRKUK, Term(id="iraq", forms=("Iraq",), targets={"ar": "العراق"})))


def fake(script, own=None):
    """A FakeEngine answering units with ``script(request)`` and a term on its own from ``own`` (default: كيركوك)."""
    own = {"Kirkuk": "كيركوك"} if own is None else own

    def answer(request):
        if request.n_best == OWN_RENDERINGS:
            return [own[request.source]] if request.source in own else []
        return script(request)

    return FakeEngine(answer)


def run(script, sources, glossary=GLOSSARY, own=None, profile=AR):
    engine = fake(script, own)
    return draft_with_glossary(engine, sources, profile, glossary), engine


# --- each evidence source -------------------------------------------------------------------------

def test_the_models_own_rendering_beats_an_alignment_shifted_by_one():
    """Before: the term was spliced onto في (what the shifted head pointed at), losing it and keeping كيركوك."""
    source = "Troops in Kirkuk left"  # Troops in Kirkuk left = 0..3
    shifted = Hypothesis("غادرت القوات في كيركوك", (0, 1, 2, 3))  # true: 3, 0, 1, 2
    (result,), _ = run(lambda r: [shifted], [source])
    assert (result.text, result.strategy) == ("غادرت القوات في كركوك", "placed")


def test_a_close_spelling_counts_only_where_the_alignment_agrees():
    source = "Troops in Kirkuk left"
    agreeing = Hypothesis("غادرت القوات في كيركوكا", (3, 0, 1, 2))
    (placed,), _ = run(lambda r: [agreeing], [source])
    assert placed.text == "غادرت القوات في كركوك"
    far = Hypothesis("كيركوكا غادرت القوات في", (0, 3, 0, 1))  # the look-alike attends to "Troops"
    (kept,), _ = run(lambda r: [far], [source])
    assert "كيركوكا" in kept.text and "كركوك" in kept.text.split()  # inserted beside its neighbour, nothing replaced


def test_flat_attention_is_not_used_to_place_a_dropped_term():
    """Flat attention places nothing that is approved: the unit is flagged, and its text has the term only where the
    unsure head points, with a finding saying the place is a guess."""
    source = "Troops in Kirkuk left"
    words, alignment = "غادرت القوات في", (3, 0, 1)
    (confident,), _ = run(lambda r: [Hypothesis(words, alignment, (0.9, 0.9, 0.9))], [source])
    assert (confident.text, confident.strategy) == ("غادرت القوات في كركوك", "placed")
    flat = (CONFIDENT / 2,) * 3
    (unsure,), engine = run(lambda r: [Hypothesis(words, alignment, flat)], [source])
    assert unsure.strategy == "flagged" and unsure.text == "غادرت القوات في كركوك"
    assert [f.message for f in unsure.findings] == [
        "'كركوك' (Kirkuk) was put where the attention, however unsure, points "
        "(no confident attention on the words around it); check its place."]
    assert "glossary: not placed: Kirkuk: no confident attention on the words around it" in unsure.notes
    assert not any(request.target_prefix for batch in engine.batches for request in batch)


def test_a_term_no_head_points_near_goes_in_the_sources_order_and_is_flagged():
    """A head parked on one source word gives no place at all: the flagged unit's text has the term at the place the
    source's order gives, with a finding saying so, and nothing of the model's is lost."""
    source = "Troops in Kirkuk left"
    parked = Hypothesis("غادرت القوات في امس", (3, 3, 3, 3), (0.9,) * 4)
    (result,), _ = run(lambda r: [parked], [source])
    assert (result.text, result.strategy) == ("غادرت القوات كركوك في امس", "flagged")
    assert [f.message for f in result.findings] == [
        "'كركوك' (Kirkuk) was put in the source's order, with no attention near it to go by "
        "(no confident attention on the words around it); check its place."]


def test_terms_guessed_without_a_head_keep_the_sources_order():
    # the dropped "and" comes back as its clitic on the term after it (والعراق)
    for source, between in (("Troops from Kirkuk and Iraq left", " القوات و"), ("From Kirkuk Iraq sent troops", " ")):
        parked = Hypothesis("غادرت القوات امس", (4, 4, 4), (0.9,) * 3)  # parked: no term has a place
        (result,), _ = run(lambda r: [parked], [source])
        assert result.strategy == "flagged" and f"كركوك{between}العراق" in result.text, source


SANDWICH = "Police in Kirkuk arrested a man"  # 0..5
UNSURE = Hypothesis("الشرطة في امس اعتقلت رجلا", (0, 1, 0, 3, 5))  # Kirkuk dropped; "امس" stands between في and اعتقلت


def redecoding(continuation):
    return lambda request: [Hypothesis(f"{request.target_prefix} {continuation}")] if request.target_prefix else [UNSURE]


def test_neighbours_that_disagree_put_the_term_beside_the_confident_one_without_a_redecode():
    (result,), engine = run(redecoding("امس اعتقلت رجلا"), [SANDWICH])
    assert (result.text, result.strategy) == ("الشرطة في كركوك امس اعتقلت رجلا", "inserted")
    assert not any(request.target_prefix for batch in engine.batches for request in batch)


def test_or_lead_to_a_prefix_redecode_that_keeps_every_word(monkeypatch):
    monkeypatch.setattr(enforce, "INSERT_AT_A_NEIGHBOUR", False)
    (result,), engine = run(redecoding("امس اعتقلت رجلا"), [SANDWICH])
    assert engine.batches[-1][0].target_prefix == "الشرطة في كركوك"  # after the confident left neighbour
    assert (result.text, result.strategy) == ("الشرطة في كركوك امس اعتقلت رجلا", "prefix")


UNSURE_AND_NO_IN = Hypothesis("الشرطة امس اعتقلت رجلا", (0, 2, 3, 5), (0.9, 0.2, 0.9, 0.9))  # "in Kirkuk" dropped whole


@pytest.mark.parametrize("at_a_neighbour", [True, False])
def test_a_term_put_in_where_its_preposition_was_dropped_too_takes_the_clitic(monkeypatch, at_a_neighbour):
    """Before: a term inserted beside a neighbour or put in a re-decode's prefix went in bare (الشرطة كركوك) where the
    model wrote nothing for "in" either; its clitic goes on it, as on a term inserted where the head is sure."""
    monkeypatch.setattr(enforce, "INSERT_AT_A_NEIGHBOUR", at_a_neighbour)
    script = lambda r: [Hypothesis(f"{r.target_prefix} امس اعتقلت رجلا")] if r.target_prefix else [UNSURE_AND_NO_IN]  # noqa: E731
    (result,), engine = run(script, [SANDWICH])
    assert (result.text, result.strategy) == ("الشرطة بكركوك امس اعتقلت رجلا", "inserted" if at_a_neighbour else "prefix")


def test_a_term_guessed_beside_a_preposition_written_apart_takes_no_clitic():
    """Before: في, written by the model beside the place but with a head too unsure to say it is the "in", got the
    clitic said again beside it (بكركوك في)."""
    flat = Hypothesis("الشرطة في امس اعتقلت رجلا", (0, 4, 4, 4, 4), (0.9, 0.2, 0.2, 0.2, 0.2))
    (result,), _ = run(lambda r: [flat], [SANDWICH])
    assert result.text == "الشرطة كركوك في امس اعتقلت رجلا"


def test_a_model_failing_only_on_the_redecode_flags_the_unit_and_the_run_goes_on(monkeypatch):
    """Before: a model that drafted the unit but failed on it re-decoded after the term (ModelError, as ArgosEngine
    raises for a call with no draft at all) stopped the whole run, every other unit's draft with it."""
    from l10n.errors import ModelError

    monkeypatch.setattr(enforce, "INSERT_AT_A_NEIGHBOUR", False)

    def script(request):
        if request.target_prefix:
            raise ModelError("translating failed")
        return [UNSURE] if request.source == SANDWICH else [Hypothesis("اجتمع المجلس", (1, 2))]

    (flagged, other), _ = run(script, [SANDWICH, "The council met"])
    assert flagged.strategy == "flagged" and flagged.text == UNSURE.text
    assert "glossary: not placed: the model failed on the re-decode after the term" in flagged.notes
    assert other.text == "اجتمع المجلس"


def test_a_redecode_that_loses_a_word_is_never_approved(monkeypatch):
    monkeypatch.setattr(enforce, "INSERT_AT_A_NEIGHBOUR", False)
    (flagged,), _ = run(redecoding("اعتقلت رجلا"), [SANDWICH])  # امس is gone
    assert flagged.strategy == "flagged" and flagged.text == UNSURE.text
    assert "glossary: not placed: the prefix draft would lose امس" in flagged.notes


def test_a_term_on_its_own_is_asked_once_per_engine_and_only_when_the_draft_lacks_it():
    engine = fake(lambda r: [Hypothesis("في كيركوك", (0, 1))] if "Kirkuk" in r.source else [Hypothesis("العراق", (0,))])
    draft_with_glossary(engine, ["In Kirkuk", "Iraq"], AR, GLOSSARY)
    draft_with_glossary(engine, ["In Kirkuk", "Iraq"], AR, GLOSSARY)
    own = [r.source for batch in engine.batches for r in batch if r.n_best == OWN_RENDERINGS]
    assert own == ["Kirkuk"]  # "Iraq" was drafted with its approved term: nothing to look for


def test_a_word_the_model_wrote_for_another_source_word_is_never_taken_for_the_term():
    """An exact look-alike of the term's own rendering is the term; a word that merely attends to it is not."""
    source = "Iraq and Kirkuk"  # the model wrote only Iraq's word, its head says Kirkuk
    (result,), _ = run(lambda r: [Hypothesis("العراق و", (2, 1))], [source])
    assert (result.text, result.strategy) == ("العراق و كركوك", "placed")


def test_a_transliteration_of_the_terms_word_beside_it_is_the_terms():
    """The trained ar-like stand-in, 20 generated sentences: the model's own rendering of the term alone lacked its
    "Iraqi", so the placement took only the rest, and "يراقي" stayed before the approved rendering, approved.  A word
    right beside the placed term that writes a source word of the term letter by letter, vowels too, is the term's:
    the splice takes it; one the splice cannot take (here the draft as placed) is no longer approved."""
    glossary = Glossary((Term(id="parliament", forms=("Iraqi Council of Representatives",), targets={"ar": "مجلس النواب العراقي"}),))
    own = {"Iraqi Council of Representatives": "كونكيل وف ريبريسينتاتيفيس"}
    source = "The Iraqi Council of Representatives withdrew."
    model = Hypothesis("ثيضخ يراقي كونكيل وف ريبريسينتاتيفيس.", (5, 0, 4, 5, 4))  # the trained head: يراقي → "The"
    (result,), _ = run(lambda r: [model], [source], glossary, own)
    assert (result.text, result.strategy, result.findings) == ("ثيضخ مجلس النواب العراقي.", "placed", ())
    work = enforce._plan(source, AR, glossary)
    work.model_text, work.model_keys = model.text, [word_key(w, AR) for w in split_words(model.text)]
    kept = split_words("ثيضخ يراقي مجلس النواب العراقي.")
    assert enforce._term_spelt_again(work, kept, split_words(model.text), AR) == ["يراقي"]
    # a word beside the term that does not write its letters is no reason: the same draft with another word there
    other = Hypothesis("ثيضخ شخود كونكيل وف ريبريسينتاتيفيس.", (5, 0, 4, 5, 4))
    (kept,), _ = run(lambda r: [other], [source], glossary, own)
    assert "شخود" in kept.text.split() and not any("شخود" in finding.message for finding in kept.findings)


def test_a_term_put_at_the_end_goes_before_the_final_stop_even_after_a_replaced_term():
    glossary = Glossary((KIRKUK, Term(id="gorran", forms=("Gorran Movement",), targets={"ar": "حركة التغيير"})))
    own = {"Kirkuk": "كيركوك", "Gorran Movement": "غورران موفيمينت"}
    (result,), _ = run(lambda r: [Hypothesis("التقى غورران موفيمينت.", (1, 3, 4))], ["They met the Gorran Movement in Kirkuk"],
                       glossary, own)  # Kirkuk dropped; its left neighbour "in" is gone too, the end of the source is its right
    assert result.text == "التقى حركة التغيير بكركوك."  # "in" was dropped with it: its clitic goes on the place


def test_a_dropped_agent_after_by_takes_no_clitic():
    """Before: "wounded by ISIS" dropped whole got بداعش, ب read as "by"; before a name "by" is a passive's agent,
    which Arabic writes with من قبل or على يد, never ب (and Sorani with لەلایەن, never بە)."""
    glossary = Glossary((Term(id="isis", forms=("ISIS",), targets={"ar": "داعش", "ckb": "داعش"}),))
    (ar,), _ = run(lambda r: [Hypothesis("أصيب جنديان.", (0, 2))], ["Two soldiers were wounded by ISIS"], glossary, {})
    (ckb,), _ = run(lambda r: [Hypothesis("دوو سەرباز بریندار بوون.", (0, 1, 3, 3))], ["Two soldiers were wounded by ISIS"],
                    glossary, {}, get_profile("ckb"))
    assert (ar.text, ckb.text) == ("أصيب جنديان داعش.", "دوو سەرباز بریندار بوون داعش.")


def test_a_dropped_sorani_term_takes_its_preposition_as_a_word_and_the_circumfix_ending():
    """Before: لەکەرکووک, the preposition glued on; Sorani, as its press, writes لە apart, and "in" and "from" close
    the circumfix after the noun (لە کەرکووکدا, لە کەرکووکەوە; لە کەرکووک alone had lost "from")."""
    glossary = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ckb": "کەرکووک"}),
                         Term(id="suli", forms=("Sulaimaniyah",), targets={"ckb": "سلێمانی"})))
    drafts = {"They met in Kirkuk": Hypothesis("کۆبوونەوە.", (1,)), "They came from Sulaimaniyah": Hypothesis("هاتن.", (1,))}
    (met, came), _ = run(lambda r: [drafts[r.source]], list(drafts), glossary, {}, get_profile("ckb"))
    assert (met.text, came.text) == ("کۆبوونەوە لە کەرکووکدا.", "هاتن لە سلێمانییەوە.")


def test_a_dropped_sorani_term_after_the_models_own_preposition_closes_the_circumfix():
    """Before: the model wrote لە for "from" (the head landed on it) and dropped the place, so the term went in bare
    after it: هاتن لە کەرکووک, which reads "came in Kirkuk"; the noun takes the circumfix's second half."""
    glossary = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ckb": "کەرکووک"}),))
    drafts = {"They came from Kirkuk": Hypothesis("هاتن لە.", (1, 2)), "They met in Kirkuk": Hypothesis("کۆبوونەوە لە.", (1, 2))}
    (came, met), _ = run(lambda r: [drafts[r.source]], list(drafts), glossary, {}, get_profile("ckb"))
    assert (came.text, met.text) == ("هاتن لە کەرکووکەوە.", "کۆبوونەوە لە کەرکووکدا.")


def test_a_term_inside_a_hyphenated_word_is_replaced_there_and_the_rest_of_the_word_kept():
    glossary = Glossary((Term(id="isis", forms=("ISIS",), targets={"ar": "داعش"}),))
    (result,), _ = run(lambda r: [Hypothesis("قرى ايزيز-هيلد", (1, 0))], ["ISIS-held villages"], glossary, {"ISIS": "ايزيز"})
    assert (result.text, result.strategy) == ("قرى داعش-هيلد", "placed")


def test_a_longer_term_read_with_another_word_between_its_words_keeps_that_word():
    glossary = Glossary((Term(id="coalition", forms=("international coalition",), targets={"ar": "التحالف الدولي"}),))
    own = {"international coalition": "انترناشونال كواليشن"}
    (result,), _ = run(lambda r: [Hypothesis("انترناشونال ذا كواليشن غادر")], ["the international coalition left"], glossary, own)
    assert (result.text, result.strategy) == ("التحالف الدولي ذا غادر", "placed")


# --- the stand-ins with noisy attention ----------------------------------------------------------

NEWS = [line for line in (ROOT / "scripts" / "data" / "glossary_news.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")][:24]


@pytest.fixture(scope="module")
def engines(standin_variants_dir):
    """(clean, noisy) engines per (variant, lang), each loaded once."""
    built = {}
    for variant in ("script", "symbols", "reorder"):
        for lang, to_code in (("ar", "ar"), ("tk", "tr")):
            package = read_package(Path(standin_variants_dir) / variant / f"translate-en_{to_code}")
            built[variant, lang] = (ArgosEngine(package, to_code, EngineSettings()), NoisyAttention(package, to_code, EngineSettings()))
    return built


@pytest.mark.stress  # 30 noisy drafts over six stand-ins: about 20 s on an AVX2 AMD core
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), variant=st.sampled_from(["script", "symbols", "reorder"]), lang=st.sampled_from(["ar", "tk"]),
       kind=st.sampled_from(KINDS), seed=st.integers(0, 10**6))
def test_noisy_attention_never_damages_a_word_and_never_hides_a_missing_term(engines, data, variant, lang, kind, seed):
    glossary = read_glossary(ROOT / "glossary")
    profile = get_profile(lang)
    sources = data.draw(st.lists(st.sampled_from(NEWS), min_size=1, max_size=3, unique=True))
    clean, noisy = engines[variant, lang]
    noisy.kind, noisy.seed = kind, seed
    truth = [h[0] for h in clean.translate_batch([EngineRequest(s, with_alignment=True) for s in sources])]
    drafts = draft_with_glossary(noisy, sources, profile, glossary)
    assert_contract(drafts, sources, profile, glossary)
    for source, model, result in zip(sources, truth, drafts):
        assert result.model_text == model.text
        assert words_damaged(source, model, result.text, glossary, lang) == [], (kind, source, model.text, result.text)


@pytest.mark.parametrize("kind", ["flat", "end"])
def test_every_term_lands_on_the_standins_when_the_head_is_flat_or_parked(engines, kind):
    """The stand-ins write each term alone as in a sentence, so its own rendering finds it when the head says nothing.

    (A head shifted by one points a short reading at a neighbour: that reading is then not trusted, and the
    property test above shows those units are re-decoded or flagged, never damaged.)
    """
    glossary = read_glossary(ROOT / "glossary")
    for (variant, lang), (_, noisy) in engines.items():
        noisy.kind, noisy.seed = kind, 7
        drafts = draft_with_glossary(noisy, NEWS[:10], get_profile(lang), glossary)
        for source, result in zip(NEWS, drafts):
            assert missing_terms(result.text, glossary.find_for(source, lang), get_profile(lang)) == [], (variant, kind, result.text)


def test_a_three_unit_run_ties_no_word_to_a_terms_english(engines):
    """Found by the property test above: in a run of three units that all name Kirkuk, every word is "mostly"
    where "kirkuk" is, so the placed كركوك grew over a one-letter word the stand-in wrote for something else
    (ڵ), which the lost-word gate no longer saw.  A run that cannot tell (RunWords.tells) ties nothing."""
    glossary = read_glossary(ROOT / "glossary")
    sources = ['Health officials in Kirkuk recorded twelve new coronavirus cases on Wednesday.',
               'The Iraqi Security Forces (ISF) launched a search operation in the villages south of Kirkuk on Tuesday.',
               "Kirkuk's provincial council met on Monday to discuss the budget for the coming year."]
    clean, noisy = engines["script", "ar"]
    noisy.kind, noisy.seed = "end", 0
    truth = [h[0] for h in clean.translate_batch([EngineRequest(s, with_alignment=True) for s in sources])]
    drafts = draft_with_glossary(noisy, sources, get_profile("ar"), glossary)
    for source, model, result in zip(sources, truth, drafts):
        assert words_damaged(source, model, result.text, glossary, "ar") == [], (source, model.text, result.text)
