"""Finding glossary terms: English forms in a source, approved renderings in a translation.

Source side: every form of every term in one regular expression, longest form
first, on word boundaries.  Forms written in capitals (ISF, IS, K1) match only
in capitals, so "This is" never holds the term IS; in a stretch of capitals
("KIRKUK IS CALM") an acronym that is also an English word is not a term.
Whitespace and hyphens inside a form are flexible ("US-led" = "US led").

Target side: a rendering may carry the clitics the language glues onto words
(profile.prefixes; the definite article merged with a prefix ending in its last
letter, as Arabic ل + ال → لل), the language's own endings on its last word
(profile.endings, morphology.py: Sorani دا ەوە ەکان, Arabic attached pronouns,
Turkish case suffixes in vowel harmony, after an apostrophe on names:
Kerkük'te) and, where the language links words with endings
(profile.linking_endings: Sorani izafe, ەکە, ەکان), such an ending on each word
before the last (هاوپەیمانیی نێودەوڵەتی).  Any other letters make another word
(بلدية is not بلد, Belediyesi is not Beled).

Forms and renderings are the desk's to write, so both sides run on RE2
(``l10n.core.patterns``: time linear in the text, where a hyphenated form against a
run of spaces made Python's backtracking engine crawl); ``WholeWords`` keeps a
match from starting or ending inside a word.

Both sides are compared after ``normalise``, one function for text and
rendering alike: NFKC (presentation forms pasted from PDFs); one set of digits;
no harakat, tatweel, joiners or direction marks; the profile's spelling
rewrites and letter folds (how the language is really typed: hamza seats, ى/ي,
ة/ه, Persian-keyboard ی ک, Sorani legacy encodings); then the profile's
casefold (Turkish İ/ı).  ``term_windows`` finds every term of a text at once,
longest first, so a short term inside a longer term's rendering is not counted:
the glossary check and enforcement both read a draft through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ...core.languages import LanguageProfile
from ...core.patterns import WholeWords, to_re2
from ...core.records import Term, TermHit
from ...core.spelling import normalise
from ..splice import ENGLISH_POSSESSIVE

MIN_STEM = 2  # a linking ending is only peeled off a word that keeps at least this many letters
_APOSTROPHES = "'’"
_SET_OFF_LETTERS = re.compile(r"['’](?!s(?!\w))\w")  # checked at one position after a match: constant time
_HYPHENS = "-‐‑–"
#: English words a headline in capitals writes like an acronym ("KIRKUK IS CALM"): not terms there.
SHOUTED_WORDS = frozenset(
    "a am an and are as at be but by can do for go has he her his i if in is it its me my no not of on or our "
    "out so the to up us was we who why will with".split()
)


def is_acronym(form: str) -> bool:
    """Forms written in capitals (letters, digits, dots) are matched case-sensitively.

    >>> is_acronym("ISF"), is_acronym("K1"), is_acronym("Iraqi Security Forces")
    (True, True, False)
    """
    return any(ch.isupper() for ch in form) and not any(ch.islower() for ch in form)


def _flexible(text: str) -> str:
    """Regex for ``text`` where whitespace, hyphens and apostrophes may vary."""
    parts: list[str] = []
    for chunk in re.split(r"(\s+)", text.strip()):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
            continue
        for ch in chunk:
            if ch in _HYPHENS:
                parts.append(rf"(?:\s*[{_HYPHENS}]\s*|\s+)")
            elif ch in _APOSTROPHES:
                parts.append(f"[{_APOSTROPHES}]")
            else:
                parts.append(re.escape(ch))
    return "".join(parts)


_JOIN = re.compile(rf"\s*[{_HYPHENS}]\s*|\s+")


def form_pattern(form: str, case_sensitive: bool = False) -> str:
    """RE2 pattern for one English form; ``WholeWords`` keeps it from starting or ending inside a word.

    A space in a form matches a hyphen too, as a hyphen matches a space: "Tal Afar" finds "Tal-Afar", and the
    forms "US led" and "US-led" match the same words (``form_key``).
    """
    body = to_re2(_flexible(_JOIN.sub("-", form.strip())))
    return body if case_sensitive or is_acronym(form) else f"(?i:{body})"


def form_key(form: str, case_sensitive: bool = False) -> str:
    """What one English form matches, as a key: spaces and hyphens one, apostrophes one, any case unless it matches
    in its own (``form_pattern``).

    Two terms whose forms share a key would claim the same words of an article.

    >>> form_key("Kirkuk"), form_key(" kirkuk  city"), form_key("ISF"), form_key("Daesh", case_sensitive=True)
    ('kirkuk', 'kirkuk city', 'ISF', 'Daesh')
    >>> form_key("US-led") == form_key("US led"), form_key("Kirkuk’s") == form_key("Kirkuk's")
    (True, True)
    """
    spaced = " ".join(_JOIN.sub(" ", form).translate({ord(mark): "'" for mark in _APOSTROPHES}).split())
    return spaced if case_sensitive or is_acronym(spaced) else spaced.casefold()


class SourceMatcher:
    """All forms of a glossary compiled into one longest-first alternation."""

    def __init__(self, terms: Sequence[Term]):
        entries = [(form, term) for term in terms for form in term.forms]
        entries.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self._entries = entries
        self._finder = WholeWords([form_pattern(form, term.case_sensitive) for form, term in entries], literal=False)

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping term occurrences in ``text``, left to right."""
        if not self._entries:
            return []
        return [TermHit(term=self._entries[found.alternative][1], start=found.start, end=found.end, form=text[found.start:found.end])
                for found in self._finder.finditer(text)
                if not (is_acronym(text[found.start:found.end]) and shouted_word(text, found.start, found.end))]


