"""translate(): the only place that knows the order of the stages.

read > segment > catalog merge > memory > glossary-enforced engine > adapt > QA > write.
Every article of a run is merged first; then, per language, all units that
need a draft (across all articles) go to the model in chunks (``draft_units``,
the one drafting path, which ``l10n eval`` uses too), so a model is loaded at
most once per run and only when something needs it, or is all but sure to: a
language some article has no catalog in yet (only a memory holding every unit
spares its model), whose model starts loading on a thread while the articles
are read.  The chunks draft on ``MODEL_THREADS`` threads
while this thread adapts and checks the finished ones, and gettext checks the
new templates meanwhile; the output is the same as doing all of it one step
after the other.  Memory and glossary
fills get the QA a draft gets.  Catalogs are written by ``pofiles.save_catalog``,
which merges in any save a translator made meanwhile.  In a run over several
articles, one whose catalog cannot be read (not valid PO, a merge conflict, its
permissions) fails alone, none of its files written (``_merge_articles``), and a
catalog that cannot be written fails alone, the others written (``_done_or_why``).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from .core.languages import LanguageProfile
from .core.project import Project
from .core.records import Article, ArticleFailure, ArticleInputs, Draft, Finding, LanguageReport, MemoryMatch, Origin, Report
from .errors import RUN_WIDE_ERRORS, L10nError
from .files.digests import file_digest, folder_digests
from .files.lock import project_lock
from .stages import adapt, catalog, memory, pofiles, qa, read, terms
from .stages.articles import read_and_segment
from .stages.engine import EngineFactory, load_engine, start_models_early
from .stages.engine.argos import available_cores, drop_started
from .stages.engine.packages import missing_notice
from .stages.identity import OWNER_HEADER, name_catalogs, owner_label
from .stages.read import collect_articles

#: progress(lang, done, total): called for every language before drafting starts, then as it advances.
Progress = Callable[[str, int, int], None]

#: Units reach the engine a few batches per worker at a time, shortest first: the batches are the
#: ones a single call would make, and progress, glossary enforcement and QA follow the drafting.
ENGINE_CHUNK_BATCHES = 4
#: Threads drafting chunks (model, then enforcement) while this thread does l10n's own work on the
#: chunks already drafted.  Two keep CTranslate2's workers fed while one chunk is being enforced;
#: 0 drafts each chunk inline when its turn comes.  The chunks, and so the output, are the same.
MODEL_THREADS = 2
#: The name of the threads drafting with the models: they write no catalog, only the SQLite cache of
#: the terms' own renderings, whose transactions a killed process cannot leave half done.
DRAFT_THREADS = "l10n-draft"
#: Threads merging, checking and writing catalogs, one file each (msgmerge, msgcat and msgfmt are
#: subprocesses, so their waits overlap); 1 does them in turn.  Results are used in order either way.
GETTEXT_THREADS = 2


@dataclass
class _Work:
    """One article's catalog for one language while a run is in progress."""

    po: polib.POFile
    path: Path
    template: polib.POFile
    name: str                               # the article's catalog name
    read_digest: str | None                 # the bytes merged at the start: only those may be replaced
    pending: list[polib.POEntry] = field(default_factory=list)
    drafted: list[polib.POEntry] = field(default_factory=list)  # pending entries this run put a draft in
    counts: dict[str, int] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)   # id() of pending entries whose source changed since their draft


@dataclass
class _Plan:
    """One language's drafts before the engine: memory and glossary fills, and the sources left to draft."""

    drafts: dict[str, Draft]
    to_engine: list[str]
    total: int                              # distinct sources needing a draft
    labels: dict[str, list[str]] = field(default_factory=dict)  # source -> reference labels its links use, for QA


