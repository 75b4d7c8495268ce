"""Translation memory: exact and fuzzy lookups, normalisation, imports, rebuilds, damage, concurrency."""

from __future__ import annotations

import multiprocessing
import os
import re
import sqlite3
from pathlib import Path

import polib
import pytest

from l10n.errors import CatalogError, DatabaseError, MemoryStoreError, UsageError
from l10n.stages.memory import TranslationMemory, normalize_source, rebuild_memory
from l10n.stages.pofiles import write_catalog

WITHDREW = "The US-led coalition withdrew from the K1 military base and handed it to the ISF."
BUILT = "The military base was built in the late 1970s by the former regime."


@pytest.fixture
def memory():
    with TranslationMemory(":memory:") as store:
        store.add("ar", [(WITHDREW, "انسحب التحالف من قاعدة K1", "k1"), (BUILT, "بنيت القاعدة في أواخر السبعينيات", "k0")])
        store.add("ckb", [(WITHDREW, "هاوپەیمانی نێودەوڵەتی کشایەوە", "k1")])
        yield store


def test_normalisation_folds_case_space_quotes_and_dashes():
    assert normalize_source("  The “Coalition”\u00a0—  it’s   here ") == "the \"coalition\" - it's here"
    assert normalize_source("A - b") == normalize_source("a – B")


def test_exact_match_on_normalised_text(memory):
    query = "the US‐led coalition  withdrew from the K1 military base and handed it to the ISF."
    match = memory.lookup([query], "ar")[query]
    assert match.exact and match.score == 100.0
    assert match.target == "انسحب التحالف من قاعدة K1" and match.source == WITHDREW and match.origin == "k1"


def test_fuzzy_match_scores_with_ratio_and_respects_threshold(memory):
    near = "The US-led coalition withdrew from the K1 military base and handed it over to the ISF."
    match = memory.lookup([near], "ar")[near]
    assert not match.exact and 90 <= match.score < 100 and match.target == "انسحب التحالف من قاعدة K1"
    assert memory.lookup([near], "ar", threshold=99) == {}
    far = "Markets in Mosul reopened on Sunday after the curfew was lifted."
    assert memory.lookup([far], "ar") == {}


def test_lookup_is_per_language_and_batches(memory):
    assert memory.lookup([WITHDREW, BUILT], "ckb").keys() == {WITHDREW}
    assert memory.lookup([WITHDREW], "tk") == {}
    sources = [f"Convoy {number} left Kirkuk at dawn." for number in range(1200)]
    memory.add("ar", [(source, f"قافلة {index}", "bulk") for index, source in enumerate(sources)])
    found = memory.lookup([*sources, BUILT, ""], "ar")
    assert len(found) == 1201 and all(match.exact for match in found.values())


def test_add_upserts_and_counts_changes(memory):
    assert memory.add("ar", [(WITHDREW, "انسحب التحالف من قاعدة K1", "k1")]) == 0
    assert memory.add("ar", [(WITHDREW.upper(), "ترجمة أحدث", "k2"), ("   ", "x", "k2"), ("Empty target.", "", "k2")]) == 1
    match = memory.lookup([WITHDREW], "ar")[WITHDREW]
    assert match.target == "ترجمة أحدث" and match.origin == "k2"


def write_po(path: Path, lang: str, entries: list[polib.POEntry]) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
    catalog.extend(entries)
    return write_catalog(catalog, path)


def project_locales(root: Path) -> Path:
    locales = root / "locales"
    write_po(
        locales / "ar" / "LC_MESSAGES" / "k1.po",
        "ar",
        [
            polib.POEntry(msgid=WITHDREW, msgstr="انسحب التحالف"),
            polib.POEntry(msgid=BUILT, msgstr="مسودة آلية", flags=["fuzzy"]),
            polib.POEntry(msgid="Untranslated sentence.", msgstr=""),
            polib.POEntry(msgid="An old sentence.", msgstr="جملة قديمة", obsolete=True),
        ],
    )
    write_po(locales / "ckb" / "LC_MESSAGES" / "k1.po", "ckb", [polib.POEntry(msgid=BUILT, msgstr="بنیاتنرا")])
    return locales


