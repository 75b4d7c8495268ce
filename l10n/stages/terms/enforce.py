"""Drafting with the glossary enforced: draft → place on evidence → splice → verify → flag.

CTranslate2 has no positive constraints, and a real model transliterates or
drops placeholder tokens, so nothing here depends on the source being
rewritten.  Each unit is drafted once; units with glossary terms ask the
engine for its word alignment (an empty glossary costs nothing extra).  Then,
per unit, the first candidate that passes verification wins:

1. plain: the model's draft as it is (outcome "kept").
2. placed: the model's own rendering of each term (the term translated on its
   own, n-best, one batch per run, cached per engine) is looked for in the
   draft, with the forbidden renderings and the English form; the words that
   read like it are replaced by the approved rendering (splice.splice:
   clitics, Turkish suffixes, never an English 's).  A fuzzy reading counts
   only where the alignment agrees.  A term the model dropped is inserted
   between the words its source neighbours landed on, where the attention is
   confident and both sides agree (outcome "forced").  See evidence.py.
3. prefix: a term with no trustworthy place makes the draft up to its best
   guessed place plus its rendering a hard ``target_prefix``; the model writes
   the rest, and that draft goes through 1 and 2 again (one batch for all such units).
   Not for a draft that ran on (``_ran_on``): re-decoded, it runs on another way and loses words.
4. flag: the candidate missing the fewest terms, cleaned of debris, with a
   CRITICAL Finding per missing term or forbidden rendering and a note saying
   why the term was not placed.

A candidate whose only fault is debris (a term written twice, an English
possessive on it) is also offered cleaned ("cleaned").  No candidate may lose
a word the model wrote for anything but a term (``evidence.lost_words``): such
a candidate is never offered, let alone approved.

A long form followed by its bracketed acronym ("Iraqi Security Forces (ISF)")
is one occurrence: the acronym is dropped, or kept in brackets after the
rendering when the term says ``bracketed_acronym = keep``.  Verification is
the glossary check (check.py) plus ``debris``: unknown marks, a term written
more often than the source has it, an English possessive on a term; and
``own_rendering_left``: a draft that keeps the model's own rendering of a term
beside the approved one is flagged, not approved.  So a draft either has
every approved term and nothing of the model's rendering of it, or is
flagged, and no debris reaches it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from weakref import WeakKeyDictionary

from ...core.languages import LanguageProfile
from ...core.records import EngineRequest, Finding, Hypothesis, Severity, Term, TermHit
from ...errors import ModelError
from ..splice import CLOSING, ENGLISH_POSSESSIVE, OPENING, rebuild, splice, split_words, tidy
from .evidence import (COMMON, FIRM, HYPHEN, STOP, close_word, term_english, Placement, RunWords, Uncertain, lost_words, place_terms, same_word,
                       same_skeleton, spells_english, spells_initialism, transliterates, trusted_alignment, word_key, words_beside, writes_short_word)
from .check import CHECK_NAME, distinct_hits, hint_line, missing_terms, named_elsewhere, named_findings, term_findings
from .glossary import Glossary, accepted_renderings, approved_rendering
from .lone import LoneRenderings
from .match import term_windows

UNKNOWN_MARK = "⁇"  # what SentencePiece decodes an unknown piece to
BROKEN = {UNKNOWN_MARK, "\ufffd"}  # unknown pieces and byte pieces that decode to no character
OWN_RENDERINGS = 2  # n-best renderings of a term translated on its own, looked for in the draft
FILLER = 3          # a word in the own renderings of this many unrelated terms is the model's filler
OWN_RENDERINGS_KEPT = 4096  # spans cached per engine before the cache starts afresh
LONE_SLACK = 8      # pieces past half the term's characters a term asked alone may run to
LONE_REQUEST = f"n-best {OWN_RENDERINGS}, max_length len(span) // 2 + {LONE_SLACK}"  # what lone.py keys answers on
SHORT_OTHER = 3     # letters a reading below the 1-best needs (a one-word term split into words has short ones)
RAN_ON = 2          # a draft with more than this many words per source word (and four) ran on: no prefix re-decoding
INSERT_AT_A_NEIGHBOUR = True  # neighbours that disagree: insert beside the confident one rather than re-decode (_inserted); a flagged unit's text with terms at a guess (_guessed)
FORCED_NOTE = "glossary: approved terms inserted by l10n ({strategy}); check the grammar around them"
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*")
_CLOSE_BRACKET = re.compile(r"\s*[)\]]")
_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)", re.IGNORECASE)
LOOP = 3            # a word this many times running: the model's draft looped
_LOOP = re.compile(r"(?:^| )([^ -][^ ]*)(?: \1(?= |$)){%d,}" % (LOOP - 1))
_WORD = re.compile(r"\w+")
_STUTTER = re.compile(r"(\w{1,3})\1\1|(\w{4,8})\2")  # a short piece three times running, a longer one twice: the model ran on
_OWN_RENDERINGS: WeakKeyDictionary = WeakKeyDictionary()  # engine -> {span: its own renderings}


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
    model: Hypothesis = Hypothesis("")   # the model's own draft of the unit
    model_text: str = ""
    spellings: list[tuple[str, ...]] = field(default_factory=list)  # per occurrence: what the model may write for it
    term_words: frozenset[int] = frozenset()  # words of the model's draft with evidence that they render a term
    placed: tuple = ()                        # the runs placed on the model's draft (splice.Run)
    readings: frozenset[int] = frozenset()    # words of the model's draft reading exactly like a term, used or not
    own_keys: frozenset[str] = frozenset()    # words of the terms' own renderings the run does not write for other things
    reasons: list[str] = field(default_factory=list)  # why a term could not be placed, for a flagged unit's notes
    run: RunWords | None = None       # the words of the run's model drafts (evidence.RunWords)
    placement: Placement | None = None  # the placement on the model's draft
    guessed: str = ""                   # the model's draft with the uncertain terms put at a guess (``_guessed``)
    loop: tuple[str, int] | None = None  # a word the model's draft repeats LOOP times running or more, and how often
    tokens: tuple[frozenset[str], ...] = ()  # per word of the source (str.split), its English words in lower case
    english_words: frozenset[str] = frozenset()  # the source's English words in lower case
    only_here: dict = field(default_factory=dict)  # occurrence words -> its English words the source has nowhere else
    spelt: list | None = None           # per occurrence, what ``_term_spelt_again`` compares a word with
    model_keys: list = field(default_factory=list)  # word_key of each word of the model's draft
    named: list[TermHit] = field(default_factory=list)  # terms the model's draft names that the source does not


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
        before = _WORD.findall(source[:start])
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
        tokens=tuple(frozenset(_WORD.findall(token.lower())) for token in source.split()),
        english_words=frozenset(_WORD.findall(source.lower())),
    )


def _problems(work: _Work, text: str, profile: LanguageProfile) -> list:
    return [*debris(text, work.source, work.expected, work.renderings, profile),
            *term_findings(work.source, text, work.all_hits, profile),
            *named_findings(work.source, work.named, text, profile.code)]


def own_renderings(engine, spans: Sequence[str], english: dict[str, frozenset[str]] | None = None,
                   store: LoneRenderings | None = None) -> dict[str, tuple[str, ...]]:
    """The model's own renderings of each span translated on its own (n-best), cached per engine and kept in
    ``store`` between runs; the rest asked of the model in one batch.

    Only the words before the model ran on count (``first_words``), less the
    model's filler (a word it writes for FILLER unrelated terms); a
    rendering holding an unknown mark or a broken byte (a hypothesis far down
    the beam) is no evidence and is left out.  ``english`` gives per span the
    English words of its term (all its forms): spans of one term count as one
    term for the filler, so "Qasem Soleimani" and "Qassem Suleimani" do not
    make "Soleimani"'s rendering a filler word.
    """
    cache = _OWN_RENDERINGS.setdefault(engine, {})
    missing = sorted(set(spans) - cache.keys())
    if missing:
        if len(cache) + len(missing) > OWN_RENDERINGS_KEPT:
            cache.clear()
            missing = sorted(set(spans))  # the run's spans cached before are gone too
        answers = store.get(LONE_REQUEST, missing) if store is not None else {}
        if (asked := [span for span in missing if span not in answers]):
            # a lone name runs on to the decoding limit; its rendering is about as long as the name
            requests = [EngineRequest(span, n_best=OWN_RENDERINGS, max_length=len(span) // 2 + LONE_SLACK) for span in asked]
            new = {span: tuple(h.text for h in hypotheses) for span, hypotheses in zip(asked, engine.translate_batch(requests), strict=True)}
            if store is not None:  # an answer the model could not give (a request that failed) is asked again next run
                store.put(LONE_REQUEST, {span: texts for span, texts in new.items() if texts})
            answers.update(new)
        for span in missing:
            numbers = any(c.isdigit() for c in span)
            renderings = (first_words(text, 2 * len(span.split()) + 1, numbers) for text in answers[span] if not BROKEN.intersection(text))
            letters = len(re.sub(r"\W", "", span))  # a transliteration keeps about the length of the name
            cache[span] = tuple(dict.fromkeys(r for r in renderings if len(re.sub(r"\W", "", r)) * 2 >= letters))
    # a word the model writes for several terms with no English word in common is its filler (a verb it
    # opens with), not a term's; "coalition" shared by three coalitions is not.  Only this run's terms count:
    # what the process asked before (the cache) must not change a run's drafts
    asked = dict.fromkeys(spans)
    terms = {span: (english or {}).get(span) or frozenset(_WORD.findall(span.lower())) for span in asked}
    spread: dict[str, set[frozenset[str]]] = {}
    for span, renderings in ((span, cache[span]) for span in asked):
        for word in {w for r in renderings for w in r.split()}:
            spread.setdefault(word, set()).add(terms[span])
    filler = {word for word, english in spread.items() if len(english) >= FILLER and not frozenset.intersection(*english)}
    return {span: tuple(dict.fromkeys(kept for r in cache[span] if (kept := " ".join(w for w in r.split() if w not in filler))))
            for span in spans}


def first_words(text: str, limit: int, numbers: bool = True) -> str:
    """What a model wrote for a term on its own, before it ran on: the words up to the first repeated one, a stutter cut,
    and, for a term with no digit (not ``numbers``), up to the first number (it ran on into a sentence's date).

    A model trained on sentences repeats a lone name ("كيركوك كيركوك …") or
    stutters at the end of a word ("يسيليليليل"): the stuttering word is kept
    up to its first piece ("يسيل") and ends the rendering.

    >>> first_words("ابو ماهدي ال موهانديس ابو ماهدي", 7), first_words("يسف يسف يسف.", 3), first_words("تال افيرفيرفيرفير.", 3)
    ('ابو ماهدي ال موهانديس', 'يسف', 'تال افير')
    >>> first_words("خاناقيناناقين خاناقين", 3), first_words("Iraki Parliament 27 bırun Bakubae'de.", 9, numbers=False)
    ('خاناقين', 'Iraki Parliament')
    """
    kept: list[str] = []
    for word in text.split():
        core = word.strip(".,;:!?،؛")
        if not core or core in kept or len(kept) == limit or (not numbers and any(c.isdigit() for c in core)):
            break
        if (stutter := _STUTTER.search(core)) is not None:
            cut = core[: stutter.start() + len(stutter.group(1) or stutter.group(2))]
            if cut not in kept:
                kept.append(cut)
            break
        kept.append(core)
    return " ".join(kept)


def _spellings(work: _Work, own: dict[str, tuple[str, ...]], run: RunWords, profile: LanguageProfile) -> list[tuple[str, ...]]:
    """Per occurrence, what the model may have written for it: its own renderings (less the run's ordinary words
    at their ends), forbidden ones, the English, and the accepted renderings themselves (misspelt, they are
    found by likeness where the alignment agrees)."""
    lang = profile.code
    spellings = []
    for occurrence in work.occurrences:
        span = work.source[occurrence.start : occurrence.end]
        forbidden = [bad for term in occurrence.terms for bad in term.forbidden.get(lang, ())]
        accepted = [rendering for term in occurrence.terms for rendering in work.renderings[term.id]]
        english = term_english(occurrence)
        # a one-word term is one word in the draft: each word the model wrote for it on its own is a reading
        own_words = [w for r in own[span] for w in r.split()] if len(span.split()) == 1 else own[span]
        renderings = tuple(dict.fromkeys(kept for r in own_words if (kept := run.context_words(r, english))
                                         and not _names_another_term(kept, work, occurrence, profile)))
        best, *others = renderings or ("",)
        others = [other for other in others if len(re.sub(r"\W", "", other)) >= SHORT_OTHER]  # shorter n-best readings are noise
        # a term of one word in the source: a word of the draft that writes that word letter by letter is the model's
        # own rendering of it too (Qayyarah: قايياراه, where the model alone wrote بقايياراهاراه)
        spelt, initials = frozenset(_WORD.findall(span.lower())), _initialisms(span)
        written = ([w.core for w in split_words(work.model_text) if transliterates(key := word_key(w, profile), spelt, profile)
                    or (initials and spells_initialism(key, initials, profile))]
                   if len(span.split()) == 1 else [])
        spellings.append(tuple(dict.fromkeys(s for s in [best, *others, *written, *forbidden, span, *accepted] if s)))
    return spellings


def _names_another_term(rendering: str, work: _Work, occurrence: Occurrence, profile: LanguageProfile) -> bool:
    """Whether a word of ``rendering`` (the model's writing of ``occurrence``'s term asked alone) spells an English word
    of another term of the unit and none of this one's: an under-trained model asked for "Muqdadiyah" wrote
    "Koalition'da", and read as Muqdadiyah the draft's "Koalition" (the coalition's) was written over."""
    if len(work.occurrences) < 2:
        return False
    english = term_english(occurrence)
    others = frozenset().union(*(term_english(o) for o in work.occurrences if o is not occurrence)) - english
    return _spells_only(rendering, others, english, profile)


@lru_cache(maxsize=4096)
def _spells_only(rendering: str, english: frozenset[str], but: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether a word of ``rendering`` spells a word of ``english`` and none of ``but``; cached: units share terms."""
    return bool(english) and any(spells_english(key := word_key(word, profile), english, profile)
                                 and not spells_english(key, but, profile) for word in split_words(rendering))


