"""The verbs a desk reaches for: --lang in any case, glossary list/add, tm search, models remove, approve, counts, publish."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from l10n import cli, load_project
from l10n.core.records import Draft, Origin
from l10n.errors import ExitCode
from l10n.stages.catalog import apply_draft, awaits_source_review
from l10n.stages.identity import catalog_name
from l10n.stages import pofiles, qa
from l10n.stages.pofiles import read_catalog

STORY = ("Council approves the school plan\n\n"
         "The council met on Monday in Kirkuk.\n\n"
         "It approved the plan for the schools.\n")
ARABIC = {
    "Council approves the school plan": "المجلس يوافق على خطة المدارس",
    "The council met on Monday in Kirkuk.": "اجتمع المجلس يوم الاثنين في كركوك.",
    "It approved the plan for the schools.": "ووافق على خطة المدارس.",
}


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    """A project on the copy stand-ins with one translated article; the working directory is the project."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "--empty-glossary", "--packages-dir", str(standin_packages_dir)]) == 0
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    return tmp_path


def translate_by_hand(path: Path, texts: dict[str, str], *, reviewed: bool) -> None:
    """What a translator does in an editor: new text, fuzzy kept (a draft) or cleared (reviewed)."""
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            entry.flags = [] if reviewed else ["fuzzy"]
    po.save(str(path))


def lines(capsys) -> tuple[list[str], list[str]]:
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err.splitlines()


