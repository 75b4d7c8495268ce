"""Drafting with the glossary enforced through the model's own alignment: draft → splice → verify → flag.

CTranslate2 has no positive constraints, and a real model transliterates or
drops placeholder tokens, so nothing here depends on the source being
rewritten.  Each unit is drafted once; units with glossary terms ask the
engine for its word alignment (an empty glossary costs nothing extra).  Then,
per unit, the first candidate that passes verification wins:

1. plain: the model's draft as it is (outcome "kept").
2. aligned: each term's source words are looked up in the alignment, and the
   target words they landed on, wherever the model put them, are replaced by
   the approved rendering (restore.splice: clitics, Turkish suffixes, never an
   English 's).  A term the model dropped is inserted next to the words its
   source neighbour landed on (outcome "forced").
3. prefix: when the unit opens with a term that could not be placed, the
   approved rendering becomes a hard ``target_prefix`` and the model writes
   the rest; its draft goes through 1 and 2 again (one batch for all such units).
4. flag: the candidate missing the fewest terms, cleaned of debris, with a
   CRITICAL Finding per missing term or forbidden rendering.

A candidate whose only fault is debris (a term written twice, an English
possessive on it) is also offered cleaned ("cleaned").

A long form followed by its bracketed acronym ("Iraqi Security Forces (ISF)")
is one occurrence: the acronym is dropped, or kept in brackets after the
rendering when the term says ``bracketed_acronym = keep``.  Verification is
the glossary check (check.py) plus ``debris``: unknown marks, a term written
more often than the source has it, an English possessive on a term.  So a
draft either has every approved term or is flagged, and no debris reaches it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..languages import LanguageProfile
from ..records import EngineRequest, Finding, Hypothesis, Term, TermHit
from ..restore import CLOSING, ENGLISH_POSSESSIVE, OPENING, Run, rebuild, splice, split_words, tidy
from .check import distinct_hits, hint_line, missing_terms, term_findings
from .glossary import Glossary, accepted_renderings, approved_rendering
from .match import normalise, term_windows

UNKNOWN_MARK = "⁇"  # what SentencePiece decodes an unknown piece to
NEIGHBOURS = 3      # how far from a dropped term to look for a source word the draft kept
FORCED_NOTE = "glossary: approved terms inserted by l10n ({strategy}); check the grammar around them"
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*")
_CLOSE_BRACKET = re.compile(r"\s*[)\]]")
_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class TermDraft:
    """One unit's draft in one language, with what became of its glossary terms."""

    text: str
    term_hits: tuple[TermHit, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    strategy: str = "plain"   # plain | aligned | prefix | cleaned | flagged
    model_text: str = ""      # the model's own draft before enforcement: what an empty glossary drafts


@dataclass(frozen=True)
class Occurrence:
    """One place a term occurs in the source; a long form and its bracketed acronym are one.

    Terms sharing a source word ("Kirkuk–Salahaddin") are one occurrence too,
    since the model writes that word as one: the renderings keep the source's
    separator between them.
    """

    terms: tuple[Term, ...]
    start: int               # its span in the source
    end: int
    words: tuple[int, ...]   # indexes of the source words it covers (str.split words)
    rendering: str           # what goes into the draft: the approved term (and "(ISF)" when kept)
    cue: str                 # the two English words before it, which may call for a clitic ("went to the")
    brackets: int            # bracket pairs of the source that belong to it (the acronym's)
    possessive: bool         # an English 's follows it ("Kirkuk's")


@dataclass
class _Work:
    """A unit on its way through the rungs (mutable working state, never returned)."""

    source: str
    all_hits: list[TermHit]          # every glossary term in the source
    hits: list[TermHit]              # those with an approved rendering in this language
    occurrences: list[Occurrence]
    expected: Counter                # term id -> occurrences in the source
    renderings: dict[str, tuple[str, ...]]  # term id -> approved rendering and accepted variants
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (text, strategy) tried so far
    chosen: str | None = None
    strategy: str = ""
    model_text: str = ""


def find_occurrences(source: str, hits: Sequence[TermHit], lang: str) -> list[Occurrence]:
    """The hits of ``source`` as occurrences: a long form and the bracketed acronym after it merged, terms in one word joined.

    >>> t = Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "قوات الأمن العراقية"})
    >>> source = "Troops of the Iraqi Security Forces (ISF) left."
    >>> hits = [TermHit(t, 14, 35, "Iraqi Security Forces"), TermHit(t, 37, 40, "ISF")]
    >>> [(o.words, o.rendering, o.cue, o.brackets, o.possessive) for o in find_occurrences(source, hits, "ar")]
    [((3, 4, 5, 6), 'قوات الأمن العراقية', 'of the', 1, False)]
    >>> k, s = Term(id="k", forms=("Kirkuk",), targets={"ar": "كركوك"}), Term(id="s", forms=("Sulaimani",), targets={"ar": "السليمانية"})
    >>> [(o.words, o.rendering) for o in find_occurrences("the Kirkuk–Sulaimani road", [TermHit(k, 4, 10, "Kirkuk"), TermHit(s, 11, 20, "Sulaimani")], "ar")]
    [((1,), 'كركوك–السليمانية')]
    """
    words = split_words(source)
    ordered = sorted(hits, key=lambda hit: hit.start)
    occurrences, index = [], 0
    while index < len(ordered):
        hit = ordered[index]
        start, end, rendering, brackets = hit.start, hit.end, approved_rendering(hit.term, lang), 0
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if (following is not None and following.term.id == hit.term.id
                and _OPEN_BRACKET.fullmatch(source[hit.end : following.start])
                and (closing := _CLOSE_BRACKET.match(source, following.end))):
            end, brackets, index = closing.end(), 1, index + 1
            if hit.term.bracketed_acronym == "keep":
                rendering = f"{rendering} ({following.form})"
        before = re.findall(r"\w+", source[:start])
        covered = tuple(n for n, word in enumerate(words) if word.start < end and start < word.end)
        possessive = bool(_POSSESSIVE_AFTER.match(source, end))
        occurrence = Occurrence((hit.term,), start, end, covered, rendering, " ".join(before[-2:]), brackets, possessive)
        if occurrences and set(occurrences[-1].words) & set(covered):
            occurrence = _joined(occurrences.pop(), occurrence, source)
        occurrences.append(occurrence)
        index += 1
    return occurrences


def _joined(first: Occurrence, second: Occurrence, source: str) -> Occurrence:
    """Two occurrences in one source word as one, the source's separator kept between their renderings."""
    return Occurrence(
        terms=first.terms + second.terms,
        start=first.start,
        end=second.end,
        words=tuple(sorted({*first.words, *second.words})),
        rendering=first.rendering + source[first.end : second.start] + second.rendering,
        cue=first.cue,
        brackets=first.brackets + second.brackets,
        possessive=second.possessive,
    )


def expected_counts(occurrences: Sequence[Occurrence]) -> Counter:
    """How often each term id occurs in a source: what a draft may hold, and no more."""
    return Counter(term.id for occurrence in occurrences for term in occurrence.terms)


def unit_debris(source: str, text: str, glossary: Glossary, profile: LanguageProfile) -> list[str]:
    """``debris`` of a finished draft of ``source``, with the expectations drafting uses."""
    hits = glossary.find_for(source, profile.code)
    renderings = {hit.term.id: accepted_renderings(hit.term, profile.code) for hit in hits}
    return debris(text, source, expected_counts(find_occurrences(source, hits, profile.code)), renderings, profile)


def debris(text: str, source: str, expected: Counter, renderings: dict[str, tuple[str, ...]], profile: LanguageProfile) -> list[str]:
    """What must never reach a catalog: unknown marks the source lacks, terms repeated, English possessives on terms.

    ``expected`` is how often each term id occurs in the source (a long form
    with its bracketed acronym counts once); ``renderings`` its approved text
    and accepted variants.
    """
    problems = [UNKNOWN_MARK] * max(0, text.count(UNKNOWN_MARK) - source.count(UNKNOWN_MARK))
    words = split_words(text)
    for term_id, windows in term_windows(words, renderings, profile).items():
        if len(windows) > expected[term_id]:
            problems.append(f"{renderings[term_id][0]} ×{len(windows)}")
        problems += [words[end - 1].core + words[end - 1].tail for _, end in windows if ENGLISH_POSSESSIVE.match(words[end - 1].tail)]
    return problems


def clean(text: str, source: str, expected: Counter, renderings: dict[str, tuple[str, ...]], profile: LanguageProfile) -> str:
    """``text`` without debris: unknown marks gone, a term's repeats beyond ``expected`` removed, possessives cut.

    Removing words can bring others together, so it repeats until nothing is left to remove.
    """
    for _ in range(len(text.split()) + 1):
        cleaned = _clean_once(text, source, expected, renderings, profile)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str, source: str, expected: Counter, renderings: dict[str, tuple[str, ...]], profile: LanguageProfile) -> str:
    if UNKNOWN_MARK not in source:
        text = tidy(text.replace(UNKNOWN_MARK, " "))
    words = split_words(text)
    replacement: dict[int, str] = {}
    for term_id, windows in term_windows(words, renderings, profile).items():
        for number, (first, end) in enumerate(windows):
            last = words[end - 1]
            if number >= expected[term_id]:
                replacement.update({n: words[n].lead.strip(OPENING) + words[n].trail.lstrip(CLOSING) for n in range(first, end)})
            elif ENGLISH_POSSESSIVE.match(last.tail):
                replacement[end - 1] = last.lead + last.core + last.trail
    return rebuild(text, words, replacement) if replacement else text