def shouted_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is an English word in a stretch of capitals, not an acronym.

    >>> shouted_word("KIRKUK IS CALM", 7, 9), shouted_word("the fight against IS", 18, 20), shouted_word("ISF LEFT", 0, 3)
    (True, False, False)
    """
    if text[start:end].lower() not in SHOUTED_WORDS:
        return False
    before, after = re.findall(r"\w+", text[:start])[-1:], re.findall(r"\w+", text[end:])[:1]
    neighbours = before + after
    return bool(neighbours) and not any(ch.islower() for word in neighbours for ch in word)


def _alternation(items: Iterable[str]) -> str:
    return "|".join(map(re.escape, items))


def _linked_word(word: str, endings: Sequence[str]) -> str:
    """Regex for a non-final word of a rendering: its stem with any linking ending, or none.

    The stem is the word without the longest linking ending it already has, so
    هێزە matches هێز, هێزی and هێزەکانی alike.
    """
    stem = next((word[: -len(end)] for end in endings if word.endswith(end) and len(word) - len(end) >= MIN_STEM), word)
    return f"{_flexible(stem)}(?:{_alternation(endings)})?"


def _words_pattern(words: Sequence[str], endings: Sequence[str]) -> str:
    """Regex for a rendering's words: linking endings before the last word where the language has them."""
    parts = [_linked_word(word, endings) if endings else _flexible(word) for word in words[:-1]]
    return r"\s+".join([*parts, _flexible(words[-1])])


def _ending_pattern(rendering: str, profile: LanguageProfile) -> str:
    """Regex for what may follow a rendering's last word: the language's endings, glued or after an apostrophe.

    In languages that set names' endings off with an apostrophe, a one-word name takes them only there
    (Kerkük'te, IŞİD'in); common nouns and longer names take them glued (koalisyona, Güçlerine).
    """
    last = rendering.split()[-1]
    endings = profile.endings.after(last)
    options = []
    if profile.apostrophe_suffixes and endings:
        options.append(f"[{_APOSTROPHES}](?:{_normalised_alternation(endings, profile)})")
    if not profile.endings.set_off(rendering):
        options.append(profile.endings.pattern(last))
    options = [option for option in options if option]
    return f"(?:{'|'.join(options)})?" if options else ""


@lru_cache(maxsize=256)
def _normalised_alternation(endings: tuple[str, ...], profile: LanguageProfile) -> str:
    """Cached: a language's words share a few ending lists (Turkish: one per last vowel and letter), each hundreds long."""
    return _alternation(normalise(end, profile) for end in endings)


@lru_cache(maxsize=4096)
def rendering_regex(rendering: str, profile: LanguageProfile) -> WholeWords:
    """Finder of ``rendering`` (normalised) with the clitics and endings ``profile`` allows, as whole words."""
    words = normalise(rendering, profile).split()
    if not words:
        return WholeWords([])
    endings = tuple(dict.fromkeys(normalise(end, profile) for end in profile.linking_endings))
    prefixes = sorted(profile.prefixes, key=len, reverse=True)
    body = _words_pattern(words, endings)
    heads = [f"(?:{_alternation(prefixes)})?{body}"] if prefixes else [body]
    article = profile.definite_article
    if article and words[0].startswith(article) and len(words[0]) > len(article):
        merging = [p for p in prefixes if p.endswith(article[-1])]
        if merging:
            heads.append(f"(?:{_alternation(merging)}){_words_pattern([words[0][1:], *words[1:]], endings)}")
    return WholeWords([to_re2(f"(?:{'|'.join(heads)})") + to_re2(_ending_pattern(rendering, profile))], literal=False)


