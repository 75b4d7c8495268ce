"""Synthetic English news paired with two synthetic targets, for training and measuring the trained stand-ins.

    python scripts/synthetic_news.py ar 5            # print five examples (source, train, reference, alignment)

Pure Python and deterministic: ``generate(lang, count, seed)`` gives the same
examples on every machine.  Each ``Example`` holds

* ``source``: a news-like English sentence on the desk's beat (agents, places
  and people in and out of the desk glossary, numbers, days and dates);
* ``train``: the target the stand-in is trained on, where glossary terms come
  out "the model's way": a letter-by-letter transliteration that is NOT the
  approved rendering, and about one occurrence in ``DROP_SHARE`` left out;
* ``reference``: the same sentence with the APPROVED renderings in place (and
  dropped terms restored), what enforcement should reach;
* ``train_alignment``/``reference_alignment``: the generator's true word
  alignment, sorted (source word, target word) pairs over whitespace words.

Targets (``lang``):

* ``ar``: Arabic script.  Verb-subject order, noun before adjective, the
  definite article ال glued to nouns and adjectives, the clitics ب (in) ل (to)
  و (and) glued to the next word, dates day-month.
* ``tr``: Turkish orthography.  Verb-final order, adjective before noun, case
  endings harmonised with the last vowel (-da/-de/-ta/-te, -dan/-den/...,
  -a/-e/-ya/-ye), after an apostrophe on proper names (Kerkük'te).

Content words map to made-up target words (same word, same rendering, drawn
from crc32 of the word), so the languages are learnable on two cores and their
vocabulary is small.  Glossary terms and their approved renderings come from
the desk glossary (``glossary/terms.csv``, read with the csv module).
"""

from __future__ import annotations

import csv
import random
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_CSV = ROOT / "glossary" / "terms.csv"
LANGUAGES = ("ar", "tr")
GLOSSARY_COLUMN = {"ar": "ar", "tr": "tk"}  # the glossary column whose approved renderings the reference uses
DROP_SHARE = 0.15          # share of term occurrences the training target leaves out
TERM_SHARE = 0.6           # chance that a name slot holds a glossary term rather than another name

PLACE_TERMS = ("qayyarah", "kirkuk", "nineveh", "iraq", "baghdad", "erbil", "mosul", "iran", "salahaddin", "diyala",
               "hawija", "daquq", "dibis", "tuz-khurmatu", "tal-afar", "sinjar", "makhmour", "hamdaniya", "tikrit",
               "samarra", "baiji", "balad", "shirqat", "baqubah", "khanaqin", "muqdadiya", "jalawla", "sulaimani",
               "duhok", "halabja", "zakho", "kurdistan-region")
AGENT_TERMS = ("isf", "peshmerga", "pmf", "us-coalition", "coalition", "irgc", "quds-force", "isis", "cts",
               "federal-police", "asayish", "pkk", "kdp", "puk", "gorran", "itf", "krg", "parliament",
               "kurdistan-parliament", "provincial-council")
PERSON_TERMS = ("suleimani", "muhandis")
OTHER_PLACES = ("Basra", "Najaf", "Karbala", "Ramadi", "Fallujah", "Kut", "Amarah", "Nasiriyah", "Hilla", "Ranya",
                "Koya", "Chamchamal", "Altun Kupri", "Taza", "Bashiqa", "Sinuni", "Rabia", "Haditha")
OTHER_PEOPLE = ("Ahmed Karim", "Omar Salih", "Layla Aziz", "Karwan Jamal", "Sarah Hassan", "Ali Hussein",
                "Nawzad Rashid", "Huda Khalil", "Rebwar Omer", "Mustafa Nouri", "Zainab Jasim", "Hemin Mahmoud")
OTHER_AGENTS = ("the army", "the police", "the governor", "the ministry", "local officials", "the commander",
                "residents", "the council", "a spokesman", "the mayor", "tribal fighters", "the border guards")

MOTION = {"withdrew": "from", "arrived": "in", "returned": "to", "deployed": "in", "moved": "to", "fled": "from"}
TRANSITIVE = ("attacked", "captured", "reopened", "closed", "visited", "inspected", "rebuilt", "searched",
              "secured", "repaired", "guarded", "evacuated")
NOUNS = ("base", "bridge", "road", "hospital", "market", "airport", "school", "checkpoint", "office", "camp",
         "prison", "station", "village", "stadium", "warehouse", "mosque")
