"""The term base in memory: a tuple of Terms and the matcher built from it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from ...core.languages import get_profile
from ...core.patterns import PatternError
from ...core.records import Term, TermHit
from ...errors import GlossaryError
from .match import SourceMatcher, normalise


FOUND_CACHE_SIZE = 20_000  # sources whose hits are remembered (a large back-fill starts afresh past it)

#: What a draft does with a bracketed acronym right after its long form, "Iraqi Security Forces (ISF)".
BRACKETED_ACRONYM = ("drop", "keep")   # the first is the default


def approved_rendering(term: Term, lang: str) -> str:
    """The rendering a draft in ``lang`` must use; "" when the glossary gives none.

    Do-not-translate terms keep their first English form unless a language
    column says otherwise.
    """
    rendering = term.targets.get(lang, "").strip()
    if not rendering and term.do_not_translate:
        return term.forms[0]
    return rendering


def accepted_renderings(term: Term, lang: str) -> tuple[str, ...]:
    """The renderings verification accepts in ``lang``: the approved one first, then its attested variants and construct form.

    >>> t = Term(id="kirkuk", forms=("Kirkuk",), targets={"ckb": "کەرکووک"}, variants={"ckb": ("کەرکوک",)})
    >>> accepted_renderings(t, "ckb"), accepted_renderings(t, "ar")
    (('کەرکووک', 'کەرکوک'), ())
    """
    approved = approved_rendering(term, lang)
    if not approved:
        return ()
    return tuple(dict.fromkeys((approved, *term.variants.get(lang, ()), *filter(None, [term.construct.get(lang, "")]))))


def spelling_key(spelling: str, lang: str) -> str:
    """``spelling`` as the checks read it in ``lang`` (``normalise``: tatweel, harakat, keyboard letters aside).

    Two spellings with one key are one spelling to verification: one cannot be accepted and the other forbidden.

    >>> spelling_key("كـركوك", "ar") == spelling_key("كركوك", "ar"), spelling_key("پيشمەرگە", "ckb") == spelling_key("پێشمەرگە", "ckb")
    (True, False)
    """
    return normalise(spelling, get_profile(lang))


def whole_term_rendering(glossary: "Glossary", source: str, lang: str) -> str:
    """The approved rendering when ``source`` is nothing but one term (a one-word heading); else "".

    Lets a unit be filled without a model, e.g. for Sorani when no package serves it.

    >>> from l10n.core.records import Term
    >>> g = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ckb": "کەرکووک"}),))
    >>> whole_term_rendering(g, "Kirkuk.", "ckb"), whole_term_rendering(g, "Kirkuk is calm.", "ckb")
    ('کەرکووک', '')
    """
    hits = glossary.find(source)
    bare = source.strip(" \t.:;!?\"'“”")
    if len(hits) == 1 and hits[0].form == bare:
        return approved_rendering(hits[0].term, lang)
    return ""


@dataclass(frozen=True)
class Glossary:
    """Approved terms for every target language; ``find`` locates them in English text.

    >>> from l10n.core.records import Term
    >>> g = Glossary((Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "قوات الأمن العراقية"}),))
    >>> [hit.form for hit in g.find("ISF's bases and the Iraqi security forces")]
    ['ISF', 'Iraqi security forces']
    """

    terms: tuple[Term, ...] = ()
    languages: tuple[str, ...] = ()   # the language columns the file has
    source: str = ""                  # file it was read from, for messages
    skipped: tuple[str, ...] = ()     # a line each on what of that file gave no term or English forms only (TBX)

    @cached_property
    def _matcher(self) -> SourceMatcher:
        try:
            return SourceMatcher(self.terms)
        except PatternError as exc:  # RE2's size limit, some 25,000 forms
            forms = sum(len(term.forms) for term in self.terms)
            raise GlossaryError(f"{self.source}: its {forms} English forms are more than one pattern can match ({exc}); "
                                "keep the terms the desk's articles need and split off the rest.") from exc

    @cached_property
    def _found(self) -> dict[str, tuple[TermHit, ...]]:
        """Hits per source already searched: a run asks for a unit's terms at several stages."""
        return {}

    def find(self, source: str) -> list[TermHit]:
        """Every term occurrence in an English ``source``, longest form first, left to right."""
        hits = self._found.get(source)
        if hits is None:
            if len(self._found) >= FOUND_CACHE_SIZE:
                self._found.clear()
            hits = self._found[source] = tuple(self._matcher.find(source))
        return list(hits)

    def unrendered(self, profile) -> str:
        """A notice when the glossary has terms to render but none in ``profile``'s language (its column missing or
        empty, a spreadsheet edit that dropped it): that language's drafts get no approved terms, which a run says.

        >>> from l10n.core.records import Term
        >>> from l10n.core.languages import get_profile
        >>> g = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك"}),), source="glossary/terms.csv")
        >>> g.unrendered(get_profile("ar")), g.unrendered(get_profile("ckb"))[:58]
        ('', 'glossary/terms.csv: no term has a ckb rendering, so the Ce')
        """
        rendered = [term for term in self.terms if not term.do_not_translate]
        if not rendered or any(term.targets.get(profile.code) for term in rendered):
            return ""
        column = "fill its" if profile.code in self.languages else "add a"
        return (f"{self.source or 'the glossary'}: no term has a {profile.code} rendering, so the {profile.name} drafts "
                f"carry no approved terms; {column} {profile.code} column.")

    def find_for(self, source: str, lang: str) -> list[TermHit]:
        """The occurrences whose term has an approved rendering in ``lang``."""
        return [hit for hit in self.find(source) if approved_rendering(hit.term, lang)]

    def terms_digest(self, source: str, lang: str) -> str:
        """A short digest of what the glossary asks of ``source`` in ``lang``; "" when it asks nothing.

        It covers each term found (id, accepted renderings, forbidden ones, how it is
        kept), so adding, changing or removing a term the unit holds changes it, and
        a change to any other term does not.  Drafts record it (see catalog.needs_draft).

        >>> from l10n.core.records import Term
        >>> g = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك"}),))
        >>> len(g.terms_digest("In Kirkuk.", "ar")), g.terms_digest("In Basra.", "ar"), g.terms_digest("In Kirkuk.", "ckb")
        (8, '', '')
        """
        asks = sorted({
            (hit.term.id, accepted_renderings(hit.term, lang), hit.term.forbidden.get(lang, ()),
             hit.term.do_not_translate, hit.term.bracketed_acronym)
            for hit in self.find(source)
            if approved_rendering(hit.term, lang) or hit.term.forbidden.get(lang)
        })
        return hashlib.sha1(repr(asks).encode("utf-8")).hexdigest()[:8] if asks else ""

    def __len__(self) -> int:
        return len(self.terms)