def _place(work: _Work, hypothesis: Hypothesis, profile: LanguageProfile) -> Placement:
    approved = term_windows(split_words(hypothesis.text), work.renderings, profile)
    run, english = work.run, [term_english(o) for o in work.occurrences]
    # a word the run ties as much to another English word is not written over where nothing reads like the term
    own_key = ((lambda key, number, alone=False: run.own(key, english[number], work.occurrences[number].terms[0].id)
                and not (alone and run.shared(key, english[number]))) if run is not None else None)
    source_english = work.english_words
    ordinary_key = ((lambda key, number, firm=False: run.ordinary(key, english[number], source_english if firm else None))
                    if run is not None else None)
    every_term = frozenset().union(*english)
    explained_key = ((lambda key, number, firm=False, terms=False:
                      _explained_elsewhere(work, key, every_term if terms else english[number], firm))
                     if run is not None else None)
    drawn_key = (lambda key, number: run.drawn_to(key, work.occurrences[number].terms[0].id)) if run is not None else None
    source_words = [run.uncommon(tokens) if run is not None else frozenset() for tokens in work.tokens]

    def explaining_words(key: str) -> frozenset[int]:
        """The source words whose English the run writes ``key`` for (``RunWords.mostly_for``)."""
        written_for = run.mostly_for(key)
        return frozenset(i for i, words in enumerate(source_words) if words & written_for) if written_for else frozenset()

    return place_terms(hypothesis, work.occurrences, work.spellings, approved, len(source_words), profile,
                       own_key, ordinary_key, explained_key, drawn_key, explaining_words if run is not None else None)


