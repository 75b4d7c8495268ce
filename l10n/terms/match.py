"""Finding glossary terms: English forms in a source, approved renderings in a translation.

Source side: every form of every term in one regular expression, longest form
first, on word boundaries.  Forms written in capitals (ISF, IS, K1) match only
in capitals, so "This is" never holds the term IS; other forms ignore case.
Whitespace and hyphens inside a form are flexible ("US-led" = "US led").

Target side: a rendering may carry the clitics the language glues onto words
(profile.prefixes; the definite article merged with a prefix ending in its last
letter, as Arabic ل + ال → لل), case/possessive endings glued to its last word
(profile.suffixes_glued, at most MAX_GLUED_SUFFIX letters) or after an
apostrophe (profile.apostrophe_suffixes: Kerkük'te).  Both sides are compared
after ``normalise``: NFC, the profile's casefold, no Arabic diacritics, tatweel
or zero-width joiners, and Sorani's two h letters (ھ/ه) as one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..languages import LanguageProfile
from ..records import Term, TermHit

MAX_GLUED_SUFFIX = 5  # Sorani ەکانی, ەوە; Arabic ها, هم — longer tails are other words
_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")  # harakat, tatweel, ZWNJ/ZWJ
_SAME_LETTER = str.maketrans({"\u06be": "\u0647"})  # Sorani writes h as ھ or ه
_APOSTROPHES = "'’"
_HYPHENS = "-‐‑–"


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


def form_pattern(form: str, case_sensitive: bool = False) -> str:
    """Regex matching one English form as a whole word (a possessive 's may follow)."""
    body = _flexible(form)
    if not (case_sensitive or is_acronym(form)):
        body = f"(?i:{body})"
    return rf"(?<!\w){body}(?!\w)"


class SourceMatcher:
    """All forms of a glossary compiled into one longest-first alternation."""

    def __init__(self, terms: Sequence[Term]):
        entries = [(form, term) for term in terms for form in term.forms]
        entries.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self._entries = entries
        alternatives = [
            f"(?P<f{index}>{form_pattern(form, term.case_sensitive)})" for index, (form, term) in enumerate(entries)
        ]
        self._regex = re.compile("|".join(alternatives)) if alternatives else None

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping term occurrences in ``text``, left to right."""
        if self._regex is None:
            return []
        hits = []
        for match in self._regex.finditer(text):
            _, term = self._entries[int(match.lastgroup[1:])]
            hits.append(TermHit(term=term, start=match.start(), end=match.end(), form=match.group()))
        return hits


def normalise(text: str, profile: LanguageProfile) -> str:
    """The comparable form of a target text: NFC, casefolded, without diacritics or joiners."""
    return profile.casefold(_IGNORED.sub("", unicodedata.normalize("NFC", text)).translate(_SAME_LETTER))


@lru_cache(maxsize=4096)
def rendering_regex(rendering: str, profile: LanguageProfile) -> re.Pattern[str]:
    """Regex finding ``rendering`` (normalised) with the clitics and endings ``profile`` allows."""
    target = normalise(rendering, profile).strip()
    prefixes = sorted(profile.prefixes, key=len, reverse=True)
    heads = [f"(?:{'|'.join(map(re.escape, prefixes))})?{_flexible(target)}"] if prefixes else [_flexible(target)]
    article = profile.definite_article
    if article and target.startswith(article):
        merging = [p for p in prefixes if p.endswith(article[-1])]
        if merging:
            heads.append(f"(?:{'|'.join(map(re.escape, merging))}){_flexible(target[1:])}")
    tail = ""
    if profile.apostrophe_suffixes:
        tail += rf"(?:[{_APOSTROPHES}]\w+)?"
    if profile.suffixes_glued:
        tail += rf"\w{{0,{MAX_GLUED_SUFFIX}}}"
    return re.compile(rf"(?<!\w)(?:{'|'.join(heads)}){tail}(?!\w)")


def rendering_spans(normalised_text: str, rendering: str, profile: LanguageProfile) -> list[tuple[int, int]]:
    """Spans of ``rendering`` in an already ``normalise``d text."""
    if not rendering.strip():
        return []
    return [m.span() for m in rendering_regex(rendering, profile).finditer(normalised_text)]


def contains_rendering(text: str, rendering: str, profile: LanguageProfile) -> bool:
    """Whether ``text`` holds ``rendering`` in any inflected or cliticised form.

    >>> from l10n.languages import get_profile
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