def translate(
    project: Project,
    paths: Sequence[Path | str],
    *,
    langs: Sequence[str] | None = None,
    engine_factory: EngineFactory | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Report:
    """Draft every article in ``paths`` into every target language and write the catalogs.

    A single bad article raises its error; in a run over several, bad articles
    are reported in ``Report.failures`` and the rest go on.  So is a catalog that
    cannot be written (``_done_or_why``): the other catalogs are written, and
    only a run over one article that could write none of them raises.  A catalog that cannot be read fails
    its article (``_merge_articles``).
    """
    article_paths = collect_articles(paths, skip=project.own_folders())
    names, unnamed = name_catalogs(project, article_paths)
    factory = engine_factory or load_engine
    targets = tuple(langs or project.targets)
    started = start_models_early(project, names, targets, factory)
    try:
        return _translate(project, article_paths, names, unnamed, targets, factory, progress, on_wait)
    finally:
        drop_started(started)


def _translate(project, article_paths, names, unnamed, targets, factory, progress, on_wait) -> Report:
    glossary_read = folder_digests(project.glossary_dir)  # the files as read below (boilerplate, terms, rules) ...
    articles, failures, read_from = [], [], {}
    for path in article_paths:
        try:
            if path in unnamed:  # its catalogs cannot be read: its failure, as an article that cannot be read
                raise unnamed[path]
            article, read_digest = read_and_segment(project, path, names[path])
        except RUN_WIDE_ERRORS:  # a boilerplate list that does not parse is no article's failure
            raise
        except L10nError as exc:
            if len(article_paths) == 1:
                raise
            failures.append(ArticleFailure(str(path), str(exc), int(exc.exit_code)))
            continue
        articles.append(article)
        read_from[article.slug] = (path, read_digest)
    profiles = [project.profile(code) for code in targets]
    glossary, rules = adapt.load_desk_rules(project.glossary_dir)
    if folder_digests(project.glossary_dir) != glossary_read:  # ... unless one changed meanwhile: then nothing is known
        glossary_read = {"": "changed while the run read it"}

    reports: list[LanguageReport] = []
    written: list[Path] = []
    left: dict[str, dict[str, str | None]] = {article.slug: {} for article in articles}   # catalog digests per article
    findings: list[Finding] = []
    notices: list[str] = []
    with project_lock(project.root, on_wait=on_wait), memory.TranslationMemory(project.memory_path, root=project.root) as tm:
        notices.extend(tm.sync(project.locales_dir)[1])
        notices.extend(filter(None, (glossary.unrendered(profile) for profile in profiles)))
        # Read and merge everything, then draft, then write: a bad catalog, rule file or model stops the run
        # before any file is touched; in a run over several articles, a catalog that cannot be read fails its
        # article alone, as an article that cannot be read does (``_merge_articles``).
        templates = {article.slug: catalog.build_template([article]) for article in articles}
        for slug, template in templates.items():
            template.metadata[OWNER_HEADER] = owner_label(project, read_from[slug][0])
        works, unreadable = _merge_articles(project, articles, templates, profiles, glossary)
        if unreadable and len(article_paths) == 1:
            raise next(iter(unreadable.values()))[0]
        failures += [ArticleFailure(str(read_from[slug][0]), str(exc), int(exc.exit_code))
                     for slug, errors in unreadable.items() for exc in errors]
        articles = [article for article in articles if article.slug not in unreadable]
        templates = {slug: template for slug, template in templates.items() if slug not in unreadable}
        left = {slug: catalogs for slug, catalogs in left.items() if slug not in unreadable}
        language_notices: dict[str, str] = {}
        plans = {p.code: _plan_language(project, p, works[p.code], tm, glossary) for p in profiles}
        if any(plan.total for plan in plans.values()):  # QA will need them: they load while the models draft
            read.preload_language_profiles()
        for code, plan in plans.items():  # every language's task shows before the first model loads
            if progress is not None and plan.total:
                progress(code, len(plan.drafts), plan.total)
        with _gettext_pool() as gettext, drafting_pool() as pool:  # every language's chunks start drafting; results used in order
            ahead = [gettext.submit(pofiles.check_ahead, template, project.template_path(slug))  # new templates: certain to be written
                     for slug, template in templates.items() if not project.template_path(slug).exists()]
            started = {p.code: _start_language(project, p, plans[p.code], glossary, rules, factory, progress, pool)
                       for p in profiles}
            for profile in profiles:
                engine_drafts, notice = started[profile.code]
                language_notices[profile.code] = notice
                if notice:
                    notices.append(notice)
                plans[profile.code].drafts.update(engine_drafts)
                _apply_drafts(profile, works[profile.code], plans[profile.code].drafts, glossary, findings)
                for work in works[profile.code]:
                    catalog.refresh_comments(work.po, glossary_notes=_notes(glossary, profile, work.po))
            for future in ahead:  # a template gettext refuses stops the run here, before any file is written
                future.result()
        refused: dict[str, list[L10nError]] = {}   # article slug -> why its catalogs could not be written
        for profile in profiles:
            saves = _each(lambda work, profile=profile: _done_or_why(
                pofiles.save_catalog, work.po, work.path, read_digest=work.read_digest,
                rebase=functools.partial(_rebase, work, profile, glossary)), works[profile.code])
            for work, saved in zip(works[profile.code], saves):
                if isinstance(saved, L10nError):  # the file is as it was; no digest, so the next run does it again
                    refused.setdefault(work.name, []).append(saved)
                    left[work.name][str(work.path)] = None
                    continue
                left[work.name][str(saved.path)] = saved.digest
                notices.extend([saved.notice] if saved.notice else [])
                if saved.left_alone:  # none of this run's drafts is in it: no row, and the next run drafts them
                    continue
                written.append(saved.path)
                reports.append(_language_report(work, profile, language_notices[profile.code]))
        # Templates go last: an article with a language catalog that could not be written keeps its template as it was.
        ready = [(slug, template) for slug, template in templates.items() if slug not in refused]
        for (slug, _), path in zip(ready, _each(lambda item: _done_or_why(
                pofiles.write_catalog, item[1], project.template_path(item[0])), ready)):
            if isinstance(path, L10nError):
                refused.setdefault(slug, []).append(path)
                continue
            written.append(path)
            left[slug][str(path)] = file_digest(path)
        tm.sync(project.locales_dir)
    if len(article_paths) == 1 and sum(map(len, refused.values())) == len(profiles):  # nothing written: as when unreadable
        raise next(iter(refused.values()))[0]
    failures += [ArticleFailure(str(read_from[slug][0]), str(exc), int(exc.exit_code))
                 for slug, errors in refused.items() for exc in errors]
    return Report(
        articles=tuple(a.slug for a in articles),
        languages=tuple(reports),
        written=tuple(written),
        findings=tuple(findings),
        notices=tuple(notices),
        failures=tuple(failures),
        inputs=tuple(ArticleInputs(str(read_from[slug][0]), slug, read_from[slug][1], tuple(sorted(glossary_read.items())),
                                   tuple(sorted(catalogs.items()))) for slug, catalogs in left.items()),
    )


def _each(function: Callable, items: Sequence) -> list:
    """``[function(item) for item in items]``, on ``GETTEXT_THREADS`` threads: each item is its own file and gettext subprocess."""
    if GETTEXT_THREADS <= 1 or len(items) < 2:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=GETTEXT_THREADS, thread_name_prefix="l10n-gettext") as pool:
        return list(pool.map(function, items))