def _plan(source: str, profile: LanguageProfile, glossary: Glossary) -> _Work:
    all_hits = glossary.find(source)
    hits = [hit for hit in all_hits if approved_rendering(hit.term, profile.code)]
    occurrences = find_occurrences(source, hits, profile.code)
    return _Work(
        source=source,
        all_hits=all_hits,
        hits=hits,
        occurrences=occurrences,
        expected=expected_counts(occurrences),
        renderings={hit.term.id: accepted_renderings(hit.term, profile.code) for hit in hits},
    )


def _problems(work: _Work, text: str, profile: LanguageProfile) -> list:
    return [*debris(text, work.source, work.expected, work.renderings, profile),
            *term_findings(work.source, text, work.all_hits, profile)]


def _anchor(occurrence: Occurrence, landed: dict[int, list[int]]) -> int | None:
    """Where to insert a term the draft dropped: after its nearest earlier source word's words, or before a later one's."""
    first, last = min(occurrence.words), max(occurrence.words)
    for distance in range(1, NEIGHBOURS + 1):
        if landed.get(first - distance):
            return max(landed[first - distance]) + 1
        if landed.get(last + distance):
            return min(landed[last + distance])
    return 0 if first == 0 else None


def aligned_draft(hypothesis: Hypothesis, occurrences: Sequence[Occurrence], renderings: dict[str, tuple[str, ...]],
                  profile: LanguageProfile) -> str | None:
    """The hypothesis with every term put where the alignment says its source words went; None without a usable alignment.

    An occurrence whose words already hold the approved rendering is left as
    the model wrote it; a dropped one is inserted at its ``_anchor``, or left
    out when it has none (verification then flags it).
    """
    words = split_words(hypothesis.text)
    if hypothesis.alignment is None or len(hypothesis.alignment) != len(words):
        return None
    landed: dict[int, list[int]] = {}
    for target, source in enumerate(hypothesis.alignment):
        landed.setdefault(source, []).append(target)
    windows = term_windows(words, renderings, profile)
    runs, inserts = [], []
    for number, occurrence in enumerate(occurrences):
        targets = sorted(t for source in occurrence.words for t in landed.get(source, ()))
        if targets and all(any(first <= targets[-1] and targets[0] < end for first, end in windows[term.id])
                           for term in occurrence.terms) and not (
                _in_genitive(occurrences, number, profile) and _written_bare(words, targets, occurrence, profile)):
            continue
        if targets:
            following = tuple(t for source in range(max(occurrence.words) + 1, max(occurrence.words) + 3) for t in landed.get(source, ()))
            runs.append(Run(tuple(targets), occurrence.rendering, occurrence.cue, occurrence.brackets, occurrence.possessive,
                            construct_rendering(occurrence, profile.code), _genitive_of_next(occurrences, number), following))
            continue
        position = _anchor(occurrence, landed)
        if position is not None:
            inserts.append((position, occurrence.rendering))
    return splice(hypothesis.text, runs, profile, inserts)