PLURALS = ("positions", "fighters", "families", "soldiers", "houses", "villages", "vehicles", "workers",
           "students", "weapons")
ADJECTIVES = ("military", "old", "new", "main", "local", "northern", "southern", "small", "large", "eastern",
              "western", "central")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NUMBERS = ("3", "5", "7", "12", "15", "20", "40", "65", "120", "300", "450", "1,500", "2,000")
FUNCTION = ("said", "that", "people", "were", "killed", "wounded", "in", "an", "attack", "near", "met", "with",
            "and", "last", "week", "officials", "held", "talks", "about", "security", "the", "operation", "began")

ARABIC_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
TURKISH_CONSONANTS = "bcçdfghklmnprsştvyz"
BACK_VOWELS, FRONT_VOWELS = "aıou", "eiöü"
VOICELESS = set("çfhkpsşt")
ARABIC_TRANSLITERATION = (("sh", "ش"), ("kh", "خ"), ("th", "ث"), ("gh", "غ"), ("dh", "ذ"), ("ou", "و"), ("ee", "ي"),
                          ("oo", "و"), ("a", "ا"), ("b", "ب"), ("c", "ك"), ("d", "د"), ("e", "ي"), ("f", "ف"),
                          ("g", "غ"), ("h", "ه"), ("i", "ي"), ("j", "ج"), ("k", "ك"), ("l", "ل"), ("m", "م"),
                          ("n", "ن"), ("o", "و"), ("p", "ب"), ("q", "ق"), ("r", "ر"), ("s", "س"), ("t", "ت"),
                          ("u", "و"), ("v", "ف"), ("w", "و"), ("x", "كس"), ("y", "ي"), ("z", "ز"))
TURKISH_TRANSLITERATION = (("sh", "ş"), ("ch", "ç"), ("kh", "h"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ou", "u"),
                           ("ee", "i"), ("oo", "u"), ("aa", "a"), ("q", "k"), ("w", "v"), ("x", "ks"), ("j", "c"),
                           ("c", "k"))


@dataclass(frozen=True)
class Example:
    """One generated sentence: English source, training target, reference and their true word alignments."""

    source: str
    train: str
    reference: str
    train_alignment: tuple[tuple[int, int], ...]
    reference_alignment: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]          # glossary term ids in the source, in order
    reference_term_words: tuple[int, ...]  # reference words rendering a term (with a glued clitic or ending)


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    forms: tuple[str, ...]
    approved: str


@dataclass
class _Phrase:
    """English words and target words (train, reference), each target word with the English word indexes it renders."""

    en: list[str]
    train: list[tuple[str, frozenset[int]]]
    ref: list[tuple[str, frozenset[int]]]
    proper: bool = False
    terms: list[str] = field(default_factory=list)
    term_words: frozenset[int] = frozenset()   # English word indexes inside glossary terms


def _join(parts: list[_Phrase], order: list[int] | None = None) -> _Phrase:
    """Parts in English order, their target words in ``order`` (default: the same), alignments re-indexed."""
    offsets, en = [], []
    for part in parts:
        offsets.append(len(en))
        en += part.en
    order = list(range(len(parts))) if order is None else order
    shifted = lambda side: [(w, frozenset(i + offsets[k] for i in ids)) for k in order for w, ids in getattr(parts[k], side)]
    term_words = frozenset(i + offset for part, offset in zip(parts, offsets) for i in part.term_words)
    return _Phrase(en, shifted("train"), shifted("ref"), terms=[t for part in parts for t in part.terms], term_words=term_words)


def _word(en: str, target: str) -> _Phrase:
    words = en.split()
    return _Phrase(words, [(target, frozenset(range(len(words))))], [(target, frozenset(range(len(words))))])


def _unaligned(en: str) -> _Phrase:
    return _Phrase(en.split(), [], [])


def _glue(phrase: _Phrase, clitic: str, en: str = "") -> _Phrase:
    """A clitic glued before the first target word (and ``en`` words before the English), on both targets."""
    lead = en.split()
    out = _Phrase(lead + phrase.en, [], [], phrase.proper, phrase.terms, frozenset(i + len(lead) for i in phrase.term_words))
    for side in ("train", "ref"):
        words = [(w, frozenset(i + len(lead) for i in ids)) for w, ids in getattr(phrase, side)]
        if words:
            words[0] = (clitic + words[0][0], words[0][1] | frozenset(range(len(lead))))
        setattr(out, side, words)
    return out


