"""Glossary checks on finished text: approved terms missing, forbidden renderings present."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...core.languages import LanguageProfile
from ...core.records import Finding, Severity, TermHit
from ..splice import ENGLISH_POSSESSIVE, split_words
from .glossary import Glossary, accepted_renderings, approved_rendering
from .match import mask_spans, normalise, rendering_spans, term_windows

CHECK_NAME = "glossary"


def distinct_hits(hits: Sequence[TermHit]) -> list[TermHit]:
    """The first hit of each term, in source order."""
    seen: dict[str, TermHit] = {}
    for hit in hits:
        seen.setdefault(hit.term.id, hit)
    return list(seen.values())


def accepted_spans(normalised_text: str, hit: TermHit, profile: LanguageProfile) -> list[tuple[int, int]]:
    """Spans of the term's approved rendering or any of its accepted variants in a ``normalise``d text."""
    return [
        span
        for rendering in accepted_renderings(hit.term, profile.code)
        for span in rendering_spans(normalised_text, rendering, profile)
    ]


def missing_terms(target: str, hits: Sequence[TermHit], profile: LanguageProfile) -> list[TermHit]:
    """The hits (one per term) of which ``target`` has neither the approved rendering nor an accepted variant.

    The terms are looked for together, longest first (``match.term_windows``):
    a term found only inside a longer term's rendering is missing.
    """
    wanted = [hit for hit in distinct_hits(hits) if approved_rendering(hit.term, profile.code)]
    windows = term_windows(split_words(target), {hit.term.id: accepted_renderings(hit.term, profile.code) for hit in wanted}, profile)
    return [hit for hit in wanted if not windows[hit.term.id]]


def disagreeing_suffix(target: str, hit: TermHit, profile: LanguageProfile) -> tuple[str, str] | None:
    """(word as written, word as it should be) when ``target`` has the term with a suffix that does not agree with it.

    Only where names take suffixes after an apostrophe (Turkish): ``Kerkük'ta`` → ``Kerkük'te``.

    >>> from l10n.core.languages import get_profile
    >>> from l10n.core.records import Term
    >>> hit = TermHit(Term(id="kirkuk", forms=("Kirkuk",), targets={"tk": "Kerkük"}), 0, 6, "Kirkuk")
    >>> disagreeing_suffix("Kerkük'ta iki asker", hit, get_profile("tk"))
    ("Kerkük'ta", "Kerkük'te")
    """
    if not profile.apostrophe_suffixes:
        return None
    for rendering in accepted_renderings(hit.term, profile.code):
        stem = normalise(rendering, profile)
        for word in split_words(target):
            if word.tail[1:] and normalise(word.core, profile) == stem and not ENGLISH_POSSESSIVE.match(word.tail):
                fitted = word.tail[0] + profile.endings.refit(rendering, word.tail[1:])
                if fitted != word.tail:
                    return word.core + word.tail, rendering + fitted
    return None


def _copied_words(source: str, hits: Sequence[TermHit], profile: LanguageProfile) -> set[str]:
    """Words of ``source`` outside its terms (names such as KirkukNow), which a draft may copy as they are."""
    outside = mask_spans(source, [(hit.start, hit.end) for hit in hits])
    return set(re.findall(r"\w+", normalise(outside, profile)))


def forbidden_present(source: str, target: str, hits: Sequence[TermHit], profile: LanguageProfile) -> list[tuple[TermHit, str]]:
    """(hit, rendering) for each forbidden rendering in ``target``.

    The approved terms' own spans and words copied from the source outside its
    terms are not searched, so "KirkukNow" is not a forbidden "Kirkuk".
    """
    if not any(hit.term.forbidden.get(profile.code) for hit in hits):
        return []  # nothing to look for, so no need to mask anything
    text = normalise(target, profile)
    copied = _copied_words(source, hits, profile)
    spans = [span for hit in distinct_hits(hits) for span in accepted_spans(text, hit, profile)]
    spans += [match.span() for match in re.finditer(r"\w+", text) if match.group() in copied]
    masked = mask_spans(text, spans)
    return [
        (hit, bad)
        for hit in distinct_hits(hits)
        for bad in hit.term.forbidden.get(profile.code, ())
        if rendering_spans(masked, bad, profile)
    ]