def construct_rendering(occurrence: Occurrence, lang: str) -> str:
    """The term's construct form in ``lang`` (used before a genitive), when it is one term written as approved."""
    term = occurrence.terms[0]
    if len(occurrence.terms) != 1 or occurrence.rendering != approved_rendering(term, lang):
        return ""
    return term.construct.get(lang, "")


def _genitive_of_next(occurrences: Sequence[Occurrence], number: int) -> bool:
    """Whether occurrence ``number`` stands right before the next one in the source ("Kirkuk provincial council")."""
    following = occurrences[number + 1] if number + 1 < len(occurrences) else None
    return following is not None and max(occurrences[number].words) + 1 == min(following.words)


def _in_genitive(occurrences: Sequence[Occurrence], number: int, profile: LanguageProfile) -> bool:
    """Whether occurrence ``number`` is a possessor (English 's, or right before a term with a construct form) or that
    term, in a language that writes the possessor after the possessed: it is spliced even when the draft has it, so
    the pair is written in the language's order and form (``restore.splice``)."""
    if not profile.genitive_follows:
        return False
    occurrence = occurrences[number]
    possessor = _genitive_of_next(occurrences, number) and construct_rendering(occurrences[number + 1], profile.code)
    possessed = number > 0 and _genitive_of_next(occurrences, number - 1) and construct_rendering(occurrence, profile.code)
    return bool(occurrence.possessive or possessor or possessed)