def test_import_takes_only_reviewed_entries(tmp_path):
    locales = project_locales(tmp_path)
    with TranslationMemory(":memory:") as store:
        assert store.import_catalogs(sorted(locales.rglob("*.po"))) == 2
        assert store.lookup([WITHDREW, BUILT, "Untranslated sentence.", "An old sentence."], "ar", threshold=100).keys() == {WITHDREW}
        assert store.lookup([BUILT], "ckb")[BUILT].origin == "k1"


def test_import_reads_the_language_header_outside_the_layout(tmp_path):
    path = write_po(tmp_path / "loose.po", "ckb", [polib.POEntry(msgid=WITHDREW, msgstr="کشایەوە")])
    with TranslationMemory(":memory:") as store:
        assert store.import_catalogs([path]) == 1
        assert store.lookup([WITHDREW], "ckb")[WITHDREW].origin == "loose"


def test_a_sentences_entry_without_msgctxt_is_the_memorys_whatever_the_order_of_the_file(tmp_path):
    """gettext keys entries by (msgctxt, msgid); the memory keys sentences, and a unit's entry has no msgctxt."""
    path = write_po(tmp_path / "loose.po", "ar", [polib.POEntry(msgid=WITHDREW, msgstr="انسحب التحالف"),
                                                  polib.POEntry(msgctxt="headline", msgid=WITHDREW, msgstr="عنوان")])
    with TranslationMemory(":memory:") as store:
        store.import_catalogs([path])
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "انسحب التحالف"


def test_rebuild_recreates_the_file_from_the_catalogs(tmp_path):
    locales = project_locales(tmp_path)
    path = tmp_path / ".l10n" / "memory.sqlite"
    with TranslationMemory(path) as store:
        store.add("ar", [("Stale sentence from a deleted catalog.", "قديم", "gone")])
        assert store.rebuild(locales, force=True).entries == 2
        assert store.lookup(["Stale sentence from a deleted catalog."], "ar") == {}
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "انسحب التحالف"
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("memory.sqlite")) == []
    with TranslationMemory(":memory:") as store:
        assert store.rebuild(locales).entries == 2


def test_a_rebuild_that_would_drop_entries_is_refused_unless_forced(tmp_path):
    """An entry no catalog holds any more (its catalog deleted, or imported from elsewhere) is the memory's only copy."""
    locales = project_locales(tmp_path)
    path = tmp_path / "memory.sqlite"
    stale = "Stale sentence from a deleted catalog."
    with TranslationMemory(path) as store:
        store.add("ar", [(stale, "قديم", "gone"), (WITHDREW, "نص أقدم", "k1")])
        with pytest.raises(UsageError, match="^" + re.escape(f"{path}: a rebuild from {locales} would drop 1 of the memory's 2 entries, ")):
            store.rebuild(locales)
        assert store.lookup([stale], "ar")[stale].target == "قديم"
        assert store.rebuild(locales, force=True).entries == 2
        assert store.lookup([stale], "ar") == {} and store.lookup([WITHDREW], "ar")[WITHDREW].target == "انسحب التحالف"
        assert store.rebuild(locales).entries == 2           # nothing to drop: no --force needed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_rebuild_keeps_the_old_memory(tmp_path):
    locales = project_locales(tmp_path)
    (locales / "ar" / "LC_MESSAGES" / "broken.po").write_text('msgid "a"\nmsgstr "b', encoding="utf-8")
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as store:
        store.add("ar", [(BUILT, "محفوظ", "k0")])
        with pytest.raises(CatalogError, match="broken.po"):
            store.rebuild(locales)
        assert store.lookup([BUILT], "ar")[BUILT].target == "محفوظ"
    assert [p.name for p in tmp_path.iterdir() if "rebuild" in p.name] == []


