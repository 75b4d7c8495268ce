"""l10n eval: reviewed entries drafted again, never from the memory, scored as sacrebleu and the WMT term metric define.

Real engine path on the tiny copy stand-ins (conftest ``standin_packages_dir``),
and scripted engines that misbehave the way real models do (reordered words,
target script, rewritten symbols).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import polib
import pytest
import sacrebleu

import l10n
from l10n import cli
from l10n.commands import evaluate
from l10n.commands.evaluate import EvalDraft, ReviewedEntry, draft_both, score_drafts, term_matches
from l10n.core.languages import get_profile
from l10n.core.project import load_project
from l10n.core.records import Term
from l10n.pipeline import translate
from l10n.stages import terms
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.engine.packages import list_packages, select_package

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
REVIEWED = ROOT / "tests" / "data" / "reviewed"
SLUG = SAMPLE.stem
AR = get_profile("ar")
ARABIC_LETTERS = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنه")


def make_project(root: Path, packages: Path, *, reviewed: bool) -> Path:
    """A desk with the sample article and the glossary; with ``reviewed`` the human-reviewed catalogs too."""
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    shutil.copy(SAMPLE, root / SAMPLE.name)
    if reviewed:
        for source in REVIEWED.glob("*.po"):
            target = root / "locales" / source.stem / "LC_MESSAGES" / f"{SLUG}.po"
            target.parent.mkdir(parents=True)
            shutil.copy(source, target)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under the project, but the project lock."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


def reviewed_pairs(lang: str) -> tuple[list[str], list[str]]:
    po = polib.pofile(str(REVIEWED / f"{lang}.po"))
    entries = [e for e in po if e.msgstr and "fuzzy" not in e.flags and not e.obsolete]
    return [e.msgid for e in entries], [e.msgstr for e in entries]


def engine_for(script):
    """An eval engine factory whose engines answer with ``script``; every engine made is kept."""
    made = []

    def factory(project, package, to_code):
        engine = FakeEngine(lambda request: [script(request.source)] * request.n_best, id=package.label, target=to_code)
        made.append(engine)
        return engine

    factory.made = made
    return factory


def test_reviewed_own_drafts_score_100_and_nothing_is_written(tmp_path, standin_packages_dir):
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=False)
    translate(load_project(root), [root / SAMPLE.name])
    for path in (root / "locales").glob("*/LC_MESSAGES/*.po"):  # the editor accepts every draft as it is
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
    before = snapshot(root)
    report = l10n.evaluate_drafts(root=root)
    assert snapshot(root) == before
    project = load_project(root)
    installed = list_packages(project.argos_packages_dir())
    for code in ("ar", "ckb", "tk"):
        used = select_package(get_profile(code), installed)[0].label
        row = next(r for r in report.rows if r.lang == code and r.package == used and r.glossary)
        assert (row.chrf, row.chrf_low, row.chrf_high, row.chrf_pp) == (100.0, 100.0, 100.0, 100.0)
        assert row.edit_distance == 0.0 and row.length_ratio == 1.0 and row.flagged == 0
        assert row.term_accuracy in (None, 100.0)


@pytest.mark.parametrize("lang", ["ar", "ckb", "tk"])
def test_chrf_equals_sacrebleu_on_the_copy_standin(tmp_path, standin_packages_dir, lang):
    """Without the glossary the copy stand-in's draft is the source, so sacrebleu can be asked directly."""
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    report = l10n.evaluate_drafts(root=root, langs=[lang])
    sources, references = reviewed_pairs(lang)
    expected = sacrebleu.corpus_chrf(sources, [references])
    expected_pp = sacrebleu.corpus_chrf(sources, [references], word_order=2)
    rows = [r for r in report.rows if not r.glossary]
    assert rows and all(r.entries == len(sources) for r in rows)
    for row in rows:
        assert row.chrf == pytest.approx(expected.score, abs=1e-9)
        assert row.chrf_pp == pytest.approx(expected_pp.score, abs=1e-9)
        assert row.chrf_low <= row.chrf <= row.chrf_high


