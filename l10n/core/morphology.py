"""Endings a term may carry in a target language, as data: which ones a text may show, and how to re-fit one to a new stem.

Two kinds of table, one per language in ``languages.PROFILES`` (``LanguageProfile.endings``):

- ``SlotEndings`` (Sorani, Arabic): ordered slots of morphemes, each optional;
  a morpheme has one spelling per kind of stem end (after a consonant, after a
  vowel, after ی), so "ەکان" after کەرکووک is "کان" after پێشمەرگە and "یەکان"
  after سلێمانی.
- ``TurkishEndings``: case, plural and possessive suffixes written with the
  archiphonemes of Turkish grammar (A = a/e, I = ı/i/u/ü, D = d/t) and a buffer
  letter used after vowels; each is realised against the stem's last vowel and
  last sound (vowel harmony, d/t after voiceless consonants, buffer y/n/s).

``after(stem)`` lists the endings that may follow a stem (for matching) and
``refit(stem, ending)`` rewrites an ending taken from another word so that it
agrees with ``stem`` (for splicing: Kirkuk'ta → Kerkük'te).  See docs/terms-grammar.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product


class Endings:
    """No endings: a term is matched and spliced as it is written."""

    glued_on_names = True  # a one-word capitalised name may take a glued ending (False: only after an apostrophe)

    def after(self, stem: str) -> tuple[str, ...]:
        """Endings that may follow ``stem``, longest first ("" not included)."""
        return ()

    def set_off(self, rendering: str) -> bool:
        """Whether ``rendering`` takes its endings after an apostrophe only: a one-word name where names do (Kerkük'te)."""
        return not self.glued_on_names and len(rendering.split()) == 1 and rendering[:1].isupper()

    def refit(self, stem: str, ending: str) -> str:
        """``ending`` (taken from another word) as it is written after ``stem``."""
        return ending

    def pattern(self, stem: str) -> str:
        """Regex for an optional ending after ``stem``."""
        endings = self.after(stem)
        return f"(?:{'|'.join(map(re.escape, endings))})?" if endings else ""

    def split(self, word: str) -> list[tuple[str, str]]:
        """Every (stem, ending) reading of ``word`` with an ending of this language; the bare word first."""
        endings = self._ending_set()
        longest = max(map(len, endings), default=0)
        return [(word, "")] + [(word[:-size], word[-size:]) for size in range(1, min(longest, len(word) - 2) + 1)
                               if word[-size:] in endings]

    def _ending_set(self) -> frozenset[str]:
        return frozenset(self._all())

    def _all(self) -> tuple[str, ...]:
        return ()


NO_ENDINGS = Endings()


@dataclass(frozen=True)
class SlotEndings(Endings):
    """Endings built from ordered slots of morphemes; a morpheme is spelled by the kind of letter before it.

    ``kinds`` maps a final letter to the index of the spelling used after it
    (letters not listed: index 0).

    >>> from l10n.core.languages import get_profile
    >>> ckb = get_profile("ckb").endings
    >>> ckb.refit("کەرکووک", "وە"), ckb.refit("پێشمەرگە", "ەکان"), ckb.refit("سلێمانی", "ەکان")
    ('ەوە', 'کان', 'یەکان')
    """

    slots: tuple[tuple[tuple[str, ...], ...], ...] = ()
    kinds: tuple[tuple[str, int], ...] = ()

    def _kind(self, stem: str) -> int:
        last = stem[-1:] if stem else ""
        return next((index for letters, index in self.kinds if last and last in letters), 0)

    @lru_cache(maxsize=None)
    def _ending_set(self) -> frozenset[str]:
        return frozenset(self._all())

    @lru_cache(maxsize=None)
    def _all(self) -> tuple[str, ...]:
        slots = [("",) + tuple(dict.fromkeys(form for morpheme in slot for form in morpheme)) for slot in self.slots]
        return tuple(sorted({"".join(parts) for parts in product(*slots)} - {""}, key=len, reverse=True))

    def after(self, stem: str) -> tuple[str, ...]:
        return self._all()

    def pattern(self, stem: str) -> str:
        """Each slot optional, any spelling of its morphemes (the combinations are too many to list)."""
        parts = []
        for slot in self.slots:
            forms = sorted({form for morpheme in slot for form in morpheme}, key=len, reverse=True)
            parts.append(f"(?:{'|'.join(map(re.escape, forms))})?")
        return "".join(parts)

    def _morphemes(self, ending: str, slot: int = 0) -> list[tuple[str, ...]] | None:
        """``ending`` cut into one morpheme per used slot (longest spellings first); None when it is not one."""
        if not ending:
            return []
        for index in range(slot, len(self.slots)):
            for morpheme in self.slots[index]:
                for form in sorted(set(morpheme), key=len, reverse=True):
                    if form and ending.startswith(form) and (rest := self._morphemes(ending[len(form):], index + 1)) is not None:
                        return [morpheme, *rest]
        return None

    def refit(self, stem: str, ending: str) -> str:
        morphemes = self._morphemes(ending)
        if not morphemes:
            return ending
        word = stem
        for morpheme in morphemes:
            word += morpheme[min(self._kind(word), len(morpheme) - 1)]
        return word[len(stem):]


# --- Turkish ------------------------------------------------------------------------------------------

_BACK, _FRONT = "aıou", "eiöü"
_VOWELS = _BACK + _FRONT
_VOICELESS = "fstkçşhp"  # "fıstıkçı şahap"
#: How a letter or digit is read out, for acronyms spelled letter by letter (PKK'nın, ABD'de, K1'de).
TURKISH_LETTER_NAMES = {
    "a": "a", "b": "be", "c": "ce", "ç": "çe", "d": "de", "e": "e", "f": "fe", "g": "ge", "ğ": "ge", "h": "he",
    "ı": "ı", "i": "i", "j": "je", "k": "ka", "l": "le", "m": "me", "n": "ne", "o": "o", "ö": "ö", "p": "pe",
    "q": "kü", "r": "re", "s": "se", "ş": "şe", "t": "te", "u": "u", "ü": "ü", "v": "ve", "w": "ve", "x": "iks",
    "y": "ye", "z": "ze", "0": "sıfır", "1": "bir", "2": "iki", "3": "üç", "4": "dört", "5": "beş", "6": "altı",
    "7": "yedi", "8": "sekiz", "9": "dokuz",
}
_BUFFERS = "yns"


def turkish_lower(text: str) -> str:
    """Lower case with Turkish dotted and dotless i (I → ı, İ → i)."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def turkish_sound(word: str) -> str:
    """How ``word`` ends when read aloud: an acronym with no vowel in its last two letters is spelled out.

    >>> turkish_sound("PKK"), turkish_sound("K1"), turkish_sound("IŞİD"), turkish_sound("Kerkük")
    ('pkkka', 'k1bir', 'ışid', 'kerkük')
    """
    lower = turkish_lower(word)
    spelled = word.upper() == word and len(word) >= 2 and not any(ch in _VOWELS for ch in lower[-2:])
    return lower + TURKISH_LETTER_NAMES.get(lower[-1:], "") if spelled else lower


def _last_vowel(sound: str) -> str:
    return next((ch for ch in reversed(sound) if ch in _VOWELS), "e")


def _realise(sound: str, buffer: str, body: str) -> str:
    """One suffix (archiphonemes A I D in ``body``) realised after ``sound``; ``buffer`` is used after a vowel."""
    out = buffer if sound[-1:] in _VOWELS else ""
    vowel, previous = _last_vowel(sound), (buffer or sound[-1:]) if out else sound[-1:]
    for ch in body:
        if ch == "A":
            ch = "a" if vowel in _BACK else "e"
        elif ch == "I":
            ch = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[vowel]
        elif ch == "D":
            ch = "t" if previous in _VOICELESS else "d"
        if ch in _VOWELS:
            vowel = ch
        out += ch
        previous = ch
    return out


def _skeleton(suffix: str) -> tuple[str, str, str]:
    """A written suffix as (buffer, archiphoneme body, invariant ki): "nın" → ("n", "In", ""), "teki" → ("", "DA", "ki")."""
    lower = turkish_lower(suffix)
    ki = "ki" if lower.endswith("ki") and len(lower) > 2 else ""
    body = lower[: len(lower) - len(ki)]
    buffer = ""
    if body[:1] in _BUFFERS and len(body) > 1 and (body[1] in _VOWELS or body[:2] in ("yl", "nd", "nt")):
        buffer, body = body[0], body[1:]
    letters = []
    for index, ch in enumerate(body):
        if ch in "ae":
            letters.append("A")
        elif ch in "ıiuü":
            letters.append("I")
        elif ch in "dt" and index == 0:
            letters.append("D")
        else:
            letters.append(ch)
    return buffer, "".join(letters), ki


@dataclass(frozen=True)
class TurkishEndings(Endings):
    """Turkish suffixes realised by vowel harmony; proper names take them after an apostrophe.

    >>> from l10n.core.languages import get_profile
    >>> tk = get_profile("tk").endings
    >>> tk.refit("Kerkük", "ta"), tk.refit("IŞİD", "ın"), tk.refit("DEAŞ", "in"), tk.refit("Telafer", "da")
    ('te', 'in', 'ın', 'de')
    >>> tk.refit("Musul", "den"), tk.refit("PKK", "in"), tk.refit("Ninova", "a"), tk.refit("Kerkük", "ya")
    ('dan', 'nın', 'ya', 'e')
    """

    #: (buffer after a vowel, body) of the suffixes a noun may take, in the order they stack.
    plural: tuple[tuple[str, str], ...] = (("", "lAr"),)
    possessive: tuple[tuple[str, str], ...] = (("s", "I"),)
    cases: tuple[tuple[str, str], ...] = (("y", "A"), ("y", "I"), ("n", "In"), ("", "DA"), ("", "DAn"), ("y", "lA"), ("", "DIr"))
    after_possessive: tuple[tuple[str, str], ...] = (("n", "A"), ("n", "I"), ("n", "In"), ("n", "DA"), ("n", "DAn"), ("y", "lA"))
    relative: str = "ki"             # -ki after a locative or genitive (Kerkük'teki; the rounded -kü is not covered)
    takes_relative: tuple[str, ...] = ("DA", "In")
    glued_on_names = False

    def after(self, stem: str) -> tuple[str, ...]:
        sound = turkish_sound(stem) or "e"
        return self.after_sound(sound[-1] if sound[-1] in _VOWELS else _last_vowel(sound) + sound[-1])

    @lru_cache(maxsize=1024)
    def after_sound(self, sound: str) -> tuple[str, ...]:
        """The endings after a word read aloud as ``sound``, which need only its last vowel and last letter: ``after``
        asks with those two, so a run works them out for a few hundred sounds, not for every stem it splits."""
        endings = set()
        for plural in ((None,) + self.plural):
            with_plural = sound + (_realise(sound, *plural) if plural else "")
            for possessive in ((None,) + self.possessive):
                with_possessive = with_plural + (_realise(with_plural, *possessive) if possessive else "")
                # a compound's head already ends in its possessive (Bölgesi, Güçleri): it takes the pronominal n too
                if possessive:
                    cases = self.after_possessive
                elif with_possessive[-1:] in "ıiuü":
                    cases = self.after_possessive + self.cases
                else:
                    cases = self.cases
                for case in ((None,) + cases):
                    word = with_possessive + (_realise(with_possessive, *case) if case else "")
                    endings.add(word[len(sound):])
                    if case and case[1] in self.takes_relative:  # -ki makes a new noun: Kerkük'tekiler, Kerkük'tekilere
                        relative = word + self.relative
                        for tail in ("", *self.plural):
                            noun = relative + (_realise(relative, *tail) if tail else "")
                            endings.update(noun[len(sound):] + (_realise(noun, *again) if again else "")
                                           for again in (None, *self.cases))
        endings.discard("")
        return tuple(sorted(endings, key=len, reverse=True))

    def refit(self, stem: str, ending: str) -> str:
        buffer, body, ki = _skeleton(ending)
        if not body:
            return ending
        sound = turkish_sound(stem) or "e"
        if sound[-1:] in _VOWELS and not buffer and body[0] in "AI":
            buffer = "n" if body == "In" else "y"
        refitted = _realise(sound, buffer, body) + ki
        return refitted.replace("i", "İ").replace("ı", "I").upper() if ending.isupper() else refitted

    def _all(self) -> tuple[str, ...]:
        return ()  # Turkish endings depend on the stem: split() reads them through after()

    def split(self, word: str) -> list[tuple[str, str]]:
        readings = [(word, "")]
        for cut in range(len(word) - 1, 1, -1):
            stem, end = word[:cut], word[cut:]
            if turkish_lower(end) in self.after(stem):
                readings.append((stem, end))
        return readings
