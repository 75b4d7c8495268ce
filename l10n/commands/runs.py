"""Which articles a run can skip: per-article input fingerprints, kept in SQLite.

A run records, per article, the SHA-256 of everything that decides its
catalogs: the article's bytes; the run's settings (target languages, every
file of the glossary folder, adaptation rules and boilerplate included, the
package chosen per language, decoding and memory options, the l10n version);
the translation memory's content version (``memory_version``: it moves when a
review anywhere in the project adds or changes a stored translation, never with
l10n's own drafts); and the bytes of each catalog written for the article (.pot
and every .po).  The article's and the glossary's digests are those of the
bytes the run read, taken as it read them, and a catalog's those of the bytes
it wrote, so a file edited during a run is "changed" at the next one (a glossary
file that changed while the run read it leaves the article due).  When all of
them still match, the article is current: it is
not read, segmented or language-checked, and nothing is written.  Editing the
article, reviewing any catalog, changing the glossary or installing a package
makes it due again.  ``translate`` and ``backfill`` decide and record through
one driver, ``ArticleRun`` (same settings fingerprint, same recorded counts), so
neither makes the other redo an article (``.l10n/runs.sqlite``).  Paths are
kept relative to the project, so a copied project judges its own files, and
a catalog that is missing always leaves its article due.

No drafting stage is imported here (no pySBD, langdetect or CTranslate2): an
unchanged re-run costs the start-up, the memory's sync (one stat per catalog),
one hash per file and one SQLite query per article.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from ..core.project import Project
from ..core.records import ArticleFailure, LanguageReport, Report
from ..errors import RUN_WIDE_ERRORS, DatabaseError, L10nError, ReadError, RunStateError
from ..files.digests import digest, file_digest, folder_digests
from ..files.oserrors import database_error
from ..stages.identity import article_key, name_catalogs, project_key
from ..stages.read import collect_articles

STATE_FILE = ".l10n/runs.sqlite"
_COLUMNS = ("path", "article", "settings", "catalogs", "counts")


@dataclass(frozen=True, slots=True)
class LanguageCounts:
    """What the last run left in one catalog, replayed when the article is skipped."""

    lang: str
    units: int
    empty: int
    flagged: int  # entries carrying a FLAG line and not yet reviewed, counted from the file as written
    changed: int  # translator's text kept, fuzzy, for a source that changed (``LanguageReport.changed``), as written


class RunState:
    """Per-article fingerprints of the last run that wrote the article's catalogs (SQLite: a path or ":memory:").

    A file of another layout or a row that does not parse is a RunStateError
    (exit 4); a file the run cannot open or write is a DatabaseError (exit 12),
    found by ``check_writable`` before any catalog is written.
    """

    def __init__(self, path: Path | str):
        self.path = path
        self._open()

    def _open(self) -> None:
        path = self.path
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, article TEXT NOT NULL,"
                " settings TEXT NOT NULL, catalogs TEXT NOT NULL, counts TEXT NOT NULL DEFAULT '[]')"
            )
            columns = tuple(row[1] for row in self._db.execute("PRAGMA table_info(articles)"))
            self._file = _file_identity(path)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._unreadable(exc) from exc
        if columns != _COLUMNS:
            self._db.close()
            raise RunStateError(f"{path}: the run state has columns {', '.join(columns)}, not {', '.join(_COLUMNS)}; "
                                   "delete it (the next run redoes every article).")

    def __enter__(self) -> RunState:
        return self

    def __exit__(self, *exc) -> None:
        self._db.close()

    def _unreadable(self, exc: Exception) -> L10nError:
        """The one-line error for SQLite's ``exc`` while reading the state: permissions, busy, or a damaged file."""
        return database_error(self.path, "the run state", exc, RunStateError(
            f"{self.path}: the run state is unreadable ({exc}); delete it (the next run redoes every article)."))

    def check_writable(self) -> None:
        """DatabaseError now, before a run writes catalogs, if its fingerprints could not be recorded afterwards.

        A row is written and rolled back: writing one needs SQLite's journal beside the file, so a folder that
        may not be written is found as well as a read-only file (a statement that changes no row needs neither).
        """
        try:
            self._db.execute("INSERT OR REPLACE INTO articles VALUES ('', '', '', '{}', '[]')")
        except sqlite3.DatabaseError as exc:  # read-only, busy, or a full disk: each says so in one line
            raise database_error(self.path, "the run state", exc, DatabaseError(
                f"{self.path}: the run state cannot be written ({exc}); nothing was written.")) from exc
        finally:
            self._db.rollback()

    def current(self, key: str, article_sha: str, settings: Fingerprints,
                catalogs: dict[str, Path]) -> tuple[list[LanguageCounts], dict] | None:
        """(recorded counts, recorded catalog digests) when the article, the settings and every catalog are as recorded.

        ``catalogs``: the article's catalog files by ``project_key``.  A catalog that is missing is never as recorded,
        whatever the row says (a project copied without its catalogs, a row of another layout), nor one that cannot
        be read: the article is due, and its run reports it as that article's failure.
        """
        try:  # a page past the schema may be damaged, or another program may hold the file locked
            row = self._db.execute("SELECT article, settings, catalogs, counts FROM articles WHERE path = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc
        if row is None or row[0] != article_sha:
            return None
        try:
            recorded, counts = json.loads(row[2]), json.loads(row[3])
            if not isinstance(recorded, dict) or not isinstance(counts, list):
                raise ValueError("not a JSON object and list")
            if any(len(item) != len(fields(LanguageCounts)) for item in counts):  # recorded by an older l10n
                return None
            counts = [LanguageCounts(*item) for item in counts]
        except (TypeError, ValueError) as exc:
            raise RunStateError(f"{self.path}: the run state's row for {key} does not parse ({exc}); "
                                   "delete the file (the next run redoes every article).") from exc
        if row[1] != settings.for_counts(counts):
            return None
        if recorded.keys() != catalogs.keys() or any((found := _digest_if_readable(path)) is None or recorded[name] != found
                                                      for name, path in catalogs.items()):
            return None
        return counts, recorded

    def record(self, rows: Sequence[tuple[str, str, str, dict[str, str | None], Sequence[LanguageCounts]]]) -> None:
        """Mark articles done: (key, article sha, settings sha, {catalog's project_key: digest of the bytes left}, counts).

        A state file deleted during the run (to redo everything) or replaced is opened anew at its path, and the
        run goes on recording there: SQLite would refuse to write to the file it opened.
        """
        if _file_identity(self.path) != self._file:
            self._db.close()
            self._open()
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                    [(key, article, settings, json.dumps(catalogs, sort_keys=True), json.dumps([astuple(c) for c in counts]))
                     for key, article, settings, catalogs, counts in rows],
                )
        except sqlite3.DatabaseError as exc:
            raise database_error(self.path, "the run state", exc, DatabaseError(
                f"{self.path}: the run state cannot be written ({exc}); the catalogs are written, "
                "the next run redoes these articles.")) from exc