def _damage(path: Path) -> None:
    """Damage as SQLite files get it: pages overwritten, the 100-byte file header (``SQLite format 3``) left."""
    data = bytearray(path.read_bytes() if path.exists() else b"SQLite format 3\x00" + bytes(84))
    data[100:] = b"this is not a database at all" * 200
    path.write_bytes(bytes(data))


def test_damaged_memory_names_the_cure_and_rebuild_fixes_it(tmp_path):
    path = tmp_path / "memory.sqlite"
    _damage(path)
    expected = f"{path}: the translation memory is damaged; rebuild it from the PO files with `l10n tm rebuild`."
    with pytest.raises(MemoryStoreError) as caught:
        TranslationMemory(path)
    assert str(caught.value) == expected
    locales = project_locales(tmp_path)
    assert rebuild_memory(path, locales) == 2
    with TranslationMemory(path) as store:
        assert WITHDREW in store.lookup([WITHDREW], "ar")
    _damage(path)
    with TranslationMemory.rebuilding(path) as store:
        assert store.rebuild(locales).entries == 2
        assert WITHDREW in store.lookup([WITHDREW], "ar")


def test_a_file_that_is_no_database_is_never_rebuilt_over(tmp_path):
    """Text at the memory's path is another file (memory_path naming the glossary, say), not a damaged memory."""
    path = tmp_path / "terms.csv"
    path.write_bytes(b"id,en,ar\nerbil,Erbil,\xd8\xa3\xd8\xb1\xd8\xa8\xd9\x8a\xd9\x84\n")
    before = path.read_bytes()
    with pytest.raises(MemoryStoreError, match="not an SQLite database, so not a translation memory"):
        TranslationMemory(path)
    with pytest.raises(MemoryStoreError, match="not an SQLite database"):
        rebuild_memory(path, project_locales(tmp_path), force=True)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    with pytest.raises(MemoryStoreError, match="damaged"):
        TranslationMemory(path)


@pytest.mark.parametrize("opened", ["memory", "run state"])
def test_a_database_another_program_keeps_locked_is_a_database_error(tmp_path, monkeypatch, opened):
    """Locked past the wait, the memory was exit DATA_FILE and the run state 'unreadable; delete it': neither is damaged."""
    from l10n.commands.runs import RunState

    path = tmp_path / "state.sqlite"
    opens = {"memory": TranslationMemory, "run state": RunState}[opened]
    with opens(path):  # made, then closed
        pass
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **options: connect(*args, **{**options, "timeout": 0.1}))
    try:
        with pytest.raises(DatabaseError, match=r"is busy \(database is locked\); retry when the other l10n run has finished"):
            opens(path)
    finally:
        holder.close()


def add_many(path: str, worker: int) -> None:
    with TranslationMemory(path) as store:
        for batch in range(40):
            store.add("ar", [(f"Worker {worker} sentence {batch} {item}.", f"ترجمة {item}", f"w{worker}") for item in range(10)])