def test_lang_in_any_case_on_the_reading_commands(desk, capsys):
    capsys.readouterr()
    assert cli.main(["status", "-l", "AR"]) == 0
    out, _ = lines(capsys)
    assert [line.split()[1] for line in out] == ["ar"]
    assert cli.main(["check", "--lang", "Ckb", "--format", "json"]) == ExitCode.FINDINGS  # the copy drafts are English
    out = capsys.readouterr().out
    assert "locales/ckb/" in out and "locales/ar/" not in out and "locales/tk/" not in out
    assert cli.main(["glossary", "check", "-l", "TK"]) == 0
    capsys.readouterr()
    assert cli.main(["models", "list", "-l", "CKB"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")][1:] == ["ckb"]
    assert cli.main(["status", "-l", "xx"]) == ExitCode.USAGE


@pytest.mark.parametrize("code, hint", [("tr", "(Turkmen-oriented drafts, written in Turkish orthography, are 'tk')"),
                                        ("Sorani", "(Kurdish here is Central Kurdish, Sorani: 'ckb')")])
def test_a_language_code_l10n_does_not_draft_names_the_target_it_likely_means(desk, capsys, code, hint):
    """Before: `-l tr` said only "not a target l10n drafts", leaving the desk to guess that tk is drafted through tr."""
    capsys.readouterr()
    assert cli.main(["translate", "story.txt", "-l", code]) == ExitCode.USAGE
    assert capsys.readouterr().err.strip() == (f"l10n: --lang {code.lower()!r}: not a target l10n drafts {hint}; "
                                               "use one of: ar, ckb, tk.")


def test_glossary_add_then_list(desk, capsys):
    assert cli.main(["glossary", "add", "Kirkuk Provincial Council", "KPC", "--ar", "مجلس محافظة كركوك", "--note", "the council"]) == 0
    assert cli.main(["glossary", "add", "KPC", "--ar", "ك"]) == ExitCode.USAGE          # a form already in a term
    assert cli.main(["glossary", "add", "Kirkuk"]) == ExitCode.USAGE                     # no rendering
    capsys.readouterr()
    assert cli.main(["glossary", "list", "kpc", "-l", "AR"]) == 0
    out, _ = lines(capsys)
    assert out == ["kirkuk-provincial-council: Kirkuk Provincial Council | KPC  →  ar: مجلس محافظة كركوك", "1 terms"]
    row = (desk / "glossary/terms.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("kirkuk-provincial-council,Kirkuk Provincial Council | KPC,مجلس محافظة كركوك,") and ",the council," in row


def test_tm_counts_mean_one_thing_each_and_search_finds_phrases(desk, capsys):
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(ar, ARABIC, reviewed=True)
    shutil.copy(desk / "story.txt", desk / "copy.txt")
    assert cli.main(["translate", "copy.txt", "-q", "-l", "ar"]) == 0   # the memory fills copy.txt: copies, not reviews
    capsys.readouterr()
    assert cli.main(["tm", "rebuild"]) == 0
    assert lines(capsys)[0] == ["rebuilt the memory from 3 reviewed entries read: 3 entries in the memory"]
    assert cli.main(["tm", "import", str(ar)]) == 0
    assert lines(capsys)[0] == ["0 entries imported (added or changed) from 3 reviewed entries read; 3 entries in the memory"]
    assert cli.main(["tm", "search", "MONDAY kirkuk", "-l", "AR"]) == 0
    out, _ = lines(capsys)
    assert out[0].startswith("ar   ") and "The council met on Monday in Kirkuk." in out[0]
    assert "→ اجتمع المجلس يوم الاثنين في كركوك." in out[1]
    assert out[-1] == "1 entries found in the memory"
    edited = {source: f"{text} (مراجع)" for source, text in ARABIC.items()}
    translate_by_hand(desk / "locales/ar/LC_MESSAGES/copy.po", edited, reviewed=True)   # a translator's own text there
    assert cli.main(["tm", "rebuild"]) == 0
    assert lines(capsys)[0] == ["rebuilt the memory from 6 reviewed entries read: 3 entries in the memory"]


def test_tm_import_of_a_folder_without_catalogs_or_of_an_article_says_so(desk, capsys):
    """A folder with no .po imported the project's own catalogs instead; an article was parsed as a broken catalog."""
    translate_by_hand(desk / "locales/ar/LC_MESSAGES/story.po", ARABIC, reviewed=True)
    (desk / "elsewhere").mkdir()
    memory = desk / ".l10n/memory.sqlite"
    before = memory.read_bytes() if memory.exists() else None
    capsys.readouterr()
    assert cli.main(["tm", "import", "elsewhere"]) == ExitCode.INPUT
    assert lines(capsys) == ([], ["l10n: elsewhere: no PO files in this folder; give PO files or folders holding them."])
    assert cli.main(["tm", "import", "story.txt"]) == ExitCode.USAGE
    assert lines(capsys) == ([], ["l10n: story.txt: not a catalog; give PO files or folders holding them."])
    assert (memory.read_bytes() if memory.exists() else None) == before


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_tm_search_with_a_limit_below_one_is_a_usage_error(desk, capsys, limit):
    """--limit 0 printed '0 entries found in the memory' whatever the memory held; -1 too (not 'no limit')."""
    translate_by_hand(desk / "locales/ar/LC_MESSAGES/story.po", ARABIC, reviewed=True)
    assert cli.main(["tm", "import"]) == 0
    capsys.readouterr()
    assert cli.main(["tm", "search", "council", "--limit", limit]) == ExitCode.USAGE
    assert lines(capsys) == ([], [f"l10n: --limit {limit}: give how many entries to show, 1 or more."])


def test_tm_rebuild_after_the_catalogs_were_deleted_keeps_the_memory_unless_forced(desk, capsys):
    translate_by_hand(desk / "locales/ar/LC_MESSAGES/story.po", ARABIC, reviewed=True)
    assert cli.main(["tm", "import"]) == 0
    shutil.rmtree(desk / "locales")
    memory = desk / ".l10n/memory.sqlite"
    before = memory.read_bytes()
    capsys.readouterr()
    assert cli.main(["tm", "rebuild"]) == ExitCode.USAGE
    out, err = lines(capsys)
    assert out == [] and err == [
        f"l10n: {memory}: a rebuild from {desk / 'locales'} would drop 3 of the memory's 3 entries, which no catalog there "
        "holds (deleted, moved or imported from elsewhere); the memory is unchanged: restore or `l10n tm import` those "
        "catalogs first, or pass --force to drop them."]
    assert memory.read_bytes() == before
    assert cli.main(["tm", "search", "Kirkuk"]) == 0 and "1 entries found" in capsys.readouterr().out
    assert cli.main(["tm", "rebuild", "--force"]) == 0
    assert lines(capsys)[0] == ["rebuilt the memory from 0 reviewed entries read: 0 entries in the memory"]


def test_models_remove(desk, capsys, standin_packages_dir, tmp_path_factory):
    packages = tmp_path_factory.mktemp("own-packages")
    shutil.copytree(standin_packages_dir / "translate-en_ar", packages / "translate-en_ar")
    assert cli.main(["init", "--packages-dir", str(packages)]) == 0
    assert cli.main(["models", "remove", "translate-en_xx"]) == ExitCode.USAGE
    capsys.readouterr()
    assert cli.main(["models", "remove", "translate-en_ar"]) == 0
    assert lines(capsys)[0] == [f"removed argos translate-en_ar 0.0.1 from {packages}"]
    assert list(packages.iterdir()) == []


def test_models_remove_takes_a_folder_models_list_shows_as_not_usable(desk, capsys, standin_packages_dir, tmp_path_factory):
    """A damaged install or a stray folder stops translate ("remove or reinstall it"), and remove said "no such installed package"."""
    packages = tmp_path_factory.mktemp("own-packages")
    shutil.copytree(standin_packages_dir / "translate-en_ar", packages / "translate-en_ar")
    (packages / "translate-en_ar" / "metadata.json").write_text("{damaged", encoding="utf-8")
    (packages / "stray").mkdir()
    assert cli.main(["init", "--packages-dir", str(packages)]) == 0
    capsys.readouterr()
    assert cli.main(["models", "list"]) == 0
    assert lines(capsys)[0].count("  not usable: " + str(packages / "stray" / "metadata.json") + ": missing; this folder is not an "
                                  "Argos package, remove or reinstall it.") == 1
    assert cli.main(["models", "remove", "translate-en_ar"]) == 0
    assert cli.main(["models", "remove", "stray"]) == 0
    assert lines(capsys)[0] == [f"removed the unusable package folder translate-en_ar from {packages}",
                                f"removed the unusable package folder stray from {packages}"]
    assert list(packages.iterdir()) == []


def test_approve_clears_fuzzy_only_where_qa_finds_nothing(desk, capsys):
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    drafts = {source: text for source, text in ARABIC.items() if source != "It approved the plan for the schools."}
    translate_by_hand(ar, drafts, reviewed=False)   # unit 3 keeps the copy stand-in's English draft: QA flags it
    assert cli.main(["approve", "story.txt", "--lang", "AR"]) == ExitCode.USAGE          # --unit N or --clean
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--unit", "3"]) == ExitCode.FINDINGS
    out, err = lines(capsys)
    assert "untranslated" in err[0] and out[-1].endswith("0 approved, 1 left for review")
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert out == ["locales/ar/LC_MESSAGES/story.po: 2 approved, 1 left for review"]
    states = {e.msgid: e.fuzzy for e in read_catalog(ar)}
    assert states == {"Council approves the school plan": False, "The council met on Monday in Kirkuk.": False,
                      "It approved the plan for the schools.": True}
    assert cli.main(["approve", "story", "-l", "ar", "--unit", "1"]) == 0   # by slug; reviewed already: nothing to do
    assert lines(capsys) == (["locales/ar/LC_MESSAGES/story.po: 0 approved, 1 reviewed already, 0 left for review"], [])
    assert {e.msgid: e.fuzzy for e in read_catalog(ar)} == states


def test_approve_tells_a_units_entry_from_an_entry_of_the_same_sentence_with_a_msgctxt(desk, capsys):
    """gettext keys entries by (msgctxt, msgid): a QA finding on the other entry refuses that entry only."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(ar, ARABIC, reviewed=False)   # three clean drafts
    po = polib.pofile(str(ar), wrapwidth=0)
    title = "Council approves the school plan"
    po.insert(1, polib.POEntry(msgctxt="headline", msgid=title, msgstr=title, flags=["fuzzy"]))   # English left: QA flags it
    po.save(str(ar))
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert out == ["locales/ar/LC_MESSAGES/story.po: 3 approved, 1 left for review"]
    assert {(e.msgctxt, e.msgid): e.fuzzy for e in read_catalog(ar)} == {
        ("headline", title): True, **{(None, source): False for source in ARABIC}}


FLOODS = {"Floods close roads in Erbil": "الفيضانات تغلق طرقا في أربيل",
          "Heavy rain closed three roads in Erbil on Tuesday.": "أغلقت الأمطار الغزيرة ثلاثة طرق في أربيل يوم الثلاثاء."}


def test_approve_acts_on_the_catalog_translate_named_for_the_article(desk, capsys):
    """b/story.txt beside story.txt, story.md beside story.txt: each its own catalog; an article without one is refused."""
    story = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(story, ARABIC, reviewed=False)          # story.txt's catalog: three clean drafts
    before = story.read_bytes()
    (desk / "b").mkdir()
    (desk / "b/story.txt").write_text("\n\n".join(FLOODS) + "\n", encoding="utf-8")
    (desk / "story.md").write_text("# " + "\n\n".join(FLOODS) + "\n", encoding="utf-8")
    assert cli.main(["translate", "b/story.txt", "story.md", "-q", "-l", "ar"]) == 0
    project = load_project(desk)
    for article in ("b/story.txt", "story.md"):
        own = project.catalog_path(catalog_name(project, desk / article), "ar")
        assert own != story
        translate_by_hand(own, FLOODS, reviewed=False)
        capsys.readouterr()
        assert cli.main(["approve", article, "-l", "ar", "--clean"]) == 0
        assert lines(capsys) == ([f"{own.relative_to(desk)}: 2 approved, 0 left for review"], [])
        assert [e.fuzzy for e in read_catalog(own)] == [False, False]
        assert story.read_bytes() == before
    (desk / "c").mkdir()
    (desk / "c/story.txt").write_text(STORY, encoding="utf-8")   # never translated
    for article in ("c/story.txt", "c/story"):                     # a file without a catalog; not a file at all
        assert cli.main(["approve", article, "-l", "ar", "--clean"]) == ExitCode.INPUT
        out, err = lines(capsys)
        assert out == [] and len(err) == 1 and err[0].startswith(f"l10n: {article}: no ")
    assert story.read_bytes() == before


def test_approve_clean_leaves_a_text_written_for_an_earlier_source_and_unit_approves_it(desk, capsys):
    """A translator's reviewed text whose English changed is kept fuzzy for a source check: --clean never approves it;
    naming the unit (the translator has checked it) does."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(ar, ARABIC, reviewed=True)
    article = desk / "story.txt"
    article.write_text(STORY.replace("met on Monday", "met on Tuesday"), encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q", "-l", "ar"]) == 0
    [changed] = [e for e in read_catalog(ar) if e.fuzzy]
    assert changed.msgid == "The council met on Tuesday in Kirkuk." and changed.previous_msgid and awaits_source_review(changed)
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert out == ["locales/ar/LC_MESSAGES/story.po: 0 approved, 1 left for review"]
    assert err == ["  kept fuzzy: 'The council met on Tuesday in Kirkuk.': its English source changed since this text "
                   "was written; check it against the new source, then approve it with --unit 2"]
    assert [e.msgid for e in read_catalog(ar) if e.fuzzy] == [changed.msgid]
    assert cli.main(["approve", "story.txt", "-l", "ar", "--unit", "2"]) == 0
    assert lines(capsys) == (["locales/ar/LC_MESSAGES/story.po: 1 approved, 0 left for review"], [])
    [entry] = [e for e in read_catalog(ar) if e.msgid == changed.msgid]
    assert not entry.fuzzy and entry.previous_msgid is None and entry.msgstr == ARABIC["The council met on Monday in Kirkuk."]


def test_approve_clean_leaves_an_l10n_draft_made_for_an_earlier_source(desk, capsys, tmp_path_factory):
    """A machine draft not redrafted after its sentence changed (no package any more) is for the old sentence."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    po = polib.pofile(str(ar), wrapwidth=0)
    for entry in po:                                   # l10n's own drafts, in Arabic, as a real package would write them
        apply_draft(entry, Draft(source=entry.msgid, lang="ar", text=ARABIC[entry.msgid], origin=Origin.ENGINE, engine_id="x"))
    po.save(str(ar))
    assert cli.main(["init", "--packages-dir", str(tmp_path_factory.mktemp("no-packages"))]) == 0
    (desk / "story.txt").write_text(STORY.replace("met on Monday", "met on Tuesday"), encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q", "-l", "ar"]) == 0
    stale = next(e for e in read_catalog(ar) if e.msgid == "The council met on Tuesday in Kirkuk.")
    assert stale.msgstr == ARABIC["The council met on Monday in Kirkuk."] and stale.fuzzy
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert out == ["locales/ar/LC_MESSAGES/story.po: 2 approved, 1 left for review"]
    assert len(err) == 1 and "its English source changed" in err[0] and "--unit 2" in err[0]
    assert [e.msgid for e in read_catalog(ar) if e.fuzzy] == [stale.msgid]



def test_approve_on_a_catalog_that_keeps_changing_blames_no_translator_and_says_to_approve_again(desk, capsys, monkeypatch):
    """The approvals are not written when the file is left as another program saved it; the lines said a translator
    had changed every entry meanwhile and told the desk to re-run `l10n translate`."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(ar, ARABIC, reviewed=False)
    monkeypatch.setattr(pofiles, "SAVE_ATTEMPTS", 0)          # the first save seen meanwhile is one too many
    real_check = qa.check_catalog

    def check_then_save(path, **options):                     # a translator comments on unit 1 while approve checks
        found = real_check(path, **options)
        po = polib.pofile(str(ar), wrapwidth=0)
        po[0].tcomment = "seen by the desk"
        po.save()
        return found

    monkeypatch.setattr(qa, "check_catalog", check_then_save)
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert [e.tcomment for e in read_catalog(ar)][0] == "seen by the desk" and all(e.fuzzy for e in read_catalog(ar))
    assert out == ["locales/ar/LC_MESSAGES/story.po: 0 approved, 3 left for review"]
    assert err == [*(f"  kept fuzzy: {source!r}: not written: the catalog was left as another program saved it" for source in ARABIC),
                   f"{ar}: left as it is (it kept changing while l10n merged its changes); "
                   "nothing was approved: run `l10n approve` again."]

def test_check_given_an_article_says_it_takes_catalogs(desk, capsys):
    capsys.readouterr()
    for command in (["check"], ["glossary", "check"]):
        assert cli.main([*command, "story.txt"]) == ExitCode.USAGE
        out, err = lines(capsys)
        assert out == [] and err == ["l10n: story.txt: not a catalog; give PO files (an article's are "
                                     "locales/LANG/LC_MESSAGES/NAME.po) or none to check every catalog of the project."]
    assert cli.main(["check", "locales/ar/LC_MESSAGES/story.po"]) in (0, ExitCode.FINDINGS)


def test_a_partly_blocked_publish_is_compact_and_says_what_it_wrote(desk, capsys):
    translate_by_hand(desk / "locales/ar/LC_MESSAGES/story.po", ARABIC, reviewed=True)
    capsys.readouterr()
    assert cli.main(["publish", "story.txt", "--min-reviewed", "50"]) == ExitCode.PUBLISH_BLOCKED
    out, err = lines(capsys)
    assert "wrote published/story/ar.html" in out and "wrote published/story/manifest.json" in out
    blocked = [line for line in err if line.startswith("  blocked ")]
    assert len(blocked) <= 2 * 2 and any(line.startswith("  blocked ckb: 1 × 0.0% reviewed") for line in blocked)
    assert any("3 × fuzzy: the draft is not reviewed" in line and "and 1 more" in line for line in blocked)
    assert "--min-reviewed" not in err[-1] and "published ar" in err[-1]


def test_status_rows_fit_80_columns_and_count_only_what_there_is(desk, capsys):
    """Before: every row was about 100 characters (a 20-cell bar, then every count, zeros too: `1 drafts,
    0 empty, 0 obsolete, 1 QA errors`), so each wrapped in an 80-column terminal."""
    translate_by_hand(desk / "locales" / "ar" / "LC_MESSAGES" / "story.po",
                      {"Council approves the school plan": ARABIC["Council approves the school plan"]}, reviewed=True)
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    out, _ = lines(capsys)
    assert out[0] == "story  ar   ███░░░░░░░  33%  3 units: 1 reviewed, 2 drafts, 2 QA errors"
    assert all(len(line) <= 80 for line in out), out


def test_check_names_catalogs_as_the_summary_of_translate_does(desk, capsys):
    """Before: `l10n check` in the project named every catalog by its absolute path, where `translate` says
    `locales/ar/LC_MESSAGES/story.po`, and ended with `2 finding(s)`."""
    capsys.readouterr()
    assert cli.main(["check", "-l", "ar"]) == ExitCode.FINDINGS
    out, _ = lines(capsys)
    assert all(line.startswith("locales/ar/LC_MESSAGES/story.po: ") for line in out[:-1]) and len(out) > 2
    assert out[-1] == f"{len(out) - 1} findings"


def test_approve_without_unit_or_clean_asks_for_one_not_for_fewer(desk, capsys):
    """Before: `l10n approve story.txt -l ar` said "give --unit N … or --clean …, not both" when neither was given."""
    assert cli.main(["approve", "story.txt", "-l", "ar"]) == ExitCode.USAGE
    assert capsys.readouterr().err == "l10n: give --unit N (one unit) or --clean (every draft QA finds nothing on).\n"
    assert cli.main(["approve", "story.txt", "-l", "ar", "--unit", "1", "--clean"]) == ExitCode.USAGE
    assert capsys.readouterr().err.endswith("on), not both.\n")


def test_translate_summary_rows_fit_80_columns(desk, capsys, monkeypatch):
    """Before: every row named every count, zeros too, with its explanation (`0 re-drafted (source or glossary
    changed)`), about 140 characters, so each wrapped in an 80-column terminal."""
    monkeypatch.setenv("COLUMNS", "80")
    translate_by_hand(desk / "locales" / "ar" / "LC_MESSAGES" / "story.po",
                      {"The council met on Monday in Kirkuk.": ARABIC["The council met on Monday in Kirkuk."]}, reviewed=True)
    (desk / "story.txt").write_text(STORY.replace("Monday", "Tuesday").replace("the schools", "the new schools")
                                    + "\nThe plan costs 3 million dollars.\n", encoding="utf-8")
    long_name = "council-approves-the-school-plan-2024.txt"
    (desk / long_name).write_text(STORY, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["translate", "story.txt", long_name, "-q"]) == 0
    out, _ = lines(capsys)
    assert all(len(line) <= 80 for line in out), out
    [row] = [line for line in out if line.startswith("ar   locales/ar/LC_MESSAGES/story.po")]
    assert row.startswith("ar   locales/ar/LC_MESSAGES/story.po  4 units: ") and " 0 " not in row, row
    rows = "\n".join(out).replace(",\n    ", ",")    # counts carried on to the next line, indented
    assert "re-drafted" in rows and "1 new source to review" in rows, rows
    assert "total 6 catalogs: " in rows, rows


def test_approve_clean_leaves_a_draft_l10n_flagged_and_unit_approves_it(desk, capsys):
    """Before: --clean approved a draft whose FLAG line asked for a check QA cannot repeat (a glossary term put where
    the attention gave no clue); once approved, the flag counted no more and `n` in review skipped the unit."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    flag = ("FLAG glossary: 'كركوك' (Kirkuk) was put in the source's order, with no attention near it to go by; "
            "check its place.")
    po = polib.pofile(str(ar), wrapwidth=0)
    for entry in po:                                   # l10n's own drafts, in Arabic, as a real package would write them
        notes = (flag,) if "Kirkuk" in entry.msgid else ()
        apply_draft(entry, Draft(source=entry.msgid, lang="ar", text=ARABIC[entry.msgid], origin=Origin.ENGINE,
                                 engine_id="x", notes=notes))
    po.save(str(ar))
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0
    out, err = lines(capsys)
    assert out == ["locales/ar/LC_MESSAGES/story.po: 2 approved, 1 left for review"]
    assert err == [f"  kept fuzzy: 'The council met on Monday in Kirkuk.': l10n flagged it when drafting ({flag}); "
                   "check it, then approve it with --unit 2"]
    assert [e.msgid for e in read_catalog(ar) if e.fuzzy] == ["The council met on Monday in Kirkuk."]
    assert cli.main(["approve", "story.txt", "-l", "ar", "--unit", "2"]) == 0
    assert lines(capsys) == (["locales/ar/LC_MESSAGES/story.po: 1 approved, 0 left for review"], [])


def test_approve_unit_refuses_when_the_article_changed_since_its_catalog_was_written(desk, capsys):
    """Before: a sentence added to the article (not yet translated) moved the review page's unit 2 to the new sentence,
    while ``--unit 2`` approved the catalog's second entry, another sentence than the one the translator checked."""
    ar = desk / "locales/ar/LC_MESSAGES/story.po"
    translate_by_hand(ar, ARABIC, reviewed=False)
    before = ar.read_bytes()
    (desk / "story.txt").write_text(STORY.replace("The council met", "Schools were shut all week. The council met"),
                                    encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["approve", "story.txt", "-l", "ar", "--unit", "2"]) == ExitCode.INPUT
    out, err = lines(capsys)
    assert out == [] and err == ["l10n: story.txt: changed since its catalogs were written, so unit numbers no longer "
                                 "match the article; run `l10n translate story.txt`, then approve."]
    assert ar.read_bytes() == before
    assert cli.main(["approve", "story.txt", "-l", "ar", "--clean"]) == 0   # --clean numbers nothing: it goes on