def _done_or_why(work: Callable, *args, **kwargs):
    """``work(*args, **kwargs)`` on one file, or the error that refused that file; an error that fails every file stops the run."""
    try:
        return work(*args, **kwargs)
    except RUN_WIDE_ERRORS:
        raise
    except L10nError as exc:
        return exc


def _merge_articles(project: Project, articles: Sequence[Article], templates: Mapping[str, polib.POFile],
                    profiles: Sequence[LanguageProfile], glossary) -> tuple[dict[str, list[_Work]], dict[str, list[L10nError]]]:
    """Every article's catalogs merged with its template, by language; and why, by article slug, the catalogs
    of an article could not be read (not valid PO, their permissions): that article's failure alone.

    An article with a catalog that cannot be read is left out in every language, so none of its files
    changes and the next run does it again.
    """
    merged = {p.code: _each(lambda a, p=p: _done_or_why(_merge, project, a, templates[a.slug], p, glossary), articles)
              for p in profiles}
    unreadable: dict[str, list[L10nError]] = {}
    for article, done in ((article, done) for results in merged.values() for article, done in zip(articles, results)):
        if isinstance(done, L10nError):
            unreadable.setdefault(article.slug, []).append(done)
    return {code: [work for work in results if not isinstance(work, L10nError) and work.name not in unreadable]
            for code, results in merged.items()}, unreadable


def _merge(project: Project, article: Article, template: polib.POFile, profile: LanguageProfile, glossary) -> _Work:
    path = project.catalog_path(article.slug, profile.code)
    po, read_digest = pofiles.update_catalog_file(template, path, profile, note=profile.label)
    pending = [entry for entry in po if not entry.obsolete and catalog.needs_draft(entry, _digest(glossary, profile.code))]
    changed = {id(entry) for entry in pending if entry.msgstr or entry.previous_msgid}
    return _Work(po, path, template, article.slug, read_digest, pending, changed=changed)