def _try(work: _Work, hypothesis: Hypothesis, profile: LanguageProfile, strategy: str,
         placement: Placement | None = None) -> Placement:
    """Offer ``hypothesis`` and it with its terms placed (each also cleaned of debris); the first that verifies is chosen."""
    placement = placement or _place(work, hypothesis, profile)
    candidates = [(hypothesis.text, strategy)]
    if placement.runs or placement.inserts:
        candidates.append((splice(hypothesis.text, placement.runs, profile, placement.inserts),
                           "placed" if strategy == "plain" else strategy))
    for text, name in candidates:
        _offer(work, text, name, profile)
    for text, name in candidates:  # debris is cleaned only when no candidate is clean as it is
        if work.chosen is None and (cleaned := clean(text, work.source, work.expected, work.renderings, profile)) != text:
            _offer(work, cleaned, "cleaned" if name == "plain" else name, profile)
    if work.chosen is None and strategy == "plain" and work.run is not None and (grown := _grown(work, placement, profile, _spells_the_term)):
        work.term_words, work.placed = grown.term_words, grown.runs
        _offer(work, splice(hypothesis.text, grown.runs, profile, grown.inserts), "placed", profile)
    work.reasons += [f"{u.occurrence.terms[0].forms[0]}: {u.reason}" for u in placement.uncertain]
    return placement