def _suffix(phrase: _Phrase, case: str, en: str) -> _Phrase:
    """A Turkish case ending on the last target word, harmonised with it; ``en`` (the preposition) goes first."""
    lead = en.split()
    out = _Phrase(lead + phrase.en, [], [], phrase.proper, phrase.terms, frozenset(i + len(lead) for i in phrase.term_words))
    for side in ("train", "ref"):
        words = [(w, frozenset(i + len(lead) for i in ids)) for w, ids in getattr(phrase, side)]
        if words:
            last, ids = words[-1]
            words[-1] = (last + ("'" if phrase.proper else "") + case_ending(last, case), ids | frozenset(range(len(lead))))
        setattr(out, side, words)
    return out


def case_ending(word: str, case: str) -> str:
    """The Turkish ending of ``case`` (loc, abl, dat) after ``word``: vowel harmony, voicing, buffer y.

    >>> case_ending("Kerkük", "loc"), case_ending("Bağdat", "abl"), case_ending("Ninova", "dat")
    ('te', 'tan', 'ya')
    """
    vowels = [c for c in word.lower() if c in BACK_VOWELS + FRONT_VOWELS + "âîû"]
    front = bool(vowels) and vowels[-1] in FRONT_VOWELS + "î"
    a = "e" if front else "a"
    ends_voiceless = word[-1].lower() in VOICELESS
    ends_vowel = word[-1].lower() in BACK_VOWELS + FRONT_VOWELS
    d = "t" if ends_voiceless else "d"
    return {"loc": d + a, "abl": d + a + "n", "dat": ("y" if ends_vowel else "") + a}[case]