def _file_identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None when there is none (or it is ":memory:")."""
    try:
        found = os.stat(path) if path != ":memory:" else None
    except OSError:  # gone; or not reachable, which opening it again says in one line
        return None
    return (found.st_dev, found.st_ino) if found else None


def chosen_packages(project: Project, langs: Sequence[str]) -> dict[str, str]:
    """Per language, the label of the package that would draft it and the code it drafts ('' when none is installed).

    A language no package serves is given ``unusable_notice`` (a packages folder that cannot be listed,
    a broken package that might serve it), so that appearing makes the article due and its run says what is wrong.
    """
    from ..stages.engine import packages

    scan = packages.scan_packages(project.argos_packages_dir())
    chosen = {}
    for code in langs:
        found = packages.select_package(project.profile(code), scan.packages)
        chosen[code] = f"{found[0].label} -> {found[1]}" if found else packages.unusable_notice(project.profile(code), scan)
    return chosen


def memory_version(project: Project) -> str:
    """The translation memory's content version once every catalog reviewed since the last run is in it.

    Another article's review can fill this one's empty units, so it is part of every
    article's fingerprint; l10n's own drafts never change it.  No memory yet: "".
    """
    if not Path(project.memory_path).is_file():  # a refused first run leaves no file behind
        return ""
    from ..stages.memory import TranslationMemory

    with TranslationMemory(project.memory_path, root=project.root) as tm:
        tm.sync(project.locales_dir)
        return tm.content_version()


def settings_fingerprint(project: Project, langs: Sequence[str], *, memory: str | None,
                         packages: dict[str, str] | None = None, glossary: dict[str, str | None] | None = None) -> str:
    """Everything besides the article that decides its catalogs: languages, glossary, packages, decoding, memory.

    ``memory`` is ``memory_version(project)`` (None: the article had no empty unit, so the
    memory cannot change it); ``packages`` is ``chosen_packages(project, langs)``
    and ``glossary`` the glossary as a run read it (``files.folder_digests``), when the caller has them.
    """
    from ..version import __version__

    settings = project.engine
    data = {
        "version": __version__, "langs": list(langs), "packages": packages if packages is not None else chosen_packages(project, langs),
        "glossary": glossary if glossary is not None else folder_digests(project.glossary_dir),
        "decoding": [settings.beam_size, settings.length_penalty, settings.compute_type, settings.device, settings.max_batch_size],
        "memory": [project.fuzzy_threshold, project.exact_match_fuzzy],
    }
    if memory is not None:
        data["memory_version"] = memory
    if project.tk_route != "tr":  # what the tk catalogs are tagged and drafted as
        data["tk_route"] = project.tk_route
    return digest(json.dumps(data, sort_keys=True).encode())


class Fingerprints:
    """The settings fingerprint of one run, as ``translate`` and ``backfill`` both judge and record articles by it.

    An article left with empty units is judged with the memory's content version too
    (another article's review may fill them); one without is not, so a review
    elsewhere does not make a whole archive due.  The memory is read at most once,
    before anything is drafted: a review that lands during the run makes its
    articles due at the next one.
    """

    def __init__(self, project: Project, codes: Sequence[str], packages: dict[str, str]):
        self.project, self.codes, self.packages = project, tuple(codes), packages
        self._glossary = folder_digests(project.glossary_dir)
        self._memory: str | None = None

    def memory(self) -> str:
        """The memory's content version, read the first time it is asked for."""
        if self._memory is None:
            self._memory = memory_version(self.project)
        return self._memory

    def for_counts(self, counts: Sequence[LanguageCounts], glossary: dict[str, str | None] | None = None) -> str:
        """The fingerprint of an article with these counts (``glossary``: the digests its run read)."""
        memory = self.memory() if any(c.empty for c in counts) else None
        return settings_fingerprint(self.project, self.codes, memory=memory, packages=self.packages,
                                    glossary=self._glossary if glossary is None else glossary)


def catalog_paths_for(project: Project, name: str, langs: Sequence[str]) -> dict[str, Path]:
    """The template and the per-language catalogs of catalog ``name`` (``identity.catalog_names``), by ``project_key``."""
    paths = [project.template_path(name), *(project.catalog_path(name, code) for code in langs)]
    return {project_key(project, path): path for path in paths}


def state_rows(project: Project, report: Report, settings: Fingerprints) -> list[tuple]:
    """``RunState.record`` rows for what a run drafted: the digests it took as it read and wrote, and its counts."""
    counts: dict[str, list[LanguageCounts]] = {}
    for row in report.languages:
        counts.setdefault(Path(row.path).stem, []).append(LanguageCounts(row.lang, row.units, row.empty, row.flagged, row.changed))
    return [(article_key(project, Path(done.path)), done.article,
             settings.for_counts(counts.get(done.name, []), dict(done.glossary)),
             {project_key(project, path): found for path, found in done.catalogs}, counts.get(done.name, []))
            for done in report.inputs]


class ArticleRun:
    """The one skip-and-record rule of ``translate`` and ``backfill``: which articles are due, and recording what was done.

    Entering judges every article against the run state: ``current`` maps the
    articles whose inputs and catalogs are as recorded to (key, article digest,
    counts, catalog digests), ``due`` lists the others.  Before anything is
    drafted the state is checked writable (or creatable: a refused first run
    leaves no file behind, so the file is made only by ``record``) and the
    memory's content version is read.  ``rows(report)`` and ``record(rows)``
    store what a ``pipeline.translate`` call finished, with the same settings
    fingerprint and counts whichever command ran it.
    """

    def __init__(self, project: Project, paths: Sequence[Path | str], langs: Sequence[str] | None = None):
        self.project = project
        self.articles = collect_articles(paths, skip=project.own_folders())
        self.names = name_catalogs(project, self.articles)[0]   # an article left out is due: its run names the failure
        self.codes = tuple(langs or project.targets)
        self.packages = chosen_packages(project, self.codes)
        self.settings = Fingerprints(project, self.codes, self.packages)
        self.state_path = project.root / STATE_FILE
        self.current: dict[Path, tuple[str, str, list[LanguageCounts], dict]] = {}
        self.due: list[Path] = []
        self._state: RunState | None = None

    def __enter__(self) -> ArticleRun:
        if self.state_path.is_file():
            self._state = RunState(self.state_path)
            for article in self.names:
                key, article_sha = article_key(self.project, article), _digest_if_readable(article)
                found = article_sha and self._state.current(key, article_sha, self.settings,
                                                            catalog_paths_for(self.project, self.names[article], self.codes))
                if found:
                    self.current[article] = (key, article_sha, *found)
        self.due = [article for article in self.articles if article not in self.current]
        if self.due:
            if self._state is not None:
                self._state.check_writable()
            else:
                _check_creatable(self.state_path)
            self.settings.memory()  # read as the run starts, whatever the run will find
        return self

    def __exit__(self, *exc) -> None:
        if self._state is not None:
            self._state.__exit__(*exc)

    def rows(self, report: Report) -> list[tuple]:
        """``record`` rows for the articles ``report`` finished (``state_rows``)."""
        return state_rows(self.project, report, self.settings)

    def record(self, rows: Sequence[tuple]) -> None:
        """Mark articles done; skipped articles keep their rows (nothing they depend on moved)."""
        if not rows:
            return
        if self._state is None:
            self._state = RunState(self.state_path)
        self._state.record(rows)

    def replayed(self) -> Report:
        """The rows of the articles skipped as current: their catalogs as the last run left them, untouched."""
        return _replayed_report(self.project, self.current, self.names, [self.project.profile(code) for code in self.codes],
                                self.packages)


def _digest_if_readable(path: Path) -> str | None:
    """The SHA-256 of an article or catalog; None (so it is due) when it is missing or unreadable: the run reports it
    as that article's failure."""
    try:
        return file_digest(path) if Path(path).is_file() else None
    except ReadError:
        return None


def translate_changed(project: Project, paths: Sequence[Path | str], *, langs: Sequence[str] | None = None,
                      **options) -> Report:
    """``pipeline.translate`` on the articles whose inputs changed since their last run; the others are replayed.

    A run in which every article is current reads each article and its
    catalogs once, imports no pipeline stage and writes nothing.  ``options``
    go to ``pipeline.translate`` (engine_factory, progress, on_wait).
    """
    with ArticleRun(project, paths, langs) as run:
        replayed = run.replayed()
        if not run.due:
            return replayed
        from ..stages.engine import load_engine, start_models_early
        from ..stages.engine.argos import drop_started

        started = start_models_early(project, {article: run.names[article] for article in run.due if article in run.names}, run.codes,
                                     options.get("engine_factory") or load_engine)  # the load hides the pipeline's import
        try:
            report = _translate_due(project, run.due, run.codes, single=len(run.articles) == 1, **options)
        finally:
            drop_started(started)
        run.record(run.rows(report))
    return Report(articles=replayed.articles + report.articles, languages=replayed.languages + report.languages,
                  written=report.written, findings=report.findings, notices=replayed.notices + report.notices,
                  failures=report.failures, inputs=report.inputs)


def _check_creatable(state_path: Path) -> None:
    """WriteError now when the run state could not be created after the run (a read-only folder)."""
    folder = state_path.parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"{folder}: cannot make the run state there; check the folder's permissions (nothing was written).")