def _grown(work: _Work, placement: Placement, profile: LanguageProfile, beside: Callable) -> Placement | None:
    """``placement`` with each run grown over the words right beside it that ``beside(work, words, n, step,
    occurrence, profile)`` reads as the rest of the model's rendering of its term (word ``n``, ``step`` -1 before
    the run, 1 after it): the splice took only part of it ("التحالف الدولي كواليتيون", "Peşmerge Forkes",
    "Al Şirkat"); None where no run grows."""
    words = split_words(work.model_text)
    taken = {n for run in placement.runs for n in run.targets}
    runs, grown = [], set()
    for run in placement.runs:
        targets = set(run.targets)
        for occurrence in (o for o in work.occurrences if o.rendering == run.rendering):
            for step in (-1, 1):
                n = (min(targets) if step < 0 else max(targets)) + step
                while 0 <= n < len(words) and n not in taken | grown and beside(work, words, n, step, occurrence, profile):
                    targets.add(n)
                    grown.add(n)
                    n += step
        runs.append(replace(run, targets=tuple(sorted(targets))))
    return replace(placement, runs=tuple(runs), term_words=placement.term_words | grown) if grown else None


def _writes_a_short_word(work: _Work, words: Sequence, n: int, step: int, occurrence: Occurrence,
                         profile: LanguageProfile) -> bool:
    """Whether the model's word ``n``, right before (``step`` -1) or after (1) the run placed for ``occurrence``,
    writes the word of two or three letters that opens (or ends) the term's source, where the term has more than
    one word ("Al" before a placed "Şergat" for "al-Shirqat", "ابو" for "Abu Mahdi …"; ``writes_short_word``), with
    no punctuation between: beside the term, the model's writing of that word.  Not a word of the middle or the far
    side of the term, nor beside a one-word term: a stand-in's "and" (ال) before "Abu Mahdi al-Muhandis", or its
    verb after "ISF", writes "al" or "isf" by chance.  A short word the model wrote twice running at the run's edge
    ("كونكيل وف وف") goes too, and so does the initialism the term opens (or ends) with, written letter for letter
    with its full stops or without ("U.s." before a placed "ABD öncülüğündeki koalisyon" for "U.S.-led coalition")."""
    spelt = _WORD.findall(work.source[occurrence.start : occurrence.end].lower())
    edge = spelt[0] if step < 0 else spelt[-1]
    between = words[n].trail if step < 0 else words[n - 1].trail + words[n].lead
    key = word_key(words[n], profile)
    if ((initials := _initialism(spelt, step)) and re.sub(r"\W", "", words[n].core).lower() == initials
            and between.strip() in (("", ".") if step < 0 else ("",))):  # the initialism's own full stop is no punctuation between
        return True
    if between.strip():
        return False
    if key and key == word_key(words[n - step], profile) and len(key) <= 3:  # the model stuttered the term's short word
        return True
    return len(spelt) > 1 and 2 <= len(edge) <= 3 and writes_short_word(key, frozenset({edge}))


def _initialisms(span: str) -> frozenset[str]:
    """The words of a term's ``span`` in the source written in capitals, two to six letters, lower case ("irgc")."""
    return frozenset(word.lower() for word in _WORD.findall(span) if 2 <= len(word) <= 6 and word.isupper() and word.isascii())


def _initialism(spelt: Sequence[str], step: int) -> str:
    """The one-letter words that open (``step`` -1) or close (1) a term's source, joined, when there are two or more:
    "us" for "U.S.-led coalition" (u, s, led, coalition); "" otherwise."""
    side = list(spelt) if step < 0 else list(reversed(spelt))
    letters = list(itertools.takewhile(lambda word: len(word) == 1, side))
    return "".join(letters if step < 0 else reversed(letters)) if len(letters) >= 2 else ""


def _only_here(work: _Work, occurrence: Occurrence) -> frozenset[str]:
    """The English words of ``occurrence``'s term that its source has nowhere else (cached on the unit)."""
    if occurrence.words not in work.only_here:
        tokens = work.tokens
        inside = frozenset().union(*(tokens[i] for i in occurrence.words if i < len(tokens)))
        elsewhere = frozenset().union(*(w for i, w in enumerate(tokens) if i not in occurrence.words))
        work.only_here[occurrence.words] = term_english(occurrence) & inside - elsewhere
    return work.only_here[occurrence.words]


def _spells_the_term(work: _Work, words: Sequence, n: int, step: int, occurrence: Occurrence, profile: LanguageProfile) -> bool:
    """Whether the model's word ``n`` is its writing of one of the English words of ``occurrence``'s term that its
    source has nowhere else (``_only_here``): it spells it (``spells_english``), writes it letter by letter
    (``transliterates``, or ``_writes_a_short_word``), or the run writes it where that word is (``_run_writes_it_for``);
    the last two not where the run writes the word for something else (``_sounds_like_it_by_chance``)."""
    if _writes_a_short_word(work, words, n, step, occurrence, profile):
        return True
    english, key = _only_here(work, occurrence), word_key(words[n], profile)
    return bool(key) and (spells_english(key, english, profile) or (
        (transliterates(key, english, profile) or _run_writes_it_for(work, key, english))
        and not _sounds_like_it_by_chance(work, key, term_english(occurrence))))


def _explained_elsewhere(work: _Work, key: str, english: frozenset[str], firm: bool = False) -> bool:
    """Whether the run explains the draft word ``key`` by an English word of the unit's source outside ``english`` (a
    term's words) that is not COMMON in it (``firm``: not in half its sources): the model writes ``key`` in every
    unit with that word (``RunWords.explained_by``)."""
    run, others = work.run, work.english_words - english
    return run is not None and any(run.explained_by(key, word) for word in others if not run.common(word, STOP if firm else COMMON))


def _sounds_like_it_by_chance(work: _Work, key: str, english: frozenset[str]) -> bool:
    """Whether the draft word ``key``, which spells a word of a term (``english``: its words) or sounds like it, is
    written for something else all the same: the run writes it as often without the term's words
    (``RunWords.ordinary``), or mostly for another English word of the source (``RunWords.mostly_for``, which holds
    every word ``_explained_elsewhere`` finds).  The verb "زوضغص" for "captured" sounds like "quds"; replaced, the
    draft loses it."""
    run = work.run
    return run is not None and (run.ordinary(key, english) or any(
        word in run.mostly_for(key) for word in work.english_words - english if not run.common(word)))


