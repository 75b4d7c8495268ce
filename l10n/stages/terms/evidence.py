"""Where a glossary term sits in a draft, on more evidence than one attention head.

A head that learned its attention without supervision is often spread over
neighbours, shifted by one token, parked on the end of the sentence or flat,
and the word it points to may be a neighbour's.  So a word of the draft is
replaced only on evidence from the words themselves: it reads like the
model's own rendering of the term (the term translated on its own, n-best),
or like an accepted, forbidden or English spelling of it.  Such a *window* is
used as it is when the reading is exact (after the language's clitics and
apostrophe endings) and four letters or longer; a shorter exact reading
counts unless a confident word of it attends to another source word, and a
fuzzy one (a close spelling of five letters or more) only where a confident
word of it attends to the term.  A draft that reads like a term in more
places than the term occurs is placed only where the alignment singles out
as many.

The alignment decides only where a term the model dropped goes: after the
words its nearest earlier source neighbour landed on, before those of its
nearest later one.  It counts a word only where the head is confident
(``Hypothesis.confidence``) and never a word that belongs to a term window.
When the two sides disagree (words stand between them) or neither side is
known, the placement is *uncertain*: enforcement re-decodes with the draft up
to the best guess plus the rendering as a target prefix, or flags the unit.

``lost_words`` is the gate every candidate passes: a word the model wrote for
anything but a term must still be in the draft that is offered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.fuzz import ratio as indel_ratio

from ...core.languages import LanguageProfile
from ...core.records import Hypothesis
from ...core.spelling import VOWELLED, sounds, vowelled
from ..splice import Run, Word, attach, glued_clitic, split_words, written_ending
from .glossary import approved_rendering
from .match import normalise

if TYPE_CHECKING:
    from .enforce import Occurrence

CONFIDENT = 0.3   # share of a word's attention on its source word from which its alignment is used
FIRM = 0.5        # the share from which the head alone may name a term's words (with agreeing neighbours)
CERTAIN = 0.9     # ... and from which it outweighs a run that writes the word without the term too
SIMILAR = 0.85    # difflib ratio from which two words read as spellings of one word
SPELT_ENGLISH = 0.8  # indel ratio from which a word of five letters or more reads as the model's spelling of an English one
SOUNDS = 4        # consonant sounds an English word needs before a word of another script with the same ones spells it
MIN_FUZZY = 5     # shorter words must match exactly
LONG_READING = 4  # an exact reading of this many letters stands on its own; a shorter one must not meet a disagreeing head
PARKED = 3        # a source word drawing this many draft words (and a third of them) is where the head parks
HYPHEN = re.compile("[-‐‑–]")  # the hyphens and dash a model writes between the parts of a word
_WORD = re.compile(r"\w+")
# a Turkish casefold makes the English span's "ISIL" "ısıl" and the model's "Isil" "ısil": one word to a reading
_DOTLESS = str.maketrans("ı", "i")
DISAGREE = "its neighbours disagree"
NEIGHBOURS = 3    # how far from a dropped term to look for a source word the draft kept
RUN_OWN = 2       # units of a run a word must be in, with the term's words, to be the model's own word for it
OWN_SHARE = 4     # ... and how many times as often as in units without them
COMMON = 0.2      # share of a run's sources from which an English word of a term says nothing about it
STOP = 0.5        # ... and from which no English word explains a draft word (the, of)
RUN_CONTEXT = 20  # units without a term's words a run needs before its words tell the term's own words from ordinary ones


@dataclass(frozen=True)
class Window:
    """Draft words that read like one of a term's spellings (in order; words of other source words may stand between)."""

    indexes: tuple[int, ...]
    exact: bool
    letters: int = 0   # how many letters read like the spelling
    part: int = -1     # for a one-word spelling inside a hyphenated word ("ISIS-held"): which part it is

    @property
    def first(self) -> int:
        return self.indexes[0]


@dataclass(frozen=True)
class Uncertain:
    """A term with no trustworthy place: where it would go at best (a word index, or None) and why."""

    occurrence: "Occurrence"
    guess: int | None
    reason: str
    neighbour: bool = False   # the guess comes from a confident neighbour (the other side disagrees)
    hunch: int | None = None  # where the neighbours land by the head however unsure (the last resort's place)
    reading: Run | None = None  # a term read in more places than it occurs: its reading in draft order (a guess too)
    in_order: bool = False    # the hunch keeps the source's order of the words that landed, as no head points near it
    written: str = ""         # the rendering as it goes in where the model wrote nothing (with_dropped_preposition)
    clitic: str = ""          # the clitic its dropped preposition asks for, put on where it goes in (inserted)

    @property
    def place(self) -> int | None:
        """Where a flagged unit's text puts the term as an insert: beside the confident neighbour, else the hunch."""
        return self.guess if self.neighbour else self.hunch

    def inserted(self, beside: Sequence[str], profile: LanguageProfile) -> str:
        """The words put in between the draft's words ``beside`` (their letters, "" at an edge): the rendering with
        its dropped preposition's case, and its clitic unless a word beside it is a preposition written apart
        (``with_clitic``): where a term goes at a guess, the head cannot tell whether the model wrote the
        preposition, but the words around the place can.

        >>> from types import SimpleNamespace as Occurrence
        >>> from l10n.core.languages import get_profile
        >>> u = Uncertain(Occurrence(rendering="المقدادية", cue="returned to"), None, "", clitic="ل")
        >>> u.inserted(("الإرهاب", "تاله"), get_profile("ar")), u.inserted(("إلى", ""), get_profile("ar"))
        ('للمقدادية', 'المقدادية')
        """
        return with_clitic(self.clitic, closed_circumfix(self.written or self.occurrence.rendering, self.occurrence, beside,
                                                         profile), beside, profile)


@dataclass(frozen=True)
class Placement:
    """How a draft gets its terms: runs to replace, inserts, and what could not be placed."""

    runs: tuple[Run, ...]
    inserts: tuple[tuple[int, str], ...]
    uncertain: tuple[Uncertain, ...]
    term_words: frozenset[int]    # draft words with evidence that they render a term (never counted as lost)
    readings: frozenset[int] = frozenset()  # draft words reading exactly like a term, used or not


@lru_cache(maxsize=65536)
def _bases(key: str, prefixes: frozenset[str]) -> frozenset[str]:
    """``key`` and what is left of it without a glued clitic (at least two letters left)."""
    return frozenset({key, *(key[len(p):] for p in prefixes if key.startswith(p) and len(key) - len(p) >= 2)})


@lru_cache(maxsize=65536)
def _likeness(word: str, spelling: str, prefixes: frozenset[str]) -> int:
    """2: the same word (clitics aside), 1: a close spelling of it, 0: another word."""
    if not word or not spelling:
        return 0
    words, spellings = _dotless_bases(word, prefixes), _dotless_bases(spelling, prefixes)
    if not words.isdisjoint(spellings):
        return 2
    for a in words:
        if len(a) >= MIN_FUZZY:
            for b in spellings:
                if len(b) >= MIN_FUZZY and _similar(a, b):
                    return 1
    return 0


@lru_cache(maxsize=65536)
def _dotless_bases(word: str, prefixes: frozenset[str]) -> frozenset[str]:
    """Cached: a unit's words are compared with every spelling of every term."""
    return _bases(word.translate(_DOTLESS), prefixes)


def _similar(a: str, b: str) -> bool:
    """difflib's ratio of ``a`` and ``b`` reaches SIMILAR.  Its matching blocks are a common subsequence, so the
    longest one's ratio (rapidfuzz, in C) bounds it from above: below that bound difflib need not run."""
    if indel_ratio(a, b) < 100 * SIMILAR - 1e-6:
        return False
    return SequenceMatcher(None, a, b).ratio() >= SIMILAR


