"""Numbers written as words: English (one to twenty, the tens, hundred) and the targets' own words.

Babel formats numbers but has no spell-out data, so the words are a small
table per language, keyed like ``languages.PROFILES``: Arabic (both genders,
both case endings, common spellings of مئة), Sorani, and for ``tk`` (drafted
through Turkish) the Turkish and the Turkmen words.  Adjacent words combine
the way the languages write compounds: "twenty-five", "yirmi beş", "خمسة
وعشرون" and "ثلاثة عشر" are 25, 25, 25 and 13; "two hundred" is 200.

``values`` reads a text's numbers, digits and words alike, as normalised
strings (the form ``qa`` compares numbers in).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ENGLISH: Mapping[str, int] = {
    **{word: n for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split())},
    **_TENS, "hundred": 100,
}

_ARABIC = {
    1: "واحد واحدة", 2: "اثنان اثنين اثنتان اثنتين اثنا اثنتا", 3: "ثلاثة ثلاث", 4: "أربعة أربع اربعة اربع",
    5: "خمسة خمس", 6: "ستة ست", 7: "سبعة سبع", 8: "ثمانية ثماني ثمان", 9: "تسعة تسع", 10: "عشرة عشر",
    20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "أربعون أربعين اربعون اربعين", 50: "خمسون خمسين",
    60: "ستون ستين", 70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين", 100: "مئة مائة",
    200: "مئتان مئتين مائتان مائتين",
}
_SORANI = {
    1: "یەک", 2: "دوو", 3: "سێ", 4: "چوار", 5: "پێنج", 6: "شەش", 7: "حەوت", 8: "هەشت", 9: "نۆ", 10: "دە",
    11: "یازدە", 12: "دوازدە", 13: "سێزدە", 14: "چواردە", 15: "پازدە", 16: "شازدە", 17: "حەڤدە", 18: "هەژدە",
    19: "نۆزدە", 20: "بیست", 30: "سی", 40: "چل", 50: "پەنجا", 60: "شەست", 70: "حەفتا", 80: "هەشتا", 90: "نەوەد",
    100: "سەد",
}
# "bir" is left out: it is also Turkish's indefinite article, so it says nothing about a count.
_TURKISH_TURKMEN = {
    2: "iki", 3: "üç", 4: "dört", 5: "beş bäş", 6: "altı alty", 7: "yedi ýedi", 8: "sekiz", 9: "dokuz", 10: "on",
    20: "yirmi ýigrimi", 30: "otuz", 40: "kırk kyrk", 50: "elli", 60: "altmış altmyş", 70: "yetmiş ýetmiş",
    80: "seksen segsen", 90: "doksan togsan", 100: "yüz ýüz",
}


def _table(words: Mapping[int, str]) -> dict[str, int]:
    return {word: number for number, spellings in words.items() for word in spellings.split()}


#: Target code -> word -> value.
TARGET_WORDS: Mapping[str, Mapping[str, int]] = {
    "ar": _table(_ARABIC),
    "ckb": _table(_SORANI),
    "tk": _table(_TURKISH_TURKMEN),
}

#: What may be glued before an Arabic-script number word: "والأربعة", "بخمسة", "للعشرين".
_GLUED = ("و", "ف", "ب", "ل", "ال", "لل")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def values(text: str, words: Mapping[str, int], *, glued: Iterable[str] = ()) -> Counter:
    """The numbers ``text`` states in ``words`` (a table above), compounds combined, as strings.

    >>> sorted(values("Twenty-five members and two hundred guests, not one.", ENGLISH).elements())
    ['1', '200', '25']
    >>> sorted(values("استقال خمسة وعشرون عضوا وثلاثة عشر موظفا", TARGET_WORDS["ar"], glued=_GLUED).elements())
    ['13', '25']
    """
    found: Counter = Counter()
    pending: int | None = None
    previous_end = -1
    for match in _WORD.finditer(text.casefold()):
        value = _lookup(match.group(), words, glued)
        joined = pending is not None and _joins(text[previous_end:match.start()])
        if value is None:
            if pending is not None and not (match.group() == "and" and pending % 100 == 0):
                found[str(pending)] += 1
                pending = None
            continue
        if joined and (combined := _combine(pending, value)) is not None:
            pending = combined
        else:
            if pending is not None:
                found[str(pending)] += 1
            pending = value
        previous_end = match.end()
    if pending is not None:
        found[str(pending)] += 1
    return found


def target_values(text: str, code: str) -> Counter:
    """The numbers a translation into ``code`` states in words (an empty Counter for a language without a table)."""
    return values(text, TARGET_WORDS.get(code, {}), glued=_GLUED)


def _lookup(word: str, words: Mapping[str, int], glued: Iterable[str]) -> int | None:
    if word in words:
        return words[word]
    for prefix in sorted(glued, key=len, reverse=True):  # at most two: "و" + "ال"
        if word.startswith(prefix):
            rest = word[len(prefix):]
            if rest in words:
                return words[rest]
            for second in glued:
                if rest.startswith(second) and rest[len(second):] in words:
                    return words[rest[len(second):]]
    return None


def _joins(gap: str) -> bool:
    """Whether two number words are one compound: a space, a hyphen, or "and" after a hundred."""
    return gap.strip(" -\u00a0") in ("", "and")


def _combine(first: int, second: int) -> int | None:
    """One compound from two adjacent number words, or None when they are two numbers."""
    if second == 100 and 0 < first < 10:
        return first * 100
    if first % 100 == 0 and first >= 100 and second < 100:
        return first + second
    if first < 100 and first % 10 == 0 and first >= 10 and 0 < second < 10:
        return first + second                      # twenty-five, yirmi beş, on beş (15)
    if 0 < first < 10 and (second == 10 or (second % 10 == 0 and 20 <= second < 100)):
        return first + second                      # ثلاثة عشر (13), خمسة وعشرون (25)
    return None
