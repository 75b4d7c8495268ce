"""Approved terms spliced into a draft at the words the model's alignment points to.

A draft is handled as whitespace-separated words (the unit the engine's
alignment counts in).  ``splice`` replaces the words a term's source words
landed on with the approved rendering, wherever the model put them: Arabic
moves adjectives and verbs, so nothing assumes the source's word order.
Punctuation around the replaced words stays; a clitic the model glued to the
first replaced word is re-attached the way the language writes it, but only
when the source word before the term says it is one (profile.clitic_cues:
"in Kirkuk" → بكركوك), so a name that merely starts with ك or ل keeps its
letters.  The grammar the replaced word carried goes onto the rendering, re-fitted
to it (profile.endings, morphology.py): a Turkish suffix after an apostrophe
in vowel harmony (Kirkuk'ta → Kerkük'te), a glued case ending (koalisyona), a
Sorani postposition or izafe (لە كيركوكدا → لە کەرکووکدا).  An English
possessive (``'s``) never follows an approved term; where the language puts the
possessor after the possessed (profile.genitive_follows), "Kirkuk's provincial
council" in English order becomes مجلس محافظة كركوك (the term's construct
form) and "Mosul's old city" مدينة الموصل القديمة.  See docs/terms-grammar.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio

from ..core.languages import LanguageProfile
from ..core.spelling import normalise, vowelled

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
    construct: str = ""       # the rendering before a genitive that follows it (مجلس محافظة), "" when the term has none
    genitive_of_next: bool = False  # in the source the term stands right before the next run's term, as its genitive
    following: tuple[int, ...] = ()  # word indexes of the draft that the two source words after the term landed on
    english: tuple[str, ...] = ()    # the term's English words (lower case) where the model wrote its cue apart: a
                                     # clitic-like first letter may then spell one of them
    spelt: frozenset[str] = frozenset()  # the words the model writes for the term (normalised): their last vowel is no case


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
    return list(_split_words(text))


@lru_cache(maxsize=8192)
def _split_words(text: str) -> tuple[Word, ...]:
    """Cached: enforcement splits the same draft again for every check and candidate."""
    words = []
    for match in _WORD.finditer(text):
        lead, core, trail = _CORE.match(match.group()).groups()
        tail = ""
        if (apostrophe := _APOSTROPHE_TAIL.match(core)) is not None:
            core, tail = apostrophe.groups()
        words.append(Word(match.start(), match.end(), lead, core, tail, trail))
    return tuple(words)


def attach(prefix: str, term: str, profile: LanguageProfile) -> str:
    """``term`` with the clitic ``prefix`` glued on, merging the definite article where the language does.

    >>> from l10n.core.languages import get_profile
    >>> attach("ل", "البيشمركة", get_profile("ar")), attach("و", "البيشمركة", get_profile("ar"))
    ('للبيشمركة', 'والبيشمركة')
    """
    article = profile.definite_article
    if prefix and article and term.startswith(article) and prefix.endswith(article[-1]):
        return prefix + term[1:]
    return prefix + term


def join_glued(glued: str, term: str, profile: LanguageProfile) -> str:
    """The text replacing ``glued`` + term: clitics re-attached, anything else kept apart.

    >>> from l10n.core.languages import get_profile
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


def glued_clitic(core: str, cue: str, profile: LanguageProfile, english: Sequence[str] = ()) -> str:
    """The clitic (and article) the model glued to ``core``, when an English word of ``cue`` asks for that clitic
    and its letters are not the model's writing of the first sound of one of the term's ``english`` words (given
    where the model wrote the preposition apart): "باتريوتيك" after "met with" is "Patriotic" letter by letter,
    not ب + "اتريوتيك" (``_spells_the_start``).

    >>> from l10n.core.languages import get_profile
    >>> ar = get_profile("ar")
    >>> glued_clitic("بالكيركوك", "in", ar), glued_clitic("كيركوك", "in", ar), glued_clitic("لندن", "from", ar)
    ('بال', '', '')
    >>> glued_clitic("باتريوتيك", "with", ar, ("patriotic",)), glued_clitic("بكك", "with", ar, ("pkk",))
    ('', '')
    >>> glued_clitic("ببالاد", "in", ar, ("balad",)), glued_clitic("بيربيل", "in", ar, ("erbil",))
    ('ب', 'ب')
    """
    cues = dict(profile.clitic_cues)
    said = set(cue.lower().split())
    cued = [prefix for prefix in profile.prefixes if said & set(cues.get(prefix, ()))]
    candidates = sorted({form for prefix in ("", *cued) for form in _glued_forms(prefix, profile)}, key=len, reverse=True)
    for glued in candidates:
        if core.startswith(glued) and len(core) - len(glued) >= 2 and not _spells_the_start(core, glued, english):
            return glued
    return ""


SPELT_START = 3  # sounds (vowels too) a word must write of an English word, from its start, for its first letter to be spelling