def _run_writes_it_for(work: _Work, key: str, english: frozenset[str]) -> bool:
    """Whether the run writes ``key`` (two letters or more) in half or more of its units whose source has one of
    ``english``, and mostly there (``RunWords.mostly_for``), in a run that can tell (a three-unit run cannot)."""
    return (len(key) >= 2 and any(work.run.writes_for(key, w) for w in work.run.mostly_for(key) & english)
            and work.run.tells(english))


def _offer(work: _Work, text: str, name: str, profile: LanguageProfile) -> None:
    """A candidate that verifies is chosen; one that lost a word the model wrote for a non-term word is no candidate;
    none is chosen in a draft that loops (``looped``): the unit is flagged with its terms placed."""
    if any(text == seen for seen, _ in work.candidates):
        return
    # a draft re-decoded after the approved term may drop what the model first wrote for it: a word
    # reading like the term that the model itself left out once given the term
    term_words = work.term_words | work.readings if name == "prefix" else work.term_words
    if (lost := lost_words(work.model_text, term_words, text, profile)):
        work.reasons.append(f"the {name} draft would lose {', '.join(lost[:3])}")
        return
    work.candidates.append((text, name))
    if work.chosen is None and work.loop is None and text.strip() and not _problems(work, text, profile):
        if (left := own_rendering_left(work, text, profile)):
            work.reasons.append(f"the {name} draft keeps {', '.join(left[:3])}, the model's own rendering of a term")
            return
        work.chosen, work.strategy = text, name


def own_rendering_left(work: _Work, text: str, profile: LanguageProfile) -> list[str]:
    """Words of ``text`` that are the model's own rendering of a term, which the glossary check cannot see beside
    the approved one, so a draft keeping one is flagged, not approved:

    - words of the model's draft that read exactly like a term's rendering (``Placement.readings``), kept more
      often than the model wrote them for other things;
    - any word of a term's own rendering that the run writes for nothing else (``_own_keys``);
    - words of the model's draft that the head (however unsure) gives a term, when the run has them nowhere else
      (``RunWords.once``), or gives the term or, unsure or confident only of a word common in the run ("the"),
      a source word beside it, when the run ties them to the term (``RunWords.own``);
    - a word right beside the words a term was placed on, when the run ties it to the term and the head gives it
      no other source word that the run always has with it: the splice took only part of the model's
      rendering ("Governorate Kunkil" → "il meclisi Kunkil").
    """
    words = split_words(text)
    have = Counter(word_key(word, profile) for word in words)
    left = [word.core for word in words if work.own_keys and same_word(word_key(word, profile), work.own_keys, profile)]
    model = split_words(work.model_text)
    if not work.model_keys:  # the model's draft is the unit's for good
        work.model_keys = [word_key(word, profile) for word in model]
    keys = work.model_keys
    accepted = _accepted_keys(work, profile)
    if work.run is not None and (head := trusted_alignment(work.model, len(model), 0.0)) is not None:
        confident = trusted_alignment(work.model, len(model)) or head
        source_words = [re.sub(r"\W", "", w).lower() for w in work.source.split()]

        def common(source: int) -> bool:   # a confident alignment to "the" says little
            return source < len(source_words) and work.run.common(source_words[source])

        englishes = [term_english(occurrence) for occurrence in work.occurrences]
        for n, source in enumerate(head):
            key = keys[n]
            if source is None or not have[key] or key in accepted or not any(c.isalpha() for c in key):
                continue
            for occurrence, english in zip(work.occurrences, englishes):
                near = source in occurrence.words or (min(occurrence.words) - 1 <= source <= max(occurrence.words) + 1
                                                      and (confident[n] is None or common(confident[n])))
                if ((source in occurrence.words and work.run.once(key))
                        or (near and work.run.own(key, english, occurrence.terms[0].id))):
                    left.append(model[n].core)
        left += _head_gives_the_term(work, model, have, accepted, confident, source_words, profile)
        left += _term_spelt_again(work, words, model, profile)
        firm = trusted_alignment(work.model, len(model), FIRM) or [None] * len(model)
        term_sources = {w for occurrence in work.occurrences for w in occurrence.words}
        for occurrence, english in zip(work.occurrences, englishes):
            runs = [run for run in work.placed if run.rendering == occurrence.rendering]
            replaced = {n for run in runs for n in run.targets}
            only_here = _only_here(work, occurrence)  # a word the run writes for one of these is the term's
            verdicts: dict[tuple, bool] = {}  # a model that runs on repeats a word with the same head
            for n in (n for n in range(len(model)) if n not in replaced):
                key, source = keys[n], head[n]
                if not have[key] or key in accepted or not any(c.isalpha() for c in key):
                    continue
                if (key, source, firm[n] == source) not in verdicts:
                    other = (work.tokens[source]  # a head on another term's word gives no ordinary word
                             if source is not None and source not in term_sources and source < len(source_words) else ())
                    tied = _run_writes_it_for(work, key, only_here) and not any(work.run.writes_for(key, w) for w in other)
                    verdicts[key, source, firm[n] == source] = (
                        (tied or work.run.own(key, english, occurrence.terms[0].id))
                        and not any(work.run.written_for(key, word) for word in other)
                        and not (other and firm[n] == source and not tied))
                if verdicts[key, source, firm[n] == source]:
                    left.append(model[n].core)
    if work.readings:
        written = Counter(keys)
        read = Counter(key for n in work.readings if (key := keys[n]) not in accepted)
        left += [model[n].core for n in sorted(work.readings) if (key := keys[n]) in read
                 and have[key] > written[key] - read[key]]
    return list(dict.fromkeys(left))


