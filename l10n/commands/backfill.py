"""Back-fill an archive: translate thousands of articles in resumable chunks.

``backfill()`` wraps ``pipeline.translate`` (the only place that knows the
stages): articles go through it a few hundred at a time, so memory stays
bounded, catalogs are written by this one process, and an interrupted run
loses at most one chunk.  What is already done is known from a small SQLite
state, ``.l10n/runs.sqlite``: one row per article path with the SHA-256 of
the article's bytes, of each catalog written for it (.pot and every .po), and
of the run's settings (target languages, glossary files, package per language,
decoding options, the memory's content version): ``runs.ArticleRun``, the one
driver that decides and records for ``translate`` too.  An article is skipped when all of those still match, which
costs one read of the article and its catalogs, never a msgmerge.  Editing the
article, a catalog (a translator's review), the glossary or the packages makes
it due again; anything else (a failed article, a new one) is simply not in the
state yet.

Drafting uses every core through the engine's defaults: one CTranslate2
worker per core sharing one copy of the model (engine.resolve_threads).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..core.languages import get_profile
from ..core.project import Project
from ..core.records import ArticleFailure
from ..errors import RUN_WIDE_ERRORS, L10nError, UsageError
from ..pipeline import Progress
from ..stages.engine import EngineCache, load_engine
from .runs import ArticleRun

CHUNK_SIZE = 200           # articles per pipeline.translate call

#: progress(articles_done, articles_total, units_done): called as the run advances.
BackfillProgress = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class BackfillReport:
    """What a back-fill did; units are counted per language (one unit in 3 languages counts 3)."""

    articles: int              # articles found
    translated: int            # articles translated in this run
    skipped: int               # articles whose catalogs were current
    drafted: int = 0           # units drafted by the engine
    reused: int = 0            # units filled from the translation memory
    flagged: int = 0           # entries flagged and awaiting review in the catalogs after the run, skipped articles too
    failed: tuple[ArticleFailure, ...] = ()
    seconds: float = 0.0


def backfill(
    project: Project,
    paths: Sequence[Path | str],
    *,
    langs: Sequence[str] | None = None,
    engine_factory=None,
    chunk_size: int = CHUNK_SIZE,
    progress: BackfillProgress | None = None,
    on_wait: Callable[[str], None] | None = None,
    unit_progress: Progress | None = None,
) -> BackfillReport:
    """Translate every article under ``paths`` whose catalogs are not current, chunk by chunk.

    ``engine_factory`` is as for pipeline.translate (default: all cores of this
    machine); each language's engine is made once for the whole run.
    ``unit_progress`` follows each language's units over the whole run (totals
    grow chunk by chunk, as chunks are segmented).  A bad
    article is reported in ``failed`` and the others go on; problems that would
    fail every article (``errors.RUN_WIDE_ERRORS``: model, lock, glossary, memory, a full disk) stop the run, and a re-run resumes.
    """
    if chunk_size < 1:
        raise UsageError(f"--chunk {chunk_size}: give at least 1 article per chunk.")
    started = time.monotonic()
    codes = tuple(langs or project.targets)
    for code in codes:
        get_profile(code)
    engines = EngineCache(engine_factory or load_engine)
    totals = {"drafted": 0, "reused": 0, "flagged": 0}
    failed: list[ArticleFailure] = []
    translated = units_done = 0
    languages = _LanguageTotals(unit_progress)

    with ArticleRun(project, paths, codes) as run:
        articles, skipped = run.articles, len(run.current)
        done = skipped
        # flags left in the skipped articles' catalogs still await review, as translate's summary counts them
        totals["flagged"] = sum(counts.flagged for *_, languages, _catalogs in run.current.values() for counts in languages)

        def tick(units: int = 0) -> None:
            nonlocal units_done
            units_done += units
            if progress is not None:
                progress(done, len(articles), units_done)

        tick()
        try:
            for start in range(0, len(run.due), chunk_size):
                chunk = run.due[start : start + chunk_size]
                outcomes = _translate_chunk(project, chunk, codes, engines, languages, tick, on_wait, record=run.rows)
                finished = []
                for outcome in outcomes:
                    if isinstance(outcome, ArticleFailure):
                        failed.append(outcome)
                    else:
                        translated += 1
                        for name in totals:
                            totals[name] += outcome[name]
                        finished.append(outcome["row"])
                run.record(finished)
                done += len(chunk)
                tick()
        finally:
            engines.close()
    return BackfillReport(articles=len(articles), translated=translated, skipped=skipped, failed=tuple(failed),
                          seconds=time.monotonic() - started, **totals)


class _LanguageTotals:
    """Per-language units over a whole back-fill: each pipeline run's (done, total) added to the runs before it."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.totals: dict[str, tuple[int, int]] = {}

    def run(self, tick: Callable[[int], None]) -> Progress:
        """pipeline.Progress for one pipeline run: ticks the article bar and forwards the running totals."""
        seen: dict[str, tuple[int, int]] = {}

        def on_progress(lang: str, done: int, total: int) -> None:
            previous_done, previous_total = seen.get(lang, (0, 0))
            tick(done - previous_done)
            base_done, base_total = self.totals.get(lang, (0, 0))
            self.totals[lang] = (base_done + done - previous_done, base_total + total - previous_total)
            seen[lang] = (done, total)
            if self.progress is not None:
                self.progress(lang, *self.totals[lang])

        return on_progress


def _translate_chunk(project, articles: list[Path], langs, engines, languages: _LanguageTotals, tick, on_wait,
                     record) -> list[dict | ArticleFailure]:
    """Per article of the chunk: its counts and its run-state row (``record(report)``, as translate records), or an ArticleFailure.

    A chunk that fails as a whole is redone article by article.
    """
    try:
        report = pipeline.translate(project, articles, langs=langs, engine_factory=engines,
                                    progress=languages.run(tick), on_wait=on_wait)
    except RUN_WIDE_ERRORS:
        raise
    except L10nError as exc:
        if len(articles) == 1:
            return [ArticleFailure(str(articles[0]), str(exc), int(exc.exit_code))]
        return [outcome for article in articles
                for outcome in _translate_chunk(project, [article], langs, engines, languages, tick, on_wait, record)]
    failures = {failure.path: failure for failure in report.failures}
    rows = record(report)
    counts: dict[str, dict] = {done.path: {"drafted": 0, "reused": 0, "flagged": 0, "row": row} for done, row in zip(report.inputs, rows)}
    names = {done.name: done.path for done in report.inputs}
    for row in report.languages:
        into = counts[names[Path(row.path).stem]]
        into["drafted"] += row.drafted
        into["reused"] += row.reused
        into["flagged"] += row.flagged
    return [failures[str(article)] if str(article) in failures else counts[str(article)] for article in articles]
