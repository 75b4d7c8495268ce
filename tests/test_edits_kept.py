"""A translator's work is never lost and never churned (issue 14).

Saves made while a run drafts (by another process, with polib, msgcat or a
rename as Poedit saves, at random points) survive; files are written the way GNU gettext writes them, so a
msgcat re-save followed by an unchanged run changes no byte; an unchanged run
writes nothing; TBX export → import leaves terms.csv as it was.  The engine is
the FakeEngine (it copies the source behind a language mark), so these tests
prove file handling, not translation.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

import po_saver
from helpers import BASE, copying_engine, make_project, msgfmt_ok, write_article
from l10n.core.records import unit_id
from l10n.errors import GlossaryError
from l10n.files import atomic
from l10n.pipeline import translate
from l10n.review import open_review
from l10n.stages import pofiles
from l10n.stages.terms import export_tbx, import_tbx

ROOT = Path(__file__).resolve().parents[1]
NEW = "A statement from the ministry later confirmed the date of the handover and thanked the coalition for its support."
EDIT = "ترجمة راجعها المحرر أثناء التشغيل"
TRIALS = 200


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(path), wrapwidth=0) if not e.obsolete}


@pytest.fixture
def drafted(tmp_path):
    """A project whose catalog holds drafts of BASE, and an article that has since gained NEW."""
    project = make_project(tmp_path / "desk")
    article = write_article(project.root, BASE)
    translate(project, [article], engine_factory=copying_engine())
    write_article(project.root, [*BASE, NEW])
    return project, article, project.catalog_path("story", "ar")


def assert_edit_kept_and_new_unit_drafted(path: Path) -> None:
    found = entries(path)
    assert found[BASE[1]].msgstr == EDIT and not found[BASE[1]].fuzzy
    assert found[NEW].msgstr == f"[ar] {NEW}" and found[NEW].fuzzy
    assert msgfmt_ok(path)


# --- saves during a run ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["polib", "msgcat", "rename", "poedit"])
def test_a_save_made_while_the_run_drafts_is_kept_and_the_new_units_are_merged_in(drafted, mode):
    project, article, path = drafted
    report = translate(project, [article], engine_factory=copying_engine(during=lambda: po_saver.save(mode, str(path), 1, EDIT)))
    assert_edit_kept_and_new_unit_drafted(path)
    assert [n for n in report.notices if "saved by someone else during the run" in n] == [
        f"{path}: saved by someone else during the run; their edits are kept and this run's drafts were merged in."
    ]


def test_a_save_in_l10n_review_while_the_run_drafts_is_kept_and_the_new_units_are_merged_in(drafted):
    project, article, path = drafted
    review = open_review(project, article)
    saved = []
    translate(project, [article], engine_factory=copying_engine(
        during=lambda: saved.append(review.save("ar", unit_id(BASE[1]), EDIT, approve=True, seen=None).status)))
    assert saved == ["saved"]
    assert_edit_kept_and_new_unit_drafted(path)


def test_a_save_landing_between_the_check_and_the_swap_is_merged_not_lost(drafted, monkeypatch):
    project, article, path = drafted
    real_exchange, saved = atomic.exchange, []

    def save_first(a, b):
        if not saved:
            saved.append(po_saver.save("polib", str(path), 1, EDIT))
        return real_exchange(a, b)

    monkeypatch.setattr(pofiles, "exchange", save_first)
    report = translate(project, [article], engine_factory=copying_engine())
    assert saved
    assert_edit_kept_and_new_unit_drafted(path)
    assert any("their edits are kept" in n for n in report.notices)


def test_without_rename_exchange_a_save_before_the_check_is_still_merged(drafted, monkeypatch):
    project, article, path = drafted
    monkeypatch.setattr(pofiles, "exchange", lambda a, b: False)
    translate(project, [article], engine_factory=copying_engine(during=lambda: po_saver.save("msgcat", str(path), 1, EDIT)))
    assert_edit_kept_and_new_unit_drafted(path)


def test_a_catalog_left_half_saved_is_left_alone_with_one_line_saying_what_to_do(drafted, monkeypatch):
    project, article, path = drafted
    monkeypatch.setattr(pofiles, "SETTLE_SECONDS", 0.2)
    half = path.read_bytes()[:200]
    report = translate(project, [article], engine_factory=copying_engine(during=lambda: path.write_bytes(half)))
    assert path.read_bytes() == half
    assert [n for n in report.notices if n.startswith(f"{path}: left as it is")] == [
        f"{path}: left as it is (it changed during the run and does not pass msgfmt --check now); "
        "re-run `l10n translate` for this article to draft what it still needs."
    ]
    assert path not in report.written and [row.path for row in report.languages] == []  # no drafts claimed for it


def test_a_catalog_that_kept_changing_is_not_reported_as_drafted(drafted, monkeypatch):
    project, article, path = drafted
    monkeypatch.setattr(pofiles, "SAVE_ATTEMPTS", 0)   # the first save seen during the run is one too many
    report = translate(project, [article], engine_factory=copying_engine(during=lambda: po_saver.save("polib", str(path), 1, EDIT)))
    assert entries(path)[BASE[1]].msgstr == EDIT and NEW not in entries(path)
    assert [n for n in report.notices if n.startswith(f"{path}: left as it is (it kept changing")]
    assert path not in report.written and report.languages == ()
    assert translate(project, [article], engine_factory=copying_engine()).languages[0].drafted == 1  # the next run drafts it



def test_a_reviewed_draft_the_translator_empties_during_a_run_stays_empty(drafted):
    """An approved l10n draft keeps its provenance; emptying it is the translator rejecting that text, not a unit to refill."""
    project, article, path = drafted
    po = polib.pofile(str(path), wrapwidth=0)
    po[1].flags = []                                   # approved as drafted, as `l10n approve` does
    po.save()

    def reject():
        po = polib.pofile(str(path), wrapwidth=0)
        po[1].msgstr = ""
        po.save()

    report = translate(project, [article], engine_factory=copying_engine(during=reject))
    found = entries(path)
    assert found[BASE[1]].msgstr == "" and found[NEW].msgstr == f"[ar] {NEW}"
    assert any("their edits are kept" in n for n in report.notices)

@pytest.mark.stress
def test_concurrent_saves_from_another_process_are_never_lost(tmp_path):
    """TRIALS runs that each draft a new unit while a second process saves an edit at a random moment."""
    project = make_project(tmp_path / "desk")
    article = write_article(project.root, BASE)
    translate(project, [article], engine_factory=copying_engine())
    path = project.catalog_path("story", "ar")
    baseline = path.read_bytes()
    saver = subprocess.Popen([sys.executable, str(Path(po_saver.__file__))], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rng = random.Random(14)
    merged = drafted_after_merge = 0
    run_seconds = 0.3  # saves are spread over the length of the previous run, so most land inside one
    try:
        for trial in range(TRIALS):
            mode = ("polib", "msgcat", "rename")[trial % 3]
            path.write_bytes(baseline)
            new = f"Trial {trial} added this sentence to the story after the first drafts were made."
            write_article(project.root, [*BASE, new])
            index, edit = rng.randrange(len(BASE)), f"تعديل-المحرر-{trial}"
            saver.stdin.write(f"{mode} {rng.uniform(0.0, run_seconds):.3f} {path} {index} {edit}\n")
            saver.stdin.flush()
            started = time.monotonic()
            report = translate(project, [article], engine_factory=copying_engine(delay=0.02))
            run_seconds = time.monotonic() - started
            assert saver.stdout.readline() == "saved\n"
            found = entries(path)
            assert found[BASE[index]].msgstr == edit, (trial, mode)
            assert msgfmt_ok(path) and msgfmt_ok(project.template_path("story")), trial
            if any("their edits are kept" in n for n in report.notices):
                merged += 1
                drafted_after_merge += bool(found.get(new) and found[new].msgstr)
    finally:
        saver.stdin.close()
        saver.wait(timeout=30)
    print(f"{TRIALS} trials: {merged} saves landed mid-run and were merged, {drafted_after_merge} of them with the new draft")
    assert merged > 0  # the saves did land during runs, not only before or after them


# --- byte-stable, editor-stable files -------------------------------------------------------------


@pytest.fixture
def three_languages(tmp_path):
    project = make_project(tmp_path / "desk", targets=("ar", "ckb", "tk"))
    article = write_article(project.root, [*BASE, NEW])
    translate(project, [article], engine_factory=copying_engine())
    return project, article


def catalog_files(project) -> list[Path]:
    return sorted((project.root / "locales").rglob("*.po*"))


def test_files_are_written_as_gnu_gettext_writes_them(three_languages):
    project, _article = three_languages
    for path in catalog_files(project):
        resaved = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert resaved == path.read_bytes(), path
    assert f'msgid ""\n"{NEW[:20]}' in project.catalog_path("story", "ar").read_text(encoding="utf-8")  # wrapped at 79


def test_msgcat_resave_then_an_unchanged_run_changes_no_byte(three_languages):
    project, article = three_languages
    for path in catalog_files(project):
        subprocess.run(["msgcat", "--width=79", str(path), "-o", str(path)], check=True)
    saved = {path: path.read_bytes() for path in catalog_files(project)}
    translate(project, [article], engine_factory=copying_engine())
    assert {path: path.read_bytes() for path in catalog_files(project)} == saved


def test_an_unchanged_run_writes_nothing_and_bumps_no_date(three_languages):
    project, article = three_languages
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino) for path in catalog_files(project)}
    time.sleep(0.01)
    translate(project, [article], engine_factory=copying_engine())
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino) for path in catalog_files(project)} == before


def test_catalogs_written_unwrapped_by_an_older_l10n_are_rewrapped_by_the_next_run_that_changes_them(three_languages):
    project, article = three_languages
    path = project.catalog_path("story", "ar")
    unwrapped = polib.pofile(str(path), wrapwidth=0)
    path.write_text(str(unwrapped), encoding="utf-8")
    old = path.read_bytes()
    translate(project, [article], engine_factory=copying_engine())
    assert path.read_bytes() == old  # the same content in another layout: nothing to write (as msgmerge --update)
    write_article(project.root, [*BASE, NEW, "Markets in Kirkuk reopened on Sunday."])
    translate(project, [article], engine_factory=copying_engine())
    once = path.read_bytes()
    assert once == subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    translate(project, [article], engine_factory=copying_engine())
    assert path.read_bytes() == once


# --- the glossary ---------------------------------------------------------------------------------


def test_tbx_export_then_import_leaves_the_glossary_unchanged_in_git(tmp_path):
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.csv").write_bytes((ROOT / "glossary" / "terms.csv").read_bytes())
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "glossary/terms.csv"], check=True)
    subprocess.run([*git, "commit", "-qm", "desk glossary"], check=True)
    export_tbx(glossary, tmp_path / "out.tbx")
    import_tbx(tmp_path / "out.tbx", glossary)
    assert subprocess.run([*git, "diff", "--exit-code", "--stat"], capture_output=True).returncode == 0


def test_tbx_import_keeps_the_order_of_english_forms_and_adds_new_ones_last(tmp_path):
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.csv").write_text("id,en,ar\npmf,Popular Mobilization Forces | PMF | Hashd al-Shaabi,الحشد الشعبي\n", encoding="utf-8")
    (tmp_path / "in.tbx").write_bytes(export_tbx_bytes(tmp_path, "id,en,ar\npmf,PMU | PMF,الحشد الشعبي\n"))
    merged = import_tbx(tmp_path / "in.tbx", glossary)
    assert merged.terms[0].forms == ("Popular Mobilization Forces", "PMF", "Hashd al-Shaabi", "PMU")


def export_tbx_bytes(tmp_path: Path, csv_text: str) -> bytes:
    other = tmp_path / "other"
    other.mkdir()
    (other / "terms.csv").write_text(csv_text, encoding="utf-8")
    return export_tbx(other, tmp_path / "other.tbx").read_bytes()


def test_a_glossary_saved_during_an_import_is_never_overwritten(tmp_path, monkeypatch):
    from l10n.stages.terms import store

    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.csv").write_text("id,en,ar\nk1,K1,K1\n", encoding="utf-8")
    (tmp_path / "in.tbx").write_bytes(export_tbx_bytes(tmp_path, "id,en,ar\nisf,ISF,قوات الأمن العراقية\n"))
    translator_save = "id,en,ar\nk1,K1 | K-1,K1\n"
    real_read = store.read_tbx

    def read_while_a_translator_saves(path):
        (glossary / "terms.csv").write_text(translator_save, encoding="utf-8")
        return real_read(path)

    monkeypatch.setattr(store, "read_tbx", read_while_a_translator_saves)
    with pytest.raises(GlossaryError, match=r"saved by someone else during the import; nothing was written, run `l10n glossary import"):
        import_tbx(tmp_path / "in.tbx", glossary)
    assert (glossary / "terms.csv").read_text(encoding="utf-8") == translator_save


def test_a_tbx_import_adding_one_term_changes_one_line_of_the_desk_glossary(tmp_path):
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    desk = (ROOT / "glossary" / "terms.csv").read_text(encoding="utf-8")
    (glossary / "terms.csv").write_text(desk, encoding="utf-8")
    header = desk.split("\n", 1)[0]
    (tmp_path / "in.tbx").write_bytes(export_tbx_bytes(tmp_path, f"{header}\n" + "fuel,Fuel depot" + "," * (header.count(",") - 1) + "\n"))
    import_tbx(tmp_path / "in.tbx", glossary)
    assert (glossary / "terms.csv").read_text(encoding="utf-8") == desk + "fuel,Fuel depot" + "," * (header.count(",") - 1) + "\n"
