"""``l10n eval``: how close the installed packages draft to the desk's own reviewed translations.

For every reviewed entry of the chosen catalogs (``is_reference``), each
installed package serving the language drafts the source again twice: with the glossary enforced, exactly as ``l10n translate`` drafts
(``pipeline.draft_units``, the same function, then the pivot adaptation for tk), and with an
empty glossary.  The memory is never consulted, so a reviewed translation can
never come back as its own draft; no catalog is written.

Scores per (language, package, glossary on/off), against the reviewed text:

* chrF and chrF++ (sacrebleu, corpus level, on both texts through ``comparable``) and a 95% percentile bootstrap
  interval on chrF: entries resampled with replacement ``BOOTSTRAP_RESAMPLES``
  times with the fixed seed ``BOOTSTRAP_SEED``, chrF recomputed from the
  resampled sentence statistics.
* term accuracy, the WMT terminology metric (exact-match accuracy): every
  occurrence in the reference of the approved rendering of a term the source
  holds must be matched by a distinct occurrence in the draft; a draft position
  counts once, longer renderings claim theirs first.  Matching is the
  glossary's (Arabic clitics, Sorani endings, Turkish apostrophe suffixes).
* numbers of the source kept in the draft, draft/reference length in
  characters, drafts forced (an approved term inserted by l10n) and flagged
  (the glossary check fails), and the mean normalised character edit distance
  to the reference (0 = nothing to post-edit, 100 = rewrite everything).

A unit holding no glossary term for the language is drafted the same way with
and without the glossary, so its draft is made once and counted in both runs.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.languages import LanguageProfile, get_profile, route_profiles
from ..core.project import MAX_BEAM_SIZE, Project
from ..core.records import EngineRequest, TermHit
from ..errors import InputError, ModelError, UsageError
from ..pipeline import adapt_pivot_draft, draft_units, engine_chunk_size, glossary_fills, progress_counter
from ..stages import adapt, terms
from ..stages.catalog import EntryState, entry_state
from ..stages.engine.packages import PackageInfo, PackageScan, refuse_unlisted, refuse_unusable, scan_packages, serving_packages
from ..stages.identity import catalog_names
from ..stages.pofiles import catalog_paths, read_catalog
from ..stages.qa import missing_numbers
from ..stages.read import collect_articles
from ..stages.terms.match import normalise, rendering_spans

#: drafted once before the clock starts, to load the model; never a reviewed source, which the model may fail on alone
WARM_UP = "The model is ready."
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20200329
CONFIDENCE = 0.95
BOOTSTRAP_METHOD = (
    f"{CONFIDENCE:.0%} percentile bootstrap over entries: {BOOTSTRAP_RESAMPLES} resamples with replacement, "
    f"seed {BOOTSTRAP_SEED}, chrF recomputed from the resampled sentence statistics"
)

_TYPING = re.compile("[\u0640\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # tatweel, direction marks

#: progress(label, done, total): drafting advances for one language and package.
Progress = Callable[[str, int, int], None]
#: engine_for(project, package, to_code) -> an Engine drafting ``to_code`` with ``package``.
EngineFor = Callable[[Project, PackageInfo, str], object]


@dataclass(frozen=True, slots=True)
class ReviewedEntry:
    """One reviewed catalog entry: the English source and the translation a person approved."""

    source: str
    reference: str
    slug: str


@dataclass(frozen=True, slots=True)
class EvalDraft:
    """One eval draft: its final text, and whether the glossary forced a term into it."""

    text: str
    forced: bool = False


@dataclass(frozen=True, slots=True)
class EvalRow:
    """The scores of one package for one language, with the glossary on or off."""

    lang: str
    package: str                     # the package's label, e.g. 'argos translate-en_ar 1.9'
    drafts_as: str                   # the code the package writes ('tr' for tk drafted through en→tr)
    glossary: bool
    entries: int
    chrf: float
    chrf_low: float                  # bootstrap interval on chrF
    chrf_high: float
    chrf_pp: float
    term_matched: int
    term_occurrences: int
    numbers_kept: int
    numbers_total: int
    length_ratio: float              # draft characters / reference characters
    forced: int
    flagged: int
    edit_distance: float             # mean normalised Levenshtein distance, 0-100
    beam: int = 0                    # the beam size the package drafted with
    no_draft: int = 0                # entries the package gave no draft for (it failed on them), scored as empty drafts
    drafts_per_second: float = 0.0   # sources drafted per second of wall time (one shared pass for glossary on and off)

    @property
    def term_accuracy(self) -> float | None:
        """Matched term occurrences / occurrences in the references (None when the references hold none)."""
        return 100.0 * self.term_matched / self.term_occurrences if self.term_occurrences else None

    @property
    def numbers_kept_percent(self) -> float | None:
        return 100.0 * self.numbers_kept / self.numbers_total if self.numbers_total else None


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Every row of one ``l10n eval`` run, the catalogs read and one line per language left out."""

    rows: tuple[EvalRow, ...]
    catalogs: tuple[Path, ...]
    notices: tuple[str, ...] = ()
    method: str = BOOTSTRAP_METHOD