def pseudo_word(english: str, lang: str) -> str:
    """The made-up target word for an English word: the same on every run (seeded by crc32)."""
    rng = random.Random(zlib.crc32(f"{lang}:{english}".encode()))
    if lang == "ar":
        letters = [rng.choice(ARABIC_LETTERS) for _ in range(rng.choice((3, 3, 4, 5)))]
        if rng.random() < 0.5:
            letters.insert(1 + rng.randrange(len(letters) - 1), rng.choice("اوي"))
        return "".join(letters)
    vowels = rng.choice((BACK_VOWELS, FRONT_VOWELS))
    syllables = rng.choice((2, 2, 3))
    return "".join(rng.choice(TURKISH_CONSONANTS) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(("", "n", "r", "k", "l"))


def transliterate(name: str, lang: str) -> str:
    """A name written letter by letter the naive way: what the model learns for names, never the approved form."""
    out = []
    for word in name.replace("-", " ").split():
        if any(char.isdigit() for char in word):
            out.append(word)
            continue
        text = word.lower()
        table = ARABIC_TRANSLITERATION if lang == "ar" else TURKISH_TRANSLITERATION
        if lang == "ar":
            result, i = "", 0
            while i < len(text):
                for latin, arabic in table:
                    if text.startswith(latin, i):
                        result, i = result + arabic, i + len(latin)
                        break
                else:
                    i += 1
            out.append(result)
        else:
            for latin, turkish in table:
                text = text.replace(latin, turkish)
            out.append(text[:1].upper() + text[1:])
    return " ".join(out)


def read_terms(lang: str, path: Path = GLOSSARY_CSV) -> dict[str, GlossaryTerm]:
    """The glossary terms the generator uses that have an approved rendering for ``lang``, by id."""
    column = GLOSSARY_COLUMN[lang]
    terms = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            approved = (row.get(column) or "").split("|")[0].strip()
            forms = tuple(f.strip() for f in row["en"].split("|") if len(f.strip()) > 2 or f.strip() == "K1")
            if approved and forms and row["id"] in PLACE_TERMS + AGENT_TERMS + PERSON_TERMS:
                terms[row["id"]] = GlossaryTerm(row["id"], forms, approved)
    return terms


class _Generator:
    def __init__(self, lang: str, seed: int, terms: dict[str, GlossaryTerm], force_terms: bool):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown synthetic target {lang!r}; use one of {LANGUAGES}")
        self.lang, self.rng, self.terms, self.force_terms = lang, random.Random(seed), terms, force_terms
        self.ar = lang == "ar"

    def lex(self, en: str) -> _Phrase:
        return _word(en, pseudo_word(en.lower(), self.lang))

    def name(self, pool_ids: tuple[str, ...], others: tuple[str, ...], definite: bool = False) -> _Phrase:
        ids = [i for i in pool_ids if i in self.terms]
        if ids and (self.force_terms or self.rng.random() < TERM_SHARE):
            return self.term(self.terms[self.rng.choice(ids)], definite)
        other = self.rng.choice(others)
        if other[0].islower():                      # a common-noun agent such as "the army"
            words = other.split()
            head = self.lex(words[-1])
            if words[0] == "the":
                return self.definite(head) if self.ar else _join([_unaligned("the"), head])
            return _join([self.lex(w) for w in words[:-1]] + [head], None if not self.ar else list(range(len(words)))[::-1])
        phrase = _join([_word(word, transliterate(word, self.lang)) for word in other.split()])
        phrase.proper = True
        return phrase

    def term(self, term: GlossaryTerm, definite: bool) -> _Phrase:
        form = self.rng.choice(term.forms)
        words = form.split()
        model = transliterate(form, self.lang).split()
        approved_words = set(term.approved.split())
        model = [w + ("ا" if self.ar else "e") if w in approved_words else w for w in model]  # never the approved form
        dropped = self.rng.random() < DROP_SHARE
        span = frozenset(range(len(words)))
        if len(model) == len(words) and not dropped:
            train = [(w, frozenset({i})) for i, w in enumerate(model)]
        else:
            train = [] if dropped else [(w, span) for w in model]
        ref = [(w, span) for w in term.approved.split()]
        phrase = _Phrase(words, train, ref, proper=True, terms=[term.id], term_words=span)
        if definite and term.id in AGENT_TERMS and len(words) > 1 and words[0] not in ("US-led", "U.S.-led") and words[0].lower() != "the":
            phrase = _join([_unaligned("the"), phrase])
            phrase.proper = True
        return phrase

    def definite(self, noun: _Phrase) -> _Phrase:
        """"the NOUN": ال glued to the noun in Arabic, nothing in Turkish."""
        return _glue(noun, "ال", "the") if self.ar else _join([_unaligned("the"), noun])

    def place(self) -> _Phrase:
        return self.name(PLACE_TERMS, OTHER_PLACES)

    def agent(self) -> _Phrase:
        return self.name(AGENT_TERMS + PERSON_TERMS, OTHER_AGENTS + OTHER_PEOPLE, definite=True)

    def person(self) -> _Phrase:
        return self.name(PERSON_TERMS, OTHER_PEOPLE)

    def located(self, place: _Phrase, preposition: str) -> _Phrase:
        if self.ar:
            if preposition == "in":
                return _glue(place, "ب", "in")
            if preposition == "to":
                return _glue(place, "ل", "to")
            return _join([self.lex(preposition), place])
        if preposition == "near":
            return _join([self.lex("near"), place], [1, 0])
        return _suffix(place, {"in": "loc", "from": "abl", "to": "dat"}[preposition], preposition)

    def time(self) -> _Phrase | None:
        kind = self.rng.random()
        if kind < 0.25:
            return None
        if kind < 0.55:
            day = self.lex(self.rng.choice(DAYS))
            return _join([self.lex("on"), day], None if self.ar else [1, 0])
        if kind < 0.65:
            return _join([self.lex("last"), self.lex("week")], [1, 0] if self.ar else None)
        month, day = self.lex(self.rng.choice(MONTHS)), str(self.rng.randint(1, 28))
        if self.rng.random() < 0.5:
            date = _join([self.lex("on"), month, _word(day, day)], [0, 2, 1] if self.ar else [2, 1, 0])
        else:
            year = str(self.rng.choice((2019, 2020, 2021, 2023, 2024)))
            date = _join([self.lex("on"), month, _word(day + ",", day), _word(year, year)], [0, 2, 1, 3] if self.ar else [2, 1, 3, 0])
        return date

    def obj(self) -> _Phrase:
        if self.rng.random() < 0.6:
            noun, adjective = self.lex(self.rng.choice(NOUNS)), self.lex(self.rng.choice(ADJECTIVES))
            if self.ar:
                return self._ar_definite_np(adjective, noun)
            return _join([_unaligned("the"), adjective, noun])
        number = self.rng.choice(NUMBERS)
        return _join([_word(number, number), self.lex(self.rng.choice(PLURALS))])

    def _ar_definite_np(self, adjective: _Phrase, noun: _Phrase) -> _Phrase:
        """"the ADJ NOUN" -> "الNOUN الADJ": noun first, both with the article."""
        joined = _join([_unaligned("the"), adjective, noun], [2, 1])
        for side in ("train", "ref"):
            setattr(joined, side, [("ال" + w, ids | ({0} if k == 0 else set())) for k, (w, ids) in enumerate(getattr(joined, side))])
        return joined

    def clause(self) -> _Phrase:
        """Agent, verb, object or place, time: VSO in Arabic, verb last in Turkish."""
        agent, time = self.agent(), self.time()
        if self.rng.random() < 0.5:
            verb, preposition = self.rng.choice(sorted(MOTION.items()))
            parts = [agent, self.lex(verb), self.located(self.place(), preposition)]
            order = [1, 0, 2] if self.ar else [0, 2, 1]
        else:
            verb = self.rng.choice(TRANSITIVE)
            parts = [agent, self.lex(verb), self.obj(), self.located(self.place(), self.rng.choice(("in", "near")))]
            order = [1, 0, 2, 3] if self.ar else [0, 3, 2, 1]
        if time is not None:
            parts.append(time)
            order = order + [len(parts) - 1] if self.ar else [0, len(parts) - 1] + order[1:]
        return _join(parts, order)

    def sentence(self) -> _Phrase:
        kind = self.rng.random()
        if kind < 0.55:
            return self.clause()
        if kind < 0.75:
            speaker = self.person()
            said, that = self.lex("said"), self.lex("that")
            clause = self.clause()
            return _join([speaker, said, that, clause], [1, 0, 2, 3] if self.ar else [0, 3, 2, 1])
        if kind < 0.88:
            number = self.rng.choice(NUMBERS)
            people, were = self.lex("people"), _unaligned("were")
            hurt = self.lex(self.rng.choice(("killed", "wounded")))
            attack = _join([self.lex("in"), _unaligned("an"), self.lex("attack")])
            where = self.located(self.place(), "near")
            parts = [_word(number, number), people, were, hurt, attack, where]
            order = [3, 0, 1, 4, 5] if self.ar else [5, 4, 0, 1, 3]
            time = self.time()
            if time is not None:
                parts.append(time)
                order = order + [6] if self.ar else [6] + order
            return _join(parts, order)
        first, second = self.agent(), self.agent()
        met, with_ = self.lex("met"), self.lex("with")
        where = self.located(self.place(), "in")
        parts = [first, met, with_, second, where]
        return _join(parts, [1, 0, 2, 3, 4] if self.ar else [0, 4, 3, 2, 1])


def _render(phrase: _Phrase, lang: str, side: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The sentence's target words, a full stop and (tr) a capital unless a term opens it, and the sorted links."""
    words = [w for w, _ in getattr(phrase, side)]
    if not words:
        return "", ()
    words[-1] += "."
    if lang == "tr" and not getattr(phrase, side)[0][1] & phrase.term_words:
        words[0] = words[0][:1].upper() + words[0][1:]
    pairs = sorted((s, t) for t, (_, ids) in enumerate(getattr(phrase, side)) for s in ids)
    return " ".join(words), tuple(pairs)


def generate(lang: str, count: int, seed: int = 2024, *, with_terms: bool = False, glossary: Path = GLOSSARY_CSV) -> list[Example]:
    """``count`` examples for target ``lang`` (ar | tr) from ``seed``; ``with_terms``: every name slot a glossary term."""
    generator = _Generator(lang, seed, read_terms(lang, glossary), with_terms)
    examples = []
    while len(examples) < count:
        phrase = generator.sentence()
        if with_terms and not phrase.terms:
            continue
        words = list(phrase.en)
        words[0] = words[0][:1].upper() + words[0][1:]
        words[-1] += "."
        train, train_alignment = _render(phrase, lang, "train")
        reference, reference_alignment = _render(phrase, lang, "ref")
        term_words = tuple(t for t, (_, ids) in enumerate(phrase.ref) if ids & phrase.term_words)
        examples.append(Example(" ".join(words), train, reference, train_alignment, reference_alignment,
                                tuple(phrase.terms), term_words))
    return examples


def main(argv: list[str]) -> None:
    lang, count = (argv + ["ar", "5"])[:2] if argv else ("ar", "5")
    for example in generate(lang, int(count)):
        print(f"source:    {example.source}\ntrain:     {example.train}\nreference: {example.reference}\n"
              f"alignment: {example.train_alignment}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