def term_findings(source: str, target: str, hits: Sequence[TermHit], profile: LanguageProfile) -> list[Finding]:
    """Critical findings for ``target`` given the term ``hits`` of ``source`` (an empty target misses every term)."""
    messages = []
    for hit in missing_terms(target, hits, profile):
        if (suffixed := disagreeing_suffix(target, hit, profile)) is not None:
            messages.append(f"{suffixed[0]!r} for {hit.form!r} has a suffix that does not agree with the term; write {suffixed[1]!r}.")
        else:
            messages.append(f"approved term {approved_rendering(hit.term, profile.code)!r} for {hit.form!r} is missing; use the glossary term.")
    for hit, bad in forbidden_present(source, target, hits, profile):
        approved = approved_rendering(hit.term, profile.code)
        advice = f"use {approved!r}" if approved else "see the glossary note"
        messages.append(f"{bad!r} is a forbidden rendering of {hit.form!r}; {advice}.")
    return [Finding(CHECK_NAME, Severity.CRITICAL, message, msgid=source, lang=profile.code) for message in messages]


def named_elsewhere(source: str, target: str, glossary: Glossary) -> list[TermHit]:
    """The glossary terms ``target`` names by an English form (one hit each, in ``target``) that ``source`` does not
    mention: a name the model made up or carried over (an under-trained model wrote "Abu Mahdi Al Muhandis" where the
    source has "Hashd al-Shaabi").  A form whose words each begin a word of the source ("Iraq" in "Iraqi"), or whose
    letters the source writes together ("Salah ad-Din" in "Salahaddin"), is mentioned, as is any term the source has
    under another form.

    >>> from l10n.core.records import Term
    >>> g = Glossary((Term(id="muhandis", forms=("Abu Mahdi al-Muhandis",), targets={"tk": "Ebu Mehdi el-Mühendis"}),
    ...               Term(id="iraq", forms=("Iraq",), targets={"tk": "Irak"})))
    >>> [hit.form for hit in named_elsewhere("The Hashd repaired it.", "Abu Mahdi Al Muhandis Iraq onardı.", g)]
    ['Abu Mahdi Al Muhandis', 'Iraq']
    >>> named_elsewhere("Iraqi forces and Abu Mahdi al-Muhandis.", "Iraq Abu Mahdi Al Muhandis", g)
    []
    >>> named_elsewhere("Iraqi forces and Abumahdi Almuhandis.", "Irak Abu Mahdi Al Muhandis", g)
    []
    """
    if not re.search(r"[A-Za-z]", target):
        return []  # no English form can be written without Latin letters
    mentioned = {hit.term.id for hit in glossary.find(source)}
    words = re.findall(r"\w+", source.lower())
    letters = "".join(words)

    def in_source(form: str) -> bool:
        parts = re.findall(r"\w+", form.lower())
        return all(any(word.startswith(part) for word in words) for part in parts) or "".join(parts) in letters

    return [hit for hit in distinct_hits(glossary.find(target)) if hit.term.id not in mentioned and not in_source(hit.form)]


def named_findings(source: str, hits: Sequence[TermHit], target: str, lang: str) -> list[Finding]:
    """A critical finding per form of the ``named_elsewhere`` hits that ``target`` still has (once each: the model's
    draft and its re-decoding may both name it)."""
    return [Finding(CHECK_NAME, Severity.CRITICAL, f"{hit.form!r} names {hit.term.forms[0]!r}, which the source does not "
                    "mention; remove it or translate the source's words.", msgid=source, lang=lang)
            for hit in {hit.form: hit for hit in hits}.values() if hit.form in target]


def check_terms(source: str, target: str, profile: LanguageProfile, glossary: Glossary) -> list[Finding]:
    """Critical findings for a translation: approved terms of ``source`` missing, forbidden renderings used, terms the
    source does not mention named (``named_elsewhere``).

    An empty ``target`` is untranslated, not a glossary problem, so it has none.
    """
    if not target.strip():
        return []
    return [*term_findings(source, target, glossary.find(source), profile),
            *named_findings(source, named_elsewhere(source, target, glossary), target, profile.code)]


def hint_line(hit: TermHit, lang: str) -> str:
    """The translator's comment line for one term, e.g. ``glossary: ISF → قوات الأمن العراقية``."""
    approved = approved_rendering(hit.term, lang)
    keep = " (keep as written)" if hit.term.do_not_translate else ""
    note = f"; {hit.term.note}" if hit.term.note else ""
    return f"glossary: {hit.form} → {approved}{keep}{note}"


def glossary_hints(source: str, lang: str, glossary: Glossary) -> list[str]:
    """One comment line per glossary term in ``source`` that has an approved rendering in ``lang``."""
    return [hint_line(hit, lang) for hit in distinct_hits(glossary.find_for(source, lang))]