SCRIPTS = {
    "reordered words": lambda source: " ".join(reversed(source.split())),
    "target script": lambda source: source.lower().translate(ARABIC_LETTERS),
    "rewritten symbols": lambda source: source.replace(",", "،").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_memory_never_fills_an_eval_draft(tmp_path, standin_packages_dir, name):
    """The references are in the memory; every reviewed source still reaches the model and chrF is the model's."""
    script = SCRIPTS[name]
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    assert l10n.import_memory(root=root).entries > 0
    project = load_project(root)
    factory = engine_for(script)
    report = evaluate.evaluate(project, langs=["ar"], engine_for=factory)
    sources, references = reviewed_pairs("ar")
    sent = {request.source for engine in factory.made for batch in engine.batches for request in batch}
    assert set(sources) <= sent
    off = next(r for r in report.rows if not r.glossary)
    assert off.chrf == pytest.approx(sacrebleu.corpus_chrf([script(s) for s in sources], [references]).score, abs=1e-9)
    assert off.chrf < 100 and off.edit_distance > 0


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_source_reaches_the_model_once_and_the_off_drafts_equal_plain_drafting(name):
    glossary = terms.read_glossary(ROOT / "glossary")
    sources, _ = reviewed_pairs("ar")
    engine = FakeEngine(lambda request: [SCRIPTS[name](request.source)] * request.n_best)
    on, off = draft_both(engine, sources, AR, glossary, None)
    plain = terms.draft_with_glossary(FakeEngine(lambda request: [SCRIPTS[name](request.source)]), sources, AR, terms.Glossary())
    assert [d.text for d in off] == [d.text for d in plain]
    with_terms = [s for s in sources if glossary.find_for(s, "ar")]
    assert 0 < len(with_terms) < len(sources)
    whole_terms = {s for s in sources if terms.whole_term_rendering(glossary, s, "ar")}
    assert [r.source for r in engine.batches[0]] == sorted((s for s in sources if s not in whole_terms), key=len)  # as translate sends them
    # later batches: prefix re-decodes, the glossary's terms on their own (n-best, enforce.own_renderings), whole-term units
    again = [r.source for batch in engine.batches[1:] for r in batch if not r.target_prefix and r.n_best == 1]
    assert set(again) <= whole_terms  # only a unit the glossary fills by itself is drafted again, without it
    for source, draft_on, draft_off in zip(sources, on, off):
        if source not in with_terms:
            assert draft_on is draft_off


@pytest.mark.parametrize("variant", ["script", "reorder"])
def test_the_off_draft_from_the_shared_pass_is_what_an_empty_glossary_drafts_on_a_stand_in(standin_variants_dir, variant):
    """Asking for the alignment does not change CTranslate2's search, so sharing the pass is exact."""
    from l10n.core.project import EngineSettings
    from l10n.stages.engine.argos import ArgosEngine
    from l10n.stages.engine.packages import read_package

    glossary = terms.read_glossary(ROOT / "glossary")
    sources, _ = reviewed_pairs("ar")
    engine = ArgosEngine(read_package(standin_variants_dir / variant / "translate-en_ar"), "ar", EngineSettings())
    try:
        on, off = draft_both(engine, sources, AR, glossary, None)
        plain = terms.draft_with_glossary(engine, sources, AR, terms.Glossary())
    finally:
        engine.close()
    assert [d.text for d in off] == [d.text for d in plain]
    assert [d.text for d in on] != [d.text for d in off]  # the glossary did change the drafts holding terms


GLOSSARY = terms.Glossary((
    Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك"}),
    Term(id="peshmerga", forms=("Peshmerga",), targets={"ar": "البيشمركة"}),
    Term(id="isf", forms=("Iraqi Security Forces",), targets={"ar": "قوات الأمن العراقية"}),
    Term(id="forces", forms=("security forces",), targets={"ar": "قوات الأمن"}),
))


def test_a_missing_term_lowers_term_accuracy_as_the_metric_defines():
    entries = [
        ReviewedEntry("Kirkuk is calm and Kirkuk is open.", "كركوك هادئة ولكركوك أبواب مفتوحة.", "a"),
        ReviewedEntry("The Peshmerga arrived.", "وصلت البيشمركة.", "a"),
        ReviewedEntry("Peshmerga in Kirkuk.", "البيشمركة في كركوك.", "a"),
        ReviewedEntry("No term here.", "لا مصطلح هنا.", "a"),
    ]
    drafts = [
        EvalDraft("كركوك هادئة ومفتوحة."),       # one of two Kirkuk occurrences
        EvalDraft("وصلت القوات."),               # Peshmerga missing
        EvalDraft("وللبيشمركة في كركوك."),       # both, with clitics
        EvalDraft("لا مصطلح هنا."),
    ]
    row = score_drafts(entries, drafts, AR, GLOSSARY, package="p", drafts_as="ar", glossary_on=True)
    # occurrences in the references: Kirkuk 2 + Peshmerga 1 + Peshmerga 1 + Kirkuk 1 = 5; matched 1 + 0 + 2 = 3
    assert (row.term_matched, row.term_occurrences) == (3, 5)
    assert row.term_accuracy == pytest.approx(60.0)
    assert row.flagged == 1  # the glossary check asks for each term once, so only the second draft fails it
    complete = score_drafts(entries, [EvalDraft(e.reference) for e in entries], AR, GLOSSARY,
                            package="p", drafts_as="ar", glossary_on=True)
    assert complete.term_accuracy == 100.0 and complete.chrf == 100.0


def test_an_output_position_counts_once():
    """'قوات الأمن' inside 'قوات الأمن العراقية' is the longer term's, in the reference and in the draft."""
    source = "Iraqi Security Forces and security forces"
    reference = "قوات الأمن العراقية وقوات الأمن"
    hits = GLOSSARY.find(source)
    assert [hit.term.id for hit in hits] == ["isf", "forces"]
    assert term_matches(reference, "قوات الأمن العراقية", hits, AR) == (1, 2)
    assert term_matches(reference, "قوات الأمن العراقية وقوات الأمن", hits, AR) == (2, 2)
    assert term_matches("قوات الأمن العراقية", "قوات الأمن العراقية وقوات الأمن", hits, AR) == (1, 1)


def test_scores_of_hand_pairs_equal_sacrebleu():
    entries = [ReviewedEntry("On March 29, 1,500 left.", "غادر ١٬٥٠٠ في ٢٩ آذار.", "a"),
               ReviewedEntry("Two bases closed.", "أغلقت قاعدتان.", "a")]
    drafts = [EvalDraft("غادر 1500 شخص."), EvalDraft("أغلقت قاعدتان عسكريتان.")]
    row = score_drafts(entries, drafts, AR, GLOSSARY, package="p", drafts_as="ar", glossary_on=False)
    hypotheses, references = [d.text for d in drafts], [e.reference for e in entries]
    assert row.chrf == pytest.approx(sacrebleu.corpus_chrf(hypotheses, [references]).score, abs=1e-9)
    assert row.chrf_pp == pytest.approx(sacrebleu.corpus_chrf(hypotheses, [references], word_order=2).score, abs=1e-9)
    assert (row.numbers_kept, row.numbers_total) == (1, 2)  # 1,500 kept, 29 lost
    assert row.length_ratio == pytest.approx(sum(map(len, hypotheses)) / sum(map(len, references)))


def test_the_glossary_run_forces_terms_the_copy_model_never_writes(tmp_path, standin_packages_dir):
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    report = l10n.evaluate_drafts(root=root, langs=["ar"])
    on, off = (next(r for r in report.rows if r.glossary is state) for state in (True, False))
    assert on.forced > 0 and off.forced == 0
    assert on.flagged < off.flagged
    assert on.term_accuracy > off.term_accuracy
    assert report.catalogs == (root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po",)


def test_cli_json_and_html_reports(tmp_path, standin_packages_dir, capsys):
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    before = snapshot(root)
    assert cli.main(["eval", str(root / SAMPLE.name), "-C", str(root), "--lang", "ar", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {row["glossary"] for row in data["rows"]} == {True, False}
    assert data["rows"][0]["lang"] == "ar" and "bootstrap" in data["method"]
    out = tmp_path / "report.html"
    assert cli.main(["eval", "-C", str(root), "--package", "translate-en_ar", "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and page.count('class="bar"') == 2
    table = tmp_path / "report.txt"
    assert cli.main(["eval", "-C", str(root), "--lang", "ckb", "-q", "-o", str(table)]) == 0
    text = table.read_text(encoding="utf-8")
    assert "translate-en_mul" in text and "ckb" in text and "bootstrap" in text and "translate-en_ar" not in text
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--format", "xml"], 2, "--format"),
        (["--package", "translate-en_xx"], 2, "translate-en_xx"),
        (["--lang", "xx"], 2, "xx"),          # an unknown --lang is a usage error, as for every command
    ],
)
def test_cli_bad_options_are_one_line(tmp_path, standin_packages_dir, capsys, args, code, words):
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    assert cli.main(["eval", "-C", str(root), *args]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]


def test_no_model_installed_is_one_line_with_what_to_do(tmp_path, capsys):
    root = make_project(tmp_path / "desk", tmp_path / "no-packages", reviewed=True)
    assert cli.main(["eval", "-C", str(root)]) == 5
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "l10n models install" in err[0]


@pytest.mark.parametrize("others", [(), ("translate-en_tr", "translate-en_mul")])
@pytest.mark.parametrize("metadata, says", [("{nope", "metadata.json: not readable JSON"),
                                            (None, "metadata.json: missing; this folder is not an Argos package")])
def test_a_broken_package_is_named_as_translate_names_it(tmp_path, standin_packages_dir, capsys, others, metadata, says):
    """No working package serves ar but a broken one might: eval stops in the line `translate` gives (test_models.py,
    exit MODEL), not with its general 'no installed package serves' (alone) or a notice skipping Arabic (beside
    working packages)."""
    packages = tmp_path / "packages"
    for name in ("translate-en_ar", *others):
        shutil.copytree(standin_packages_dir / name, packages / name)
    if metadata is None:
        (packages / "translate-en_ar" / "metadata.json").unlink()
    else:
        (packages / "translate-en_ar" / "metadata.json").write_text(metadata, encoding="utf-8")
    root = make_project(tmp_path / "desk", packages, reviewed=True)
    before = snapshot(root)
    assert cli.main(["eval", "-C", str(root)]) == 5
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"l10n: {packages / 'translate-en_ar'}: this package is broken and no "
                                               f"other serves en→ar, so Arabic cannot be drafted: {says}"), err
    assert snapshot(root) == before


def test_no_reviewed_entry_is_one_line(tmp_path, standin_packages_dir, capsys):
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=False)
    assert cli.main(["eval", "-C", str(root)]) == 3
    assert "l10n translate" in capsys.readouterr().err
    translate(load_project(root), [root / SAMPLE.name])  # drafts only: all fuzzy
    assert cli.main(["eval", "-C", str(root)]) == 3
    assert "review" in capsys.readouterr().err


def test_a_mistyped_path_is_named(tmp_path, standin_packages_dir, capsys):
    """Before: `l10n eval storyy.txt` said "no catalogs to evaluate under locales/", as if nothing were reviewed."""
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    missing = root / "storyy.txt"
    assert cli.main(["eval", "-C", str(root), str(missing)]) == 3
    assert capsys.readouterr().err == f"l10n: {missing}: no such file or folder, and no catalogs of that name; check the path.\n"


def test_beams_are_compared_side_by_side_with_their_speed(tmp_path, standin_packages_dir, capsys):
    """`--beam 1 --beam 4`: every package drafts at each beam; each row says its beam and drafts per second."""
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    made = []

    def engine_at_beam(project, package, to_code):
        made.append(project.engine.beam_size)
        return evaluate._argos_engine(project, package, to_code)

    report = evaluate.evaluate(load_project(root), langs=["ar"], engine_for=engine_at_beam, beams=(1, 4))
    assert made == [1, 4]
    assert sorted((row.beam, row.glossary) for row in report.rows) == [(1, False), (1, True), (4, False), (4, True)]
    assert all(row.drafts_per_second > 0 for row in report.rows)
    assert cli.main(["eval", "-C", str(root), "--lang", "ar", "--beam", "1", "--beam", "4", "--format", "json"]) == 0
    assert {row["beam"] for row in json.loads(capsys.readouterr().out)["rows"]} == {1, 4}
    for beam in ("0", "17", "1000000000"):   # 16 at most, as beam_size in l10n.toml
        assert cli.main(["eval", "-C", str(root), "--beam", "4", "--beam", beam]) == 2
        assert capsys.readouterr().err.strip().endswith(f"--beam {beam}: a beam size is a whole number from 1 to 16.")



@pytest.mark.parametrize("which", ["first", "shortest"])
def test_a_unit_the_package_fails_on_is_said_and_scored_empty(tmp_path, standin_packages_dir, monkeypatch, which):
    """CTranslate2 failing on one reviewed source (the first one read, or any other) neither stops the eval nor
    passes unseen: the row counts it as no draft, scored as an empty draft, and a notice names it."""
    from l10n.stages.engine import argos

    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    sources, _ = reviewed_pairs("ar")
    bad = sources[0] if which == "first" else min(sources, key=len)
    real = argos.ArgosEngine._submit

    def submit(self, translator, batch, prefixes, *options):
        unit = [*self._source_prefix, *self._tokenizer.encode(bad, out_type=str), *self._source_suffix]
        if unit in batch and not any(prefixes):  # the model's own pass (a forced term's pass: not fixed here)
            raise RuntimeError("out of memory")
        return real(self, translator, batch, prefixes, *options)

    monkeypatch.setattr(argos.ArgosEngine, "_submit", submit)
    report = evaluate.evaluate(load_project(root), langs=["ar"], package_names=["translate-en_ar"])
    assert [row.no_draft for row in report.rows] == [1, 1]
    assert report.notices == ("ar · argos translate-en_ar 0.0.1: no draft for 1 of 17 entries "
                              "(out of memory); each is scored as an empty draft.",)


def test_only_reviewed_translations_of_the_current_source_are_references(tmp_path, standin_packages_dir):
    """Fuzzy, empty and obsolete entries are no reference (a plural one: read_catalog refuses the file); nor is a translation under a msgctxt (not a
    unit l10n drafts: the model never sees the context) or one kept with ``#| msgid`` (made for an older source)."""
    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=False)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    po.append(polib.POEntry(msgid="Kept.", msgstr="محفوظ."))
    po.append(polib.POEntry(msgid="Fuzzy.", msgstr="غامض.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Empty.", msgstr=""))
    po.append(polib.POEntry(msgid="Gone.", msgstr="ذهب.", obsolete=True))
    po.append(polib.POEntry(msgid="Kept.", msgctxt="caption", msgstr="محفوظ (تعليق)."))
    po.append(polib.POEntry(msgid="Changed now.", previous_msgid="Changed.", msgstr="تغير."))
    path = root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    found, _ = evaluate.reviewed_entries(load_project(root), langs=["ar"])
    assert found == {"ar": [ReviewedEntry("Kept.", "محفوظ.", SLUG)]}


def test_every_json_key_is_documented(tmp_path, standin_packages_dir):
    """Scripts read `--format json` by its keys: docs/eval.md lists each one, and no other."""
    from l10n.commands.eval_report import render_json

    root = make_project(tmp_path / "desk", standin_packages_dir, reviewed=True)
    data = json.loads(render_json(l10n.evaluate_drafts(root=root, langs=["ar"], packages=["translate-en_ar"])))
    section = (ROOT / "docs" / "eval.md").read_text(encoding="utf-8").split("## JSON keys")[1].split("\n## ")[0]
    documented = {key for line in section.splitlines() if line.startswith("- `")
                  for key in re.findall(r"`([a-z_]+)`", line.split(": ")[0])}
    assert documented == set(data) | set(data["rows"][0])


def test_tatweel_direction_marks_and_unicode_composition_are_not_scored():
    """chrF, chrF++, length and edit distance read both sides in NFC without tatweel and invisible direction
    marks (typing, not translating); harakat, digits and the ZWNJ of Sorani spelling are scored as written."""
    decomposed = "\u0627\u0653\u0630\u0627\u0631"  # آذار typed as alef + madda
    entries = [ReviewedEntry("In March.", f"\u200fفي {decomposed} الـــماضي.", "a"),
               ReviewedEntry("Two bases.", "قاعدتانِ ٢", "a")]
    drafts = [EvalDraft("في آذار الماضي."), EvalDraft("قاعدتان 2")]
    row = score_drafts(entries, drafts, AR, GLOSSARY, package="p", drafts_as="ar", glossary_on=False)
    references = ["في آذار الماضي.", "قاعدتانِ ٢"]
    assert row.chrf == pytest.approx(sacrebleu.corpus_chrf([d.text for d in drafts], [references]).score, abs=1e-9)
    assert row.chrf_pp == pytest.approx(sacrebleu.corpus_chrf([d.text for d in drafts], [references], word_order=2).score)
    assert row.edit_distance == pytest.approx(50 * (0 + 2 / 10))  # kasra and digit: what a post-editor changes
    assert row.length_ratio == pytest.approx(24 / 25)
    assert evaluate.comparable("کوردی\u200cیە") == "کوردی\u200cیە"
