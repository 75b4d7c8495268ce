"""Back-fill an archive: translate thousands of articles in resumable chunks.

``backfill()`` wraps ``pipeline.translate`` (the only place that knows the
stages): articles go through it a few hundred at a time, so memory stays
bounded, catalogs are written by this one process, and an interrupted run
loses at most one chunk.  What is already done is known from a small SQLite
state, ``.l10n/backfill.sqlite``: one row per article path with the SHA-256 of
the article's bytes, of each catalog written for it (.pot and every .po), and
of the run's settings (target languages, glossary files, package per language,
decoding options).  An article is skipped when all of those still match, which
costs one read of the article and its catalogs, never a msgmerge.  Editing the
article, a catalog (a translator's review), the glossary or the packages makes
it due again; anything else (a failed article, a new one) is simply not in the
state yet.

Drafting uses every core through the engine's defaults: one CTranslate2
worker per core sharing one copy of the model (engine.resolve_threads).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .engine import EngineCache, load_engine
from .engine import packages as models
from .errors import DataFileError, L10nError, LockTimeout, ModelError, UsageError
from .files import slugify
from .languages import LanguageProfile, get_profile
from .project import Project

STATE_FILE = ".l10n/backfill.sqlite"
CHUNK_SIZE = 200           # articles per pipeline.translate call

#: progress(articles_done, articles_total, units_done): called as the run advances.
BackfillProgress = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class Failure:
    """An article the back-fill could not translate, and why (one line)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class BackfillReport:
    """What a back-fill did; units are counted per language (one unit in 3 languages counts 3)."""

    articles: int              # articles found
    translated: int            # articles translated in this run
    skipped: int               # articles whose catalogs were current
    drafted: int = 0           # units drafted by the engine
    reused: int = 0            # units filled from the translation memory
    flagged: int = 0           # drafts with a non-cosmetic QA or glossary finding
    failed: tuple[Failure, ...] = ()
    seconds: float = 0.0


# -- state -------------------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror}); check its permissions.") from exc