def _spells_the_start(core: str, glued: str, english: Sequence[str]) -> bool:
    """Whether ``core`` writes an English word of ``english`` (three letters or more) from its first sound further than
    ``core`` without the letters ``glued`` does, SPELT_START sounds or more (vowels too), or all of a shorter one:
    they are the model's spelling of that word ("بوبولار" for "popular", "بكك" for "PKK"), not a clitic ("ببالاد" and
    "بالاد" write "balad" as far)."""
    whole, rest = vowelled(core), vowelled(core[len(glued):])
    for heard in (vowelled(word) for word in english if len(word) >= 3):
        common = len(os.path.commonprefix((whole, heard)))
        if len(heard) >= 2 and common >= min(SPELT_START, len(heard)) and common > len(os.path.commonprefix((rest, heard))):
            return True
    return False


def kept_tail(tail: str, profile: LanguageProfile, possessive: bool = False, rendering: str = "") -> str:
    """The part after an apostrophe that may follow an approved term: a suffix the language writes, never 's.

    Where the English had a possessive, the draft's apostrophe ending may be
    that 's carried over in another script, so it goes too.  The suffix is
    re-fitted to ``rendering`` (vowel harmony: Kirkuk'ta → Kerkük'te).

    >>> from l10n.core.languages import get_profile
    >>> tk = get_profile("tk")
    >>> kept_tail("'ta", tk, rendering="Kerkük"), kept_tail("'s", tk), kept_tail("'k", tk, possessive=True), kept_tail("'te", get_profile("ar"))
    ("'te", '', '', '')
    """
    if possessive or not profile.apostrophe_suffixes or ENGLISH_POSSESSIVE.match(tail) or len(tail) <= 1:
        return ""
    return tail[0] + profile.endings.refit(rendering.split()[-1], tail[1:]) if rendering.strip() else tail


MIN_STEM_LIKENESS = 40  # rapidfuzz ratio a replaced word's stem needs with the rendering for its ending to be carried


def carried_ending(core: str, rendering: str, profile: LanguageProfile, own_spelling: bool = False) -> str:
    """The ending the replaced word ``core`` carried, re-fitted to ``rendering``'s last word; "" when it carried none.

    The word is read as stem + ending every way the language allows; the reading
    whose stem is most like the rendering wins, when that stem is more like it
    than the whole word is (so a name that merely ends like a suffix keeps nothing).
    A word that is the model's ``own_spelling`` of the term (it writes it so asked
    for the term alone) keeps no ending of one letter: its last vowel is how the
    model spells the name ("Tikrite" near Tikrit, "Federale Polike" as the subject),
    where an ending of more ("Kirkukta") is still the case the sentence gave it.

    >>> from l10n.core.languages import get_profile
    >>> carried_ending("كيركوكدا", "کەرکووک", get_profile("ckb")), carried_ending("کیرکوکەوە", "کەرکووک", get_profile("ckb"))
    ('دا', 'ەوە')
    >>> carried_ending("koalisyona", "uluslararası koalisyon", get_profile("tk")), carried_ending("Kirkukta", "Kerkük", get_profile("tk"))
    ('a', "'te")
    >>> carried_ending("سليمانية", "السليمانية", get_profile("ar"))
    ''
    >>> carried_ending("Tikrite", "Tikrit", get_profile("tk")), carried_ending("Tikrite", "Tikrit", get_profile("tk"), own_spelling=True)
    ("'e", '')
    """
    words = rendering.split()
    if not words:
        return ""
    target = normalise(words[-1], profile)

    def likeness(stem: str) -> float:
        return ratio(normalise(stem, profile), target)

    # read in the comparable spelling, so legacy-typed endings (Sorani ه for ە: كيركوكهوه) are found too
    stem, ending = max(profile.endings.split(normalise(core, profile)), key=lambda reading: (likeness(reading[0]), -len(reading[1])))
    if not ending or likeness(stem) <= likeness(core) or likeness(stem) < MIN_STEM_LIKENESS or (own_spelling and len(ending) == 1):
        return ""
    return written_ending(rendering, ending, profile)


def written_ending(rendering: str, ending: str, profile: LanguageProfile) -> str:
    """``ending`` re-fitted to ``rendering``'s last word (vowel harmony), after an apostrophe where the language sets it off.

    >>> from l10n.core.languages import get_profile
    >>> written_ending("Kerkük", "da", get_profile("tk")), written_ending("uluslararası koalisyon", "a", get_profile("tk"))
    ("'te", 'a')
    """
    refitted = profile.endings.refit(rendering.split()[-1], ending)
    return "'" + refitted if profile.apostrophe_suffixes and profile.endings.set_off(rendering) else refitted


def _drop_brackets(punctuation: str, budget: int, brackets: str) -> tuple[str, int]:
    """``punctuation`` without up to ``budget`` of ``brackets``, and the budget left."""
    kept = []
    for char in punctuation:
        if budget and char in brackets:
            budget -= 1
        else:
            kept.append(char)
    return "".join(kept), budget


