"""The comparable spelling of a text in one target language: how the language is really typed, folded to one form.

NFKC (Arabic presentation forms pasted from PDFs: ﻛﺮﻛﻮﻙ); one set of digits
(K١ is K1); no harakat, tatweel, joiners or direction marks; the profile's
spelling rewrites and letter folds (languages.py); then its casefold.  Term
matching (terms/match.py) and splicing (splice.py) compare through it.

Also how a word sounds (``sounds``, ``vowelled``: sound classes of its letters, in
any of the scripts), for telling a model's letter-by-letter writing of an English
word (terms/evidence.py) from a clitic glued before it (splice.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .languages import LanguageProfile

# harakat, tatweel, Arabic letter mark, LRM/RLM, embeddings and isolates (publishing wraps runs in them)
_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JOINERS = re.compile("[\u200c\u200d]")  # removed after the spelling rewrites, which read ZWNJ
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@lru_cache(maxsize=None)
def _spelling(profile: LanguageProfile) -> tuple[tuple[tuple[re.Pattern[str], str], ...], dict[int, str]]:
    """The profile's spelling rewrites compiled and its letter folds as a translate table."""
    rewrites = tuple((re.compile(pattern), replacement) for pattern, replacement in profile.spelling_rewrites)
    folds = {ord(typed): meant for letters, meant in profile.letter_folds for typed in letters}
    return rewrites, folds


def normalise(text: str, profile: LanguageProfile) -> str:
    """The comparable spelling of a target text or rendering (both sides go through this).

    >>> from l10n.core.languages import get_profile
    >>> normalise("إيران", get_profile("ar")) == normalise("ايران", get_profile("ar"))
    True
    >>> normalise("كه\u200cركووك", get_profile("ckb")) == normalise("کەرکووک", get_profile("ckb"))
    True
    """
    return _normalised(text, profile)


@lru_cache(maxsize=65536)
def _normalised(text: str, profile: LanguageProfile) -> str:
    """Cached: term matching normalises the same draft words for every term and candidate."""
    rewrites, folds = _spelling(profile)
    text = _IGNORED.sub("", unicodedata.normalize("NFKC", text)).translate(_DIGITS)
    for pattern, replacement in rewrites:
        text = pattern.sub(replacement, text)
    return profile.casefold(_JOINERS.sub("", text).translate(folds))


# Sound classes of letters, Soundex's (m and n apart), for the English and the Arabic and Sorani alphabets; vowels,
# h and the letters a transliteration writes for them (alef, waw, ya, ta marbuta, ha, ain) have none.
SOUND = str.maketrans({**dict.fromkeys("bfpvبپفڤ", "1"), **dict.fromkeys("cgjkqsxzكکگقغخجچسصزژشظ", "2"),
                       **dict.fromkeys("dtتطدضثذ", "3"), **dict.fromkeys("lلڵ", "4"), **dict.fromkeys("mم", "5"),
                       **dict.fromkeys("nن", "7"),
                       **dict.fromkeys("rرڕ", "6"),
                       **dict.fromkeys("aeiouywhاآأإءئؤوۆيیىێەةهحع", None)})


# The same with the vowels a transliteration writes out: alef for a, ya for e, i and y, waw for o, u and w; and the
# Turkish letters a Turkish spelling of an English name writes (ş for sh, k for q and c, ı ö ü for vowels).
VOWELLED = str.maketrans({**{k: v for k, v in SOUND.items() if v is not None}, **dict.fromkeys("şç", "2"),
                          **dict.fromkeys("aâاآأإى", "a"), **dict.fromkeys("eiıîyيیێئە", "i"),
                          **dict.fromkeys("ouöüûwوۆؤ", "u"), **dict.fromkeys("hğءةهحع", None)})


@lru_cache(maxsize=65536)
def vowelled(word: str) -> str:
    """``word``'s letters as sound classes with their vowels, a repeat once ("iraqi" and "يراقي" → "i6a2i")."""
    classes = word.lower().translate(VOWELLED)
    return "".join(c for n, c in enumerate(classes) if n == 0 or c != classes[n - 1])


@lru_cache(maxsize=65536)
def sounds(word: str) -> str:
    """``word``'s consonants as sound classes, a repeated class once ("kirkuk" and "كيركوك" → "262")."""
    classes = word.translate(SOUND)
    return "".join(c for n, c in enumerate(classes) if c.isdigit() and (n == 0 or c != classes[n - 1]))
