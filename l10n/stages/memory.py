"""The translation memory: reviewed translations from past catalogs, in SQLite.

One row per (language, normalised source).  An exact lookup is an index probe;
a fuzzy lookup asks an FTS5 index for the rows sharing two of the query's four
rarest words (document counts kept in the ``words`` table, since FTS5's own
vocabulary table counts by walking whole posting lists) and re-scores the newest
``SCANNED`` of them with ``rapidfuzz.fuzz.ratio`` on normalised text.  Nothing
ranks all the rows that match (FTS5's bm25 would, and a unit of common words
matches thousands), so a lookup costs the same at 5,000 units as at 100,000.

Each catalog's reviewed entries are also kept per catalog (``reviews``), so the
memory follows the catalogs: a translation edited there replaces the stored one,
and one un-reviewed or emptied there gives way to another catalog's review of
the sentence, or leaves the memory (one whose sentence left the article stays).  Of several catalogs' reviews of
one sentence the latest wins: catalogs are read in the order they were saved.
Catalogs are named in the memory by their path relative to the project
(``catalog_key``), so a project folder moved, renamed or checked out elsewhere
keeps its memory as it was; a memory that named them by absolute path is
re-keyed when first opened with the project's ``root`` (``_rekey``: paths under
the project, or under the folder it was in before a move, the later of two
copies of one review kept).

The database is derived data: ``rebuild_memory`` recreates it from the PO files,
which is also the cure when it is damaged.  A rebuild that would drop entries no
catalog holds any more (deleted catalogs, ones imported from elsewhere) is
refused unless forced: the memory may be the only copy of that reviewed work.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import sqlite3
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from ..core.records import MemoryMatch
from ..errors import CatalogError, MemoryStoreError, UsageError, WriteError
from ..files.oserrors import database_error
from ..files.paths import project_relative
from .catalog import EntryState, catalog_language, entry_state, memory_copy_origin
from .pofiles import catalog_paths, read_catalog

SCHEMA_VERSION = 2
RARE_TERMS = 4          # rarest words of a query; candidates share two of them (or one, for short units)
CANDIDATES = 50         # rows ranked per word of a search
SCANNED = 2_000         # rows a fuzzy lookup re-scores at most, newest first: what bounds its cost
_CHUNK = 500            # bound parameters per IN (...) query
_SQLITE_HEADER = b"SQLite format 3\x00"   # the first 16 bytes of every SQLite database file
_WORD = re.compile(r"[^\W_]+")
_PUNCTUATION_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SCHEMA = (
    """CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        lang TEXT NOT NULL,
        key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        origin TEXT NOT NULL,
        UNIQUE (lang, key)
    )""",
    "CREATE VIRTUAL TABLE units_fts USING fts5(key, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TABLE words (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE catalog_files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL) WITHOUT ROWID",
    """CREATE TRIGGER units_indexed AFTER INSERT ON units BEGIN
        INSERT INTO units_fts(rowid, key) VALUES (new.id, new.key);
    END""",
)
_REVIEWS = (  # added to memories of the same version, so created IF NOT EXISTS (see ``_prepare``)
    """CREATE TABLE IF NOT EXISTS reviews (
        catalog TEXT NOT NULL,
        lang TEXT NOT NULL,
        key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (catalog, lang, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS reviews_of_unit ON reviews (lang, key, seq)",
    """CREATE TRIGGER IF NOT EXISTS units_unindexed AFTER DELETE ON units BEGIN
        INSERT INTO units_fts(units_fts, rowid, key) VALUES ('delete', old.id, old.key);
    END""",
)


@dataclass(frozen=True, slots=True)
class MemoryImport:
    """What an import or rebuild did; each count means one thing."""

    read: int       # reviewed entries read from the catalogs (a sentence reviewed in two articles counts twice)
    added: int      # memory entries added or changed by them
    entries: int    # entries in the memory afterwards (one per language and normalised source)


def normalize_source(text: str) -> str:
    """The form sources are compared in: case, spacing, quote and dash styles folded.

    >>> normalize_source("The  “Coalition” — withdrew")
    'the "coalition" - withdrew'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION_FOLD).casefold()
    return " ".join(folded.split())


class TranslationMemory:
    """Reviewed translations keyed by language and normalised source; a context manager.

    :param path: the SQLite file (created if missing), or ``":memory:"`` for tests.
    :param root: the project folder: catalogs in it are named relative to it (``catalog_key``); None names
        every catalog by its absolute path.
    :param connect: False leaves the file unread until ``rebuild`` replaces it (see ``rebuilding``).
    """

    def __init__(self, path: Path | str, *, root: Path | str | None = None, connect: bool = True):
        self.path = path if path == ":memory:" else Path(path)
        self.root = Path(root) if root is not None else None
        self._connection: sqlite3.Connection | None = self._open() if connect else None

    @classmethod
    def rebuilding(cls, path: Path | str, *, root: Path | str | None = None) -> TranslationMemory:
        """The memory at ``path``, opened only to ``rebuild`` it: works when the file is damaged."""
        return cls(path, root=root, connect=False)

    def catalog_key(self, path: Path | str) -> str:
        """How the memory names the catalog at ``path``: relative to the project, else its absolute path."""
        relative = project_relative(self.root, path) if self.root is not None else None
        return relative if relative is not None else str(Path(path).resolve())

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _open(self) -> sqlite3.Connection:
        if isinstance(self.path, Path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise database_error(self.path, "the translation memory", exc, MemoryStoreError(str(exc))) from exc
        with self._errors_mapped():
            connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            try:
                _prepare(connection)
                if self.root is not None:
                    _rekey(connection, self.root)
            except BaseException:
                connection.close()
                raise
        return connection

    @contextlib.contextmanager
    def _errors_mapped(self) -> Iterator[None]:
        """SQLite errors as one line that says what to do: a MemoryStoreError for a damaged file, else ``database_error``'s."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if isinstance(self.path, Path) and _not_a_database(self.path):
                raise _another_file(self.path) from exc
            message = f"{self.path}: the translation memory is damaged; rebuild it from the PO files with `l10n tm rebuild`."
            raise database_error(self.path, "the translation memory", exc, MemoryStoreError(message)) from exc

    def add(self, lang: str, entries: Iterable[tuple[str, str, str]]) -> int:
        """Store (source, target, origin) triples, replacing older translations; returns rows added or changed."""
        with self._errors_mapped(), _transaction(self._connection):
            return self._store(lang, entries)

    def _store(self, lang: str, entries: Iterable[tuple[str, str, str]]) -> int:
        rows = {
            normalize_source(source): (lang, normalize_source(source), source, target, origin)
            for source, target, origin in entries
            if source.strip() and target.strip()
        }
        known = {key for (key,) in self._select_in("SELECT key FROM units WHERE lang = ? AND key", [lang], rows)}
        cursor = self._connection.executemany(
            "INSERT INTO units (lang, key, source, target, origin) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (lang, key) DO UPDATE SET source = excluded.source, target = excluded.target, "
            "origin = excluded.origin WHERE target != excluded.target OR source != excluded.source",
            rows.values(),
        )  # the same translation met again in another article keeps its first origin: the content did not change
        words = Counter(word for key in rows if key not in known for word in set(_WORD.findall(key)))
        self._connection.executemany(
            "INSERT INTO words (term, docs) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
            words.items(),
        )
        changed = max(cursor.rowcount, 0)
        if changed:
            self._content_changed()
        return changed

    def _content_changed(self) -> None:
        self._connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('content', ?)", (uuid.uuid4().hex,))

    def _withdraw(self, catalog: str, withdrawn: dict[tuple[str, str], str]) -> int:
        """Reviews a catalog no longer holds, (lang, key) -> its old target: another catalog's latest review of
        the sentence takes the unit's place, else the unit goes if it holds that catalog's text; returns rows changed."""
        replaced = removed = 0
        for (lang, key), old_target in withdrawn.items():
            row = self._connection.execute(
                "SELECT source, target, catalog FROM reviews WHERE lang = ? AND key = ? ORDER BY seq DESC, catalog LIMIT 1",
                (lang, key)).fetchone()
            if row is not None:
                replaced += self._connection.execute(
                    "UPDATE units SET source = ?, target = ?, origin = ? WHERE lang = ? AND key = ? AND target != ?",
                    (row[0], row[1], Path(row[2]).stem, lang, key, row[1])).rowcount
            elif self._connection.execute("DELETE FROM units WHERE lang = ? AND key = ? AND target = ?",
                                          (lang, key, old_target)).rowcount:
                removed += 1
                self._connection.executemany("UPDATE words SET docs = docs - 1 WHERE term = ?",
                                             [(word,) for word in set(_WORD.findall(key))])
        if removed:
            self._connection.execute("DELETE FROM words WHERE docs <= 0")
        if replaced:   # a removal fills nothing new, so runs need not look again
            self._content_changed()
        return replaced + removed

    def content_version(self) -> str:
        """A token that changes whenever a stored translation is added or changed (not when origins or drafts move).

        Runs record it: an article whose empty units another article's review could
        now fill is due again, while l10n's own writes leave it as it was.
        """
        with self._errors_mapped():
            row = self._connection.execute("SELECT value FROM meta WHERE key = 'content'").fetchone()
        return row[0] if row else ""

    def _select_in(self, query: str, params: list, values: Iterable[str]) -> Iterator[tuple]:
        """Rows of ``query IN (values)``, in chunks that stay under SQLite's parameter limit."""
        ordered = sorted(set(values))
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            yield from self._connection.execute(f"{query} IN ({','.join('?' * len(chunk))})", [*params, *chunk])

    def lookup(self, sources: Sequence[str], lang: str, *, threshold: float = 75.0) -> dict[str, MemoryMatch]:
        """The best stored translation per source scoring at least ``threshold`` (0-100); misses are absent."""
        keys = {source: normalize_source(source) for source in sources if source.strip()}
        with self._errors_mapped():
            exact = self._exact(set(keys.values()), lang)
            matches = {source: exact[key] for source, key in keys.items() if key in exact}
            pending = {source: key for source, key in keys.items() if key not in exact}
            if pending and threshold < 100:
                rarity = self._document_counts({word for key in pending.values() for word in _WORD.findall(key)})
                for source, key in pending.items():
                    match = self._fuzzy(key, lang, rarity, threshold)
                    if match is not None:
                        matches[source] = match
        return matches

    def _exact(self, keys: set[str], lang: str) -> dict[str, MemoryMatch]:
        rows = self._select_in("SELECT key, source, target, origin FROM units WHERE lang = ? AND key", [lang], keys)
        return {
            key: MemoryMatch(source=source, target=target, score=100.0, exact=True, origin=origin)
            for key, source, target, origin in rows
        }

    def _document_counts(self, words: set[str]) -> dict[str, int]:
        return dict(self._select_in("SELECT term, docs FROM words WHERE term", [], words))

    def _fuzzy(self, key: str, lang: str, rarity: dict[str, int], threshold: float) -> MemoryMatch | None:
        words = sorted({word for word in _WORD.findall(key) if word in rarity}, key=lambda word: (rarity[word], word))
        if not words:
            return None
        rare = [f'"{word}"' for word in words[:RARE_TERMS]]
        if len(rare) < 3:
            query = " OR ".join(rare)
        else:
            query = " OR ".join(f"({first} AND {second})" for first, second in itertools.combinations(rare, 2))
        rows = self._connection.execute(
            "SELECT units.key, units.source, units.target, units.origin FROM units_fts "
            "JOIN units ON units.id = units_fts.rowid "
            "WHERE units_fts MATCH ? AND units.lang = ? ORDER BY units_fts.rowid DESC LIMIT ?",
            (query, lang, SCANNED),
        ).fetchall()
        best = process.extractOne(key, [row[0] for row in rows], scorer=fuzz.ratio, score_cutoff=threshold)
        if best is None:
            return None
        _, score, index = best
        _, source, target, origin = rows[index]
        return MemoryMatch(source=source, target=target, score=round(score, 1), exact=False, origin=origin)

    def import_catalogs(self, paths: Iterable[Path]) -> int:
        """Add the reviewed entries of PO files; returns rows added or changed."""
        return self.import_counted(paths).added

    def import_counted(self, paths: Iterable[Path]) -> MemoryImport:
        """Add the reviewed entries of PO files; what was read, what changed, and what the memory holds now.

        The language is the file's (see ``catalog.catalog_language``); the origin is the slug.  Catalogs are
        read in the order they were saved, so of two reviews of one sentence the later one is the memory's.
        """
        read = added = 0
        for path in sorted(map(Path, paths), key=_save_order):
            counted = self._import(read_catalog(Path(path)), Path(path))
            read, added = read + counted[0], added + counted[1]
        return MemoryImport(read=read, added=added, entries=self.count())

    def import_catalog(self, catalog: polib.POFile, path: Path) -> int:
        """``import_catalogs`` for a catalog already read from ``path`` (``l10n review`` after a save); entries added or changed."""
        return self._import(catalog, path)[1]

    def _import(self, catalog: polib.POFile, path: Path) -> tuple[int, int]:
        """(reviewed entries read, memory entries added or changed) for one catalog.

        Of a sentence's entries under several msgctxt, the unit's own (no msgctxt) is the memory's: it is added last.
        An exact match l10n copied in from a catalog still beside this one is that catalog's review, not this one's.
        Only reviews new or changed since the catalog was last read are stored, so reading an unchanged review again
        never undoes another catalog's later one.  A review whose entry is still there but no longer reviewed (fuzzy,
        emptied) is withdrawn (``_withdraw``); one whose sentence the article edited or dropped stays, as a deleted
        catalog's do: it was right for that sentence.
        """
        lang = catalog_language(path, catalog.metadata.get("Language", "")).code
        reviewed = [
            (entry.msgid, entry.msgstr)
            for entry in sorted(catalog, key=lambda entry: entry.msgctxt is None)
            if not entry.obsolete and not entry.msgid_plural and entry_state(entry) is EntryState.REVIEWED
            and not _copy_of_another_catalog(entry, path)
        ]
        now = {(lang, normalize_source(source)): (source, target) for source, target in reviewed if source.strip() and target.strip()}
        name = self.catalog_key(path)
        with self._errors_mapped(), _transaction(self._connection):
            before = {(row_lang, key): target for row_lang, key, target
                      in self._connection.execute("SELECT lang, key, target FROM reviews WHERE catalog = ?", (name,))}
            fresh = {unit: texts for unit, texts in now.items() if before.get(unit) != texts[1]}
            self._connection.execute("INSERT INTO meta (key, value) VALUES ('reads', 1) "
                                     "ON CONFLICT (key) DO UPDATE SET value = value + 1")   # max(seq) would read every review
            seq = int(self._connection.execute("SELECT value FROM meta WHERE key = 'reads'").fetchone()[0])
            self._connection.executemany(
                "INSERT OR REPLACE INTO reviews (catalog, lang, key, source, target, seq) VALUES (?, ?, ?, ?, ?, ?)",
                [(name, unit_lang, key, source, target, seq) for (unit_lang, key), (source, target) in fresh.items()])
            live = {(lang, normalize_source(entry.msgid)) for entry in catalog if not entry.obsolete and not entry.msgid_plural}
            withdrawn = {unit: target for unit, target in before.items() if unit not in now and unit in live}
            self._connection.executemany("DELETE FROM reviews WHERE catalog = ? AND lang = ? AND key = ?",
                                         [(name, *unit) for unit in withdrawn])
            changed = self._store(lang, [(source, target, path.stem) for source, target in fresh.values()])
            return len(reviewed), changed + self._withdraw(name, withdrawn)

    def count(self) -> int:
        """Entries in the memory: one per language and normalised source."""
        with self._errors_mapped():
            return self._connection.execute("SELECT count(*) FROM units").fetchone()[0]

    def search(self, text: str, *, lang: str | None = None, limit: int = 20) -> list[tuple[str, MemoryMatch]]:
        """Stored entries whose source holds every word of ``text`` (any case), best first, as (lang, match).

        The score is how much of the source the text covers (rapidfuzz ``partial_ratio``), so
        a phrase ranks the entries holding it verbatim first.
        """
        key = normalize_source(text)
        words = _WORD.findall(key)
        if not words:
            return []
        query = " AND ".join(f'"{word}"' for word in words)
        with self._errors_mapped():
            rows = self._connection.execute(
                "SELECT units.lang, units.key, units.source, units.target, units.origin FROM units_fts "
                "JOIN units ON units.id = units_fts.rowid WHERE units_fts MATCH ? AND (? IS NULL OR units.lang = ?) "
                "ORDER BY units_fts.rank LIMIT ?",
                (query, lang, lang, CANDIDATES * 4),
            ).fetchall()
        found = [(row_lang, MemoryMatch(source=source, target=target, score=round(fuzz.partial_ratio(key, row_key), 1),
                                        exact=row_key == key, origin=origin))
                 for row_lang, row_key, source, target, origin in rows]
        found.sort(key=lambda hit: (-hit[1].score, hit[1].source, hit[0]))
        return found[:limit]

    def sync(self, locales_dir: Path) -> tuple[int, list[str]]:
        """Import the catalogs under ``locales_dir`` changed since the last sync (size or mtime).

        Runs at the start and end of every ``translate``, so work a translator
        reviewed in any article is reused at once, at the cost of one stat per
        catalog.  Returns (rows added or changed, one-line problems of catalogs
        that could not be read: those are skipped, not fatal to the run).
        """
        with self._errors_mapped():
            seen = {path: (size, mtime) for path, size, mtime in self._connection.execute("SELECT path, size, mtime_ns FROM catalog_files")}
        added, problems, synced, changed = 0, [], [], []
        for path in catalog_paths(locales_dir):
            try:
                stat = path.stat()
            except FileNotFoundError:   # removed since it was listed (an editor renaming its save over it)
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if seen.get(self.catalog_key(path)) != signature:
                changed.append((stat.st_mtime_ns, path, signature))
        for _, path, signature in sorted(changed):   # in the order they were saved: the latest review wins
            try:
                added += self.import_catalogs([path])
            except CatalogError as exc:
                problems.append(f"memory: skipped {exc}")
                continue
            synced.append((self.catalog_key(path), *signature))
        with self._errors_mapped(), _transaction(self._connection):
            self._connection.executemany(
                "INSERT OR REPLACE INTO catalog_files (path, size, mtime_ns) VALUES (?, ?, ?)", synced
            )
        return added, problems

    def rebuild(self, locales_dir: Path, *, force: bool = False) -> MemoryImport:
        """Recreate the memory from every PO under ``locales_dir``; what was read and what the memory holds.

        ``force``: drop the entries no catalog holds (``rebuild_memory``).
        """
        self.close()
        if self.path == ":memory:":
            self._connection = self._open()
            return self.import_counted(catalog_paths(locales_dir))
        try:
            read = rebuild_memory(self.path, locales_dir, force=force, root=self.root)
        finally:
            self._connection = self._open()
        return MemoryImport(read=read, added=self.count(), entries=self.count())


def rebuild_memory(path: Path, locales_dir: Path, *, force: bool = False,
                   root: Path | None = None) -> int:  # returns the reviewed entries read
    """Build a new memory file from the PO files and rename it over ``path``; works on a damaged one.

    A UsageError, the memory unchanged, when the new memory would lack entries the old one holds
    (``_dropped``) and not ``force``: catalogs deleted or moved out of ``locales_dir``, or imported
    from elsewhere, would take their reviewed translations with them.  Closing the new file's only
    connection checkpoints it into one file, and the old file's WAL files are removed first so they
    cannot be replayed into the new one.
    """
    path = Path(path)
    if _not_a_database(path):
        raise _another_file(path)
    fresh = path.with_name(f".{path.name}.rebuild-{os.getpid()}")
    _remove_database(fresh)
    try:
        with TranslationMemory(fresh, root=root) as memory:
            count = memory.import_counted(catalog_paths(locales_dir)).read
        if not force and (dropped := _dropped(path, fresh)):
            lost, held = dropped
            raise UsageError(f"{path}: a rebuild from {locales_dir} would drop {lost} of the memory's {held} entries, "
                             "which no catalog there holds (deleted, moved or imported from elsewhere); the memory is "
                             "unchanged: restore or `l10n tm import` those catalogs first, or pass --force to drop them.")
        _remove_database(path, keep_main=True)
        os.replace(fresh, path)
    except OSError as exc:
        raise WriteError(f"{path}: cannot replace the translation memory ({exc.strerror}); check the folder and its permissions.") from exc
    finally:
        _remove_database(fresh)
    return count


def _dropped(old: Path, fresh: Path) -> tuple[int, int] | None:
    """(entries of the memory at ``old`` that the one at ``fresh`` lacks, entries at ``old``); None when it lacks none.

    A memory that is missing, damaged or of another layout has nothing to lose: rebuilding is its cure.
    """
    if not old.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(fresh)) as connection:
            connection.execute("ATTACH DATABASE ? AS old", (str(old),))
            if connection.execute("PRAGMA old.user_version").fetchone()[0] != SCHEMA_VERSION:
                return None
            lost, held = connection.execute(
                "SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM main.units AS new"
                " WHERE new.lang = kept.lang AND new.key = kept.key)), count(*) FROM old.units AS kept").fetchone()
    except sqlite3.DatabaseError:
        return None
    return (lost, held) if lost else None


