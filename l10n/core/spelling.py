"""The comparable spelling of a text in one target language: how the language is really typed, folded to one form.

NFKC (Arabic presentation forms pasted from PDFs: ﻛﺮﻛﻮﻙ); one set of digits
(K١ is K1); no harakat, tatweel, joiners or direction marks; the profile's
spelling rewrites and letter folds (languages.py); then its casefold.  Term
matching (terms/match.py) and splicing (splice.py) compare through it.
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