@lru_cache(maxsize=65536)
def transliterates(key: str, english: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``, a glued clitic aside) writes one of the ``english`` words letter by letter,
    its vowels too: the same consonant sounds and vowels in the same order, four or more with two consonants, or five
    or more with one ("يراقي" for "iraqi", "قايياراه" for "qayyarah", "şirkat" for "shirqat", "kunkil" for "council",
    "بهاويجا" for "hawija"; not "شخود" for "state").  Finer than ``spells_english``, so it serves where that one's
    consonants alone are too few to tell.

    >>> from l10n.core.languages import get_profile
    >>> ar, tk = get_profile("ar"), get_profile("tk")
    >>> transliterates("يراقي", frozenset({"iraqi"}), ar), transliterates("شخود", frozenset({"state"}), ar)
    (True, False)
    >>> transliterates("şirkat", frozenset({"shirqat"}), tk), transliterates("kunkil", frozenset({"council"}), tk)
    (True, True)
    >>> transliterates("بهاويجا", frozenset({"hawija"}), ar), transliterates("هيت", frozenset({"hit"}), ar)
    (True, False)
    """
    if not key.isalpha():
        return False
    written = {vowelled(word) for word in english if len(word) >= 4}
    return any(heard in written for heard in map(vowelled, _bases(key, glued_prefixes(profile))) if _telling(heard))


def _telling(heard: str) -> bool:
    """Whether a ``vowelled`` spelling is long enough to tell a name by: four or more with two consonants, five with one."""
    consonants = sum(c.isdigit() for c in heard)
    return (len(heard) >= 4 and consonants >= 2) or (len(heard) >= 5 and consonants >= 1)


def writes_short_word(key: str, english: frozenset[str]) -> bool:
    """Whether ``key`` (a ``word_key``) writes one of the ``english`` words of two or three letters letter by letter,
    its vowels too ("ال" or "Al" for "al", "ابو" for "abu", "وف" for "of"): too short to tell a word by anywhere
    else, so only a word right beside a placed term, writing the term's first or last word, is read so
    (``enforce._writes_a_short_word``).

    >>> writes_short_word("ال", frozenset({"al", "shirqat"})), writes_short_word("وف", frozenset({"of"}))
    (True, True)
    >>> writes_short_word("في", frozenset({"of"})), writes_short_word("al", frozenset({"shirqat"}))
    (False, False)
    """
    heard = vowelled(key)
    return any(c.isdigit() for c in heard) and any(heard == vowelled(word) for word in english if 2 <= len(word) <= 3)


_LONG_VOWELS = str.maketrans(dict.fromkeys("اآأإىيیئؤوۆێە", None))  # letters Arabic and Sorani may write for a vowel or leave out
SKELETON = 3  # consonants two spellings must share, in order, to be one name written with other vowels


@lru_cache(maxsize=65536)
def same_skeleton(key: str, keys: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``), in the Arabic script, writes one of ``keys`` with its long vowels written
    otherwise, clitics and the article aside: the same SKELETON or more consonants in the same order ("بدوهوك" for
    "دهوك", "كيركوك" for "كركوك"), as a name is really typed; not the same word.  Too short for a close spelling
    (``close_word`` compares five letters or more).

    >>> from l10n.core.languages import get_profile
    >>> ar = get_profile("ar")
    >>> same_skeleton("بدوهوك", frozenset({"دهوك"}), ar), same_skeleton("دهوك", frozenset({"دهوك"}), ar)
    (True, False)
    >>> same_skeleton("بغداد", frozenset({"دهوك"}), ar), same_skeleton("dohuk", frozenset({"duhok"}), ar)
    (False, False)
    """
    if not key.isalpha() or re.search(r"[a-zçğıöşü]", key):
        return False
    prefixes, article = glued_prefixes(profile), normalise(profile.definite_article, profile)
    bare = {k[len(article):] if article and k.startswith(article) else k for k in keys}  # an approved word is no clitic + word
    heard = {base.translate(_LONG_VOWELS) for base in _bases(key, prefixes)}
    return not _bases(key, prefixes) & (keys | bare) and any(
        len(skeleton) >= SKELETON and skeleton in heard for skeleton in (b.translate(_LONG_VOWELS) for b in keys | bare))


# The letters a letter-by-letter writing of an English capital may have, in the Latin (Turkish) and Arabic scripts:
# finer than the sound classes, which hear c, g, k, q, s and z (and خ, غ, ص) alike, too alike for three-letter words.
_CAPITAL = {letter: frozenset(letter + others) for letter, others in {
    "a": "aâeاآأإى", "b": "pبپ", "c": "kqsكکقس", "d": "دض", "e": "iıiيیێەئ", "f": "vفڤ", "g": "ğغگج", "h": "هح",
    "i": "ıeyيیێئ", "j": "cçجچ", "k": "cqكکق", "l": "لڵ", "m": "م", "n": "ن", "o": "uöüوۆؤ", "p": "bبپ", "q": "kcقكک",
    "r": "رڕ", "s": "şسصش", "t": "تطث", "u": "oöüوۆؤ", "v": "fwفڤو", "w": "vو", "x": "", "y": "iıيی", "z": "زظذ",
}.items()}


@lru_cache(maxsize=65536)
def spells_initialism(key: str, initialisms: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``, a glued clitic aside) writes one of ``initialisms`` (a term's words written in
    capitals in the source, lower case) letter for letter: as many letters, each one a writing of the capital
    (``_CAPITAL``), three or more with two consonants ("Irgk" for "IRGC", "كدب" for "KDP", "بوك" for "PUK";
    not "خضخ", a verb, for "CTS").  Too short for ``transliterates``, which hears a repeated sound once and needs four.

    >>> from l10n.core.languages import get_profile
    >>> ar, tk = get_profile("ar"), get_profile("tk")
    >>> spells_initialism("ırgk", frozenset({"irgc"}), tk), spells_initialism("بكدب", frozenset({"kdp"}), ar)
    (True, True)
    >>> spells_initialism("irak", frozenset({"irgc"}), tk), spells_initialism("خضخ", frozenset({"cts"}), ar)
    (False, False)
    """
    for base in _bases(key.translate(_DOTLESS), glued_prefixes(profile)):
        if len(base) >= 3 and sum(c.isdigit() for c in base.translate(VOWELLED)) >= 2 and any(
                len(word) == len(base) and all(letter in _CAPITAL.get(capital, ()) for capital, letter in zip(word, base))
                for word in initialisms):
            return True
    return False


@lru_cache(maxsize=65536)
def spells_english(key: str, english: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``, a glued clitic aside) is a model's spelling of one of the ``english`` words:
    five letters or more with one in six changed ("forkes" of "forces"), or, in the Arabic script, the consonant
    sounds of one with SOUNDS of them or more ("كوربس" of "corps", "سولايماني" of "sulaimani"; not "kirkuk").

    >>> from l10n.core.languages import get_profile
    >>> ar, tk = get_profile("ar"), get_profile("tk")
    >>> spells_english("forkes", frozenset({"forces"}), tk), spells_english("polis", frozenset({"peshmerga"}), tk)
    (True, False)
    >>> spells_english("بسولايمانيياه", frozenset({"sulaimaniyah"}), ar), spells_english("قوات", frozenset({"forces"}), ar)
    (True, False)
    """
    key = key.translate(_DOTLESS)  # a Turkish casefold writes "Iraki" ıraki
    words = [word for word in english if len(word) >= 4]
    if len(key) >= 5 and any(len(word) >= 5 and indel_ratio(key, word) >= 100 * SPELT_ENGLISH - 1e-6 for word in words):
        return True
    if key.isascii() or not key.isalpha() or re.search(r"[a-zçğöşü]", key):  # the skeleton compares another script
        return False
    english_sounds = {heard for word in words if len(heard := sounds(word)) >= SOUNDS}
    return any(heard in english_sounds for heard in map(sounds, _bases(key, glued_prefixes(profile))))