def _translate_due(project: Project, due: list[Path], codes: tuple[str, ...], *, single: bool, **options) -> Report:
    """pipeline.translate on ``due``; one due article out of several fails as a record, as it would among them."""
    from ..pipeline import translate

    try:
        return translate(project, due, langs=codes, **options)
    except RUN_WIDE_ERRORS:
        raise
    except L10nError as exc:
        if single or len(due) > 1:
            raise
        return Report(articles=(), languages=(), failures=(ArticleFailure(str(due[0]), str(exc), int(exc.exit_code)),))


def _replayed_report(project: Project, current: dict, names: dict[Path, str], profiles, packages: dict[str, str]) -> Report:
    """The rows of articles skipped as current: their catalogs as the last run left them, untouched.

    Every translated entry is kept (nothing is drafted); the empty ones are counted as empty, as a run counts them.
    """
    from ..stages.engine.packages import missing_notice

    rows = []
    for article, (_key, _sha, counts, _catalogs) in current.items():
        rows += [LanguageReport(lang=c.lang, units=c.units, empty=c.empty, flagged=c.flagged, changed=c.changed,
                                kept=c.units - c.empty, path=project.catalog_path(names[article], c.lang)) for c in counts]
    notices = []
    if current:
        notices.append(f"{len(current)} article{'s' if len(current) > 1 else ''} unchanged since the last run "
                       "(article, glossary, packages, catalogs): skipped, nothing written")
        empty_langs = {row.lang for row in rows if row.empty}
        notices += [missing_notice(p) for p in profiles if not packages[p.code] and p.code in empty_langs]
    slugs = tuple(names[article] for article in current)
    return Report(articles=slugs, languages=tuple(rows), notices=tuple(notices))
