"""Proper names in an English source that no glossary term covers ("not in the glossary: Sinjar").

A name is a run of capitalised words (``Abu Bakr al-Baghdadi``, ``Sinjar Resistance
Units``, ``KirkukNow``, ``US``) joined by single spaces, with ``of``/``al``/``bin``
and ``al-``-style particles allowed inside.  Punctuation ends a run, and so does a
glossary term (its span is masked first).  To stay precise, what English capitalises
for other reasons is left out:

- a run of one word that opens a sentence (after ``.!?:;``, a quote or bracket,
  or the start of the unit) — "Today", "According";
- function words, titles, months and weekdays, and nationality or group adjectives
  (``STOPWORDS``, ``TITLES``, ``CALENDAR``, ``DEMONYMS``) at either end of a run:
  "The US force" gives US, "the former Iraqi Baathist regime" gives nothing;
- a headline in capitals or title case (no lower-case word of content), where capitals say nothing.
"""

from __future__ import annotations

import re

from .glossary import Glossary

NOTE_PREFIX = "not in the glossary: "
STOPWORDS = frozenset(
    "a an the and or but nor so yet of in on at to for from by with without into onto over under about after before "
    "during since until while when where as than that this these those it its he she his her they their them we our "
    "i you your there here today yesterday tomorrow tonight according meanwhile however also then now once "
    "is are was were be been has have had will would can could should".split()
)
TITLES = frozenset(
    "mr mrs ms dr prof president vice prime minister ministers deputy governor mayor general gen col colonel lt major "
    "brig brigadier commander chief spokesman spokeswoman spokesperson head sheikh sheik shaikh mullah imam "
    "lawmaker mp judge ambassador secretary speaker leader chairman member".split()
)
CALENDAR = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "ramadan eid easter christmas nowruz newroz muharram ashura arbaeen".split()
)
DEMONYMS = frozenset(
    "iraqi iraqis kurdish kurd kurds arab arabs arabic turkmen turkman turkish turk turks iranian iranians american "
    "americans british syrian syrians yazidi yazidis ezidi christian christians assyrian assyrians chaldean shabak "
    "muslim muslims sunni sunnis shia shiite shiites baathist baathists western european russian french english "
    "islamic israeli israelis lebanese saudi egyptian jordanian qatari emirati german chinese".split()
)
INNER = frozenset({"of", "al", "el", "bin", "ibn", "bint", "abu", "de"})  # lower-case words a name may hold inside
_WORD = re.compile(r"[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
_SENTENCE_OPENERS = ".!?:;\"“”‘(["  # after one of these (and spaces), a capital says nothing
_MASK = "\x00"   # a glossary term's span while words are read around it


def _edge_word(word: str) -> bool:
    folded = word.lower().rstrip(".")
    return folded in STOPWORDS or folded in TITLES or folded in CALENDAR or folded in DEMONYMS


def _capitalised(word: str) -> bool:
    head = word.split("-")[-1] if re.match(r"(?:al|el|ad|as|ash|an|ar|at|az)-", word) else word
    return head[:1].isupper()


def _name_part(word: str) -> tuple[str, bool]:
    """The part of ``word`` that can belong to a name, and whether the word goes on (no lower-case tail, no 's)."""
    possessive = re.search(r"['’]s?$", word)
    if possessive:                            # "Guard's": the name ends here
        word = word[: possessive.start()]
    parts = word.split("-")
    kept = [parts[0]]
    for part in parts[1:]:
        if not part[:1].isupper():
            return "-".join(kept), False      # "US-led": the name is US, and the run stops here
        kept.append(part)
    return "-".join(kept), not possessive


def _title_cased(source: str, words: list[tuple[str, int]]) -> bool:
    """A headline in capitals, or in title case: no lower-case word of content and three capitals not opening a sentence."""
    if not any(ch.islower() for ch in source):
        return True
    lower = [w for w, _ in words if not w[:1].isupper() and w.lower() not in STOPWORDS and w.lower() not in INNER and w[:1].isalpha()]
    inner_capitals = [w for w, start in words if w[:1].isupper() and not _sentence_start(source, start)]
    return not lower and len(inner_capitals) >= 3


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0•*-–—")
    return not before or before[-1] in _SENTENCE_OPENERS


def _tokens(source: str, glossary: Glossary) -> list[tuple[str, int, int, str]]:
    """(text, start, end, kind) in order; kind: known (a glossary term), word."""
    hits = [(hit.start, hit.end) for hit in glossary.find(source)]
    tokens = [(source[a:b], a, b, "known") for a, b in hits]
    masked = list(source)
    for a, b in hits:
        masked[a:b] = _MASK * (b - a)
    tokens += [(m.group(), m.start(), m.end(), "word") for m in _WORD.finditer("".join(masked))]
    return sorted(tokens, key=lambda token: token[1])


def _trimmed(words: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """A run without the words at its ends that do not make it a name (a known term goes when a title or stopword is beside it)."""
    def edge(index: int) -> bool:
        word, _, kind = words[index]
        return kind == "word" and word.lower() not in INNER and _edge_word(word)

    while words and (edge(-1) or (words[-1][2] == "word" and words[-1][0].lower() in INNER)
                     or (words[-1][2] == "known" and (len(words) == 1 or edge(-2)))):
        words = words[:-1]
    while words and (edge(0) or (words[0][2] == "known" and (len(words) == 1 or edge(1)))):
        words = words[1:]
    return words


def unknown_names(source: str, glossary: Glossary) -> list[str]:
    """The proper names of ``source`` that no glossary term covers, in order, each once.

    A name that holds a term ("Sinjar Resistance Units") is one name; a term beside
    a title is not part of it ("Kirkuk Governor Rakan al-Jubouri" gives the person).

    >>> from l10n.core.records import Term
    >>> g = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك"}),))
    >>> unknown_names("Today, The US force left Kirkuk for Sinjar with Abu Bakr al-Baghdadi.", g)
    ['US', 'Sinjar', 'Abu Bakr al-Baghdadi']
    >>> unknown_names("According to the former Iraqi Baathist regime, Kurdish forces left Kirkuk in March.", g)
    []
    """
    tokens = _tokens(source, glossary)
    if _title_cased(source, [(text, start) for text, start, _, kind in tokens if kind == "word"]):
        return []
    names: list[str] = []
    run: list[tuple[str, int, str]] = []   # (text, start, kind) of the run being read

    def close() -> None:
        words = _trimmed(list(run))
        run.clear()
        own = [word for word, start, kind in words if kind == "word" and _capitalised(word) and not _sentence_start(source, start)]
        if not own or (len(words) == 1 and len(own[0]) < 2):
            return  # no capital of its own but at a sentence start ("Today", "Residents of Mosul", "Three Peshmerga"), or "I"
        name = source[words[0][1]: words[-1][1] + len(words[-1][0])]
        if name not in names:
            names.append(name)

    previous_end = None
    for text, start, end, kind in tokens:
        if run and source[previous_end:start] != " ":
            close()
        if kind == "known":
            run.append((text, start, kind))
        elif text.lower() in CALENDAR:
            close()
        elif _capitalised(text):
            part, goes_on = _name_part(text)
            run.append((part, start, kind))
            if not goes_on:
                close()
        elif run and (text.lower() in INNER or text.isdigit()):  # "Council of Representatives", "Article 140"
            run.append((text, start, kind))
        else:
            close()
        previous_end = end
    close()
    return names


def names_note(source: str, glossary: Glossary) -> list[str]:
    """The entry comment naming the proper names the glossary lacks, e.g. ``["not in the glossary: Sinjar"]``; [] when none."""
    names = unknown_names(source, glossary)
    return [NOTE_PREFIX + ", ".join(names)] if names else []