def same_word(key: str, keys: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``) is one of ``keys``, a glued clitic on either aside."""
    prefixes = glued_prefixes(profile)
    return key in keys or bool(_bases(key, prefixes) & _all_bases(keys, prefixes))


@lru_cache(maxsize=65536)
def close_word(key: str, keys: frozenset[str], profile: LanguageProfile) -> bool:
    """Whether ``key`` (a ``word_key``) is a close spelling of one of ``keys`` but none of them (clitics aside);
    cached: a model's draft words are compared with the same terms' renderings in unit after unit.

    >>> from l10n.core.languages import get_profile
    >>> tk = get_profile("tk")
    >>> close_word("peşmerga", frozenset({"peşmerge"}), tk), close_word("peşmerge", frozenset({"peşmerge"}), tk)
    (True, False)
    """
    prefixes = glued_prefixes(profile)
    likeness = [_likeness(key, other, prefixes) for other in keys]
    return 1 in likeness and 2 not in likeness


@lru_cache(maxsize=1024)
def _all_bases(keys: frozenset[str], prefixes: frozenset[str]) -> frozenset[str]:
    return frozenset(base for key in keys for base in _bases(key, prefixes))


@lru_cache(maxsize=16)
def glued_prefixes(profile: LanguageProfile) -> frozenset[str]:
    """The clitics (and clitic + article) a word may carry glued in front, normalised.

    A frozenset, not a tuple: it keys the caches comparing every draft word with every spelling, and a
    frozenset keeps its hash where a tuple's is computed again at each lookup.
    """
    article = profile.definite_article
    forms = {p + tail for p in profile.prefixes for tail in ("", article) if p}
    forms |= {p + article[1:] for p in profile.prefixes if article and p.endswith(article[0])}
    if article:
        forms.add(article)
    return frozenset(normalise(form, profile) for form in forms if form)


def word_key(word: Word, profile: LanguageProfile) -> str:
    """A draft word as compared: its letters, normalised (punctuation and apostrophe endings aside)."""
    return _normalised(word.core, profile)


@lru_cache(maxsize=65536)
def _normalised(core: str, profile: LanguageProfile) -> str:
    return normalise(core, profile)


def windows_of(keys: Sequence[str], spelling: str, profile: LanguageProfile) -> list[Window]:
    """Windows of ``keys`` (draft words) whose words are the words of ``spelling``, in any order.

    A one-word spelling also reads exactly as one part of a hyphenated word;
    the words of a longer one also read exactly with a word or two of
    something else between them (the reorder of a noisy model), and one of
    three words or more exactly without its first or last word.

    >>> from l10n.core.languages import get_profile
    >>> ar = get_profile("ar")
    >>> keys = ["غادرت", "بكيركوك", "القوات", "داعش-انچا"]
    >>> windows_of(keys, "كيركوك", ar), windows_of(keys, "كيركوكا", ar), windows_of(keys, "غادرت كيركوك", ar)
    ([Window(indexes=(1,), exact=True, letters=7, part=-1)], [Window(indexes=(1,), exact=False, letters=7, part=-1)], [Window(indexes=(0, 1), exact=True, letters=12, part=-1)])
    >>> windows_of(keys, "داعش", ar), windows_of(keys, "غادرت القوات", ar), windows_of(keys, "غادرت داعش", ar)
    ([Window(indexes=(3,), exact=True, letters=4, part=0)], [Window(indexes=(0, 2), exact=True, letters=11, part=-1)], [])
    """
    wanted, keys = _spelling_keys(spelling, profile), tuple(keys)
    prefixes = glued_prefixes(profile)
    if len(wanted) >= 3:  # a model's rendering may open with a word of its own (a verb) or end with one
        found = [w for part in (wanted[1:], wanted[:-1]) for w in _windows_of(keys, part, prefixes) if w.exact]
        return sorted({*found, *_windows_of(keys, wanted, prefixes)}, key=lambda w: (w.first, -len(w.indexes)))
    return _windows_of(keys, wanted, prefixes)


def _windows_of(keys: tuple[str, ...], wanted: Sequence[str], prefixes: frozenset[str]) -> list[Window]:
    size, found = len(wanted), []
    if size == 1:  # a word like the spelling's, or one part of a hyphenated word that is it
        for first, like in enumerate(_likeness_column(keys, wanted[0], prefixes)):
            if like:
                found.append(Window((first,), like == 2, len(keys[first])))
            elif HYPHEN.search(keys[first]):
                parts = HYPHEN.split(keys[first])
                hits = [n for n, part in enumerate(parts) if _likeness(part, wanted[0], prefixes) == 2]
                if len(hits) == 1:
                    found.append(Window((first,), True, len(parts[hits[0]]), hits[0]))
        return found
    columns = [_likeness_column(keys, word, prefixes) for word in wanted]
    if not columns or not all(any(column) for column in columns):
        return found  # a wanted word nowhere in the draft: no window, gapped or not, can read like the spelling
    likeness = list(zip(*columns))
    like = _running_count(likeness)
    for first in range(len(keys) - size + 1):
        if like[min(len(keys), first + size + 2)] - like[first] < size:
            continue  # fewer words like the spelling's than it has, even with two others between: _read finds nothing
        if (window := _read(keys, likeness, range(first, first + size), size)) is not None:
            found.append(window)
            continue
        for span in (size + 1, size + 2):  # the words with another's word or two between them, all exact
            window = _read(keys, likeness, range(first, min(len(keys), first + span)), size, gapped=True)
            if window is not None and window.exact:
                found.append(window)
                break
    return found


@lru_cache(maxsize=16384)
def _likeness_column(keys: tuple[str, ...], word: str, prefixes: frozenset[str]) -> tuple[int, ...]:
    """``_likeness`` of each draft word (``keys``) with ``word``, once per draft and word: a draft is read for every
    spelling of every term, and a spelling of three words or more again without its first or last word."""
    return tuple(_likeness(key, word, prefixes) for key in keys)


def _running_count(likeness: Sequence[Sequence[int]]) -> list[int]:
    """How many of the first n draft words read like some word of the spelling, for n = 0, 1, ... (a prefix sum)."""
    counts = [0]
    for row in likeness:
        counts.append(counts[-1] + any(row))
    return counts


def _read(keys: Sequence[str], likeness: Sequence[Sequence[int]], span: range, size: int,
          gapped: bool = False) -> Window | None:
    """The window of ``span`` whose words are the ``size`` wanted ones (``likeness[key][wanted]``), each used once; with
    ``gapped``, others may stand between."""
    unused, used, exact = list(span), [], True
    for number in range(size):
        best, index = max(((likeness[i][number], i) for i in unused), default=(0, -1))
        if best == 0:
            return None
        unused.remove(index)
        used.append(index)
        exact = exact and best == 2
    used.sort()
    if gapped and (used[0] != span[0] or used[-1] != span[-1] or len(used) == len(span)):
        return None
    return Window(tuple(used), exact, sum(len(keys[i]) for i in used))


def part_replaced(core: str, part: int, rendering: str) -> str:
    """``core`` with its hyphen-separated ``part`` written as ``rendering``.

    >>> part_replaced("ڤڤ-انچا", 0, "داعش")
    'داعش-انچا'
    """
    pieces = re.split(f"({HYPHEN.pattern})", core)
    pieces[2 * part] = rendering
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _spelling_keys(spelling: str, profile: LanguageProfile) -> tuple[str, ...]:
    return tuple(key for key in (word_key(word, profile) for word in split_words(spelling)) if key)


def lost_words(model_text: str, term_words: frozenset[int], text: str, profile: LanguageProfile) -> list[str]:
    """Words of the model's draft outside ``term_words`` that ``text`` no longer has (as many times as the model wrote them).

    >>> from l10n.core.languages import get_profile
    >>> lost_words("غادرت القوات كيركوك", frozenset({2}), "غادرت كركوك", get_profile("ar"))
    ['القوات']
    """
    written = {}  # key -> the word as the model wrote it
    for n, word in enumerate(split_words(model_text)):
        if n not in term_words and (key := _kept_key(word, profile)):
            written.setdefault(key, []).append(word.core)
    have = Counter(_kept_key(word, profile) for word in split_words(text))
    return sorted(core for key, cores in written.items() for core in cores[have[key]:])


def _kept_key(word: Word, profile: LanguageProfile) -> str:
    """A word as the lost-word gate compares it: without a definite article, which the grammar at the splice
    may take off (construct state: المدينة القديمة → مدينة الموصل القديمة keeps the model's word)."""
    return _kept(word.core, profile)


@lru_cache(maxsize=65536)
def _kept(core: str, profile: LanguageProfile) -> str:
    """Cached: the gate compares the model's words with each candidate's."""
    key = _normalised(core, profile)
    article = normalise(profile.definite_article, profile) if profile.definite_article else ""
    return key[len(article):] if article and key.startswith(article) and len(key) > len(article) + 1 else key


class RunWords:
    """The words a run's model drafts hold, per unit, with the English words of each unit's source.

    A word the model wrote in a unit whose source has none of a term's English
    words was written for something else: an ordinary word of the language (the
    verb a model opens a sentence with), not the term's rendering, even when
    the model also writes it when asked for the term on its own.
    """

    def __init__(self, drafts: Sequence[tuple[str, str, frozenset[str]]], profile: LanguageProfile):
        """``drafts``: (source, the model's draft, the ids of the glossary terms in the source) per unit of the run."""
        self._units: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
        self._sources: list[frozenset[str]] = []
        self._own: dict[tuple[str, frozenset[str], str], bool] = {}
        self._without: dict[frozenset[str], int] = {}
        self._english: dict[str, tuple[Counter, int]] = {}
        self._mostly: dict[str, frozenset[str]] = {}
        self._distinct_words: dict[frozenset[str], frozenset[str]] = {}
        self._counted: dict[tuple[str, frozenset[str], str], tuple[int, int]] = {}
        self._terms: dict[str, int] = {}
        self._unit_terms: list[frozenset[str]] = []
        self._trimmed: dict[tuple[str, frozenset[str]], str] = {}
        self._rather: dict[tuple[str, frozenset[str]], bool] = {}
        self._profile = profile
        self._common: frozenset[str] | None = None
        for source, text, terms in drafts:
            english = frozenset(_WORD.findall(source.lower()))
            self._sources.append(english)
            self._unit_terms.append(terms)
            for key in {word_key(word, profile) for word in split_words(text)} - {""}:
                self._units.setdefault(key, []).append((english, terms))
        self._having_word = Counter(word for english in self._sources for word in english)  # sources holding each word

    def _counts(self, key: str, english: frozenset[str], term: str = "") -> tuple[int, int]:
        """Units whose draft has ``key``: (with a source holding a word of ``english``, or the term ``term``; without)."""
        if (key, english, term) not in self._counted:
            units = self._units.get(key, ())
            with_term = sum(1 for source, terms in units if (term in terms if term else english & source))
            self._counted[key, english, term] = with_term, sum(1 for source, _ in units if not english & source)
        return self._counted[key, english, term]

    def once(self, key: str) -> bool:
        """Whether ``key`` is in one unit's draft only, in a run of RUN_CONTEXT units or more (a word the model
        wrote nowhere else; in a short run every word is)."""
        return len(self._sources) >= RUN_CONTEXT and len(self._units.get(key, ())) == 1

    def ordinary(self, key: str, english: frozenset[str], beside: frozenset[str] | None = None) -> bool:
        """Whether the model wrote ``key`` (a ``word_key``) at least as often in units whose source has none of
        ``english`` as in units with them (a model that writes a name where the source has none is no exception).
        With ``beside`` (the English words of the source at hand), one or two such units count only when one of
        them shares a word of ``beside`` that is not COMMON: a garbled unfamiliar sentence says little."""
        with_term, without = self._counts(key, english)
        if without == 0 or without < with_term:
            return False
        return beside is None or without > RUN_OWN or any(
            not english & source and any(not self.common(w) for w in (source & beside) - english)
            for source, _ in self._units.get(key, ()))

    def drawn_to(self, key: str, term: str) -> bool:
        """Whether the units whose draft has ``key`` hold the term ``term`` (an id) OWN_SHARE times as often as the run's
        units do, in RUN_OWN units or more: a word a model that sprays it everywhere still writes mostly for the term."""
        units = self._units.get(key, ())
        with_term = sum(1 for _, terms in units if term in terms)
        return (len(self._sources) >= RUN_CONTEXT and with_term >= RUN_OWN
                and with_term * len(self._sources) >= OWN_SHARE * len(units) * self._term_units(term))

    def _term_units(self, term: str) -> int:
        if term not in self._terms:
            self._terms[term] = sum(1 for terms in self._unit_terms if term in terms)
        return self._terms[term]

    def own(self, key: str, english: frozenset[str], term: str) -> bool:
        """Whether the model wrote ``key`` (two letters or more) in RUN_OWN units or more whose source has the term
        ``term`` (an id), and OWN_SHARE times as often there as where the source has none of ``english`` (its
        words that are not COMMON in the run): a word the run ties to the term.  A run with fewer than
        RUN_CONTEXT units without the term's words ties nothing: where a word is not written says too little."""
        if (key, english, term) not in self._own:
            distinct = self._distinct(english)
            with_term, without = self._counts(key, distinct, term)
            self._own[key, english, term] = (bool(distinct) and self._context(distinct) >= RUN_CONTEXT and len(key) >= 2
                                             and with_term >= RUN_OWN and without * OWN_SHARE < with_term)
        return self._own[key, english, term]

    def shared(self, key: str, english: frozenset[str]) -> bool:
        """Whether every unit whose draft has ``key`` also has an English word outside ``english`` that is not COMMON in
        the run: the run ties ``key`` to that word as much as to ``english`` ("طرح", in two units, each with "fighters"
        and "Muqdadiya"), so it cannot tell which one the model wrote it for."""
        counts, units = self._english_of(key)
        return units > 0 and any(n == units and word not in english and not self.common(word) for word, n in counts.items())

    def written_for(self, key: str, word: str) -> bool:
        """Whether every unit whose draft has ``key`` has the English ``word`` in its source: the model's word
        for ``word`` (a hand-wired stand-in's "anti" beside "ISIS"), not a term's."""
        counts, units = self._english_of(key)
        return counts[word] == units

    def tells(self, english: frozenset[str]) -> bool:
        """Whether the run has RUN_CONTEXT units or more whose source has none of ``english`` (its words not COMMON
        in the run): enough to tell what the model writes for a term from what it writes anyway."""
        distinct = self._distinct(english)
        return bool(distinct) and self._context(distinct) >= RUN_CONTEXT

    def beyond(self, key: str, english: frozenset[str]) -> bool:
        """Whether the model wrote ``key`` in a unit whose source has none of ``english``."""
        return self._counts(key, english)[1] > 0

    def explained_by(self, key: str, word: str) -> bool:
        """Whether the model wrote ``key`` in more than RUN_OWN units and every one of them has the English ``word``
        in its source: the run explains it by that word (the verb for "said" a model writes beside a name)."""
        counts, units = self._english_of(key)
        return units > RUN_OWN and counts[word] == units

    def mostly_for(self, key: str) -> frozenset[str]:
        """The English words the model wrote ``key`` for: in more than RUN_OWN units, and OWN_SHARE times as often
        where the word is in the source as where it is not (a model that garbles an unfamiliar sentence writes
        ``key`` there too)."""
        if key not in self._mostly:
            counts, units = self._english_of(key)
            self._mostly[key] = (frozenset(w for w, n in counts.items() if n >= OWN_SHARE * (units - n))
                                 if units > RUN_OWN else frozenset())
        return self._mostly[key]

    def rather_for(self, key: str, english: frozenset[str]) -> bool:
        """Whether the model wrote ``key`` in more than RUN_OWN units, and in more of them with some English word
        outside ``english`` (not in half the run's sources: not "the") than with any word of ``english``: its
        word for that one ("said", in every unit with it, where the name it follows is in all but one)."""
        if (key, english) not in self._rather:
            counts, units = self._english_of(key)
            other = max((n for w, n in counts.items() if w not in english and not self.common(w, STOP)), default=0)
            self._rather[key, english] = units > RUN_OWN and other > max((counts[w] for w in english), default=0)
        return self._rather[key, english]

    def context_words(self, spelling: str, english: frozenset[str]) -> str:
        """``spelling`` (the model's own rendering of a term) less the words at its two ends that the run writes for
        something else: ordinary words (``ordinary``), and words it writes rather for other English words
        (``rather_for``: an under-trained model asked for "Abu Mahdi al-Muhandis" alone adds the word it
        writes for "said" after the name, as it does in its sentences).  Cached: a run's units share their terms.

        >>> from l10n.core.languages import get_profile
        >>> ar = get_profile("ar")
        >>> run = RunWords([("ISIL fled.", "نرهط يسيل.", frozenset({"isis"})), ("The PMF fled.", "نرهط بمف.", frozenset({"pmf"}))], ar)
        >>> run.context_words("نرهط يسيل", frozenset({"isil"})), run.context_words("يسيل", frozenset({"isil"}))
        ('يسيل', 'يسيل')
        """
        if (spelling, english) not in self._trimmed:
            words = spelling.split()
            ordinary = [self.ordinary(key, english) or self.rather_for(key, english)
                        for key in (normalise(word, self._profile) for word in words)]
            first = next((n for n, flag in enumerate(ordinary) if not flag), len(words))
            last = next((n for n in range(len(words) - 1, -1, -1) if not ordinary[n]), -1)
            self._trimmed[spelling, english] = " ".join(words[first : last + 1])
        return self._trimmed[spelling, english]

    def writes_for(self, key: str, word: str) -> bool:
        """Whether the model wrote ``key`` in half or more of the run's units whose source has the English ``word``:
        a firm head that gives ``key`` to ``word`` is then believed, whatever else the run writes ``key`` for."""
        return 2 * self._english_of(key)[0][word] >= self._having(word)

    def _having(self, word: str) -> int:
        return self._having_word[word]

    def _english_of(self, key: str) -> tuple[Counter, int]:
        """How many units whose draft has ``key`` have each English word in their source, and how many units have it."""
        if key not in self._english:
            units = self._units.get(key, ())
            self._english[key] = Counter(word for source, _ in units for word in source), len(units)
        return self._english[key]

    def _distinct(self, english: frozenset[str]) -> frozenset[str]:
        """``english`` less the words in more than COMMON of the run's sources ("is" of "IS", "of", "forces")."""
        if english not in self._distinct_words:
            self._distinct_words[english] = self.uncommon(english)
        return self._distinct_words[english]

    def common(self, word: str, share: float = COMMON) -> bool:
        """Whether the English ``word`` (lower case) is in more than ``share`` of the run's sources."""
        return self._having_word[word] > share * len(self._sources)

    def uncommon(self, words: frozenset[str]) -> frozenset[str]:
        """``words`` less those ``common`` in the run."""
        if self._common is None:
            self._common = frozenset(word for word in self._having_word if self.common(word))
        return words - self._common

    def _context(self, english: frozenset[str]) -> int:
        """Units of the run whose source has none of ``english``."""
        if english not in self._without:
            self._without[english] = sum(1 for source in self._sources if not english & source)
        return self._without[english]


def trusted_alignment(hypothesis: Hypothesis, size: int, threshold: float = CONFIDENT) -> list[int | None] | None:
    """Per draft word, its source word where the head is confident about it, else None; None without alignment.

    A source word that draws more than a third of the draft (at least PARKED
    words) is where the head parks (the end of the sentence, its final
    punctuation), so no word is taken as aligned to it.

    >>> trusted_alignment(Hypothesis("a b c d", (0, 3, 3, 3), (0.9, 0.9, 0.2, 0.9)), 4)
    [0, None, None, None]
    """
    alignment, confidence = hypothesis.alignment, hypothesis.confidence
    if alignment is None or len(alignment) != size:
        return None
    if confidence is None or len(confidence) != size:
        confidence = (1.0,) * size
    drawn = Counter(alignment)
    parked = {source for source, count in drawn.items() if count >= max(PARKED, size / 3 + 1)}
    return [source if sure >= threshold and source not in parked else None for source, sure in zip(alignment, confidence)]


def _agrees(window: Window, words: Sequence[int], aligned: list[int | None] | None) -> bool:
    """Whether a confident word of ``window`` attends to one of the source ``words``."""
    return aligned is not None and any(aligned[i] in words for i in window.indexes)


def _disagrees(window: Window, words: Sequence[int], aligned: list[int | None] | None) -> bool:
    """Whether a confident word of ``window`` attends to a source word outside ``words``."""
    return aligned is not None and any(aligned[i] is not None and aligned[i] not in words for i in window.indexes)


def construct_rendering(occurrence: "Occurrence", lang: str) -> str:
    """The term's construct form in ``lang`` (used before a genitive), when it is one term written as approved."""
    term = occurrence.terms[0]
    if len(occurrence.terms) != 1 or occurrence.rendering != approved_rendering(term, lang):
        return ""
    return term.construct.get(lang, "")


def _genitive_of_next(occurrences: Sequence["Occurrence"], number: int) -> bool:
    """Whether occurrence ``number`` stands right before the next one in the source ("Kirkuk provincial council")."""
    following = occurrences[number + 1] if number + 1 < len(occurrences) else None
    return following is not None and max(occurrences[number].words) + 1 == min(following.words)


def _in_genitive(occurrences: Sequence["Occurrence"], number: int, profile: LanguageProfile) -> bool:
    """Whether occurrence ``number`` is a possessor (English 's, or right before a term with a construct form) or that
    term, in a language that writes the possessor after the possessed: it is spliced even when the draft has it, so
    the pair is written in the language's order and form (``splice.splice``)."""
    if not profile.genitive_follows:
        return False
    occurrence = occurrences[number]
    possessor = _genitive_of_next(occurrences, number) and construct_rendering(occurrences[number + 1], profile.code)
    possessed = number > 0 and _genitive_of_next(occurrences, number - 1) and construct_rendering(occurrence, profile.code)
    return bool(occurrence.possessive or possessor or possessed)


def _written_bare(words: Sequence, targets: Sequence[int], occurrence: "Occurrence", profile: LanguageProfile) -> bool:
    """Whether the draft wrote the term exactly as its rendering, no clitic or ending: splicing it again can only move it."""
    return normalise(" ".join(words[t].core for t in targets), profile) == normalise(occurrence.rendering, profile)


def place_terms(hypothesis: Hypothesis, occurrences: Sequence["Occurrence"], spellings: Sequence[tuple[str, ...]],
                approved: dict[str, list[tuple[int, int]]], source_words: int, profile: LanguageProfile,
                own_key: Callable[..., bool] | None = None,
                ordinary_key: Callable[..., bool] | None = None,
                explained_key: Callable[..., bool] | None = None,
                drawn_key: Callable[[str, int], bool] | None = None,
                explaining_words: Callable[[str], frozenset[int]] | None = None) -> Placement:
    """Where each occurrence goes in ``hypothesis``: replaced where a window reads like it, inserted where the neighbours agree.

    ``spellings`` gives per occurrence what the model may have written for it
    (its own renderings, forbidden renderings, the English form);
    ``approved`` per term id the windows already holding an accepted
    rendering (``enforce.term_windows``), which are left as they are.
    Windows are claimed longest spelling first, so one term's words are
    never another's.  An occurrence gets the window its confident words
    attend to (or the windows in draft order: a repeated term keeps its
    order).  A draft that reads like a term in more places than the term
    occurs is placed only where the alignment singles out exactly as many;
    otherwise the term is uncertain, since the other readings may be words
    the model wrote for something else.

    ``own_key(key, number, alone=False)`` (``RunWords.own``) says whether the run's model
    writes a draft word only where the source has occurrence ``number``'s
    words.  Such a word, that the head points at the term however unsure,
    is the model's *own word* for the term: a window grows over own
    words beside it ("يراقي" before "كونكيل وف ريبريسينتاتيفيس"), and a term
    with no window is written over own words beside its insertion point
    rather than inserted next to them (the draft would carry both); for that
    (``alone``), not a word the run ties as much to another word (``RunWords.shared``).
    ``ordinary_key(key, number, firm=False)`` (``RunWords.ordinary``): the head alone
    never gives a term a word the run writes for other things (``firm``: where the source's other
    words explain them).  ``explained_key(key, number, firm=False, terms=False)``: another English word of the source
    (``terms``: of none of its terms) explains the draft word (``RunWords.explained_by``), so a window does not grow over it (``firm``: a word the article is
    about, "withdrew" in a story of withdrawals, counts too), nor does the firm head alone name it the term's.
    ``explaining_words(key)``: the source words (indexes) the run writes a draft word for
    (``RunWords.mostly_for``); a dropped term's neighbours are read from it rather than from a head
    that points the word elsewhere (the verb "كذض" for "met", its head on "the").
    """
    words = split_words(hypothesis.text)
    keys = tuple(word_key(word, profile) for word in words)
    aligned = trusted_alignment(hypothesis, len(words))
    firm = trusted_alignment(hypothesis, len(words), FIRM)
    certain = trusted_alignment(hypothesis, len(words), CERTAIN) or [None] * len(words)
    head = trusted_alignment(hypothesis, len(words), 0.0)   # however unsure, but never where the head parks
    claimed: set[int] = set()
    landed: dict[int, list[int]] = {}          # source word -> draft words, from term windows
    runs: list[tuple[int, Run]] = []          # (occurrence number, run): in source order at the end
    placed: set[int] = set()                   # occurrences that need no insert
    ambiguous: dict[int, Window | None] = {}   # occurrences whose reading the draft has too often to tell: a reading each, in order
    readings: set[int] = set()
    read: set[int] = set()                     # occurrences the draft reads like somewhere (used or not)

    def free(window: Window) -> bool:
        return not claimed.intersection(window.indexes)

    def run(indexes: Sequence[int], rendering: str, number: int) -> Run:
        """A Run with the grammar around the term: its construct form, whether it is the next term's genitive,
        and the draft words the two source words after it landed on (``splice.splice`` orders a genitive pair)."""
        occurrence = occurrences[number]
        after = range(max(occurrence.words) + 1, max(occurrence.words) + 3)
        following = tuple(i for source in after for i, s in enumerate(aligned or ()) if s == source)
        # the model wrote the preposition before the term on its own: a clitic-like first letter of the term's word
        # may then be its spelling of the term ("حغبصغ باتريوتيك", "with Patriotic"), not the preposition glued on
        cue = occurrence.cue.lower().split()
        asking = {min(occurrence.words) - len(cue) + n for n, word in enumerate(cue) if word.strip(".,;:") in _cue_words(profile)}
        before = min(indexes) - 1  # the word before the term, the run's word for the preposition ("حغبصغ": "with")
        cue_written = bool(asking) and (
            any(s in asking for i, s in enumerate(head or ()) if i not in indexes)  # the head, however unsure
            or (before >= 0 and explaining_words is not None and bool(explaining_words(keys[before]) & asking)))
        return Run(tuple(indexes), rendering, occurrence.cue, occurrence.brackets, occurrence.possessive,
                   construct_rendering(occurrence, profile.code), _genitive_of_next(occurrences, number), following,
                   tuple(sorted(term_english(occurrence))) if cue_written else (),
                   _spelt_keys(spellings[number], profile))

    groups: dict[tuple, list[int]] = {}
    for number, occurrence in enumerate(occurrences):
        groups.setdefault((tuple(term.id for term in occurrence.terms), occurrence.rendering, spellings[number]), []).append(number)

    def longest(item) -> int:
        (_, rendering, replace_with), _ = item
        return max(len(s.split()) for s in (rendering, *replace_with))

    for (term_ids, _, replace_with), numbers in sorted(groups.items(), key=longest, reverse=True):
        keep = [window for first, end in approved.get(term_ids[0], ()) if free(window := Window(tuple(range(first, end)), True))]
        for window in keep:
            claimed.update(window.indexes)
        source = [w for n in numbers for w in occurrences[n].words]
        found: list[Window] = []
        lesser: set[Window] = set()  # read from a spelling other than the model's 1-best rendering
        best = _term_core([_spelling_keys(spelling, profile) for spelling in replace_with[:2]])
        for spelling in sorted(replace_with, key=lambda s: len(s.split()), reverse=True):
            extends = set(best) < set(_spelling_keys(spelling, profile))
            for window in windows_of(keys, spelling, profile):
                if extends and (window := _trimmed(window, keys, best, source, aligned, profile)) is None:
                    continue
                if free(window) and all(not set(window.indexes) & set(w.indexes) for w in found):
                    found.append(window)
                    if spelling != replace_with[0]:
                        lesser.add(window)
        agreeing = [w for w in found if _agrees(w, source, aligned)]
        readings.update(i for w in found if w.exact for i in w.indexes)
        if found:
            read.update(numbers)
        waiting = list(numbers)
        for window in keep:                      # an accepted rendering satisfies the occurrence nearest to it
            if waiting:
                number = _nearest(waiting, window, occurrences, aligned)
                waiting.remove(number)
                placed.add(number)
                for w in occurrences[number].words:
                    landed.setdefault(w, []).extend(window.indexes)
                if _in_genitive(occurrences, number, profile) and _written_bare(words, window.indexes, occurrences[number], profile):
                    runs.append((number, run(window.indexes, occurrences[number].rendering, number)))  # written, but maybe in English order
        # a fuzzy reading needs the alignment to agree, an exact one of fewer than LONG_READING letters (MIN_FUZZY
        # for a spelling other than the 1-best rendering: "medü", February's word, the 2-best for Dohuk alone) not to
        # disagree unless the run ties its words to the term ("Puk" for PUK, the head shifted onto "fled");
        # more readings than occurrences: the alignment must single out as many, else none is used
        # a reading longer than the term is written must not meet any disagreement: a model that ran on when asked
        # for the term alone (a whole sentence for "Kirkuk") must not swallow the words around it
        written = max(len(occurrences[n].rendering.split()) for n in numbers) + 1
        found = [w for w in found if (len(w.indexes) <= written or not _disagrees(w, source, aligned)) and (
            w in agreeing or (w.exact and (w.letters >= (LONG_READING if w not in lesser else MIN_FUZZY)
                                           or not _disagrees(w, source, aligned)
                                           or (own_key is not None and all(own_key(keys[i], numbers[0]) for i in w.indexes)))))]
        over_read = len(found) > len(waiting)
        if over_read:
            whole = _one_reading(found, source, aligned, claimed) if len(waiting) == 1 else None
            readings_in_order = sorted(found, key=lambda w: w.first)
            found = [whole] if whole is not None else agreeing if len(agreeing) == len(waiting) else []
        found.sort(key=lambda w: w.first)
        for window in found:
            claimed.update(window.indexes)
        for window in found:  # never more windows than occurrences waiting, by now
            number = _nearest(waiting, window, occurrences, aligned)
            occurrence = occurrences[number]
            waiting.remove(number)
            placed.add(number)
            for w in occurrence.words:
                landed.setdefault(w, []).extend(window.indexes)
            rendering = occurrence.rendering if window.part < 0 else part_replaced(words[window.first].core, window.part, occurrence.rendering)
            runs.append((number, run(window.indexes, rendering, number)))
        if over_read:  # the model ran on: its first readings, in draft order, are the likeliest places
            unused = [w for w in readings_in_order if free(w)]
            ambiguous.update({number: unused[k] if k < len(unused) else None for k, number in enumerate(sorted(waiting))})

    def own_word(index: int, number: int, shift: int = 0, alone: bool = False) -> bool:
        """Whether draft word ``index`` is the model's own word for occurrence ``number``: the head points it at the
        term (or, unsure, ``shift`` source words off it) and the run ties it to the term, and to no other English word
        of the source but the terms' (``explained_key``: "نووظي", in three units, all with "evacuated", two with
        the KRG);
        ``alone``: where nothing beside it reads like the term, a word the run ties as much to another word ("طرح" in
        two units, both with "fighters" and "Muqdadiya") is not, unless it spells the term ("افير" for "Afer")."""
        words_of = occurrences[number].words
        confident_elsewhere = aligned is not None and aligned[index] is not None and aligned[index] not in words_of
        return (head is not None and own_key is not None and index not in claimed and head[index] is not None
                and (head[index] in words_of or (min(words_of) - shift <= head[index] <= max(words_of) + shift
                                                 and not confident_elsewhere))
                and any(c.isalpha() for c in keys[index])
                and own_key(keys[index], number, alone and not _spells_its_english(keys[index], occurrences[number], profile))
                and not (explained_key is not None and explained_key(keys[index], number, terms=True)))

    def sure_beside(indexes: list[int], number: int) -> list[int]:
        """``indexes`` grown, while they are fewer than the term's source words, over a word beside them that the
        head is sure of giving the term ("موفيمينت" for "Movement" after "غورران" written over for "Gorran")."""
        term = occurrences[number].words

        def sure(index: int) -> bool:
            # a word the run writes as often without the term must spell it too, unless the head is CERTAIN of it; one
            # the run writes mostly for other words of the source, and for none of the term's, is theirs ("كذض" for
            # "met", its head on the term)
            if not (0 <= index < len(words) and aligned is not None and index not in claimed and aligned[index] in term):
                return False
            explained = explaining_words(keys[index]) if explaining_words is not None else frozenset()
            return (any(c.isalpha() for c in keys[index])
                    and not (ordinary_key is not None and ordinary_key(keys[index], number)
                             and not (drawn_key is not None and drawn_key(keys[index], number)
                                      and (certain[index] in term or _spells_its_english(keys[index], occurrences[number], profile))))
                    and not (explained_key is not None and explained_key(keys[index], number))
                    and not (explained and explained.isdisjoint(term)))

        indexes = list(indexes)
        while len(indexes) < len(term) and (sure(indexes[-1] + 1) or sure(indexes[0] - 1)):
            indexes = indexes + [indexes[-1] + 1] if sure(indexes[-1] + 1) else [indexes[0] - 1] + indexes
        return indexes

    for position, (number, made) in enumerate(runs):  # a window grows over the model's own words for its term
        if made.rendering != occurrences[number].rendering:
            continue   # a part of a hyphenated word
        indexes = list(made.targets)
        # beside a window the head may be shifted by one (the window's reading is the evidence)
        while indexes[0] > 0 and own_word(indexes[0] - 1, number, 1):
            indexes.insert(0, indexes[0] - 1)
        while indexes[-1] + 1 < len(words) and own_word(indexes[-1] + 1, number, 1):
            indexes.append(indexes[-1] + 1)
        gaps = [i for i in range(indexes[0], indexes[-1]) if i not in indexes]  # a gapped reading's other words
        if gaps and all(own_word(i, number, 1) for i in gaps):
            indexes = sorted({*indexes, *gaps})
        indexes = sure_beside(indexes, number)
        if len(indexes) > len(made.targets):
            claimed.update(indexes)
            for w in occurrences[number].words:
                landed.setdefault(w, []).extend(i for i in indexes if i not in made.targets)
            runs[position] = (number, replace(made, targets=tuple(indexes)))
    if aligned is not None:
        for index, source in enumerate(aligned):
            if source is not None and index not in claimed and (at := _explained_source(keys[index], source, explaining_words)) is not None:
                landed.setdefault(at, []).append(index)
    unsure_landed = {source: list(indexes) for source, indexes in landed.items()}
    for index, source in enumerate(head or ()):
        if source is not None and index not in claimed and (aligned is None or aligned[index] is None):
            unsure_landed.setdefault(source, []).append(index)
    inserts, uncertain = [], []
    for number, occurrence in enumerate(occurrences):
        if number in placed:
            continue
        if number in ambiguous:
            reading = ambiguous[number]
            uncertain.append(Uncertain(occurrence, None, "the draft reads like it in more places than the alignment can tell apart",
                                       reading=None if reading is None or not free(reading)
                                       else run(reading.indexes, occurrence.rendering, number)))
            continue
        # the firm head and both neighbours agree: a stray unit elsewhere (a garbled sentence) does not outweigh them
        if (number not in read and (window := _sandwiched(occurrence, keys, aligned, firm, claimed)) is not None
                and not (ordinary_key is not None and any(ordinary_key(keys[i], number, True) for i in window.indexes))
                and not (explained_key is not None and any(explained_key(keys[i], number, True) for i in window.indexes))):
            if not _written_as_a_name(window, words, keys, occurrence, spellings[number], profile):
                uncertain.append(Uncertain(occurrence, window.first, "the head alone gives it words that read like no "
                                           "name (a verb it dropped the term beside?)", hunch=window.first))
                continue
            grown = sure_beside(list(window.indexes), number)
            claimed.update(grown)
            runs.append((number, run(grown, occurrence.rendering, number)))
            continue
        position, reason = insertion_point(occurrence, landed, len(words), source_words, aligned is not None)
        if _after_fronted_verb(occurrence, keys, claimed, explaining_words, profile):
            position, reason = 1, ""
        if position is not None and (own := _own_words_beside(position, len(words), lambda i: own_word(i, number, alone=True))
                                     or _one_block([i for i in range(len(words)) if own_word(i, number, alone=True)])):
            own = tuple(sure_beside(list(own), number))
            claimed.update(own)
            runs.append((number, run(own, occurrence.rendering, number)))
            continue
        if reason:
            hunch = insertion_point(occurrence, unsure_landed, len(words), source_words, True)[0] if head is not None else None
            in_order = head is not None and hunch is None and not reason.startswith(DISAGREE)  # placed below
            uncertain.append(Uncertain(occurrence, position, reason, reason.startswith(DISAGREE), hunch, in_order=in_order,
                                       written=with_dropped_preposition(occurrence, landed, profile),
                                       clitic=dropped_clitic(occurrence, landed, profile)))
        else:
            inserts.append((position, with_dropped_preposition(occurrence, landed, profile, words_beside(words, position))))
    if any(u.in_order for u in uncertain):  # in the source's order among every word that landed, the placed terms' too
        placed_at = {source: list(indexes) for source, indexes in unsure_landed.items()}
        for number, made in runs:
            for w in occurrences[number].words:
                placed_at.setdefault(w, []).extend(made.targets)
        uncertain = [replace(u, hunch=in_source_order(u.occurrence, placed_at, len(words), source_words)) if u.in_order else u
                     for u in uncertain]
    ordered = tuple(made for _, made in sorted(runs, key=lambda pair: pair[0]))  # a genitive's run is right before its head's
    return Placement(ordered, tuple(inserts), tuple(uncertain), frozenset(claimed), frozenset(readings))


def _term_core(renderings: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The words of the model's 1-best rendering of a term (the first of ``renderings``) that are the term's: all
    of them, or, when the 2-best differs from it only in its first or last word, the words the two share (the
    verb the model opens with changes, "شوشيس بروفينكيال كونكيلس" and "صدمث بروفينكيال كونكيلس"; the term does not)."""
    if not renderings:
        return ()
    best = renderings[0]
    if len(renderings) > 1 and len(other := renderings[1]) == len(best) > 1:
        if best[1:] == other[1:] and best[0] != other[0]:
            return best[1:]
        if best[:-1] == other[:-1] and best[-1] != other[-1]:
            return best[:-1]
    return best


def _trimmed(window: Window, keys: Sequence[str], best: Sequence[str], term: Sequence[int], aligned,
             profile: LanguageProfile) -> Window | None:
    """``window`` (a reading of an n-best rendering that holds the 1-best one, ``best``, and more) less the words at
    its ends that are no word of ``best`` and that a confident head gives a source word outside the ``term``: the
    model asked for the term alone may add the verb it opens its sentences with ("شوشيس يراقي سيكوريتي فوركيس"),
    and where the draft has that verb it is the draft's verb (None: nothing left)."""
    if aligned is None:
        return window
    prefixes = glued_prefixes(profile)

    def elsewhere(index: int) -> bool:
        return (aligned[index] is not None and aligned[index] not in term
                and not any(_likeness(keys[index], word, prefixes) == 2 for word in best))

    indexes = list(window.indexes)
    while indexes and elsewhere(indexes[0]):
        indexes.pop(0)
    while indexes and elsewhere(indexes[-1]):
        indexes.pop()
    if len(indexes) == len(window.indexes):
        return window
    return replace(window, indexes=tuple(indexes), letters=sum(len(keys[i]) for i in indexes)) if indexes else None


def _one_reading(found: Sequence[Window], term: Sequence[int], aligned, claimed: set[int]) -> Window | None:
    """The readings of one occurrence's parts ("يراقي … ريبريسينتاتيفيس" for "Iraqi … Representatives") as one
    window, when they and the words between them are one block the head confidently gives the term's words."""
    if aligned is None:
        return None
    block = range(min(w.first for w in found), max(max(w.indexes) for w in found) + 1)
    if claimed.intersection(block) or any(aligned[i] not in term for i in block):
        return None
    return Window(tuple(block), all(w.exact for w in found), sum(w.letters for w in found))


def _after_fronted_verb(occurrence: "Occurrence", keys: Sequence[str], claimed: set[int],
                        explaining_words: Callable[[str], frozenset[int]] | None, profile: LanguageProfile) -> bool:
    """Whether a dropped subject goes after the draft's first word: the term opens the source ("The KRG met …"), the
    language puts a verb before its subject, and the run writes the draft's first word for source words after
    the term (the verb "كذض" for "met": كذض حكومة إقليم كردستان …, not before it)."""
    if not profile.verb_first or explaining_words is None or not keys or 0 in claimed:
        return False
    opens = min(occurrence.words) == 0 or (min(occurrence.words) == 1 and occurrence.cue.lower() in ("the", "a", "an"))
    explained = explaining_words(keys[0])
    return opens and bool(explained) and min(explained) > max(occurrence.words)


def _explained_source(key: str, source: int, explaining_words: Callable[[str], frozenset[int]] | None) -> int | None:
    """The source word a draft word lands on: the head's (``source``) unless the run writes the word for other
    source words (``RunWords.mostly_for``); then the one of them, or none when they are several ("met with")."""
    explained = explaining_words(key) if explaining_words is not None else frozenset()
    if not explained or source in explained:
        return source
    return next(iter(explained)) if len(explained) == 1 else None


def _own_words_beside(position: int, size: int, own: Callable[[int], bool]) -> tuple[int, ...]:
    """The run of own words (``own``) that ends just before ``position`` or starts at it: the words before win."""
    for step, start in ((-1, position - 1), (1, position)):
        found, index = [], start
        while 0 <= index < size and own(index):
            found.append(index)
            index += step
        if found:
            return tuple(sorted(found))
    return ()


def _one_block(indexes: Sequence[int]) -> tuple[int, ...]:
    """``indexes`` when they are side by side (one place in the draft), else ()."""
    return tuple(indexes) if indexes and list(indexes) == list(range(indexes[0], indexes[-1] + 1)) else ()


def _sandwiched(occurrence: "Occurrence", keys: Sequence[str], aligned, firm, claimed: set[int]) -> Window | None:
    """The words the head firmly gives the term, when they are long (or as long as the term's English: "Irgk" for
    "IRGC"), side by side, and the words on both sides attend to other source words (or belong to another term):
    the neighbours agree where the term ends."""
    if aligned is None or firm is None:
        return None
    term = set(occurrence.words)
    targets = [i for i, source in enumerate(firm) if source in term and i not in claimed]
    shortest = min(MIN_FUZZY, occurrence.end - occurrence.start)
    if not targets or targets != list(range(targets[0], targets[-1] + 1)) or any(len(keys[i]) < shortest for i in targets):
        return None
    for side in (targets[0] - 1, targets[-1] + 1):
        if 0 <= side < len(keys) and side not in claimed and (aligned[side] is None or aligned[side] in term):
            return None
    return Window(tuple(targets), False, sum(len(keys[i]) for i in targets))


def _written_as_a_name(window: Window, words: Sequence[Word], keys: Sequence[str], occurrence: "Occurrence",
                       spellings: Sequence[str], profile: LanguageProfile) -> bool:
    """Whether a word of ``window`` (the firm head's alone) is written as a name, so may be the model's rendering of
    the term however garbled: it reads like a word of one of the term's ``spellings`` (the same word or a close
    one: the lone rendering that read no window was cut at a stutter), spells or transliterates a word of the
    term's English, carries the clitic the
    English preposition before the term asks for (بفاللوجاه for "in Khaneqin"), or, in the Latin script, is
    capitalised past the draft's first word or takes its ending after an apostrophe (Şirkat'ta).  A trained head
    is often firm and wrong beside a term the model dropped: it gives the term the verb after it (عخشاع for
    "guarded", vıral for "deployed"), which no evidence of a name backs, and a splice there would delete it."""
    prefixes = glued_prefixes(profile)
    spelt = {key for spelling in spellings for key in _spelling_keys(spelling, profile)}
    for i in window.indexes:
        core = words[i].core
        if (any(_likeness(keys[i], key, prefixes) for key in spelt) or _spells_its_english(keys[i], occurrence, profile)
                or glued_clitic(core, occurrence.cue, profile) not in ("", profile.definite_article)
                or (core[:1].isupper() and i > 0) or re.search(r"\w['’]\w", core)):
            return True
    return False


def _spells_its_english(key: str, occurrence: "Occurrence", profile: LanguageProfile) -> bool:
    """Whether the draft word ``key`` spells or transliterates an English word of ``occurrence``'s terms (any form)."""
    english = term_english(occurrence)
    return spells_english(key, english, profile) or transliterates(key, english, profile)


@lru_cache(maxsize=4096)
def _spelt_keys(spellings: tuple[str, ...], profile: LanguageProfile) -> frozenset[str]:
    """The words of a term's ``spellings`` as compared (``word_key``); cached: units share terms."""
    return frozenset(key for spelling in spellings for key in _spelling_keys(spelling, profile))


@lru_cache(maxsize=16)
def _cue_words(profile: LanguageProfile) -> frozenset[str]:
    """The English words that ask for one of the language's clitics ("in", "with", "to")."""
    return frozenset(word for _, words in profile.clitic_cues for word in words)


def term_english(occurrence: "Occurrence") -> frozenset[str]:
    """The English words of an occurrence's terms, all their forms, lower case."""
    return _forms_english(tuple(term.forms for term in occurrence.terms))


@lru_cache(maxsize=4096)
def _forms_english(forms: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """Cached: enforcement asks for an occurrence's English words at every step."""
    return frozenset(word for own in forms for form in own for word in _WORD.findall(form.lower()))


def _nearest(waiting: list[int], window: Window, occurrences: Sequence["Occurrence"], aligned) -> int:
    """The waiting occurrence a window belongs to: the one its confident words attend to, else the first."""
    if aligned is not None:
        pointed = [aligned[i] for i in window.indexes if aligned[i] is not None]
        if pointed:
            return min(waiting, key=lambda n: (min(abs(p - w) for p in pointed for w in occurrences[n].words), n))
    return waiting[0]


def with_dropped_preposition(occurrence: "Occurrence", landed: dict[int, list[int]], profile: LanguageProfile,
                             beside: Sequence[str] | None = None) -> str:
    """The rendering of a dropped term, with what its English preposition asks for when the model wrote nothing for
    that preposition either: a clitic before it ("in Khaneqin" dropped whole: بخانقين, not خانقين) or a case ending
    after it (Halepçe'de, not Halepçe), or both (Sorani's circumfix: لە کەرکووکدا "in Kirkuk", لە کەرکووکەوە "from
    Kirkuk").  A name written glued that ends in a high vowel ends in a compound's
    possessive, which takes a pronominal n before the case (Irak Güvenlik Güçlerinde, Goran Hareketinden), unless
    its last word spells the last word of the term's English (``_ends_in_a_name``): then the vowel is the name's,
    set off as a name's ending is (Haşdi Şabi'de, Kasım Süleymani'den).
    The clitic goes on only where the words ``beside`` the place (their letters) are known and none is a
    preposition written apart, which it would say again (في بكركوك): a head that lands nothing on "in" may just
    be unsure of the في the model wrote.

    >>> from l10n.core.languages import get_profile
    >>> from l10n.core.records import Term
    >>> from l10n.stages.terms.enforce import find_occurrences
    >>> from l10n.core.records import TermHit
    >>> t = Term(id="k", forms=("Khaneqin",), targets={"ar": "خانقين", "tk": "Hanekin"})
    >>> (o,) = find_occurrences("They met in Khaneqin.", [TermHit(t, 12, 20, "Khaneqin")], "ar")
    >>> ar = get_profile("ar")
    >>> [with_dropped_preposition(o, landed, ar, beside) for landed, beside in (({}, ("التقوا", "")), ({2: [3]}, ()),
    ...                                                                       ({}, ("في", "")), ({}, None))]
    ['بخانقين', 'خانقين', 'خانقين', 'خانقين']
    >>> (o,) = find_occurrences("They fled from Khaneqin.", [TermHit(t, 15, 23, "Khaneqin")], "tk")
    >>> with_dropped_preposition(o, {}, get_profile("tk")), with_dropped_preposition(o, {2: [3]}, get_profile("tk"))
    ("Hanekin'den", 'Hanekin')
    >>> k = Term(id="k", forms=("Kirkuk",), targets={"ckb": "کەرکووک"})
    >>> [with_dropped_preposition(o, {}, get_profile("ckb"), ("", "")) for o in (
    ...     *find_occurrences("They met in Kirkuk.", [TermHit(k, 12, 18, "Kirkuk")], "ckb"),
    ...     *find_occurrences("They left from Kirkuk.", [TermHit(k, 15, 21, "Kirkuk")], "ckb"))]
    ['لە کەرکووکدا', 'لە کەرکووکەوە']
    """
    said, rendering = _dropped_cue(occurrence, landed), occurrence.rendering
    if not said:
        return closed_circumfix(rendering, occurrence, beside, profile)
    case = next((ending for ending, words in profile.case_cues if said in words), "")
    if case and rendering[-1:].isalpha():
        rendering += _case_ending(rendering, case, occurrence, profile)
    return with_clitic(dropped_clitic(occurrence, landed, profile), rendering, beside, profile)


def _case_ending(rendering: str, case: str, occurrence: "Occurrence", profile: LanguageProfile) -> str:
    """``case`` as written after ``rendering`` (``with_dropped_preposition``)."""
    if profile.endings.set_off(rendering) or rendering[-1] not in "ıiuü" or not profile.apostrophe_suffixes:
        return written_ending(rendering, case, profile)
    last = rendering.split()[-1]
    if _ends_in_a_name(last, occurrence):
        return "'" + profile.endings.refit(last, case)
    return written_ending(rendering, "n" + case, profile)


def _ends_in_a_name(last: str, occurrence: "Occurrence") -> bool:
    """Whether ``last``, a rendering's last word, writes the last word of one of its term's English forms letter by
    letter (Şabi for "al-Shaabi", Süleymani for "Soleimani"): a name, not a compound's head (Hareketi, "Movement").

    >>> from types import SimpleNamespace as Occurrence, SimpleNamespace as Term
    >>> o = Occurrence(terms=(Term(forms=("PMF", "Hashd al-Shaabi")),))
    >>> _ends_in_a_name("Şabi", o), _ends_in_a_name("Hareketi", Occurrence(terms=(Term(forms=("Gorran Movement",)),)))
    (True, False)
    """
    spelt = vowelled(last)
    return any(vowelled(form.split()[-1].split("-")[-1]) == spelt for term in occurrence.terms for form in term.forms)


def with_clitic(clitic: str, rendering: str, beside: Sequence[str] | None, profile: LanguageProfile) -> str:
    """``rendering`` with ``clitic`` glued on, or before it as a word where the language writes it apart (Sorani
    لە کەرکووک); unless the words ``beside`` its place are unknown (None) or one of them is a preposition written
    as a word of its own (``LanguageProfile.written_apart``).

    >>> from l10n.core.languages import get_profile
    >>> with_clitic("ل", "المقدادية", ("", ""), get_profile("ar")), with_clitic("لە", "کەرکووک", ("", ""), get_profile("ckb"))
    ('للمقدادية', 'لە کەرکووک')
    """
    apart = _written_apart(profile)
    if not clitic or beside is None or any(_normalised(word, profile) in apart for word in beside):
        return rendering
    return f"{clitic} {rendering}" if _normalised(clitic, profile) in apart else attach(clitic, rendering, profile)


def words_beside(words: Sequence[Word], position: int) -> tuple[str, str]:
    """The letters of the draft's words on either side of ``position``, where a term goes in ("" at an edge)."""
    return (words[position - 1].core if 0 < position <= len(words) else "",
            words[position].core if 0 <= position < len(words) else "")


def closed_circumfix(rendering: str, occurrence: "Occurrence", beside: Sequence[str] | None,
                     profile: LanguageProfile) -> str:
    """``rendering`` with the second half of the circumfix whose first half, a preposition written apart, the model
    wrote right before its place (Sorani لە … ەوە "from", لە … دا "in"): the model kept the preposition and dropped
    the noun that carried the ending, so the term goes in after لە without "from" unless it takes it.

    >>> from l10n.core.languages import get_profile
    >>> from l10n.core.records import Term, TermHit
    >>> from l10n.stages.terms.enforce import find_occurrences
    >>> k = Term(id="k", forms=("Kirkuk",), targets={"ckb": "کەرکووک"})
    >>> (o,) = find_occurrences("They came from Kirkuk.", [TermHit(k, 15, 21, "Kirkuk")], "ckb")
    >>> ckb = get_profile("ckb")
    >>> closed_circumfix("کەرکووک", o, ("لە", ""), ckb), closed_circumfix("کەرکووک", o, ("هاتن", ""), ckb)
    ('کەرکووکەوە', 'کەرکووک')
    """
    said = occurrence.cue.lower().split()[-1:]
    if not said or not beside or not rendering[-1:].isalpha():
        return rendering
    case = next((ending for ending, words in profile.case_cues if said[0] in words), "")
    clitic = _clitic_saying(said[0], profile)
    if not case or not clitic or _normalised(beside[0], profile) != _normalised(clitic, profile):
        return rendering
    ending = _case_ending(rendering, case, occurrence, profile)
    return rendering if rendering.endswith(ending) else rendering + ending


def _dropped_cue(occurrence: "Occurrence", landed: dict[int, list[int]]) -> str:
    """The English word before ``occurrence`` ("in") when the head landed nothing on it, else ""."""
    first, said = min(occurrence.words), occurrence.cue.lower().split()[-1:]
    return "" if not said or first == 0 or landed.get(first - 1) else said[0]


def dropped_clitic(occurrence: "Occurrence", landed: dict[int, list[int]], profile: LanguageProfile) -> str:
    """The clitic that renders ``occurrence``'s English preposition when the model wrote nothing for it ("in" → ب)."""
    return _clitic_saying(_dropped_cue(occurrence, landed), profile)


def _clitic_saying(word: str, profile: LanguageProfile) -> str:
    """The clitic that renders the English preposition ``word`` ("in" → ب), "" when none does."""
    cues = dict(profile.clitic_cues)
    return next((p for p in profile.prefixes if word and word in cues.get(p, ())), "")


@lru_cache(maxsize=8)
def _written_apart(profile: LanguageProfile) -> frozenset[str]:
    """The language's prepositions written as words of their own, as compared (``word_key``)."""
    return frozenset(_normalised(word, profile) for word in profile.written_apart)


def in_source_order(occurrence: "Occurrence", landed: dict[int, list[int]], target_words: int, source_words: int) -> int:
    """The last resort's place for a term no head points near: after every draft word that a source word before it
    landed on, else before those the source words after it landed on, else as far into the draft as the term is
    into the source.

    >>> from types import SimpleNamespace as Occ
    >>> in_source_order(Occ(words=(4,)), {1: [2, 3], 3: [0], 7: [1]}, 6, 9), in_source_order(Occ(words=(0,)), {3: [4]}, 6, 9)
    (4, 4)
    >>> in_source_order(Occ(words=(6,)), {}, 10, 8)
    8
    """
    first, last = min(occurrence.words), max(occurrence.words)
    if (before := [i for s, at in landed.items() if s < first for i in at]):
        return max(before) + 1
    if (after := [i for s, at in landed.items() if s > last for i in at]):
        return min(after)
    return round(target_words * first / max(1, source_words))


def insertion_point(occurrence: "Occurrence", landed: dict[int, list[int]], target_words: int, source_words: int,
                    has_alignment: bool) -> tuple[int | None, str]:
    """Where a dropped term goes, and "" when both neighbours agree, else why not (the position is then a guess).

    The left side is the last word its nearest earlier source neighbour landed
    on, the right side the first word after it that its nearest later
    neighbour landed on; a term that opens (closes) the source has the start
    (end) of the draft as its left (right) side when no neighbour says
    otherwise.  One side alone is taken as it is (Arabic moves the verb, so one
    neighbour may be far away); two sides must meet.  With no neighbour at all,
    the start or end of the draft is only a guess.
    """
    first, last = min(occurrence.words), max(occurrence.words)
    start = -1 if first == 0 else None
    end = target_words if last == source_words - 1 else None
    left = right = None
    for distance in range(1, NEIGHBOURS + 1):
        if first - distance >= 0 and landed.get(first - distance):
            left = max(landed[first - distance])
            break
    for distance in range(1, NEIGHBOURS + 1):
        after = [t for t in landed.get(last + distance, ()) if t > (-1 if left is None else left)]
        if after:
            right = min(after)
            break
    if left is None and right is None:
        guess = 0 if start is not None else end
        return guess, "no confident attention on the words around it" if has_alignment else "the draft has no alignment"
    seen_left = left is not None
    left = start if left is None else left
    right = end if right is None else right
    if left is None:
        return right, ""
    if right is None or right == left + 1:
        return left + 1, ""
    # the guess sits beside the side that is a real neighbour: after the left one, else before the right one
    return left + 1 if seen_left else right, f"{DISAGREE}: {right - left - 1} draft word(s) between them"