def _rebase(work: _Work, profile: LanguageProfile, glossary, current: Path | None) -> polib.POFile:
    """This run's drafts merged into the catalog a translator saved during the run (their entries win)."""
    po = pofiles.update_catalog(work.template, current, profile, note=profile.label)
    catalog.carry_drafts(work.drafted, po, _digest(glossary, profile.code))
    catalog.refresh_comments(po, glossary_notes=_notes(glossary, profile, po))
    work.po = po
    return po


def _digest(glossary, lang: str) -> Callable[[str], str]:
    return lambda source: glossary.terms_digest(source, lang)


def _notes(glossary, profile: LanguageProfile, po: polib.POFile) -> Callable[[str], list[str]]:
    """An entry's hint lines: glossary hints, names the glossary lacks, and FLAGs on a translator's text missing a term.

    A translator's text, reviewed or not, is never rewritten when the glossary changes; a FLAG line tells them instead.
    """
    translators = {e.msgid: e.msgstr for e in po if not e.obsolete and catalog.holds_translators_text(e)}

    def notes(source: str) -> list[str]:
        lines = terms.glossary_hints(source, profile.code, glossary) + terms.names_note(source, glossary)
        if source in translators:
            lines += qa.flag_notes(terms.check_terms(source, translators[source], profile, glossary))
        return lines

    return notes


def _plan_language(project, profile, works, tm, glossary) -> _Plan:
    """Memory matches and whole-term glossary fills for one language's pending sources; the rest go to the engine.

    An entry a translator emptied is not filled from the memory: the memory holds the very text they removed.
    """
    pending_sources = list(dict.fromkeys(e.msgid for w in works for e in w.pending))
    drafts: dict[str, Draft] = {}
    if not pending_sources:
        return _Plan(drafts, [], 0)
    labels = {e.msgid: catalog.link_labels(e) for w in works for e in w.pending}
    emptied = {e.msgid for w in works for e in w.pending if catalog.emptied_by_translator(e)}
    matches = tm.lookup([s for s in pending_sources if s not in emptied], profile.code, threshold=project.fuzzy_threshold)
    for source, match in matches.items():
        drafts[source] = _memory_draft(project, profile, source, match, glossary, labels[source])
    drafts.update(glossary_fills([s for s in pending_sources if s not in drafts], profile, glossary, labels))
    return _Plan(drafts, [s for s in pending_sources if s not in drafts], len(pending_sources), labels)


def glossary_fills(sources: Sequence[str], profile: LanguageProfile, glossary,
                   labels: Mapping[str, Sequence[str]] | None = None) -> dict[str, Draft]:
    """Drafts, without the model, of the ``sources`` that are one glossary term: its approved rendering, checked.

    ``labels``: source -> the reference labels its links use (``catalog.link_labels``), for QA.
    """
    fills = {}
    for source in sources:
        rendering = terms.whole_term_rendering(glossary, source, profile.code)
        if rendering:
            fills[source] = _checked_prefill(Draft(source=source, lang=profile.code, text=rendering, origin=Origin.GLOSSARY,
                                                   engine_id="glossary", notes=("the unit is one glossary term: approved rendering",)),
                                             profile, glossary, (labels or {}).get(source, ()))
    return fills


def drafting_pool() -> contextlib.AbstractContextManager[Executor]:
    """An executor for ``draft_units``: ``MODEL_THREADS`` threads, or inline (each chunk drafted when its result is asked) at 0."""
    return _executor(MODEL_THREADS, DRAFT_THREADS, wait_on_interrupt=False)


def _gettext_pool() -> contextlib.AbstractContextManager[Executor]:
    """An executor for gettext work asked ahead while the models draft: ``GETTEXT_THREADS`` threads, inline at 1."""
    return _executor(GETTEXT_THREADS if GETTEXT_THREADS > 1 else 0, "l10n-gettext")


@contextlib.contextmanager
def _executor(threads: int, name: str, *, wait_on_interrupt: bool = True) -> Iterator[Executor]:
    """``threads`` threads named ``name``, or inline at 0; tasks not yet started are dropped if the caller fails.

    ``wait_on_interrupt=False``: on Ctrl-C a running task is not waited for.  A model's batch cannot be
    stopped and may take minutes, and its result is thrown away (the CLI then leaves the thread
    behind: ``cli.run``).
    """
    if threads <= 0:
        yield _Inline()
        return
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
    try:
        yield pool
    except BaseException as exc:
        pool.shutdown(wait=wait_on_interrupt or not isinstance(exc, KeyboardInterrupt), cancel_futures=True)
        raise
    pool.shutdown(wait=True)