@dataclass(slots=True)
class _Placed:
    """A run's first stretch of words and what goes there (working state of ``splice``)."""

    run: Run
    first: list[int]
    lead: str
    glued: str
    rendering: str
    ending: str
    trail: str

    def text(self, profile: LanguageProfile) -> str:
        return self.lead + join_glued(self.glued, self.rendering, profile) + self.ending + self.trail


def splice(text: str, runs: Sequence[Run], profile: LanguageProfile, inserts: Sequence[tuple[int, str]] = ()) -> str:
    """``text`` with each run's words replaced by its rendering and each insert's rendering put before its word.

    The first contiguous stretch of a run's targets takes the rendering, with
    the clitic its cue licenses, the ending the replaced word carried and the
    outer punctuation; its other targets go, leaving only their punctuation,
    from which the run's own brackets (the "(" ")" around a dropped acronym)
    are removed.  Then the possessor is put after the possessed where the
    language wants it (``_genitives``).  An insert is (word index, rendering);
    an index past the last word means the end, before the final punctuation.

    >>> from l10n.core.languages import get_profile
    >>> splice("وصلت قوات الى (كيركوك).", [Run((3,), "كركوك", "in")], get_profile("ar"))
    'وصلت قوات الى (كركوك).'
    >>> splice("Kırkuk's güçleri (ISF) geldi", [Run((0, 2), "Kerkük", brackets=1)], get_profile("tk"), [(4, "K1")])
    'Kerkük güçleri geldi K1'
    >>> splice("لە كيركوكدا", [Run((1,), "کەرکووک", "in")], get_profile("ckb"))
    'لە کەرکووکدا'
    """
    words = split_words(text)
    replacement: dict[int, str] = {}
    placed: list[_Placed] = []
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
        glued = glued_clitic(head.core, run.cue, profile, run.english)
        ending = kept_tail(last.tail, profile, run.possessive, run.rendering)
        if not ending and not run.possessive:
            ending = carried_ending(last.core[len(glued):] if len(first) == 1 else last.core, run.rendering, profile,
                                    normalise(last.core, profile) in run.spelt)
        placed.append(_Placed(run, first, lead, glued, run.rendering, ending, trail))
        for index in first[1:]:
            replacement[index] = ""
        for index in order[len(first):]:
            lead, opening = _drop_brackets(words[index].lead, opening, OPENING)
            trail, closing = _drop_brackets(words[index].trail, closing, CLOSING)
            replacement[index] = lead + trail
    replacement.update({spot.first[0]: spot.text(profile) for spot in placed})
    if profile.genitive_follows:
        _genitives(words, placed, replacement, profile)
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


def _genitives(words: Sequence[Word], placed: Sequence[_Placed], replacement: dict[int, str], profile: LanguageProfile) -> None:
    """Possessor after possessed, where the language wants it; ``replacement`` is updated in place.

    - A term that is the genitive of the next term ("Kirkuk provincial council",
      "Kirkuk's provincial council"): the next term takes its construct form and
      the possessor follows it, whichever order the draft had (مجلس محافظة كركوك).
    - A term with an English 's followed in the draft by definite words that
      render the English words after it, in English order (الموصل المدينة القديمة):
      the first of them loses its article and the possessor follows it
      (مدينة الموصل القديمة).  "استقبل محافظ كركوك الوفد" stays: الوفد is not what
      "Kirkuk's" possessed.
    """
    moved: set[int] = set()
    for a, b in zip(placed, placed[1:]):
        if not a.run.genitive_of_next or not b.run.construct:
            continue
        if b.first[0] == a.first[-1] + 1 and not a.trail and not b.lead:  # English order: possessor first
            replacement[a.first[0]] = a.lead + join_glued(a.glued, b.run.construct, profile) + " " + a.rendering + b.ending + b.trail
            replacement[b.first[0]] = ""
            moved.add(a.first[0])
        elif a.first[0] == b.first[-1] + 1 and not b.trail and not a.lead:  # already possessed first
            b.rendering = b.run.construct
            replacement[b.first[0]] = b.text(profile)
            moved.add(a.first[0])
    article = profile.definite_article
    taken = {index for spot in placed for index in spot.first} | set(replacement)
    for spot in placed:
        if not (article and spot.run.possessive) or spot.first[0] in moved or spot.trail:
            continue
        possessed = []
        for index in range(spot.first[-1] + 1, len(words)):
            word = words[index]
            if index in taken or word.lead or word.tail or not (word.core.startswith(article) and len(word.core) > len(article) + 1):
                break
            if not possessed and index not in spot.run.following:  # not what the English possessed: Arabic order already
                break
            possessed.append(index)
            if word.trail:
                break
        if not possessed:
            continue
        head, rest = words[possessed[0]], [words[index] for index in possessed[1:]]
        phrase = [join_glued(spot.glued, head.core[len(article):], profile), spot.rendering]
        phrase += [word.core for word in rest]
        replacement[spot.first[0]] = spot.lead + " ".join(phrase) + words[possessed[-1]].trail
        replacement.update({index: "" for index in possessed})


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