def _head_gives_the_term(work: _Work, model: Sequence, have: Counter, accepted: frozenset[str],
                         confident: list[int | None], source_words: list[str], profile: LanguageProfile) -> list[str]:
    """Words of the model's draft, kept in the candidate, that the head (however unsure, even parked on the term)
    gives a term, or, unsure, a source word beside it; that the run writes more
    often with the term's English words than without (not ``RunWords.ordinary``); and that no other English word of
    the source explains (``RunWords.explained_by``) when the run also writes it without the term.  An
    under-trained model's rendering of a term is often read only in part, or not at all, so the term was placed
    beside words of the model's own rendering: the draft carries both."""
    alignment = work.model.alignment
    if alignment is None or len(alignment) != len(model):
        return []
    left, englishes = [], [term_english(occurrence) for occurrence in work.occurrences]
    for n, source in enumerate(alignment):
        key = work.model_keys[n]
        if not have[key] or key in accepted or not any(c.isalpha() for c in key):
            continue
        for occurrence, english in zip(work.occurrences, englishes):
            beside = min(occurrence.words) - 1 <= source <= max(occurrence.words) + 1
            near = source in occurrence.words or (beside and confident[n] is None)
            if (near and work.run.tells(english) and not work.run.ordinary(key, english)
                    and not (work.run.beyond(key, english)
                             and any(work.run.explained_by(key, word) for word in set(source_words) - english
                                     if not work.run.common(word)))):
                left.append(model[n].core)
                break
    return left


def _term_spelt_again(work: _Work, words: Sequence, model: Sequence, profile: LanguageProfile) -> list[str]:
    """Words of the model's draft, kept in the candidate outside the words holding an approved rendering, that spell
    a term again: a close spelling of a word of its approved rendering ("Peşmerga" beside "Peşmerge", "Muhandis"
    after "el-Mühendis") that the run does not write as often without the term's English words, or a word of five
    letters or more of the term's English form that is not common in the run ("Governorate" before "il meclisi"),
    or the model's spelling of a word of the term in the source ("Forkes" after "Peşmerge" for "Peshmerga forces",
    "سولايماني" beside "السليمانية") or of its initialism letter for letter ("Irgk" for "IRGC"), or a word of its
    approved rendering with the long vowels written otherwise ("بدوهوك" beside "دهوك": ``same_skeleton``) where the
    confident head gives it no other source word, even where the model writes it for anything else too; right
    beside the approved rendering, a letter-by-letter transliteration of a word of that term in the source
    (``transliterates``: "يراقي" before "مجلس النواب العراقي" for "Iraqi Council of Representatives", "قايياراه"
    after "القيارة"), unless the run writes that word for something else (``_sounds_like_it_by_chance``)."""
    written = set(work.model_keys)
    if work.spelt is None:  # per occurrence: its English, its approved renderings' words, its words in the source
        work.spelt = [(term_english(occurrence),
                       frozenset().union(*(_rendering_parts(work.renderings[term.id], profile) for term in occurrence.terms)),
                       frozenset(_WORD.findall(work.source[occurrence.start:occurrence.end].lower())),
                       _initialisms(work.source[occurrence.start:occurrence.end]))
                      for occurrence in work.occurrences]
    found = term_windows(words, work.renderings, profile)
    inside = {n for windows in found.values() for first, end in windows for n in range(first, end)}
    beside: dict[int, set[str]] = {}  # a word right beside a term's approved rendering -> that term's words in the source
    for term_id, windows in found.items():
        here = set().union(*(spelt for occurrence, (_, _, spelt, _) in zip(work.occurrences, work.spelt)
                             if any(term.id == term_id for term in occurrence.terms)))
        for first, end in windows:
            for n in {first - 1, end} - inside:
                beside.setdefault(n, set()).update(here)
    left, spells = [], {}  # key -> whether it spells a term again (a model that runs on repeats its words)
    terms_english = frozenset().union(*(english for english, *_ in work.spelt))
    aligned = trusted_alignment(work.model, len(model)) or [None] * len(model)
    term_sources = {w for occurrence in work.occurrences for w in occurrence.words}

    def head_elsewhere(key: str) -> bool:  # the confident head gives each of the model's writings of key a non-term word
        return all(aligned[n] is not None and aligned[n] not in term_sources for n, k in enumerate(work.model_keys) if k == key)
    for n, word in enumerate(words):
        key = word_key(word, profile)
        if n in inside or key not in written or not any(c.isalpha() for c in key):
            continue
        if key not in spells:
            spells[key] = any((close_word(key, approved, profile) and work.run.tells(english)
                               and not work.run.ordinary(key, english))
                              or (len(key) >= 5 and key in english and not work.run.common(key))
                              or spells_english(key, spelt, profile) or spells_initialism(key, initials, profile)
                              or (same_skeleton(key, approved, profile) and not head_elsewhere(key))
                              for english, approved, spelt, initials in work.spelt)
        if spells[key] or (n in beside and transliterates(key, frozenset(beside[n]), profile)
                           and not _sounds_like_it_by_chance(work, key, terms_english)):
            left.append(word.core)
    return left


@lru_cache(maxsize=4096)
def _rendering_parts(renderings: tuple[str, ...], profile: LanguageProfile) -> frozenset[str]:
    """The words of a term's accepted ``renderings`` as compared (``word_key``), each hyphenated part on its own;
    cached: every unit with the term asks."""
    return frozenset(part for rendering in renderings for w in split_words(rendering)
                     for part in HYPHEN.split(word_key(w, profile)) if part)


def _accepted_keys(work: _Work, profile: LanguageProfile) -> frozenset[str]:
    return _rendering_keys(tuple(work.renderings.values()), profile)


@lru_cache(maxsize=4096)
def _rendering_keys(renderings: tuple[tuple[str, ...], ...], profile: LanguageProfile) -> frozenset[str]:
    """The words of the accepted ``renderings`` of a unit's terms as compared (``word_key``); cached: units share terms."""
    return frozenset(word_key(word, profile) for rendered in renderings for r in rendered for word in split_words(r))