class _Inline(Executor):
    """An executor that runs a task when its result is first asked for, on the asking thread."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return _LazyFuture(functools.partial(fn, *args, **kwargs))


class _LazyFuture(Future):
    def __init__(self, task: Callable[[], object]):
        super().__init__()
        self._task = task

    def result(self, timeout=None):
        if not self.done():
            try:
                self.set_result(self._task())
            except BaseException as exc:
                self.set_exception(exc)
        return super().result(timeout)


def draft_units(engine, sources: Sequence[str], profile: LanguageProfile, glossary, rules, *, chunk_size: int,
                pool: Executor | None = None,
                progress: Callable[[int], None] | None = None,
                lone: terms.LoneRenderings | None = None,
                labels: Mapping[str, Sequence[str]] | None = None) -> Iterator[tuple[str, terms.TermDraft, Draft]]:
    """Draft ``sources`` with ``engine``, approved terms enforced, as ``translate`` drafts them; the one drafting path.

    Sources go to the engine shortest first, ``chunk_size`` at a time, each chunk a task on ``pool``
    (default: inline); the chunks are the same whatever the pool, so the drafts are too.  ``rules``
    adapts pivot drafts (tk via tr), None otherwise; ``lone`` keeps the terms' own renderings between
    runs; ``labels`` gives QA each source's reference labels (``catalog.link_labels``).  Yields (source,
    the glossary layer's TermDraft, the final Draft after adaptation and QA) in the engine's order; the
    QA of one chunk runs while the next chunks draft.
    """
    ordered = sorted(dict.fromkeys(sources), key=len)
    guarded = _locked(progress) if progress is not None else None
    pool = pool or _Inline()
    chunks = [ordered[start : start + chunk_size] for start in range(0, len(ordered), chunk_size)]
    futures = [pool.submit(terms.draft_with_glossary, engine, chunk, profile, glossary, progress=guarded, lone=lone)
               for chunk in chunks]
    return _finished_drafts(engine, chunks, futures, profile, glossary, rules, labels or {})


def _finished_drafts(engine, chunks, futures, profile, glossary, rules, labels) -> Iterator[tuple[str, terms.TermDraft, Draft]]:
    try:
        for chunk, future in zip(chunks, futures):
            for source, term_draft in zip(chunk, future.result(), strict=True):
                yield source, term_draft, _engine_draft(profile, engine, source, term_draft, glossary, rules,
                                                        labels.get(source, ()))
    finally:
        for future in futures:
            future.cancel()


_PROGRESS_LOCK = threading.Lock()


def _locked(progress: Callable[[int], None]) -> Callable[[int], None]:
    """``progress`` called by one drafting thread at a time (every language's progress shares one display)."""

    def advance(count: int) -> None:
        with _PROGRESS_LOCK:
            progress(count)

    return advance


def engine_chunk_size(project: Project) -> int:
    """Units per drafting task: a few of the engine's batches per core."""
    return ENGINE_CHUNK_BATCHES * project.engine.max_batch_size * available_cores()


def _start_language(project, profile, plan: _Plan, glossary, rules, factory, progress, pool) -> tuple[Iterator[tuple[str, Draft]], str]:
    """((source, engine draft) for ``plan``'s units, their drafting started on ``pool``; or nothing, with a notice)."""
    if not plan.to_engine:
        return iter(()), ""
    engine = factory(project, profile)
    if engine is None:
        return iter(()), missing_notice(profile)
    pivot_rules = rules if engine.target != profile.code else None
    on_progress = progress_counter(progress, profile.code, plan.total, start=len(plan.drafts)) if progress else None
    lone = terms.LoneRenderings(project.root / terms.LONE_STORE_FILE, engine.fingerprint)
    drafted = draft_units(engine, plan.to_engine, profile, glossary, pivot_rules, chunk_size=engine_chunk_size(project),
                          pool=pool, progress=on_progress, lone=lone, labels=plan.labels)
    return ((source, draft) for source, _, draft in drafted), ""


def _apply_drafts(profile: LanguageProfile, works, drafts: dict[str, Draft], glossary, findings) -> None:
    """Put each pending entry's draft in its catalog, counting what it was, and collect the drafts' findings."""
    for work in works:
        for entry in work.pending:
            draft = drafts.get(entry.msgid)
            if draft is None:
                continue
            catalog.apply_draft(entry, draft, terms_digest=glossary.terms_digest(entry.msgid, profile.code))
            work.drafted.append(entry)
            key = ("redrafted" if id(entry) in work.changed
                   else "drafted" if draft.origin in (Origin.ENGINE, Origin.ADAPTED) else "reused")
            work.counts[key] = work.counts.get(key, 0) + 1
            findings.extend(replace(f, path=str(work.path)) for f in draft.findings)


def progress_counter(progress: Progress, lang: str, total: int, start: int = 0) -> Callable[[int], None]:
    """Turn the engine's per-chunk increments into progress(lang, done, total), counting from ``start``; ``lang`` may be any label."""
    done = start

    def advance(count: int) -> None:
        nonlocal done
        done += count
        progress(lang, min(done, total), total)

    return advance


def _memory_draft(project: Project, profile: LanguageProfile, source: str, match: MemoryMatch, glossary,
                  labels: Sequence[str]) -> Draft:
    fuzzy = project.exact_match_fuzzy or not match.exact
    if match.exact:
        note = f"{catalog.MEMORY_EXACT_NOTE} {match.origin}"
    else:
        note = f"memory: {match.score:.0f}% match from {match.origin} (source there: {match.source})"
    draft = Draft(source=source, lang=profile.code, text=match.target, origin=Origin.MEMORY,
                  engine_id=match.origin, fuzzy=fuzzy, notes=(note,))
    return _checked_prefill(draft, profile, glossary, labels, match_source=match.source)


def _checked_prefill(draft: Draft, profile: LanguageProfile, glossary, labels: Sequence[str], *,
                     match_source: str | None = None) -> Draft:
    """A memory or glossary fill with the QA a draft gets; a flagged fill goes in fuzzy, for review."""
    problems = [replace(f, msgid=draft.source, lang=profile.code)
                for f in qa.check_prefill(draft.source, draft.text, profile, glossary, match_source=match_source,
                                          labels=labels)]
    flags = qa.flag_notes(problems)
    return replace(draft, fuzzy=draft.fuzzy or bool(flags), notes=(*draft.notes, *flags), findings=tuple(problems))


def adapt_pivot_draft(profile: LanguageProfile, engine, term_draft: terms.TermDraft, rules) -> tuple[str, str]:
    """A pivot draft (tk via tr) adapted with ``rules``, its approved terms protected; returns (text, note)."""
    protected = [hit.term.targets[profile.code] for hit in term_draft.term_hits if hit.term.targets.get(profile.code)]
    text, fired = adapt.adapt(term_draft.text, rules, protected=protected)
    return text, f"adapted from {engine.target}: " + (", ".join(fired) if fired else "no rule fired")


def _engine_draft(profile, engine, source, term_draft, glossary, rules, labels: Sequence[str]) -> Draft:
    """Adapt pivot drafts (``rules`` given: tk via tr), then re-check terms and run QA on the final text."""
    text, notes, origin = term_draft.text, list(term_draft.notes), Origin.ENGINE
    if rules is not None:
        text, note = adapt_pivot_draft(profile, engine, term_draft, rules)
        origin = Origin.ADAPTED
        notes.append(note)
    problems = terms.check_terms(source, text, profile, glossary) if origin is Origin.ADAPTED else list(term_draft.findings)
    problems += qa.check_entry(source, text, profile, labels=labels)
    problems = [replace(f, msgid=source, lang=profile.code) for f in problems]
    if not text:
        why = getattr(engine, "skipped", {}).get(source, "it returned nothing")
        notes.append(f"FLAG engine: the model gave no draft for this unit ({why}); translate it by hand or re-run")
    notes += qa.flag_notes(problems)
    return Draft(source=source, lang=profile.code, text=text, origin=origin, engine_id=engine.id,
                 fuzzy=True, notes=tuple(notes), term_hits=tuple(term_draft.term_hits), findings=tuple(problems))


def _language_report(work: _Work, profile: LanguageProfile, notice: str) -> LanguageReport:
    entries = [e for e in work.po if not e.obsolete]
    return LanguageReport(
        lang=profile.code,
        units=len(entries),
        drafted=work.counts.get("drafted", 0),
        redrafted=work.counts.get("redrafted", 0),
        changed=sum(1 for e in entries if catalog.awaits_source_review(e)),
        reused=work.counts.get("reused", 0),
        flagged=sum(1 for e in entries if catalog.is_flagged(e)),
        empty=sum(1 for e in entries if not e.msgstr),
        kept=len(entries) - len(work.pending),
        path=work.path,
        notice=notice,
    )