def test_concurrent_writers_do_not_corrupt_the_memory(tmp_path):
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=add_many, args=(str(path), worker)) for worker in range(2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM units").fetchone() == (800,)
    connection.close()
    with TranslationMemory(path) as store:
        sources = [f"Worker {worker} sentence 39 9." for worker in range(2)]
        assert store.lookup(sources, "ar").keys() == set(sources)


def test_sync_skips_an_editors_hidden_save_in_progress(tmp_path):
    """Before: a run listed `.editor-ke0g8a2c.po`, an editor's save about to be renamed over the catalog, and
    crashed with FileNotFoundError when it was gone by the time the memory looked at it (stress test, CI)."""
    from l10n.stages.pofiles import catalog_paths

    folder = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "story.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    (folder / ".editor-ke0g8a2c.po").write_text("half a save", encoding="utf-8")
    assert catalog_paths(tmp_path / "locales") == [folder / "story.po"]
    memory = TranslationMemory(":memory:")
    assert memory.sync(tmp_path / "locales")[1] == []


def test_a_catalog_whose_language_header_names_another_folders_language_is_skipped_not_imported_as_that(tmp_path):
    """Before: an Arabic catalog whose header a tool set to ckb entered the memory as Sorani, and the next Sorani
    drafts reused its Arabic; now the sync skips it with one line saying which of the two to fix."""
    locales = tmp_path / "locales"
    write_po(locales / "ar" / "LC_MESSAGES" / "k1.po", "ckb", [polib.POEntry(msgid=WITHDREW, msgstr="انسحب التحالف")])
    with TranslationMemory(":memory:") as store:
        added, problems = store.sync(locales)
        assert added == 0 and store.lookup([WITHDREW], "ckb") == {} and store.lookup([WITHDREW], "ar") == {}
    assert problems == [f"memory: skipped {locales / 'ar' / 'LC_MESSAGES' / 'k1.po'}: its 'Language:' header says 'ckb' "
                        "(Central Kurdish (Sorani)), but it is in the ar folder; set Language: ar, or move the file to "
                        "ckb/LC_MESSAGES if that is its language."]


def saved(path: Path, lang: str, entries: list[polib.POEntry], when: int) -> Path:
    """A catalog saved at ``when`` (seconds): the memory orders reviews by their catalogs' saves."""
    write_po(path, lang, entries)
    os.utime(path, (when, when))
    return path


def test_a_translation_un_reviewed_in_its_catalog_leaves_the_memory(tmp_path):
    """Before: a translator who marked a reviewed translation fuzzy again (wrong, to redo) still saw the memory fill
    other articles with it, as reviewed; now the memory follows the catalog, and search no longer lists it."""
    locales = tmp_path / "locales"
    story = locales / "ar" / "LC_MESSAGES" / "k1.po"
    saved(story, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="ترجمة خاطئة")], 1000)
    with TranslationMemory(tmp_path / "memory.sqlite") as store:
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "ترجمة خاطئة"
        saved(story, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="ترجمة خاطئة", flags=["fuzzy"])], 2000)
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar") == {} and store.search("coalition withdrew") == [] and store.count() == 0
        near = WITHDREW.replace("handed it", "handed it over")
        assert store.lookup([near], "ar") == {}


def test_an_edited_translation_is_not_undone_by_another_article_holding_the_old_one(tmp_path):
    """Before: after a translator corrected a sentence in k1, the next run over k2 (which the memory had filled
    with the old text) put the old text back into the memory, and later articles got it again."""
    locales = tmp_path / "locales"
    first, second = locales / "ar" / "LC_MESSAGES" / "k1.po", locales / "ar" / "LC_MESSAGES" / "k2.po"
    saved(first, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="قديم")], 1000)
    saved(second, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="قديم")], 1000)
    with TranslationMemory(tmp_path / "memory.sqlite") as store:
        store.sync(locales)
        saved(first, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="مصحح")], 2000)
        store.sync(locales)
        saved(second, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="قديم"), polib.POEntry(msgid=BUILT, msgstr="بنيت")], 3000)
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "مصحح"


def test_of_two_reviewed_translations_the_latest_saved_wins_and_the_other_stands_in(tmp_path):
    """Two articles reviewed one sentence differently: the catalog saved last is the memory's, in a sync as in a
    rebuild; when its translator un-reviews it, the other article's reviewed translation takes its place."""
    locales = tmp_path / "locales"
    older, newer = locales / "ar" / "LC_MESSAGES" / "z-old.po", locales / "ar" / "LC_MESSAGES" / "a-new.po"
    saved(older, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="الأقدم")], 1000)
    saved(newer, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="الأحدث")], 2000)
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as store:
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "الأحدث"
        store.rebuild(locales)
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "الأحدث"
        saved(newer, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="الأحدث", flags=["fuzzy"])], 3000)
        store.sync(locales)
        match = store.lookup([WITHDREW], "ar")[WITHDREW]
        assert (match.target, match.origin) == ("الأقدم", "z-old")