def _own_keys(work: _Work, run: RunWords, profile: LanguageProfile) -> frozenset[str]:
    """Words (three letters or more) of the terms' own renderings and English forms, less the accepted renderings'
    words and the words the run writes for other things (``RunWords.ordinary``)."""
    accepted = _accepted_keys(work, profile)
    keys = set()
    for occurrence, spellings in zip(work.occurrences, work.spellings):
        english = term_english(occurrence)
        for spelling in spellings:
            for word in split_words(spelling):
                key = word_key(word, profile)
                if (len(key) >= 3 and key not in accepted and not same_word(key, accepted, profile)
                        and not run.ordinary(key, english)):
                    keys.add(key)
    return frozenset(keys)


def _prefix(text: str, uncertain: Sequence[Uncertain], profile: LanguageProfile) -> str | None:
    """The hard target prefix for re-decoding: the draft up to the first guessed place, then that term's rendering."""
    words = split_words(text)
    guessed = sorted((u.guess, u.inserted(words_beside(words, u.guess), profile)) for u in uncertain if u.guess is not None)
    if not guessed:
        return None
    position, rendering = guessed[0]
    if position >= len(words):
        before = text[: words[-1].end - len(words[-1].trail)] if words else ""
    else:
        before = text[: words[position].start]
    return f"{before.rstrip()} {rendering}".strip()


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
    # the approved terms first (a word of the model's rendering left beside one is for the reviewer to remove)
    missed = {t: len(missing_terms(t, work.hits, profile)) for t in dict.fromkeys(clean_texts)}  # each text checked once
    fewest = [t for t in reversed(clean_texts) if missed[t] == min(missed.values())]
    found = {t: _flag_findings(work, t, profile) for t in dict.fromkeys(fewest)}  # the others cannot be chosen
    text = min(fewest, key=lambda t: len(found[t]))
    findings = tuple(found[text])
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
        notes=hints + flags + (tuple(f"glossary: not placed: {reason}" for reason in dict.fromkeys(work.reasons)) if findings else ()),
        strategy="flagged" if findings else "plain",
        model_text=work.model_text,
    )


def _flag_findings(work: _Work, text: str, profile: LanguageProfile) -> list[Finding]:
    """The glossary check's findings for ``text`` and one per word of a term's own rendering it keeps."""
    kept = [Finding(CHECK_NAME, Severity.CRITICAL,
                    f"{word!r} reads like the model's own rendering of a term, beside the approved one; remove it.",
                    msgid=work.source, lang=profile.code) for word in dict.fromkeys(own_rendering_left(work, text, profile))]
    if text and text == work.guessed:
        kept += [Finding(CHECK_NAME, Severity.CRITICAL,
                         f"{u.occurrence.rendering!r} ({u.occurrence.terms[0].forms[0]}) " + (
                             "was written over the first of the model's readings of it, which it repeats; check its place."
                             if u.reading is not None else
                             f"was put in the source's order, with no attention near it to go by ({u.reason}); check its place."
                             if u.in_order else
                             f"was put where the attention, however unsure, points ({u.reason}); check its place."),
                         msgid=work.source, lang=profile.code)
                 for u in work.placement.uncertain if u.reading is not None or u.place is not None]
    if work.loop is not None:
        word, times = work.loop
        kept.append(Finding(CHECK_NAME, Severity.CRITICAL,
                            f"the model's draft repeats {word!r} {times} times running: it ran on, so where its terms "
                            "went cannot be told; review the whole unit.", msgid=work.source, lang=profile.code))
    return [*term_findings(work.source, text, work.all_hits, profile),
            *named_findings(work.source, work.named, text, profile.code), *kept]


def looped(text: str, source: str) -> tuple[str, int] | None:
    """The first word ``text`` repeats LOOP times running or more (and how often), unless ``source`` does too: a
    model that loops ("ال ال ال ال", "ريغيون ريغيون ريغيون") wrote no translation there, and no placement of a term
    in it can be verified.

    >>> looped("شوشيس ريغيون ريغيون ريغيون.", "The KRG returned."), looped("very very good", "very very good")
    (('ريغيون', 3), None)
    """
    said = {match.group(1) for match in _LOOP.finditer(_cores(source))}
    for match in _LOOP.finditer(_cores(text)):
        if match.group(1) not in said:
            return match.group(1), len(match.group(0).split())
    return None


def _cores(text: str) -> str:
    """``text``'s words without their punctuation, lower case, one space apart (a word with no letter as "-")."""
    return " ".join(word.core.lower() if any(c.isalpha() for c in word.core) else "-" for word in split_words(text))


