"""Drafting with the glossary enforced: detect → n-best → placeholders → target prefix → verify → flag.

CTranslate2 has no positive constraints, so each unit climbs a ladder, every
rung one batched engine call over the units still missing a term:

1. plain: the source with ``n_best`` hypotheses; the first one that already has
   every approved term and no forbidden rendering is kept (outcome "kept").
2. placeholder: each term replaced by ⟦Tn⟧; a hypothesis where every token
   survives exactly once gets the approved terms restored (outcome "forced").
3. prefix: where a token was duplicated, the draft up to its first occurrence
   plus the approved term becomes a hard ``target_prefix`` and the model
   continues; a lost token can only be forced when its term opens the unit.
4. verify, else flag: the model's best plain draft stays, token debris is
   stripped, and each missing term or forbidden rendering is a CRITICAL Finding.

Every candidate passes the same verification (clitic/suffix-aware matching and
no token debris), so a draft either has every approved term or is flagged, and
no placeholder reaches it.  Units without terms share the first batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..languages import LanguageProfile
from ..records import EngineRequest, Finding, TermHit
from ..protect import can_protect, protect_source
from ..restore import debris, forcing_prefix, restore_placeholders, strip_debris
from .check import hint_line, distinct_hits, missing_terms, term_findings
from .glossary import Glossary, approved_rendering

DEFAULT_N_BEST = 4  # = the engine's default beam size, so asking for n-best costs no extra beam
FORCED_NOTE = "glossary: approved terms inserted by l10n ({strategy}); check the grammar around them"


@dataclass(frozen=True)
class TermDraft:
    """One unit's draft in one language, with what became of its glossary terms."""

    text: str
    term_hits: tuple[TermHit, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    strategy: str = "plain"   # plain | n-best | placeholder | prefix | flagged


@dataclass
class _Work:
    """A unit on its way up the ladder (mutable working state, never returned)."""

    source: str
    all_hits: list[TermHit]          # every glossary term in the source
    hits: list[TermHit]              # those with an approved rendering in this language
    approved: dict[int, str]         # placeholder index -> approved rendering
    protected: str = ""              # source with placeholders, "" when not protectable
    plain: list[str] = field(default_factory=list)
    placeholder_drafts: list[str] = field(default_factory=list)
    chosen: str | None = None
    strategy: str = ""


def _plan(source: str, profile: LanguageProfile, glossary: Glossary) -> _Work:
    all_hits = glossary.find(source)
    hits = [hit for hit in all_hits if approved_rendering(hit.term, profile.code)]
    approved = {index: approved_rendering(hit.term, profile.code) for index, hit in enumerate(hits)}
    protected = protect_source(source, hits) if hits and can_protect(source) else ""
    return _Work(source=source, all_hits=all_hits, hits=hits, approved=approved, protected=protected)


def _acceptable(work: _Work, text: str | None, profile: LanguageProfile) -> bool:
    return (
        text is not None
        and bool(text.strip())
        and not debris(text, work.source)
        and not term_findings(work.source, text, work.all_hits, profile)
    )


def _accept_first(work: _Work, candidates: Sequence[tuple[str | None, str]], profile: LanguageProfile) -> None:
    for text, strategy in candidates:
        if _acceptable(work, text, profile):
            work.chosen, work.strategy = text, strategy
            return


def _continue_prefix(hypothesis: str, prefix: str, held: set[int], work: _Work, profile: LanguageProfile) -> str | None:
    """The full draft from a prefix-forced hypothesis, or None if it cannot be trusted."""
    if hypothesis.startswith(prefix):
        rest = hypothesis[len(prefix):]
    else:
        flat_hypothesis, flat_prefix = " ".join(hypothesis.split()), " ".join(prefix.split())
        if not flat_hypothesis.startswith(flat_prefix):
            return None
        rest = flat_hypothesis[len(flat_prefix):]
    echo = prefix.strip()
    if echo and rest.lstrip().startswith(echo):  # the engine repeated the prefix
        rest = rest.lstrip()[len(echo):]
    remaining = {index: term for index, term in work.approved.items() if index not in held}
    restored = restore_placeholders(rest, remaining, profile)
    return None if restored is None else prefix + restored


def _prefix_for(work: _Work, profile: LanguageProfile) -> tuple[str, set[int]] | None:
    for hypothesis in work.placeholder_drafts:
        found = forcing_prefix(hypothesis, work.approved, profile)
        if found and not debris(found[0], work.source):
            return found
    if work.hits and not work.source[: work.hits[0].start].strip():
        return work.approved[0], {0}
    return None


def _finish(work: _Work, profile: LanguageProfile) -> TermDraft:
    hints = tuple(hint_line(hit, profile.code) for hit in distinct_hits(work.hits))
    if work.chosen is not None:
        outcome = "kept" if work.strategy in ("plain", "n-best") else "forced"
        notes = hints + ((FORCED_NOTE.format(strategy=work.strategy),) if outcome == "forced" else ())
        return TermDraft(
            text=work.chosen,
            term_hits=tuple(replace(hit, outcome=outcome) for hit in work.hits),
            notes=notes,
            strategy=work.strategy,
        )
    text = strip_debris(work.plain[0] if work.plain else "", work.source)
    findings = tuple(term_findings(work.source, text, work.all_hits, profile))
    missing = {hit.term.id for hit in missing_terms(text, work.hits, profile)}
    flags = tuple(
        f"glossary: FLAG {hit.form} → {approved_rendering(hit.term, profile.code)} is missing from this draft; insert it"
        for hit in distinct_hits(work.hits)
        if hit.term.id in missing
    )
    return TermDraft(
        text=text,
        term_hits=tuple(replace(hit, outcome="missing" if hit.term.id in missing else "kept") for hit in work.hits),
        findings=findings,
        notes=hints + flags,
        strategy="flagged" if findings else "plain",
    )


def draft_with_glossary(
    engine,
    sources: Sequence[str],
    profile: LanguageProfile,
    glossary: Glossary,
    progress: Callable[[int], None] | None = None,
    *,
    n_best: int = DEFAULT_N_BEST,
) -> list[TermDraft]:
    """Draft every source with the engine, approved terms enforced; one TermDraft per source, in order.

    ``engine`` has ``translate_batch(requests, progress=None) -> list[list[Hypothesis]]``;
    ``progress`` follows the first batch, which covers every unit.  With no
    engine there is nothing to draft, so the result is empty.
    """
    if engine is None:
        return []
    works = [_plan(source, profile, glossary) for source in sources]
    requests = [EngineRequest(work.source, n_best=n_best if work.hits else 1) for work in works]
    for work, hypotheses in zip(works, engine.translate_batch(requests, progress), strict=True):
        work.plain = [h.text for h in hypotheses]
        _accept_first(work, [(h, "plain" if i == 0 else "n-best") for i, h in enumerate(work.plain)], profile)

    pending = [work for work in works if work.chosen is None and work.protected]
    if pending:
        requests = [EngineRequest(work.protected, n_best=n_best) for work in pending]
        for work, hypotheses in zip(pending, engine.translate_batch(requests), strict=True):
            work.placeholder_drafts = [h.text for h in hypotheses]
            _accept_first(work, [(restore_placeholders(h, work.approved, profile), "placeholder") for h in work.placeholder_drafts], profile)

    forcing = [(work, found) for work in pending if work.chosen is None and (found := _prefix_for(work, profile))]
    if forcing:
        requests = [EngineRequest(work.protected, target_prefix=prefix, n_best=n_best) for work, (prefix, _) in forcing]
        for (work, (prefix, held)), hypotheses in zip(forcing, engine.translate_batch(requests), strict=True):
            candidates = [(_continue_prefix(h.text, prefix, held, work, profile), "prefix") for h in hypotheses]
            _accept_first(work, candidates, profile)
    return [_finish(work, profile) for work in works]
