"""Engine output with placeholders back to approved terms, or nothing if that is unsafe.

A placeholder draft is usable only when every expected token appears exactly
once and nothing token-like is left over; otherwise the caller falls back to
another hypothesis.  Clitics the model glued to a token are re-attached the way
the language writes them (profile.prefixes; the definite article merging into a
prefix that ends with its last letter, as ل + ال → لل); endings glued after the
token (Sorani کەرکووکدا, Turkish Kerkük'te) stay as the model wrote them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from .languages import LanguageProfile
from .protect import DEBRIS_RE, PLACEHOLDER_RE

_GLUED_BEFORE = re.compile(r"\w+$")


def debris(text: str, source: str) -> list[str]:
    """Token fragments in ``text`` that the original ``source`` does not have."""
    allowed = Counter(DEBRIS_RE.findall(source))
    found = Counter(DEBRIS_RE.findall(text))
    return sorted((found - allowed).elements())


def strip_debris(text: str, source: str) -> str:
    """``text`` without token fragments that ``source`` lacks: the last resort before flagging."""
    allowed = Counter(DEBRIS_RE.findall(source))

    def drop(match: re.Match[str]) -> str:
        if allowed[match.group()] > 0:
            allowed[match.group()] -= 1
            return match.group()
        return " "

    cleaned = DEBRIS_RE.sub(drop, text)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


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
    """The text replacing ``glued`` + token: clitics re-attached, anything else kept apart.

    >>> from l10n.languages import get_profile
    >>> ar = get_profile("ar")
    >>> join_glued("بال", "كركوك", ar), join_glued("لل", "البيشمركة", ar), join_glued("مع", "كركوك", ar)
    ('بكركوك', 'للبيشمركة', 'مع كركوك')
    """
    if not glued:
        return term
    article = profile.definite_article
    for prefix in ("", *sorted(profile.prefixes, key=len, reverse=True)):
        forms = {prefix} if prefix else set()
        if article:
            forms.add(prefix + article)
            if prefix.endswith(article[-1]):
                forms.add(prefix + article[1:])
        if glued in forms:
            return attach(prefix, term, profile)
    return f"{glued} {term}"


def restore_placeholders(text: str, approved: Mapping[int, str], profile: LanguageProfile) -> str | None:
    """``text`` with each placeholder replaced by its approved term; None unless each appears exactly once.

    Placeholders not in ``approved`` (unknown indexes) also make it None.
    """
    matches = list(PLACEHOLDER_RE.finditer(text))
    if sorted(int(m.group(1)) for m in matches) != sorted(approved):
        return None
    pieces, cursor = [], 0
    for match in matches:
        glued = _GLUED_BEFORE.search(text, cursor, match.start())
        glued_text = glued.group() if glued else ""
        pieces += [text[cursor : match.start() - len(glued_text)], join_glued(glued_text, approved[int(match.group(1))], profile)]
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces)


def forcing_prefix(text: str, approved: Mapping[int, str], profile: LanguageProfile) -> tuple[str, set[int]] | None:
    """A target prefix ending in an approved term, from a draft where that term's placeholder misbehaved.

    Takes the draft up to the first occurrence of a placeholder that is not
    there exactly once, restores the placeholders before it, and appends the
    approved term.  Returns the prefix and the indexes it already holds, or None
    when no such occurrence exists.
    """
    matches = list(PLACEHOLDER_RE.finditer(text))
    counts = Counter(int(m.group(1)) for m in matches)
    for position, match in enumerate(matches):
        index = int(match.group(1))
        if counts[index] == 1 or index not in approved:
            continue
        before = text[: match.start()]
        glued = _GLUED_BEFORE.search(before)
        glued_text = glued.group() if glued else ""
        head = before[: len(before) - len(glued_text)]
        if any(int(m.group(1)) not in approved for m in matches[:position]):
            return None
        earlier = {int(m.group(1)): approved[int(m.group(1))] for m in matches[:position]}
        restored = restore_placeholders(head, earlier, profile) if earlier else head
        if restored is None:
            return None
        return restored + join_glued(glued_text, approved[index], profile), {*earlier, index}
    return None
