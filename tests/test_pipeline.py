"""The whole workflow on the sample article, through the real engine path on tiny stand-in packages.

The stand-in models copy their input (they do not translate), so these tests
prove structure, provenance, merging and reuse, not translation quality.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.project import load_project
from l10n.pipeline import translate
from l10n.stages.catalog import EntryState, entry_state
from l10n.stages.engine import load_engine
from l10n.stages.read import read_article
from l10n.stages.segment import segment_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
SLUG = "k1-qayyarah-withdrawal"


@pytest.fixture(scope="session")
def ar_tr_packages(tmp_path_factory, tiny_package_factory):
    """Only en->ar and en->tr, like the public Argos index: no Sorani model."""
    packages = tmp_path_factory.mktemp("ar-tr-packages")
    tiny_package_factory(packages, to_code="ar")
    tiny_package_factory(packages, to_code="tr")
    return packages


def make_project(root: Path, packages: Path | None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "glossary", root / "glossary", dirs_exist_ok=True)  # configured folders stay inside the project
    settings = []
    if packages is not None:
        settings.append(f'packages_dir = "{packages}"')
    (root / "l10n.toml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    shutil.copy(SAMPLE, root / SAMPLE.name)
    return root


class CountingFactory:
    """engine_factory that records every source sent to the model."""

    def __init__(self):
        self.loaded: list[str] = []
        self.sources: dict[str, list[str]] = {}

    def __call__(self, project, profile):
        engine = load_engine(project, profile)
        if engine is None:
            return None
        self.loaded.append(profile.code)
        sent = self.sources.setdefault(profile.code, [])

        class Counting:
            id, target, fingerprint = engine.id, engine.target, ""

            def translate_batch(self, requests, progress=None):
                sent.extend(r.source for r in requests if r.n_best == 1)  # not the glossary's terms on their own
                return engine.translate_batch(requests, progress)

        return Counting()


def run(root: Path, factory=None, paths=None):
    project = load_project(root)
    return translate(project, paths or [root / SAMPLE.name], engine_factory=factory)


def catalog(root: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"), wrapwidth=0)


def msgfmt_ok(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def test_sample_article_becomes_a_template_and_three_catalogs(tmp_path, ar_tr_packages):
    root = make_project(tmp_path / "desk", ar_tr_packages)
    report = run(root)
    units = segment_article(read_article(SAMPLE), slug=SLUG, source_path=SAMPLE.name).units
    sources = list(dict.fromkeys(u.source for u in units))
    assert len(sources) == 17 and not any("Instagram" in s or s.startswith("•") for s in sources)

    pot = polib.pofile(str(root / "locales" / f"{SLUG}.pot"))
    assert [e.msgid for e in pot] == sources
    assert pot[0].occurrences == [(SAMPLE.name, "1")] and "role: title" in pot[0].comment
    for lang in ("ar", "ckb", "tk"):
        path = root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"
        assert msgfmt_ok(path), path
        po = catalog(root, lang)
        assert [e.msgid for e in po] == sources
        assert po.metadata["Language"] == get_profile(lang).tag and "nplurals=" in po.metadata["Plural-Forms"]

    for lang in ("ar", "tk"):
        for entry in catalog(root, lang):
            assert entry.msgstr and entry_state(entry) is EntryState.DRAFT
            assert re.search(r"l10n: draft by .*argos translate-en_(ar|tr) 0\.0\.1", entry.comment), entry.comment
    tk = catalog(root, "tk")
    assert "Turkmen-oriented" in tk.metadata["X-L10n-Note"] and "Turkmen-oriented" in tk.header
    assert all("adapted from tr" in e.comment for e in tk)
    assert all(e.msgstr == "" for e in catalog(root, "ckb"))
    notices = [n for n in report.notices if "ckb" in n]
    assert len(notices) == 1 and "l10n models install" in notices[0]
    by_lang = {r.lang: r for r in report.languages}
    assert by_lang["ar"].drafted == 17 and by_lang["ckb"].empty == 17


def test_glossary_terms_are_enforced_and_hinted(tmp_path, ar_tr_packages):
    root = make_project(tmp_path / "desk", ar_tr_packages)
    run(root)
    ar = {e.msgid: e for e in catalog(root, "ar")}
    first = ar["The US-led coalition started withdrawing from the K1 and Qayyarah military bases and will hand them over to the Iraqi Security Forces (ISF)."]
    assert "قوات الأمن العراقية" in first.msgstr
    assert "l10n: glossary: Iraqi Security Forces → قوات الأمن العراقية" in first.comment
    assert "⟦" not in "".join(e.msgstr for e in ar.values())


def test_human_work_survives_an_edited_article_and_only_changed_units_are_drafted(tmp_path, ar_tr_packages):
    root = make_project(tmp_path / "desk", ar_tr_packages)
    run(root)
    path = root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    po = catalog(root, "ar")
    kept = "The statement shows that the international coalition will relocate its troops, and the relocation plan had long been discussed with the Iraqi government."
    changed_reviewed = "The international coalition withdrew its 300 personnel from the K1 military base and transferred one million dollars of property to the ISF in the base."
    changed_draft = "On March 26, the coalition also withdrew from Qayyarah military base and handed over to ISF."
    deleted = "The US force later used the base in 2003."
    for entry in po:
        if entry.msgid in (kept, changed_reviewed):
            entry.msgstr = f"ترجمة مراجعة: {entry.msgid[:20]}"
            entry.flags.remove("fuzzy")
            entry.tcomment = "checked with the desk, keep \"as is\""
    po.save(str(path))
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)  # Poedit-like re-save
    before = {e.msgid: (e.msgstr, e.tcomment, list(e.flags)) for e in catalog(root, "ar")}

    text = SAMPLE.read_text(encoding="utf-8")
    added = "Residents of Kirkuk said they heard helicopters over the city at dawn."
    text = text.replace("its 300 personnel", "its 350 personnel").replace(" " + deleted, "")
    text = text.replace("On March 26, the coalition also", "On March 27, the coalition also")
    text = text.replace("  • FB", added + "\n\n  • FB")
    (root / SAMPLE.name).write_text(text, encoding="utf-8")

    counting = CountingFactory()
    run(root, counting)
    after = {e.msgid: e for e in catalog(root, "ar")}
    assert (after[kept].msgstr, after[kept].tcomment, list(after[kept].flags)) == before[kept]
    new_reviewed = changed_reviewed.replace("300", "350")
    assert after[new_reviewed].msgstr == before[changed_reviewed][0]
    assert after[new_reviewed].tcomment == before[changed_reviewed][1]
    assert "fuzzy" in after[new_reviewed].flags and after[new_reviewed].previous_msgid == changed_reviewed
    obsolete = {e.msgid for e in catalog(root, "ar").obsolete_entries()}
    assert deleted in obsolete
    first_pass = set(counting.sources["ar"])  # a target-prefix pass only resends units of the first
    assert first_pass == {added, changed_draft.replace("26", "27")}
    assert msgfmt_ok(path)


def test_second_run_over_an_unchanged_article_loads_no_model(tmp_path, ar_tr_packages):
    root = make_project(tmp_path / "desk", ar_tr_packages)
    run(root)
    snapshot = {p: p.read_bytes() for p in (root / "locales").rglob("*") if p.is_file()}
    counting = CountingFactory()
    run(root, counting)
    assert counting.loaded == [] and counting.sources == {}
    assert {p: p.read_bytes() for p in (root / "locales").rglob("*") if p.is_file()} == snapshot


# A reviewed translation of the sample's fourth sentence that passes QA (terms, numbers), as a memory match must.
REVIEWED_AR = ("بدأ التحالف الدولي بقيادة الولايات المتحدة الانسحاب من قاعدتي K1 والقيارة العسكريتين "
               "وسيسلمهما إلى قوات الأمن العراقية (قوات الأمن العراقية).")


def test_memory_prefills_a_second_article_sharing_reviewed_sentences(tmp_path, ar_tr_packages):
    root = make_project(tmp_path / "desk", ar_tr_packages)
    run(root)
    path = root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    po = catalog(root, "ar")
    shared = po[3].msgid
    po[3].msgstr = REVIEWED_AR
    po[3].flags.remove("fuzzy")
    po.save(str(path))
    second = root / "follow-up.txt"
    second.write_text(f"Coalition hands over bases\n\n{shared} A new sentence about the handover followed.\n", encoding="utf-8")

    counting = CountingFactory()
    run(root, counting, paths=[second])
    follow = {e.msgid: e for e in polib.pofile(str(root / "locales" / "ar" / "LC_MESSAGES" / "follow-up.po"))}
    assert follow[shared].msgstr == REVIEWED_AR and "fuzzy" not in follow[shared].flags
    assert "memory: exact match" in follow[shared].comment
    assert shared not in counting.sources.get("ar", [])


def test_multilingual_package_drafts_sorani_and_its_prefixes_never_leak(tmp_path, standin_packages_dir):
    root = make_project(tmp_path / "desk", standin_packages_dir)
    run(root)
    ckb = catalog(root, "ckb")
    assert all(e.msgstr for e in ckb)
    text = "".join(e.msgstr for e in ckb)
    assert ">>ckb<<" not in text and "ckb_Arab" not in text
    assert all("argos translate-en_mul" in e.comment for e in ckb)


def test_no_package_at_all_writes_empty_catalogs_and_one_line_per_language(tmp_path):
    root = make_project(tmp_path / "desk", tmp_path / "no-packages")
    result = subprocess.run([sys.executable, "-m", "l10n.cli", "translate", SAMPLE.name, "-q"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and all("package installed" in line for line in lines)
    assert all(e.msgstr == "" for lang in ("ar", "ckb", "tk") for e in catalog(root, lang))


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare (util-linux) is not installed")
def test_the_whole_run_works_with_the_network_cut_off(tmp_path, ar_tr_packages):
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode().strip()}")
    root = make_project(tmp_path / "desk", ar_tr_packages)
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "l10n.cli", "translate", SAMPLE.name, "-q"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert all(e.msgstr for e in catalog(root, "ar"))


def test_without_a_sorani_model_a_unit_that_is_one_glossary_term_is_still_filled(tmp_path):
    root = make_project(tmp_path / "desk", tmp_path / "no-packages")
    article = root / "dateline.txt"
    article.write_text("Kirkuk\n\nThe governor of Kirkuk met tribal leaders on Sunday to discuss security.\n", encoding="utf-8")
    report = translate(load_project(root), [article])
    ckb = {e.msgid: e for e in polib.pofile(str(root / "locales" / "ckb" / "LC_MESSAGES" / "dateline.po"))}
    assert ckb["Kirkuk"].msgstr == "کەرکووک" and "fuzzy" in ckb["Kirkuk"].flags
    assert "one glossary term" in ckb["Kirkuk"].comment
    assert ckb["The governor of Kirkuk met tribal leaders on Sunday to discuss security."].msgstr == ""
    assert {r.lang: r.reused for r in report.languages}["ckb"] == 1