@lru_cache(maxsize=4096)
def _needle(rendering: str, profile: LanguageProfile) -> str:
    """Letters every match of ``rendering_regex(rendering)`` holds as they are: the longest stretch of its last word
    between hyphens and apostrophes (a one-word rendering without its first letter, which an article may merge away)."""
    words = normalise(rendering, profile).split()
    last = words[-1][1:] if len(words) == 1 else words[-1]
    return max(re.split(f"[{_HYPHENS}{_APOSTROPHES}]", last), key=len)


def rendering_spans(normalised_text: str, rendering: str, profile: LanguageProfile) -> list[tuple[int, int]]:
    """Spans of ``rendering`` in an already ``normalise``d text.

    A text without the rendering's needle is answered without compiling or running its pattern: most
    renderings asked about are absent, and an RE2 compile or search costs far more than ``in``.
    """
    if not rendering.strip() or _needle(rendering, profile) not in normalised_text:
        return []
    spans = [(found.start, found.end) for found in rendering_regex(rendering, profile).finditer(normalised_text)]
    if profile.apostrophe_suffixes:  # an apostrophe and letters (other than the English 's) belong to the word
        spans = [span for span in spans if not _SET_OFF_LETTERS.match(normalised_text, span[1])]
    return spans


def _judged_tail(tail: str, profile: LanguageProfile) -> str:
    """The part of a word after an apostrophe that decides whether it holds a term: a suffix of the language (Kerkük'ta
    is not Kerkük), never an English 's (debris, judged apart)."""
    return tail if profile.apostrophe_suffixes and not ENGLISH_POSSESSIVE.match(tail) else ""


def term_windows(words: Sequence, renderings: dict[str, tuple[str, ...]], profile: LanguageProfile) -> dict[str, list[tuple[int, int]]]:
    """Per term id, the (first, end) word ranges of ``words`` holding one of its ``renderings``, longest term first.

    ``words`` are a text's words with their letters as ``.core`` and apostrophe ending as ``.tail`` (splice.split_words).
    A term's rendering found inside a longer term's is not counted, so "العراق"
    (Iraq) is not found in "قوات الأمن العراقية" (ISF) and "إقليم كردستان"
    (Kurdistan Region) not in "حكومة إقليم كردستان" (KRG).  Letters are compared,
    so two terms written as one word ("كركوك–بغداد") are both found there.
    """
    found = _term_windows(tuple(word.core + _judged_tail(word.tail, profile) for word in words), tuple(renderings.items()), profile)
    return {term_id: list(windows) for term_id, windows in found}


@lru_cache(maxsize=4096)
def _term_windows(words: tuple[str, ...], renderings: tuple[tuple[str, tuple[str, ...]], ...],
                  profile: LanguageProfile) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """Cached: enforcement checks one draft for the same terms again for each check and candidate."""
    renderings = dict(renderings)
    cores = [normalise(word, profile) for word in words]
    text, word_of = " ".join(cores), []
    for index, core in enumerate(cores):
        word_of += [index] * (len(core) + 1)

    def longest(term_id: str) -> tuple[int, int]:
        return max((len(r.split()), len(r)) for r in renderings[term_id])

    claimed: list[tuple[int, int]] = []
    result = []
    for term_id in sorted(renderings, key=longest, reverse=True):
        found = sorted({span for rendering in renderings[term_id] for span in rendering_spans(text, rendering, profile)},
                       key=lambda span: (span[0], -span[1]))
        own: list[tuple[int, int]] = []
        for start, end in found:
            if not any(start < other_end and other_start < end for other_start, other_end in [*claimed, *own]):
                own.append((start, end))
        result.append((term_id, tuple((word_of[start], word_of[end - 1] + 1) for start, end in own)))
        claimed += own
    return tuple(result)


def contains_rendering(text: str, rendering: str, profile: LanguageProfile) -> bool:
    """Whether ``text`` holds ``rendering`` in any inflected or cliticised form.

    >>> from l10n.core.languages import get_profile
    >>> contains_rendering("وصلت للبيشمركة", "البيشمركة", get_profile("ar"))
    True
    """
    return bool(rendering_spans(normalise(text, profile), rendering, profile))


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span blanked out, so a forbidden form inside an approved one is not seen."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