def reviewed_entries(project: Project, paths: Sequence[Path | str] = (),
                     langs: Sequence[str] | None = None) -> tuple[dict[str, list[ReviewedEntry]], tuple[Path, ...]]:
    """(reviewed entries per language, catalogs read) for ``paths`` (articles or folders; default: every catalog)."""
    targets = tuple(langs or project.targets)
    for code in targets:
        get_profile(code)
    if paths:
        slugs = list(catalog_names(project, collect_articles(paths, skip=project.own_folders())).values())
        catalogs = [(code, project.catalog_path(slug, code)) for code in targets for slug in slugs]
        catalogs = [(code, path) for code, path in catalogs if path.is_file()]
    else:
        catalogs = [(path.parts[-3], path) for path in catalog_paths(project.locales_dir) if path.parts[-3] in targets]
    if not catalogs and (missing := [path for path in paths if not Path(path).exists()]):   # a mistyped path
        raise InputError(f"{missing[0]}: no such file or folder, and no catalogs of that name; check the path.")
    if not catalogs:
        raise InputError(f"no catalogs to evaluate under {project.locales_dir} for {', '.join(targets)}; run `l10n translate` and review some drafts first.")
    found: dict[str, list[ReviewedEntry]] = {}
    for code, path in catalogs:
        slug = Path(path).stem
        found.setdefault(code, []).extend(
            ReviewedEntry(entry.msgid, entry.msgstr, slug)
            for entry in read_catalog(path) if is_reference(entry)
        )
    found = {code: entries for code, entries in found.items() if entries}
    if not found:
        raise InputError("the chosen catalogs hold no reviewed entries; review some drafts (clear their fuzzy flag) and run `l10n eval` again.")
    return found, tuple(path for _, path in catalogs)


def is_reference(entry) -> bool:
    """A reviewed translation of the unit's current source: not under a msgctxt (the model never sees the
    context), not kept with ``#| msgid`` (made for an older source), not obsolete, plural, fuzzy or empty."""
    return (not entry.obsolete and not entry.msgid_plural and entry.msgctxt is None and not entry.previous_msgid
            and entry_state(entry) is EntryState.REVIEWED)


def term_matches(reference: str, draft: str, hits: Sequence[TermHit], profile: LanguageProfile) -> tuple[int, int]:
    """(occurrences matched in ``draft``, occurrences in ``reference``) of the approved terms of ``hits``.

    ``hits`` are the glossary terms found in the source.  Each occurrence of an
    approved rendering in the reference needs its own occurrence in the draft.
    A position of either text counts once, longest renderings first, so a term
    inside a longer approved term is not counted again.

    >>> from l10n.core.records import Term
    >>> g = terms.Glossary((Term(id="k", forms=("Kirkuk",), targets={"ar": "كركوك"}),))
    >>> term_matches("كركوك ولكركوك", "وصل إلى كركوك", g.find("Kirkuk and Kirkuk"), get_profile("ar"))
    (1, 2)
    """
    renderings = {rendering for hit in hits if (rendering := terms.approved_rendering(hit.term, profile.code))}
    texts = (normalise(reference, profile), normalise(draft, profile))
    claimed: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    matched = occurrences = 0
    for rendering in sorted(renderings, key=lambda r: (-len(r), r)):
        in_reference, in_draft = (_free_spans(text, rendering, profile, taken) for text, taken in zip(texts, claimed))
        used = in_draft[: len(in_reference)]
        claimed[0].extend(in_reference)
        claimed[1].extend(used)
        matched += len(used)
        occurrences += len(in_reference)
    return matched, occurrences