def _copy_of_another_catalog(entry: polib.POEntry, path: Path) -> bool:
    """An untouched exact memory match whose catalog is there to speak for it (a deleted one's copies stand in)."""
    origin = memory_copy_origin(entry)
    return origin is not None and origin != path.stem and path.with_name(f"{origin}.po").is_file()


def _save_order(path: Path) -> tuple[int, Path]:
    """Sort key: when the file was last saved (a missing one first: reading it says why), then its path."""
    try:
        return path.stat().st_mtime_ns, path
    except OSError:
        return 0, path


def _not_a_database(path: Path) -> bool:
    """True when ``path`` holds bytes that do not open like SQLite's: another file, not a damaged memory.

    SQLite damage leaves the file's header; a glossary, article or l10n.toml named by
    ``memory_path`` has none, and rebuilding would replace it with a database.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:   # missing (a new memory) or unreadable (SQLite says why)
        return False
    return head != b"" and head != _SQLITE_HEADER


def _another_file(path: Path) -> MemoryStoreError:
    return MemoryStoreError(f"{path}: not an SQLite database, so not a translation memory; point memory_path in l10n.toml "
                            "at the memory (.l10n/memory.sqlite by default), or move this file aside and run `l10n tm rebuild`.")


def _remove_database(path: Path, *, keep_main: bool = False) -> None:
    suffixes = ("-wal", "-shm") if keep_main else ("", "-wal", "-shm")
    for suffix in suffixes:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _prepare(connection: sqlite3.Connection) -> None:
    """Refuse a file that is not ours before switching it to WAL (which writes), then create the schema in a new one."""
    if _layout(connection) == "foreign":
        raise sqlite3.DatabaseError("not an l10n translation memory")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    with _transaction(connection):
        layout = _layout(connection)  # again under the write lock: another run may have created it meanwhile
        if layout == "new":
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif layout == "foreign":
            raise sqlite3.DatabaseError("not an l10n translation memory")
        connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone():
            for statement in _REVIEWS:
                connection.execute(statement)
            connection.execute("DELETE FROM catalog_files")   # an older memory: the next sync reads every catalog's reviews


def _rekey(connection: sqlite3.Connection, root: Path) -> None:
    """Name the catalogs of a memory that named them by absolute path relative to the project ``root``, once.

    A catalog is re-keyed when it lies under ``root``, or under a folder the project was in before a move:
    a synced catalog's old path whose end names a file of the project now (``locales/ar/LC_MESSAGES/k1.po``)
    gives that folder.  Of one catalog's review of a sentence kept under two paths (synced before and after
    a move), the later read is kept.  The record of synced files is cleared, so the next sync reads every
    catalog once more (unchanged reviews change nothing).
    """
    with _transaction(connection):
        if connection.execute("SELECT 1 FROM meta WHERE key = 'catalog_keys' AND value = 'relative'").fetchone():
            return
        synced = [Path(path) for (path,) in connection.execute("SELECT path FROM catalog_files") if os.path.isabs(path)]
        folders = {Path(root).resolve(), *filter(None, (_former_root(path, root) for path in synced))}

        def relative(name: str) -> str | None:
            return next((Path(name).relative_to(folder).as_posix() for folder in folders
                         if os.path.isabs(name) and Path(name).is_relative_to(folder)), None)

        rows = connection.execute("SELECT catalog, lang, key, source, target, seq FROM reviews").fetchall()
        for catalog, lang, key, source, target, seq in sorted(rows, key=lambda row: row[5]):
            new = relative(catalog)
            if new is None:
                continue
            connection.execute("DELETE FROM reviews WHERE catalog = ? AND lang = ? AND key = ?", (catalog, lang, key))
            connection.execute(
                "INSERT INTO reviews (catalog, lang, key, source, target, seq) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (catalog, lang, key) DO UPDATE SET source = excluded.source, target = excluded.target, "
                "seq = excluded.seq WHERE excluded.seq >= reviews.seq", (new, lang, key, source, target, seq))
        connection.execute("DELETE FROM catalog_files")
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('catalog_keys', 'relative')")


def _former_root(path: Path, root: Path) -> Path | None:
    """The folder a moved project was in when it synced the catalog at ``path``: what is left of ``path`` once its
    longest end naming a file of the project at ``root`` now is taken off (None when no end does)."""
    parts = path.parts
    for start in range(1, len(parts) - 2):    # the end holds at least LANG/LC_MESSAGES/NAME.po
        if (Path(root) / Path(*parts[start:])).is_file():
            return Path(*parts[:start])
    return None


def _layout(connection: sqlite3.Connection) -> str:
    """'new' (an empty database), 'ours' (our schema version) or 'foreign'."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if version == 0 and tables == 0:
        return "new"
    return "ours" if version == SCHEMA_VERSION else "foreign"


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT: writers queue up instead of failing halfway (WAL allows one writer)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
