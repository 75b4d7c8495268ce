"""Approved terms spliced into a draft at the words the model's alignment points to.

A draft is handled as whitespace-separated words (the unit the engine's
alignment counts in).  ``splice`` replaces the words a term's source words
landed on with the approved rendering, wherever the model put them: Arabic
moves adjectives and verbs, so nothing assumes the source's word order.
Punctuation around the replaced words stays; a clitic the model glued to the
first replaced word is re-attached the way the language writes it, but only
when the source word before the term says it is one (profile.clitic_cues:
"in Kirkuk" → بكركوك), so a name that merely starts with ك or ل keeps its
letters; a Turkish suffix after an apostrophe stays (Kerkük'te); an English
possessive (``'s``) never follows an approved term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .languages import LanguageProfile

_APOSTROPHES = "'’"
ENGLISH_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_APOSTROPHE_TAIL = re.compile(rf"^(.*\w)([{_APOSTROPHES}]\w*)$", re.DOTALL)
OPENING, CLOSING = "([{«", ")]}»"


@dataclass(frozen=True, slots=True)
class Run:
    """Where one term goes in a draft: the target words its source words landed on, and how to write it there."""

    targets: tuple[int, ...]  # word indexes of the draft
    rendering: str            # the approved term (with "(ISF)" when the glossary keeps the acronym)
    cue: str = ""             # the English words before the term, which may call for a clitic ("went to the")
    brackets: int = 0         # bracket pairs of the source that belong to the term (a dropped "(ISF)")
    possessive: bool = False  # the English term carries 's, so an apostrophe ending in the draft renders it


@dataclass(frozen=True, slots=True)
class Word:
    """One whitespace-separated word of a text: its span and its parts (lead + core + tail + trail)."""

    start: int
    end: int
    lead: str    # punctuation before the letters: "(" of "(ISF)"
    core: str    # the letters, clitics included
    tail: str    # an apostrophe and what follows it: "'te", "'s"
    trail: str   # punctuation after: "," or ")."


def split_words(text: str) -> list[Word]:
    """The words of ``text`` as ``str.split`` counts them, each cut into its parts.

    >>> [(w.lead, w.core, w.tail, w.trail) for w in split_words("(Kerkük'te), ISF.")]
    [('(', 'Kerkük', "'te", '),'), ('', 'ISF', '', '.')]
    """
    words = []
    for match in _WORD.finditer(text):
        lead, core, trail = _CORE.match(match.group()).groups()
        tail = ""
        if (apostrophe := _APOSTROPHE_TAIL.match(core)) is not None:
            core, tail = apostrophe.groups()
        words.append(Word(match.start(), match.end(), lead, core, tail, trail))
    return words


def attach(prefix: str, term: str, profile: LanguageProfile) -> str:
    """``term`` with the clitic ``prefix`` glued on, merging the definite article where the language does.

    >>> from l10n.languages import get_profile
    >>> attach("ل", "البيشمركة", get_profile("ar")), attach("و", "البيشمركة", get_profile("ar"))
    ('للبيشمركة', 'والبيشمركة')
    """
    article = profile.definite_article
    if prefix and article and term.startswith(article) and prefix.endswith(article[-1]):
        return prefix + term[1:]
    return prefix + term


def join_glued(glued: str, term: str, profile: LanguageProfile) -> str:
    """The text replacing ``glued`` + term: clitics re-attached, anything else kept apart.

    >>> from l10n.languages import get_profile
    >>> ar = get_profile("ar")
    >>> join_glued("بال", "كركوك", ar), join_glued("لل", "البيشمركة", ar), join_glued("مع", "كركوك", ar)
    ('بكركوك', 'للبيشمركة', 'مع كركوك')
    """
    if not glued:
        return term
    for prefix in ("", *sorted(profile.prefixes, key=len, reverse=True)):
        if glued in _glued_forms(prefix, profile):
            return attach(prefix, term, profile)
    return f"{glued} {term}"


def _glued_forms(prefix: str, profile: LanguageProfile) -> set[str]:
    """How ``prefix`` may appear glued before a word: alone, with the article, merged with it."""
    forms = {prefix} if prefix else set()
    article = profile.definite_article
    if article:
        forms.add(prefix + article)
        if prefix.endswith(article[-1]):
            forms.add(prefix + article[1:])
    return forms


def glued_clitic(core: str, cue: str, profile: LanguageProfile) -> str:
    """The clitic (and article) the model glued to ``core``, when an English word of ``cue`` asks for that clitic.

    >>> from l10n.languages import get_profile
    >>> ar = get_profile("ar")
    >>> glued_clitic("بالكيركوك", "in", ar), glued_clitic("كيركوك", "in", ar), glued_clitic("لندن", "from", ar)
    ('بال', '', '')
    """
    cues = dict(profile.clitic_cues)
    said = set(cue.lower().split())
    cued = [prefix for prefix in profile.prefixes if said & set(cues.get(prefix, ()))]
    candidates = sorted({form for prefix in ("", *cued) for form in _glued_forms(prefix, profile)}, key=len, reverse=True)
    for glued in candidates:
        if core.startswith(glued) and len(core) - len(glued) >= 2:
            return glued
    return ""


def kept_tail(tail: str, profile: LanguageProfile, possessive: bool = False) -> str:
    """The part after an apostrophe that may follow an approved term: a suffix the language writes, never 's.

    Where the English had a possessive, the draft's apostrophe ending may be
    that 's carried over in another script, so it goes too.

    >>> from l10n.languages import get_profile
    >>> tk = get_profile("tk")
    >>> kept_tail("'te", tk), kept_tail("'s", tk), kept_tail("'k", tk, possessive=True), kept_tail("'te", get_profile("ar"))
    ("'te", '', '', '')
    """
    if possessive or not profile.apostrophe_suffixes or ENGLISH_POSSESSIVE.match(tail):
        return ""
    return tail if len(tail) > 1 else ""


def _drop_brackets(punctuation: str, budget: int, brackets: str) -> tuple[str, int]:
    """``punctuation`` without up to ``budget`` of ``brackets``, and the budget left."""
    kept = []
    for char in punctuation:
        if budget and char in brackets:
            budget -= 1
        else:
            kept.append(char)
    return "".join(kept), budget


def splice(text: str, runs: Sequence[Run], profile: LanguageProfile, inserts: Sequence[tuple[int, str]] = ()) -> str:
    """``text`` with each run's words replaced by its rendering and each insert's rendering put before its word.

    The first contiguous stretch of a run's targets takes the rendering, with
    the clitic its cue licenses and the outer punctuation; its other targets
    go, leaving only their punctuation, from which the run's own brackets
    (the "(" ")" around a dropped acronym) are removed.  An insert is
    (word index, rendering); an index past the last word means the end, before
    the final punctuation.

    >>> from l10n.languages import get_profile
    >>> splice("وصلت قوات الى (كيركوك).", [Run((3,), "كركوك", "in")], get_profile("ar"))
    'وصلت قوات الى (كركوك).'
    >>> splice("Kırkuk's güçleri (ISF) geldi", [Run((0, 2), "Kerkük", brackets=1)], get_profile("tk"), [(4, "K1")])
    'Kerkük güçleri geldi K1'
    """
    words = split_words(text)
    replacement: dict[int, str] = {}
    for run in runs:
        order, brackets = sorted(set(run.targets)), run.brackets
        if not order:
            continue
        first = [order[0]]
        for index in order[1:]:
            if index != first[-1] + 1:
                break
            first.append(index)
        head, last = words[first[0]], words[first[-1]]
        # punctuation inside the replaced stretch goes with it, and uses up the term's own brackets first
        hidden = head.trail + "".join(words[i].lead + words[i].trail for i in first[1:-1]) + (last.lead if len(first) > 1 else "")
        opening = max(0, brackets - sum(hidden.count(c) for c in OPENING))
        closing = max(0, brackets - sum(hidden.count(c) for c in CLOSING))
        lead, opening = _drop_brackets(head.lead, opening, OPENING)
        trail, closing = _drop_brackets(last.trail, closing, CLOSING)
        glued = glued_clitic(head.core, run.cue, profile)
        ending = kept_tail(last.tail, profile, run.possessive)
        replacement[first[0]] = lead + join_glued(glued, run.rendering, profile) + ending + trail
        for index in first[1:]:
            replacement[index] = ""
        for index in order[len(first):]:
            lead, opening = _drop_brackets(words[index].lead, opening, OPENING)
            trail, closing = _drop_brackets(words[index].trail, closing, CLOSING)
            replacement[index] = lead + trail
    for position, rendering in inserts:
        if not words:
            return rendering
        if position < len(words):
            current = replacement.get(position, text[words[position].start : words[position].end])
            replacement[position] = f"{rendering} {current}"
        else:  # after the last word a run left standing (a run's later words are gone into its first)
            index = max((i for i in range(len(words)) if replacement.get(i) != ""), default=len(words) - 1)
            trail = words[-1].trail
            current = replacement.get(index, text[words[index].start : words[index].end])
            body = current[: len(current) - len(trail)] if trail and current.endswith(trail) else current
            replacement[index] = f"{body} {rendering}{current[len(body):]}"
    return rebuild(text, words, replacement)


def rebuild(text: str, words: Sequence[Word], replacement: dict[int, str]) -> str:
    pieces, cursor = [], 0
    for index, word in enumerate(words):
        if index not in replacement:
            continue
        pieces.append(text[cursor : word.start])
        pieces.append(replacement[index])
        cursor = word.end
    pieces.append(text[cursor:])
    return tidy("".join(pieces))


def tidy(text: str) -> str:
    """Single spaces, no space before closing punctuation, no empty brackets."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([,.;:!?،؛)\]])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