def _written_bare(words: Sequence, targets: Sequence[int], occurrence: Occurrence, profile: LanguageProfile) -> bool:
    """Whether the draft wrote the term exactly as its rendering, no clitic or ending: splicing it again can only move it."""
    return normalise(" ".join(words[t].core for t in targets), profile) == normalise(occurrence.rendering, profile)


def _try(work: _Work, hypothesis: Hypothesis, profile: LanguageProfile, strategy: str) -> None:
    """Offer the plain and aligned drafts of ``hypothesis``; the first that verifies is chosen."""
    candidates = [(hypothesis.text, "plain" if strategy == "plain" else strategy)]
    if work.occurrences:
        aligned = aligned_draft(hypothesis, work.occurrences, work.renderings, profile)
        if aligned is not None and aligned != hypothesis.text:
            candidates.append((aligned, "aligned" if strategy == "plain" else strategy))
    for text, name in candidates:
        _offer(work, text, name, profile)
    for text, name in candidates:  # debris is cleaned only when no candidate is clean as it is
        if work.chosen is None and (cleaned := clean(text, work.source, work.expected, work.renderings, profile)) != text:
            _offer(work, cleaned, "cleaned" if name == "plain" else name, profile)


def _offer(work: _Work, text: str, name: str, profile: LanguageProfile) -> None:
    work.candidates.append((text, name))
    if work.chosen is None and text.strip() and not _problems(work, text, profile):
        work.chosen, work.strategy = text, name


def _opening_prefix(work: _Work) -> str | None:
    """The hard target prefix for a unit that opens with a term: the term's rendering."""
    if work.occurrences and min(work.occurrences[0].words) == 0 and not work.source[: work.hits[0].start].strip():
        return work.occurrences[0].rendering
    return None


def _finish(work: _Work, profile: LanguageProfile) -> TermDraft:
    hints = tuple(hint_line(hit, profile.code) for hit in distinct_hits(work.hits))
    if work.chosen is not None:
        outcome = "kept" if work.strategy in ("plain", "cleaned") else "forced"
        notes = hints + ((FORCED_NOTE.format(strategy=work.strategy),) if outcome == "forced" else ())
        return TermDraft(
            text=work.chosen,
            term_hits=tuple(replace(hit, outcome=outcome) for hit in work.hits),
            notes=notes,
            strategy=work.strategy,
            model_text=work.model_text,
        )
    clean_texts = [clean(text, work.source, work.expected, work.renderings, profile) for text, _ in work.candidates] or [""]
    text = min(reversed(clean_texts), key=lambda t: len(term_findings(work.source, t, work.all_hits, profile)))
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
        model_text=work.model_text,
    )


def draft_with_glossary(
    engine,
    sources: Sequence[str],
    profile: LanguageProfile,
    glossary: Glossary,
    progress: Callable[[int], None] | None = None,
) -> list[TermDraft]:
    """Draft every source with the engine, approved terms enforced; one TermDraft per source, in order.

    ``engine`` has ``translate_batch(requests, progress=None) -> list[list[Hypothesis]]``;
    ``progress`` follows the first batch, which covers every unit.  With no
    engine there is nothing to draft, so the result is empty.
    """
    if engine is None:
        return []
    works = [_plan(source, profile, glossary) for source in sources]
    requests = [EngineRequest(work.source, with_alignment=bool(work.occurrences)) for work in works]
    for work, hypotheses in zip(works, engine.translate_batch(requests, progress), strict=True):
        work.model_text = hypotheses[0].text if hypotheses else ""
        _try(work, hypotheses[0] if hypotheses else Hypothesis(""), profile, "plain")

    forcing = [(work, prefix) for work in works if work.chosen is None and (prefix := _opening_prefix(work))]
    if forcing:
        requests = [EngineRequest(work.source, target_prefix=prefix, with_alignment=True) for work, prefix in forcing]
        for (work, prefix), hypotheses in zip(forcing, engine.translate_batch(requests), strict=True):
            if hypotheses and hypotheses[0].text.startswith(prefix):
                _try(work, hypotheses[0], profile, "prefix")
    return [_finish(work, profile) for work in works]