def lookup_steps(size: int) -> int:
    """SQLite VM steps (in hundreds) of one fuzzy lookup whose words every one of ``size`` entries holds."""
    with TranslationMemory(":memory:") as store:
        store.add("ar", [(f"He said {number} people were hurt on Sunday.", f"قال إن {number} أصيبوا", "bulk")
                         for number in range(size)])
        steps = [0]
        store._connection.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1), 100)
        assert store.lookup(["He said people were hurt on Sunday."], "ar")
        return steps[0]


def test_a_fuzzy_lookup_costs_the_same_in_a_memory_four_times_larger(monkeypatch):
    """Before: candidates were ranked (FTS5 bm25) over every entry holding the unit's rarest words, so a unit of common
    words ("He said … on Sunday.") cost in proportion to the memory: 100 ms per unit at 50,000 entries. Now at most
    SCANNED entries, the newest, are re-scored (scripts/bench_memory.py measures it)."""
    monkeypatch.setattr("l10n.stages.memory.SCANNED", 200)
    small, large = lookup_steps(2_000), lookup_steps(8_000)
    assert large < 1.5 * small


def test_a_memory_damaged_where_a_sync_reads_it_first_names_the_cure(tmp_path):
    """Before: the sync's first read (which catalogs changed) was outside the error mapping, so damage found
    there ended `l10n translate` as an internal error (exit 70) instead of the one line naming `l10n tm rebuild`."""
    locales = project_locales(tmp_path)
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE catalog_files")
    with TranslationMemory(path) as store, pytest.raises(MemoryStoreError, match="damaged; rebuild it"):
        store.sync(locales)


def test_a_memory_made_before_reviews_were_kept_reads_every_catalog_once_and_then_follows_them(tmp_path):
    locales = tmp_path / "locales"
    story = saved(locales / "ar" / "LC_MESSAGES" / "k1.po", "ar", [polib.POEntry(msgid=WITHDREW, msgstr="قديم")], 1000)
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as store:
        store.sync(locales)
    with sqlite3.connect(path) as connection:   # the layout of the previous release
        connection.execute("DROP TABLE reviews")
        connection.execute("DROP TRIGGER units_unindexed")
    with TranslationMemory(path) as store:
        assert store.sync(locales) == (0, [])
        saved(story, "ar", [polib.POEntry(msgid=WITHDREW, msgstr="قديم", flags=["fuzzy"])], 2000)
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar") == {} and store.search("withdrew") == []


@pytest.mark.parametrize("text", ['"', '"unterminated', "*", "x*", "NEAR", "NEAR(coalition base)", "-", "- coalition",
                                  "(", "coalition)", "a OR b", "key:coalition", "^", "{key}: base", "انسحب التحالف", ""])
def test_search_takes_fts5_syntax_as_words(memory, text):
    """Every word is quoted for FTS5, so its operators and Arabic text are plain words: no SQL error, no crash."""
    hits = memory.search(text)
    assert all(lang in ("ar", "ckb") for lang, _ in hits)
    assert [match.source for _, match in memory.search(f'"{text} coalition" NEAR*')] in ([], [WITHDREW])


@pytest.mark.parametrize("later", [
    [polib.POEntry(msgid=WITHDREW.replace("K1", "K2"), msgstr="انسحب التحالف", flags=["fuzzy"], previous_msgid=WITHDREW)],
    [polib.POEntry(msgid=WITHDREW, msgstr="انسحب التحالف", obsolete=True)],
    [],
], ids=["source-edited", "obsolete", "removed"])
def test_a_review_whose_sentence_left_the_article_stays_in_the_memory(tmp_path, later):
    """Decision: only a translator's un-review (the entry still there, fuzzy or empty) withdraws a translation; one
    whose sentence the article edited or dropped was right for that sentence, and stays, as a deleted catalog's do."""
    locales = tmp_path / "locales"
    story = saved(locales / "ar" / "LC_MESSAGES" / "k1.po", "ar", [polib.POEntry(msgid=WITHDREW, msgstr="انسحب التحالف")], 1000)
    with TranslationMemory(tmp_path / "memory.sqlite") as store:
        store.sync(locales)
        saved(story, "ar", later, 2000)
        store.sync(locales)
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == "انسحب التحالف"