class BackfillState:
    """The back-fill's record of finished articles, in SQLite (a path, or ":memory:")."""

    def __init__(self, path: Path | str):
        self.path = path
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, article TEXT NOT NULL,"
                " settings TEXT NOT NULL, catalogs TEXT NOT NULL)"
            )
        except sqlite3.DatabaseError as exc:
            raise DataFileError(f"{path}: the back-fill state is unreadable ({exc}); delete it to start the back-fill over.") from exc

    def __enter__(self) -> BackfillState:
        return self

    def __exit__(self, *exc) -> None:
        self._db.close()

    def is_current(self, key: str, article_sha: str, settings_sha: str, catalogs: Sequence[Path]) -> bool:
        row = self._db.execute("SELECT article, settings, catalogs FROM articles WHERE path = ?", (key,)).fetchone()
        if row is None or row[0] != article_sha or row[1] != settings_sha:
            return False
        recorded = json.loads(row[2])
        return all(recorded.get(str(path)) == _file_sha(path) for path in catalogs) and len(recorded) == len(catalogs)

    def record(self, rows: Sequence[tuple[str, str, str, Sequence[Path]]]) -> None:
        """Mark articles done: (key, article sha, settings sha, catalog paths as written now)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
                [(key, article, settings, json.dumps({str(p): _file_sha(p) for p in catalogs}, sort_keys=True))
                 for key, article, settings, catalogs in rows],
            )


def settings_fingerprint(project: Project, langs: Sequence[str]) -> str:
    """Everything besides the article that decides its catalogs: languages, glossary, packages, decoding."""
    packages = models.list_packages(project.argos_packages_dir())
    chosen = {}
    for code in langs:
        found = models.select_package(get_profile(code), packages)
        chosen[code] = f"{found[0].label} -> {found[1]}" if found else ""
    glossary = {}
    if project.glossary_dir.is_dir():
        glossary = {p.name: _file_sha(p) for p in sorted(project.glossary_dir.iterdir()) if p.is_file()}
    settings = project.engine
    data = {
        "langs": list(langs), "packages": chosen, "glossary": glossary,
        "decoding": [settings.beam_size, settings.length_penalty, settings.compute_type],
        "memory": [project.fuzzy_threshold, project.exact_match_fuzzy],
    }
    return _sha(json.dumps(data, sort_keys=True).encode())


# -- the run -----------------------------------------------------------------------------------

def _catalog_paths(project: Project, article: Path, langs: Sequence[str]) -> list[Path]:
    slug = slugify(article.name)
    return [project.template_path(slug), *(project.catalog_path(slug, code) for code in langs)]


def _key(project: Project, article: Path) -> str:
    resolved = article.resolve()
    try:
        return str(resolved.relative_to(project.root))
    except ValueError:
        return str(resolved)


def backfill(
    project: Project,
    paths: Sequence[Path | str],
    *,
    langs: Sequence[str] | None = None,
    engine_factory=None,
    chunk_size: int = CHUNK_SIZE,
    progress: BackfillProgress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BackfillReport:
    """Translate every article under ``paths`` whose catalogs are not current, chunk by chunk.

    ``engine_factory`` is as for pipeline.translate (default: all cores of this
    machine); each language's engine is made once for the whole run.  A bad
    article is reported in ``failed`` and the others go on; problems that would
    fail every article (model, lock) stop the run, and a re-run resumes.
    """
    if chunk_size < 1:
        raise UsageError(f"chunk size {chunk_size}: give at least 1 article per chunk.")
    started = time.monotonic()
    codes = tuple(langs or project.targets)
    for code in codes:
        get_profile(code)
    articles = pipeline.collect_articles(paths)
    fingerprint = settings_fingerprint(project, codes)
    engines = EngineCache(engine_factory or load_engine)
    totals = {"drafted": 0, "reused": 0, "flagged": 0}
    failed: list[Failure] = []
    done = translated = skipped = units_done = 0

    def tick(units: int = 0) -> None:
        nonlocal units_done
        units_done += units
        if progress is not None:
            progress(done, len(articles), units_done)

    with BackfillState(project.root / STATE_FILE) as state:
        due: list[tuple[Path, str, str]] = []
        for article in articles:
            key = _key(project, article)
            article_sha = _file_sha(article)
            if article_sha is not None and state.is_current(key, article_sha, fingerprint, _catalog_paths(project, article, codes)):
                skipped += 1
                done += 1
            else:
                due.append((article, key, article_sha or ""))
        tick()
        try:
            for start in range(0, len(due), chunk_size):
                chunk = due[start : start + chunk_size]
                outcomes = _translate_chunk(project, [a for a, _, _ in chunk], codes, engines, tick, on_wait)
                finished = []
                for (article, key, article_sha), outcome in zip(chunk, outcomes):
                    if isinstance(outcome, Failure):
                        failed.append(outcome)
                    else:
                        translated += 1
                        for name in totals:
                            totals[name] += outcome[name]
                        finished.append((key, article_sha, fingerprint, _catalog_paths(project, article, codes)))
                state.record(finished)
                done += len(chunk)
                tick()
        finally:
            engines.close()
    return BackfillReport(articles=len(articles), translated=translated, skipped=skipped, failed=tuple(failed),
                          seconds=time.monotonic() - started, **totals)


def _translate_chunk(project, articles: list[Path], langs, engines, tick, on_wait) -> list[dict | Failure]:
    """Per article of the chunk: its counts, or a Failure.  A chunk that fails as a whole is redone article by article."""
    seen: dict[str, int] = {}

    def on_progress(lang: str, done: int, total: int) -> None:
        tick(done - seen.get(lang, 0))
        seen[lang] = done

    try:
        report = pipeline.translate(project, articles, langs=langs, engine_factory=engines,
                                    progress=on_progress, on_wait=on_wait)
    except (ModelError, LockTimeout):
        raise
    except L10nError as exc:
        if len(articles) == 1:
            return [Failure(str(articles[0]), str(exc))]
        return [outcome for article in articles for outcome in _translate_chunk(project, [article], langs, engines, tick, on_wait)]
    reasons = iter(n.removeprefix("failed: ") for n in report.notices if n.startswith("failed: "))
    counts: dict[str, dict[str, int]] = {}
    for row in report.languages:
        slug = Path(row.path).stem
        into = counts.setdefault(slug, {"drafted": 0, "reused": 0, "flagged": 0})
        into["drafted"] += row.drafted
        into["reused"] += row.reused
        into["flagged"] += row.flagged
    empty = {"drafted": 0, "reused": 0, "flagged": 0}
    outcomes: list[dict | Failure] = []
    for article in articles:
        slug = slugify(article.name)
        if slug in report.articles:
            outcomes.append(counts.get(slug, empty))
        else:  # pipeline.translate reports load failures in path order, one notice each
            outcomes.append(Failure(str(article), next(reasons, "not translated")))
    return outcomes
