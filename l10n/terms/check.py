"""Glossary checks on finished text: approved terms missing, forbidden renderings present."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import CatalogError
from ..languages import PROFILES, LanguageProfile, get_profile
from ..model import Finding, Severity, TermHit
from .glossary import Glossary, approved_rendering
from .match import mask_spans, normalise, rendering_spans

CHECK_NAME = "glossary"


def distinct_hits(hits: Sequence[TermHit]) -> list[TermHit]:
    """The first hit of each term, in source order."""
    seen: dict[str, TermHit] = {}
    for hit in hits:
        seen.setdefault(hit.term.id, hit)
    return list(seen.values())


def missing_terms(target: str, hits: Sequence[TermHit], profile: LanguageProfile) -> list[TermHit]:
    """The hits (one per term) whose approved rendering ``target`` lacks."""
    text = normalise(target, profile)
    return [
        hit
        for hit in distinct_hits(hits)
        if (approved := approved_rendering(hit.term, profile.code)) and not rendering_spans(text, approved, profile)
    ]


def _copied_words(source: str, hits: Sequence[TermHit], profile: LanguageProfile) -> set[str]:
    """Words of ``source`` outside its terms (names such as KirkukNow), which a draft may copy as they are."""
    outside = mask_spans(source, [(hit.start, hit.end) for hit in hits])
    return set(re.findall(r"\w+", normalise(outside, profile)))


def forbidden_present(source: str, target: str, hits: Sequence[TermHit], profile: LanguageProfile) -> list[tuple[TermHit, str]]:
    """(hit, rendering) for each forbidden rendering in ``target``.

    The approved terms' own spans and words copied from the source outside its
    terms are not searched, so "KirkukNow" is not a forbidden "Kirkuk".
    """
    text = normalise(target, profile)
    copied = _copied_words(source, hits, profile)
    spans = [
        span
        for hit in distinct_hits(hits)
        if (approved := approved_rendering(hit.term, profile.code))
        for span in rendering_spans(text, approved, profile)
    ]
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
    findings = [
        Finding(
            check=CHECK_NAME,
            severity=Severity.CRITICAL,
            message=f"approved term {approved_rendering(hit.term, profile.code)!r} for {hit.form!r} is missing; use the glossary term.",
            msgid=source,
            lang=profile.code,
        )
        for hit in missing_terms(target, hits, profile)
    ]
    for hit, bad in forbidden_present(source, target, hits, profile):
        approved = approved_rendering(hit.term, profile.code)
        advice = f"use {approved!r}" if approved else "see the glossary note"
        findings.append(
            Finding(
                check=CHECK_NAME,
                severity=Severity.CRITICAL,
                message=f"{bad!r} is a forbidden rendering of {hit.form!r}; {advice}.",
                msgid=source,
                lang=profile.code,
            )
        )
    return findings


def check_terms(source: str, target: str, profile: LanguageProfile, glossary: Glossary) -> list[Finding]:
    """Critical findings for a translation: approved terms of ``source`` missing, forbidden renderings used.

    An empty ``target`` is untranslated, not a glossary problem, so it has none.
    """
    if not target.strip():
        return []
    return term_findings(source, target, glossary.find(source), profile)


def hint_line(hit: TermHit, lang: str) -> str:
    """The translator's comment line for one term, e.g. ``glossary: ISF → قوات الأمن العراقية``."""
    approved = approved_rendering(hit.term, lang)
    keep = " (keep as written)" if hit.term.do_not_translate else ""
    note = f"; {hit.term.note}" if hit.term.note else ""
    return f"glossary: {hit.form} → {approved}{keep}{note}"


def glossary_hints(source: str, lang: str, glossary: Glossary) -> list[str]:
    """One comment line per glossary term in ``source`` that has an approved rendering in ``lang``."""
    return [hint_line(hit, lang) for hit in distinct_hits(glossary.find_for(source, lang))]


def catalog_language(path: Path, header_language: str) -> LanguageProfile:
    """The target profile of a PO file: its ``Language:`` header, else locales/<lang>/LC_MESSAGES/."""
    candidates = [header_language.strip().replace("-", "_").split("_")[0].lower()]
    parts = Path(path).parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        candidates.append(parts[-3])
    for code in candidates:
        if code in PROFILES:
            return get_profile(code)
    raise CatalogError(
        f"{path}: no known target language in the 'Language:' header or the path; set Language: to one of {', '.join(PROFILES)}."
    )


def check_glossary_catalogs(paths: Sequence[Path], glossary: Glossary) -> list[Finding]:
    """Glossary findings for every translated entry of the PO files, with path and msgid set."""
    import polib

    findings: list[Finding] = []
    for path in paths:
        try:
            catalog = polib.pofile(str(path))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CatalogError(f"{path}: cannot be read as a PO file ({exc}); check the file or run msgfmt --check on it.") from exc
        profile = catalog_language(Path(path), catalog.metadata.get("Language", ""))
        for entry in catalog:
            if entry.obsolete:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(entry.msgstr_plural.items())]
            for source, target in pairs:
                if target.strip():
                    findings += [
                        Finding(f.check, f.severity, f.message, msgid=entry.msgid, lang=profile.code, path=str(path))
                        for f in check_terms(source, target, profile, glossary)
                    ]
    return findings