def desk_with_a_review(root: Path) -> tuple[Path, str]:
    """A project at ``root`` whose story's first unit a translator reviewed, synced into the memory by a run."""
    from l10n import cli

    root.mkdir()
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    (root / "story.txt").write_text(f"{WITHDREW}\n\n{BUILT}\n", encoding="utf-8")
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    catalog = root / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    review(catalog, "انسحب التحالف", fuzzy=False)
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    return catalog, "انسحب التحالف"


def review(catalog: Path, text: str, *, fuzzy: bool) -> None:
    po = polib.pofile(str(catalog), wrapwidth=0)
    entry = po.find(WITHDREW)
    entry.msgstr = text
    entry.flags = ["fuzzy"] if fuzzy else [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(catalog))


def reviews_of(root: Path) -> list[str]:
    with sqlite3.connect(root / ".l10n" / "memory.sqlite") as connection:
        return [catalog for (catalog,) in connection.execute("SELECT catalog FROM reviews ORDER BY catalog")]


def test_a_moved_project_folder_keeps_its_memory_and_an_un_reviewed_translation_leaves_it(tmp_path):
    """Before: the memory named each catalog's reviews by absolute path, so after the desk moved or renamed the
    project folder every review was stored a second time under the new path, and a translation the translator
    then un-reviewed stayed in the memory (the stale copy under the old path stood in for it)."""
    from l10n import cli

    catalog, text = desk_with_a_review(tmp_path / "desk")
    (tmp_path / "desk").rename(tmp_path / "moved")
    root = tmp_path / "moved"
    catalog = root / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    assert reviews_of(root) == ["locales/ar/LC_MESSAGES/story.po"]      # one review, named inside the project
    with TranslationMemory(root / ".l10n" / "memory.sqlite", root=root) as store:
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == text
    review(catalog, text, fuzzy=True)
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    with TranslationMemory(root / ".l10n" / "memory.sqlite", root=root) as store:
        assert store.lookup([WITHDREW], "ar") == {}


@pytest.mark.parametrize("where", ["here", "moved since"])
def test_a_memory_keyed_by_absolute_paths_is_re_keyed_once_and_keeps_every_review(tmp_path, where):
    """A memory of the previous release named catalogs by absolute path: in the project as it is, or where the project
    was before it moved. Opened in the project, its reviews are named relative to it, none lost or doubled."""
    from l10n import cli

    catalog, text = desk_with_a_review(tmp_path / "desk")
    root = tmp_path / "desk"
    old = root if where == "here" else Path("/srv/old-place/desk")
    with sqlite3.connect(root / ".l10n" / "memory.sqlite") as connection:   # the layout of the previous release
        connection.execute("UPDATE reviews SET catalog = ? || '/' || catalog", (str(old),))
        connection.execute("UPDATE catalog_files SET path = ? || '/' || path", (str(old),))
        connection.execute("DELETE FROM meta WHERE key = 'catalog_keys'")
    if where == "moved since":   # reviewed again after the move, under the new path, before this release
        with sqlite3.connect(root / ".l10n" / "memory.sqlite") as connection:
            connection.execute("INSERT INTO reviews SELECT ?, lang, key, source, target, seq + 1 FROM reviews",
                               (str(catalog),))
    with TranslationMemory(root / ".l10n" / "memory.sqlite", root=root) as store:
        assert store.lookup([WITHDREW], "ar")[WITHDREW].target == text
    assert reviews_of(root) == ["locales/ar/LC_MESSAGES/story.po"]
    review(catalog, text, fuzzy=True)
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    with TranslationMemory(root / ".l10n" / "memory.sqlite", root=root) as store:
        assert store.lookup([WITHDREW], "ar") == {}
