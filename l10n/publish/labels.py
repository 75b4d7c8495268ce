"""The few words a published page adds itself: markers on unreviewed units, the dateline.

Markers are written per target language so readers understand them; languages
not listed fall back to English.  The dateline is the one place the source
"carries a date" for us: the publication date the desk passes in, formatted
by babel in the target locale.  Dates inside sentences are the translator's
words and are never rewritten.  Translator text never passes through here.
"""

from __future__ import annotations

from datetime import date

from .policy import State

MARKERS: dict[str, dict[State, str]] = {
    "en": {State.SOURCE: "untranslated", State.DRAFT: "unreviewed draft"},
    "ar": {State.SOURCE: "غير مترجم", State.DRAFT: "مسودة غير مراجعة"},
    "ckb": {State.SOURCE: "وەرنەگێڕدراوە", State.DRAFT: "ڕەشنووسی پێداچوونەوە نەکراو"},
    "tk": {State.SOURCE: "tercüme edilmedi", State.DRAFT: "gözden geçirilmemiş taslak"},
}


def marker(lang: str, state: State) -> str:
    """The visible label for a filled unit, e.g. ``غير مترجم``; empty for reviewed units.

    >>> marker("tk", State.DRAFT)
    'gözden geçirilmemiş taslak'
    """
    if state is State.REVIEWED:
        return ""
    return MARKERS.get(lang, MARKERS["en"])[state]


def dateline(published_on: date, locale: str) -> str:
    """The publication date in the locale's long format (CLDR via babel).

    >>> dateline(date(2020, 3, 29), "ckb_IQ")
    '29ی ئازاری 2020'
    """
    from babel.dates import format_date

    return format_date(published_on, "long", locale=locale)
