"""draft_with_glossary: either every approved term is in the draft or the unit is flagged; no token leaks."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.languages import get_profile
from l10n.engine.fake import FakeEngine
from l10n.records import Hypothesis, Term
from l10n.project import EngineSettings
from l10n.terms import Glossary, check_terms, draft_with_glossary, read_glossary
from l10n.terms.check import missing_terms

AR, CKB, TK = get_profile("ar"), get_profile("ckb"), get_profile("tk")
GLOSSARY = Glossary(
    (
        Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك", "ckb": "کەرکووک", "tk": "Kerkük"}, forbidden={"tk": ("Kirkuk",)}),
        Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "قوات الأمن العراقية", "tk": "Irak Güvenlik Güçleri"}),
        Term(id="peshmerga", forms=("Peshmerga",), targets={"ar": "البيشمركة", "ckb": "پێشمەرگە", "tk": "Peşmerge"}),
    )
)


def by_pass(plain, placeholder=None, prefix=None):
    """A script answering the plain, placeholder and prefix passes differently."""

    def script(request):
        if request.target_prefix:
            return prefix(request) if callable(prefix) else prefix or [request.target_prefix]
        if "⟦T" in request.source:
            return placeholder(request) if callable(placeholder) else placeholder or [request.source]
        return plain(request) if callable(plain) else plain

    return script


def draft(script, sources, profile=AR, glossary=GLOSSARY):
    engine = FakeEngine(script)
    return draft_with_glossary(engine, sources, profile, glossary), engine


def assert_contract(drafts, sources, profile, glossary=GLOSSARY):
    for source, result in zip(sources, drafts, strict=True):
        assert "⟦" not in result.text and "⟧" not in result.text
        missing = {hit.term.id for hit in missing_terms(result.text, glossary.find_for(source, profile.code), profile)}
        flagged = {hit.term.id for hit in result.term_hits if hit.outcome == "missing"}
        assert missing == flagged
        if result.strategy == "flagged":
            assert result.findings
        else:
            assert result.findings == () and check_terms(source, result.text, profile, glossary) == []


def test_no_engine_returns_nothing():
    assert draft_with_glossary(None, ["Kirkuk"], AR, GLOSSARY) == []


def test_first_plain_hypothesis_with_the_term_is_kept():
    (result,), engine = draft(by_pass(["في كركوك اليوم", "x"]), ["In Kirkuk today"])
    assert (result.text, result.strategy, [h.outcome for h in result.term_hits]) == ("في كركوك اليوم", "plain", ["kept"])
    assert result.notes == ("glossary: Kirkuk → كركوك",) and len(engine.batches) == 1


def test_later_n_best_hypothesis_is_chosen():
    (result,), _ = draft(by_pass(["في مدينة كيركوك", "في كركوك"]), ["In Kirkuk"])
    assert (result.text, result.strategy) == ("في كركوك", "n-best")


def test_placeholder_restored_with_arabic_clitics():
    sources = ["Aid reached the Peshmerga and Kirkuk"]
    (result,), engine = draft(by_pass(["وصلت المساعدات"], ["وصلت المساعدات لل⟦T0⟧ و⟦T1⟧"]), sources)
    assert result.text == "وصلت المساعدات للبيشمركة وكركوك"
    assert result.strategy == "placeholder" and {h.outcome for h in result.term_hits} == {"forced"}
    assert engine.batches[1][0].source == "Aid reached the ⟦T0⟧ and ⟦T1⟧"
    assert_contract([result], sources, AR)


def test_reordered_placeholders_are_restored_in_place():
    (result,), _ = draft(by_pass(["x"], ["⟦T1⟧ ثم ⟦T0⟧"]), ["The Peshmerga and the ISF"])
    assert result.text == "قوات الأمن العراقية ثم البيشمركة"


def test_turkish_suffix_after_the_placeholder_is_kept():
    (result,), _ = draft(by_pass(["Kirkuk'te"], ["Koalisyon ⟦T0⟧'te"]), ["The coalition in Kirkuk"], TK)
    assert result.text == "Koalisyon Kerkük'te"


def test_sorani_suffix_glued_to_the_placeholder():
    (result,), _ = draft(by_pass(["x"], ["سەربازێک لە ⟦T0⟧دا"]), ["A soldier in Kirkuk"], CKB)
    assert result.text == "سەربازێک لە کەرکووکدا"


@pytest.mark.parametrize(
    "mangled",
    ["⟦T0 في المدينة", "T0⟧ في المدينة", "⟦ T9 ⟧ في المدينة", "⁇ T0 ⁇ في المدينة", "في المدينة", "⟦T0⟧ ⟦T0 ⟦T1⟧"],
)
def test_lost_or_mangled_placeholder_is_flagged_and_never_leaks(mangled):
    sources = ["The base in Kirkuk"]
    (result,), _ = draft(by_pass(["القاعدة في Kirkuk"], [mangled], lambda r: [r.target_prefix + " ⟦T0⟧"]), sources)
    assert result.strategy == "flagged" and result.text == "القاعدة في Kirkuk"
    assert [h.outcome for h in result.term_hits] == ["missing"]
    assert result.findings[0].check == "glossary" and "كركوك" in result.findings[0].message
    assert "glossary: FLAG Kirkuk → كركوك is missing from this draft; insert it" in result.notes
    assert_contract([result], sources, AR)


def test_duplicated_placeholder_is_forced_with_a_target_prefix():
    sources = ["Troops left Kirkuk for Kirkuk airport"]

    def prefix(request):
        return [request.target_prefix + " إلى مطار ⟦T1⟧"]

    (result,), engine = draft(by_pass(["غادرت القوات"], ["غادرت القوات ب⟦T0⟧ ⟦T0⟧ ⟦T1⟧"], prefix), sources)
    assert engine.batches[2][0].target_prefix == "غادرت القوات بكركوك"
    assert result.text == "غادرت القوات بكركوك إلى مطار كركوك"
    assert result.strategy == "prefix"
    assert_contract([result], sources, AR)


@pytest.mark.parametrize("echo", ["{p} {p} ثم غادرت", "{p}{p} ثم غادرت"])
def test_prefix_echoed_by_the_engine_is_not_doubled(echo):
    sources = ["Kirkuk was handed over"]
    script = by_pass(["سلمت"], ["⟦T0⟧ ⟦T0⟧ سلمت"], lambda r: [echo.format(p=r.target_prefix)])
    (result,), _ = draft(script, sources)
    assert result.text == "كركوك ثم غادرت"


def test_lost_placeholder_of_a_unit_opening_term_is_forced_at_the_start():
    (result,), engine = draft(by_pass(["Kirkuk, جندي"], ["جندي"], lambda r: [r.target_prefix + "، جندي"]), ["Kirkuk, a soldier"])
    assert engine.batches[2][0].target_prefix == "كركوك"
    assert (result.text, result.strategy) == ("كركوك، جندي", "prefix")


def test_prefix_not_returned_by_the_engine_is_rejected():
    (result,), _ = draft(by_pass(["Kirkuk, جندي"], ["جندي"], ["جندي فقط"]), ["Kirkuk, a soldier"])
    assert result.strategy == "flagged"


def test_forbidden_rendering_rejects_a_hypothesis():
    (result,), _ = draft(by_pass(["Kerkük ve Kirkuk", "Kerkük'te"]), ["In Kirkuk"], TK)
    assert result.text == "Kerkük'te"


def test_forbidden_rendering_in_the_fallback_is_a_finding():
    (result,), _ = draft(by_pass(["Kirkuk"], ["Kirkuk"], ["Kirkuk"]), ["Kirkuk"], TK)
    assert result.strategy == "flagged" and len(result.findings) == 2


def test_units_without_terms_share_the_batches_and_leak_nothing():
    sources = ["Hello", "In Kirkuk", "World ⟦ok⟧"]
    script = by_pass(lambda r: {"Hello": ["مرحبا ⟦T0⟧"], "World ⟦ok⟧": ["عالم ⟦ok⟧"]}.get(r.source, ["x"]), ["في ⟦T0⟧"])
    results, engine = draft(script, sources)
    assert [r.text for r in results] == ["مرحبا", "في كركوك", "عالم ⟦ok⟧"]
    assert [len(batch) for batch in engine.batches] == [3, 1]
    assert [r.n_best for r in engine.batches[0]] == [1, 4, 1]


def test_empty_engine_output_is_flagged():
    (result,), _ = draft(lambda r: [], ["In Kirkuk"])
    assert (result.text, result.strategy) == ("", "flagged")


def test_one_batch_per_pass_whatever_the_number_of_units():
    sources = [f"Unit {n} in Kirkuk" for n in range(50)]
    results, engine = draft(by_pass(["x"], lambda r: ["⟦T0⟧ ⟦T0⟧"], lambda r: [r.target_prefix]), sources)
    assert [len(batch) for batch in engine.batches] == [50, 50, 50]
    assert all(r.text == "كركوك" and r.strategy == "prefix" for r in results)


# --- the contract for arbitrary engine output ------------------------------------

PIECES = st.sampled_from(
    ["⟦T0⟧", "⟦T1⟧", "⟦T2⟧", "⟦T0", "T1⟧", "⟦ T0 ⟧", "⟦t1⟧", "⁇", "T0", "⟦", "⟧", "ل", "و", "بال", "'te", "دا",
     "كركوك", "كرك", "البيشمركة", "قوات الأمن", "العراقية", "Kerkük", "Kirkuk", "Peşmerge", "Irak", " ", " ", "في", "the"]
)
OUTPUT = st.lists(PIECES, max_size=12).map("".join)


class DrawingEngine:
    """Answers each request with outputs drawn by hypothesis, sometimes echoing the target prefix."""

    def __init__(self, data):
        self.data = data

    def translate_batch(self, requests, progress=None):
        results = []
        for request in requests:
            outputs = self.data.draw(st.lists(OUTPUT, min_size=0, max_size=request.n_best))
            if request.target_prefix and self.data.draw(st.booleans()):
                outputs = [request.target_prefix + text for text in outputs]
            results.append([Hypothesis(text) for text in outputs])
        return results


SOURCES = st.lists(
    st.sampled_from(["In Kirkuk", "The Peshmerga and the ISF in Kirkuk", "Hello", "Kirkuk, Kirkuk", "ISF Peshmerga ISF", "no terms ⟦T0⟧"]),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), sources=SOURCES, lang=st.sampled_from(["ar", "ckb", "tk"]))
def test_contract_holds_for_any_engine_output(data, sources, lang):
    profile = get_profile(lang)
    drafts = draft_with_glossary(DrawingEngine(data), sources, profile, GLOSSARY)
    assert len(drafts) == len(sources)
    for source, result in zip(sources, drafts):
        if "⟦" not in source:
            assert "⟦" not in result.text and "⟧" not in result.text and "⁇" not in result.text
    assert_contract([d for s, d in zip(sources, drafts) if "⟦" not in s], [s for s in sources if "⟦" not in s], profile)


# --- the real path: stand-in copy packages (they copy, never translate) ------------


@pytest.mark.parametrize(("package", "lang"), [("translate-en_ar", "ar"), ("translate-en_tr", "tk"), ("translate-en_mul", "ckb")])
def test_real_engine_on_standin_packages(standin_packages_dir, package, lang):
    from l10n.engine.argos import ArgosEngine
    from l10n.engine.packages import read_package

    profile = get_profile(lang)
    to_code = "tr" if lang == "tk" else lang
    engine = ArgosEngine(read_package(Path(standin_packages_dir) / package), to_code, EngineSettings())
    glossary = read_glossary(Path(__file__).resolve().parent.parent / "glossary")
    sources = [
        "The US-led coalition withdrew from the K1 military base in Kirkuk and handed it to the ISF.",
        "The Peshmerga forces and the Iraqi Security Forces met in Erbil.",
        "Nothing to enforce here.",
    ]
    drafts = draft_with_glossary(engine, sources, profile, glossary)
    assert_contract(drafts, sources, profile, glossary)
    assert drafts[2].text == sources[2] and drafts[2].term_hits == ()
    assert any(hit.outcome == "forced" for hit in drafts[0].term_hits)