def _free_spans(text: str, rendering: str, profile: LanguageProfile, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``rendering`` in ``text`` that overlap no span already ``taken``."""
    return [span for span in rendering_spans(text, rendering, profile)
            if not any(span[0] < end and start < span[1] for start, end in taken)]


def comparable(text: str) -> str:
    """``text`` as chrF, length and edit distance read it, drafts and references alike.

    NFC, without tatweel and the invisible direction marks (LRM, RLM, ALM, embeddings,
    isolates): how a text was typed, not what it says.  Harakat, digits and ZWNJ
    (part of Sorani spelling) stay: a post-editor changes them.
    """
    return _TYPING.sub("", unicodedata.normalize("NFC", text))


def chrf_scores(drafts: Sequence[str], references: Sequence[str]) -> tuple[float, float, float, float]:
    """(chrF, interval low, interval high, chrF++) of ``drafts`` against ``references``, corpus level.

    The sentence statistics come from sacrebleu itself (pinned 2.6.0), so the
    corpus chrF is exactly ``sacrebleu.corpus_chrf`` and each resample only sums them.

    >>> chrf_scores(["the same"], ["the same"])[0]
    100.0
    """
    import numpy as np
    from sacrebleu.metrics import CHRF

    chrf, chrf_pp = CHRF(word_order=0), CHRF(word_order=2)
    stats = np.array(chrf._extract_corpus_statistics(list(drafts), [list(references)]), dtype=np.float64)
    score = float(chrf._compute_score_from_stats(stats.sum(axis=0)).score)
    plus = chrf_pp.corpus_score(list(drafts), [list(references)]).score
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    counts = np.stack([np.bincount(rng.integers(0, len(stats), len(stats)), minlength=len(stats))
                       for _ in range(BOOTSTRAP_RESAMPLES)])
    resampled = sorted(float(chrf._compute_score_from_stats(row).score) for row in counts @ stats)
    tail = (1 - CONFIDENCE) / 2
    low = resampled[int(tail * BOOTSTRAP_RESAMPLES)]
    high = resampled[int((1 - tail) * BOOTSTRAP_RESAMPLES) - 1]
    return score, low, high, plus


def score_drafts(entries: Sequence[ReviewedEntry], drafts: Sequence[EvalDraft], profile: LanguageProfile,
                 glossary: terms.Glossary, *, package: str, drafts_as: str, glossary_on: bool) -> EvalRow:
    """One row: ``drafts[i]`` is the draft of ``entries[i].source``; ``glossary`` is always the desk's, for term scores."""
    from rapidfuzz.distance import Levenshtein

    texts = [comparable(draft.text) for draft in drafts]
    references = [comparable(entry.reference) for entry in entries]
    chrf, low, high, plus = chrf_scores(texts, references)
    term_matched = term_occurrences = numbers_kept = numbers_total = flagged = 0
    for entry, text in zip(entries, texts, strict=True):
        matched, occurrences = term_matches(entry.reference, text, glossary.find(entry.source), profile)
        term_matched, term_occurrences = term_matched + matched, term_occurrences + occurrences
        total, missing = missing_numbers(entry.source, text, profile)
        numbers_kept, numbers_total = numbers_kept + total - len(missing), numbers_total + total
        flagged += bool(terms.check_terms(entry.source, text, profile, glossary))
    reference_chars = sum(len(reference) for reference in references)
    distances = [Levenshtein.normalized_distance(text, reference) for text, reference in zip(texts, references)]
    return EvalRow(
        lang=profile.code, package=package, drafts_as=drafts_as, glossary=glossary_on, entries=len(entries),
        chrf=chrf, chrf_low=low, chrf_high=high, chrf_pp=plus,
        term_matched=term_matched, term_occurrences=term_occurrences,
        numbers_kept=numbers_kept, numbers_total=numbers_total,
        length_ratio=sum(len(text) for text in texts) / reference_chars if reference_chars else 0.0,
        forced=sum(draft.forced for draft in drafts), flagged=flagged, no_draft=sum(not text for text in texts),
        edit_distance=100.0 * sum(distances) / len(distances) if distances else 0.0,
    )


def draft_both(engine, sources: Sequence[str], profile: LanguageProfile, glossary: terms.Glossary, rules,
               progress: Callable[[int], None] | None = None, *,
               chunk_size: int | None = None) -> tuple[list[EvalDraft], list[EvalDraft]]:
    """(with the glossary, without it) drafts of ``sources``, made by ``translate``'s own drafting, never from the memory.

    ``rules`` adapts pivot drafts (None when the engine writes the language
    itself); ``chunk_size`` is ``pipeline.draft_units``' (default: one chunk).  Each
    source reaches the model once: enforcement drafts a unit in one pass and only
    then puts the terms in (asking for the alignment does not change the search),
    so the glossary-off draft is the model's own draft from that pass
    (``TermDraft.model_text``).  Only a unit that is one glossary term, which the
    glossary fills without the model, is drafted again without it.
    """
    chunk_size = chunk_size or max(1, len(sources))
    on, off = _drafts(engine, sources, profile, glossary, rules, progress, chunk_size)
    whole_terms = [index for index, draft in enumerate(off) if draft is None]
    redone, _ = _drafts(engine, [sources[i] for i in whole_terms], profile, terms.Glossary(), rules, progress, chunk_size)
    for index, draft in zip(whole_terms, redone, strict=True):
        off[index] = draft
    return on, off


def _drafts(engine, sources, profile, glossary, rules, progress, chunk_size) -> tuple[list[EvalDraft], list[EvalDraft | None]]:
    """(with, without the glossary) drafts through ``pipeline.draft_units``; without is None for a unit that is one term."""
    fills = glossary_fills(sources, profile, glossary)
    on: dict[str, EvalDraft] = {source: EvalDraft(fill.text, forced=True) for source, fill in fills.items()}
    off: dict[str, EvalDraft | None] = dict.fromkeys(fills)
    to_engine = [source for source in sources if source not in fills]
    for source, term_draft, draft in draft_units(engine, to_engine, profile, glossary, rules, chunk_size=chunk_size,
                                                 progress=progress):
        on[source] = EvalDraft(draft.text, forced=any(hit.outcome == "forced" for hit in term_draft.term_hits))
        untouched = not term_draft.term_hits and term_draft.text == term_draft.model_text
        off[source] = on[source] if untouched else EvalDraft(_final_text(profile, engine, terms.TermDraft(term_draft.model_text), rules))
    if progress is not None and len(to_engine) < len(sources):
        progress(len(sources) - len(to_engine))
    return [on[source] for source in sources], [off[source] for source in sources]


def _final_text(profile, engine, term_draft: terms.TermDraft, rules) -> str:
    return term_draft.text if rules is None else adapt_pivot_draft(profile, engine, term_draft, rules)[0]


def evaluate(
    project: Project,
    paths: Sequence[Path | str] = (),
    *,
    langs: Sequence[str] | None = None,
    package_names: Sequence[str] = (),
    engine_for: EngineFor | None = None,
    progress: Progress | None = None,
    beams: Sequence[int] = (),
) -> EvalReport:
    """Score every installed package serving each language on the reviewed entries of the chosen catalogs.

    ``beams``: draft with each of these beam sizes (default: the project's ``beam_size``), so a
    desk weighs speed against quality on its own work; each row says its drafts per second.
    """
    beams = tuple(dict.fromkeys(beams)) or (project.engine.beam_size,)
    if (wrong := next((beam for beam in beams if not 1 <= beam <= MAX_BEAM_SIZE), None)) is not None:
        raise UsageError(f"--beam {wrong}: a beam size is a whole number from 1 to {MAX_BEAM_SIZE}.")
    reviewed, catalogs = reviewed_entries(project, paths, langs)
    scan = scan_packages(project.argos_packages_dir())
    chosen = _chosen_packages(scan, package_names)
    glossary, rules = adapt.load_desk_rules(project.glossary_dir)
    make_engine = engine_for or _argos_engine
    rows: list[EvalRow] = []
    notices: list[str] = []
    plans = []
    for code, entries in reviewed.items():
        profile = get_profile(code)
        serving = [(package, to_code, route) for route in route_profiles(code) for package, to_code in serving_packages(route, chosen)]
        if not serving:
            if not package_names:  # an unlistable folder or a broken package is named, as `translate` names it
                for route in route_profiles(code):
                    refuse_unusable(route, scan)
            notices.append(f"{code}: no chosen package serves {profile.name}; its {len(entries)} reviewed entries were not evaluated.")
            continue
        sources = list(dict.fromkeys(entry.source for entry in entries))
        total = len(sources) + sum(bool(glossary.find_for(source, code)) for source in sources)
        plans.append((code, entries, profile, serving, sources, total))
    for code, _, _, serving, _, total in plans:  # every task shows before the first model loads
        for package, _, _ in serving:
            for beam in beams:
                if progress is not None:
                    progress(_task_label(code, package, beam, beams), 0, total)
    for code, entries, profile, serving, sources, total in plans:
        for package, to_code, route in serving:  # tk: en→tr and en→tk packages side by side
            for beam in beams:
                at_beam = replace(project, engine=replace(project.engine, beam_size=beam))
                engine = make_engine(at_beam, package, to_code)
                try:
                    counter = progress_counter(progress, _task_label(code, package, beam, beams), total) if progress else None
                    engine.translate_batch([EngineRequest(WARM_UP)])  # loads the model: drafts/s is drafting alone
                    started = time.perf_counter()
                    on, off = draft_both(engine, sources, route, glossary, rules if to_code != code else None, counter,
                                         chunk_size=engine_chunk_size(at_beam))
                    rate = len(sources) / max(time.perf_counter() - started, 1e-9)
                finally:
                    engine.close()
                for glossary_on, drafts in ((True, on), (False, off)):
                    by_source = dict(zip(sources, drafts))
                    scored = score_drafts(entries, [by_source[e.source] for e in entries], route, glossary,
                                          package=package.label, drafts_as=to_code, glossary_on=glossary_on)
                    rows.append(replace(scored, beam=beam, drafts_per_second=rate))
                if rows[-2].no_draft:  # scored as a rewrite, which is what the desk faces; never silently
                    why = next(iter(getattr(engine, "skipped", {}).values()), "it returned nothing")
                    notices.append(f"{_task_label(code, package, beam, beams)}: no draft for {rows[-2].no_draft} of "
                                   f"{len(entries)} entries ({why}); each is scored as an empty draft.")
    if not rows:
        raise ModelError(
            f"no installed package serves {', '.join(reviewed)} (packages folder: {project.argos_packages_dir()}); "
            "install one with `l10n models install FILE.argosmodel` (online: `l10n models install LANG`) and run `l10n eval` again."
        )
    return EvalReport(rows=tuple(rows), catalogs=catalogs, notices=tuple(notices))


def _task_label(code: str, package: PackageInfo, beam: int, beams: Sequence[int]) -> str:
    return f"{code} · {package.label}" + (f" · beam {beam}" if len(beams) > 1 else "")


def _chosen_packages(scan: PackageScan, names: Sequence[str]) -> list[PackageInfo]:
    """The installed packages named by folder name or label (all of them when none is named)."""
    installed = list(scan.packages)
    if not names:
        return installed
    known = {package.name: package for package in installed} | {package.label: package for package in installed}
    unknown = [name for name in names if name not in known]
    if unknown:
        refuse_unlisted(scan)  # a folder no one could list holds no known name: say that, as translate does
        if broken := next((package for package in scan.broken if package.path.name == unknown[0]), None):
            raise ModelError(f"--package {unknown[0]!r}: this package is broken: {broken.problem}")
        listed = ", ".join(package.name for package in installed) or "none"
        raise UsageError(f"--package {unknown[0]!r}: no such installed package (installed: {listed}); see `l10n models list`.")
    return list(dict.fromkeys(known[name] for name in names))


def _argos_engine(project: Project, package: PackageInfo, to_code: str):
    from ..stages.engine.argos import ArgosEngine

    return ArgosEngine(package, to_code, project.engine)