def draft_with_glossary(
    engine,
    sources: Sequence[str],
    profile: LanguageProfile,
    glossary: Glossary,
    progress: Callable[[int], None] | None = None,
    lone: LoneRenderings | None = None,
) -> list[TermDraft]:
    """Draft every source with the engine, approved terms enforced; one TermDraft per source, in order.

    ``engine`` has ``translate_batch(requests, progress=None) -> list[list[Hypothesis]]``;
    ``progress`` follows the first batch, which covers every unit; ``lone`` keeps
    the terms' own renderings between runs.  With no engine there is nothing to
    draft, so the result is empty.
    """
    if engine is None:
        return []
    works = [_plan(source, profile, glossary) for source in sources]
    requests = [EngineRequest(work.source, with_alignment=bool(work.occurrences)) for work in works]
    for work, hypotheses in zip(works, engine.translate_batch(requests, progress), strict=True):
        work.model = hypotheses[0] if hypotheses else Hypothesis("")
        work.model_text = work.model.text
        work.loop = looped(work.model_text, work.source)
        work.named = named_elsewhere(work.source, work.model_text, glossary)
        _offer(work, work.model_text, "plain", profile)

    pending = [work for work in works if work.chosen is None]
    english = {work.source[o.start : o.end]: term_english(o) for work in pending for o in work.occurrences}
    own = own_renderings(engine, list(english), english, lone) if english else {}
    run = RunWords([(work.source, work.model_text, frozenset(hit.term.id for hit in work.all_hits)) for work in works], profile)
    forcing = []
    for work in pending:
        work.spellings, work.run = _spellings(work, own, run, profile), run
        work.own_keys = _own_keys(work, run, profile)
        placement = _place(work, work.model, profile)
        placement = _grown(work, placement, profile, _writes_a_short_word) or placement
        work.term_words, work.readings, work.placed = placement.term_words, placement.readings, placement.runs
        work.placement = placement
        _try(work, work.model, profile, "plain", placement)
        if work.chosen is None and INSERT_AT_A_NEIGHBOUR and any(u.neighbour for u in placement.uncertain):
            if (kept := _written_for_a_guessed_term(work.model, placement)):   # offered at a guess, flagged (_guessed)
                work.reasons.append(f"the inserted draft would keep {', '.join(kept[:3])}, which the head gives the term")
            else:
                _offer(work, _inserted(work.model_text, placement, profile), "inserted", profile)
        if work.chosen is None and (prefix := _prefix(work.model_text, placement.uncertain, profile)):
            if _ran_on(work):
                how = (f"{work.loop[0]} ×{work.loop[1]}" if work.loop else
                       f"{len(work.model_text.split())} words for {len(work.source.split())}")
                work.reasons.append(f"the model's draft ran on ({how}): not re-decoded after the term")
            else:
                forcing.append((work, prefix))
    if forcing:
        # never much longer than the model's own drafts (a piece is at least half a character): a run-on model stops
        # there; one limit for the batch, the longest draft's, as CTranslate2 takes one per call (a limit per unit
        # made a call per unit: 2.5-3 times the CPU on a base-size model)
        limit = 2 * max(len(work.model_text) for work, _ in forcing) + 16
        requests = [EngineRequest(work.source, target_prefix=prefix, with_alignment=True, max_length=limit)
                    for work, prefix in forcing]
        try:
            redecoded = engine.translate_batch(requests)
        except ModelError:  # the model drafted these units and fails on them only after a term: each is flagged
            redecoded = [[] for _ in requests]
            for work, _ in forcing:
                work.reasons.append("the model failed on the re-decode after the term")
        for (work, prefix), hypotheses in zip(forcing, redecoded, strict=True):
            if hypotheses and hypotheses[0].text.startswith(prefix):
                work.named += named_elsewhere(work.source, hypotheses[0].text, glossary)  # the model wrote it anew
                _try(work, hypotheses[0], profile, "prefix")
    for work in pending if INSERT_AT_A_NEIGHBOUR else ():
        if work.chosen is None and (guessed := _guessed(work.model_text, work.placement, profile)) is not None:
            read = frozenset(i for u in work.placement.uncertain if u.reading is not None for i in u.reading.targets)
            if (all(guessed != text for text, _ in work.candidates)
                    and not lost_words(work.model_text, work.term_words | read, guessed, profile)):
                work.guessed = clean(guessed, work.source, work.expected, work.renderings, profile)
                work.candidates.append((guessed, "guessed"))
    return [_finish(work, profile) for work in works]


def _guessed(text: str, placement: Placement, profile: LanguageProfile) -> str | None:
    """For a unit no candidate verified: each uncertain term written over the model's first reading of it
    (``Uncertain.reading``) or put where its evidence, however weak, points (``Uncertain.place``), into the model's
    own draft; a term with neither is left out.  Nothing of the model's is lost, but the place is a guess: such a
    draft is never approved, only offered as a flagged unit's text, with a finding per guessed term asking the
    reviewer to check its place (``_flag_findings``), so the reviewer starts from a draft with the term."""
    readings = tuple(u.reading for u in placement.uncertain if u.reading is not None)
    runs = (*placement.runs, *readings)

    def outside_the_terms(position: int) -> int:  # a guess never splits a term's words
        inside = [max(run.targets) + 1 for run in runs if min(run.targets) < position <= max(run.targets)]
        return max(inside, default=position)

    words = split_words(text)
    together: dict[int, list[str]] = {}  # terms guessed at one place go there in the source's order
    for u in sorted(placement.uncertain, key=lambda u: u.occurrence.start):
        if u.reading is None and (position := u.place) is not None:
            position = outside_the_terms(position)
            together.setdefault(position, []).append(u.inserted(words_beside(words, position), profile))
    if not together and not readings:
        return None
    return splice(text, runs, profile, [*placement.inserts, *((p, " ".join(r)) for p, r in together.items())])


def _written_for_a_guessed_term(model: Hypothesis, placement: Placement) -> list[str]:
    """Words of the model's draft, on no placed term, that the head confidently gives a term about to be inserted
    at a guess: the model wrote something for it there ("بهاويجا" for Hawija, not read as the term), and an
    insert beside it would leave both, approved."""
    words = split_words(model.text)
    aligned = trusted_alignment(model, len(words))
    guessed = {w for u in placement.uncertain if u.neighbour for w in u.occurrence.words}
    return [words[i].core for i, source in enumerate(aligned or ())
            if source in guessed and i not in placement.term_words and any(c.isalpha() for c in words[i].core)]


def _inserted(text: str, placement: Placement, profile: LanguageProfile) -> str:
    """Each term whose guessed place sits beside a confident neighbour (the other side disagreeing) put there.

    Cheaper than re-decoding, and no word of the model's is lost; the place may
    be off by a word, which the forced note asks the reviewer to check.
    """
    words = split_words(text)
    guessed = [(u.guess, u.inserted(words_beside(words, u.guess), profile))
               for u in placement.uncertain if u.guess is not None and u.neighbour]
    return splice(text, placement.runs, profile, [*placement.inserts, *guessed])


def _ran_on(work: _Work) -> bool:
    """Whether the model's draft ran on (more than twice the source's words, and four; or it loops): re-decoded after a prefix
    it runs on again, another way, and the lost-word gate turns that draft down (1 of 25 passed on the trained
    ar-like under-trained stand-in), while its decoding costs as much as a whole run's drafts."""
    return work.loop is not None or len(work.model_text.split()) > RAN_ON * len(work.source.split()) + 4
