"""TBX (ISO 30042) import and export, for exchanging the glossary with CAT tools.

Reads TBX v3 (conceptEntry/langSec/termSec) and TBX v2 (termEntry/langSet/tig
or ntig), ignoring namespaces.  Parsing goes through defusedxml: entity
declarations (billion laughs) and external entities are refused with a
GlossaryError; a DOCTYPE naming an external DTD (as TBX v2 exports do) is
accepted, and the DTD is never fetched (expat does not load external DTDs).  Per target term, ``administrativeStatus`` tells allowed
("preferredTerm-admn-sts", "admittedTerm-admn-sts", or no status) from forbidden ("deprecatedTerm-admn-sts",
"supersededTerm-admn-sts"); the term marked preferred (else the first allowed one) of a language is the
approved rendering, the other allowed ones are accepted variants (exported as admitted); the concept's ``definition`` is the note, its
``source`` admin the origin, and l10n's own ``doNotTranslate`` / ``caseSensitive``
term notes carry the two flags; a language section's ``constructForm`` descrip
(l10n's own) holds the term's construct form in that language (see csvfile).
Terms are read without the invisible format characters at their edges, as csvfile reads cells.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from ...core.blank import trimmed
from ...core.languages import PROFILES
from ...core.records import Term
from ...errors import GlossaryError
from .glossary import BRACKETED_ACRONYM, Glossary

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACRONYM_DESCRIP = "bracketedAcronym"  # our entry-level descrip: drop | keep (see csvfile)
CONSTRUCT_DESCRIP = "constructForm"   # our language-level descrip: the form before a genitive (see csvfile)
FORBIDDEN_STATUSES = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "forbidden"}
PREFERRED_STATUSES = {"preferredTerm-admn-sts", "preferred"}
#: A language tag that names a target under another code: Turkmen-oriented drafts carry Turkish's ``tr`` (languages.py).
_BY_TAG = {profile.tag: code for code, profile in PROFILES.items() if profile.tag not in PROFILES}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, *names: str):
    return [child for child in element if _local(child.tag) in names]


def _typed_text(element, kind: str, type_: str) -> str:
    for child in element.iter():
        if _local(child.tag) == kind and child.get("type") == type_:
            return (child.text or "").strip()
    return ""


def _parse_xml(data: bytes, name: str):
    import defusedxml
    import defusedxml.ElementTree as SafeTree

    try:
        return SafeTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise GlossaryError(f"{name}: refused XML entity or external reference ({exc}); export the TBX without a DTD subset or entities.") from exc
    except ElementTree.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise GlossaryError(f"{name}:{line}: not well-formed XML ({exc}); fix or re-export the file.") from exc


def _term_entry(entry, index: int, name: str) -> Term | None:
    """One concept entry as a Term; None when it has no English term."""
    forms: list[str] = []
    allowed: dict[str, list[str]] = {}
    preferred: dict[str, str] = {}
    forbidden: dict[str, list[str]] = {}
    construct: dict[str, str] = {}
    flags = {"doNotTranslate": False, "caseSensitive": False}
    for lang_section in _children(entry, "langSec", "langSet"):
        lang = (lang_section.get(XML_LANG) or lang_section.get("lang") or "").replace("_", "-").split("-")[0].lower()
        lang = lang if lang in PROFILES else _BY_TAG.get(lang, lang)
        form = trimmed(" ".join("".join(el.text or "" for el in _children(lang_section, "descrip")
                                        if el.get("type") == CONSTRUCT_DESCRIP).split()))
        if form and lang in PROFILES:
            construct[lang] = form
        for term_section in _children(lang_section, "termSec", "tig", "ntig"):
            text = trimmed(" ".join("".join(el.text or "" for el in term_section.iter() if _local(el.tag) == "term").split()))
            if not text:
                continue
            status = _typed_text(term_section, "termNote", "administrativeStatus")
            for flag in flags:
                flags[flag] = flags[flag] or _typed_text(term_section, "termNote", flag).lower() in ("yes", "true")
            if lang == "en":
                forms.append(text)
            elif lang in PROFILES and status in FORBIDDEN_STATUSES:
                forbidden.setdefault(lang, []).append(text)
            elif lang in PROFILES:
                allowed.setdefault(lang, []).append(text)
                if status in PREFERRED_STATUSES:
                    preferred.setdefault(lang, text)
    if not forms:
        return None
    targets: dict[str, str] = {}
    variants: dict[str, list[str]] = {}
    for lang, spellings in allowed.items():
        targets[lang] = preferred.get(lang, spellings[0])
        spellings.remove(targets[lang])  # its first occurrence: the rest keep the file's order
        if spellings:
            variants[lang] = spellings
    term_id = entry.get("id") or re.sub(r"[^a-z0-9]+", "-", forms[0].lower()).strip("-") or f"entry-{index}"
    acronym = _typed_text(entry, "descrip", ACRONYM_DESCRIP).lower() or BRACKETED_ACRONYM[0]
    if acronym not in BRACKETED_ACRONYM:
        raise GlossaryError(f"{name}: entry {term_id!r} has {ACRONYM_DESCRIP} {acronym!r}; write {' or '.join(BRACKETED_ACRONYM)}.")
    return Term(
        id=term_id,
        forms=tuple(dict.fromkeys(forms)),
        targets=targets,
        variants={lang: tuple(values) for lang, values in variants.items()},
        forbidden={lang: tuple(values) for lang, values in forbidden.items()},
        do_not_translate=flags["doNotTranslate"],
        case_sensitive=flags["caseSensitive"],
        bracketed_acronym=acronym,
        construct=construct,
        note=_typed_text(entry, "descrip", "definition"),
        origin=_typed_text(entry, "admin", "source"),
        line=index,
    )


def parse_tbx(data: bytes, name: str = "glossary.tbx") -> Glossary:
    """A Glossary from TBX bytes; hostile or malformed XML raises GlossaryError naming ``name``."""
    root = _parse_xml(data, name)
    if _local(root.tag) not in ("tbx", "martif"):  # an XLIFF or other XML file given by mistake "merged" nothing
        raise GlossaryError(f"{name}: not a TBX file (its root element is <{_local(root.tag)}>, not <tbx> or <martif>); "
                            "give the glossary as TBX, exported by a terminology tool.")
    entries = [el for el in root.iter() if _local(el.tag) in ("conceptEntry", "termEntry")]
    read = [(index, entry, _term_entry(entry, index, name)) for index, entry in enumerate(entries, 1)]
    terms = [term for _, _, term in read if term is not None]
    if entries and not terms:
        raise GlossaryError(f"{name}: none of its {len(entries)} entries has an English term (xml:lang \"en\"), and l10n "
                            "finds terms by their English forms; export the glossary with its English side.")
    missing = [entry.get("id") or f"#{index}" for index, entry, term in read if term is None]
    skipped = (f"{name}: {len(missing)} of its {len(entries)} entries have no English term (xml:lang \"en\") and were "
               f"skipped: {', '.join(missing[:5])}{', …' if len(missing) > 5 else ''}; add their English side to import them.",
               ) if missing else ()
    bare = [term.id for term in terms if not (term.targets or term.forbidden or term.do_not_translate)]
    if bare:  # a French-only entry became a term that matches in articles and changes no draft
        skipped += (f"{name}: {len(bare)} of its {len(entries)} entries have no term in {', '.join(PROFILES)} and add "
                    f"only their English forms: {', '.join(bare[:5])}{', …' if len(bare) > 5 else ''}; give their "
                    "renderings in terms.csv, or mark them do_not_translate.",)
    languages = tuple(lang for lang in PROFILES if any(lang in t.targets or lang in t.forbidden for t in terms))
    return Glossary(terms=tuple(terms), languages=languages, source=name, skipped=skipped)


def _term_section(parent, text: str, notes: dict[str, str]) -> None:
    section = ElementTree.SubElement(parent, "termSec")
    ElementTree.SubElement(section, "term").text = text
    for type_, value in notes.items():
        ElementTree.SubElement(section, "termNote", type=type_).text = value


def render_tbx(glossary: Glossary) -> bytes:
    """TBX v3 (DCA style) bytes for ``glossary``; ``parse_tbx`` reads them back to the same terms."""
    root = ElementTree.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": TBX_NAMESPACE})
    header = ElementTree.SubElement(ElementTree.SubElement(ElementTree.SubElement(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    ElementTree.SubElement(header, "p").text = "l10n glossary export"
    body = ElementTree.SubElement(ElementTree.SubElement(root, "text"), "body")
    for term in glossary.terms:
        entry = ElementTree.SubElement(body, "conceptEntry", id=term.id)
        if term.note:
            ElementTree.SubElement(entry, "descrip", type="definition").text = term.note
        if term.origin:
            ElementTree.SubElement(entry, "admin", type="source").text = term.origin
        if term.bracketed_acronym != BRACKETED_ACRONYM[0]:
            ElementTree.SubElement(entry, "descrip", type=ACRONYM_DESCRIP).text = term.bracketed_acronym
        english = ElementTree.SubElement(entry, "langSec", {XML_LANG: "en"})
        flags = {k: "yes" for k, on in (("doNotTranslate", term.do_not_translate), ("caseSensitive", term.case_sensitive)) if on}
        for form in term.forms:
            _term_section(english, form, flags)
        for lang in PROFILES:
            if lang not in term.targets and lang not in term.forbidden:
                continue
            section = ElementTree.SubElement(entry, "langSec", {XML_LANG: lang})
            if term.construct.get(lang):
                ElementTree.SubElement(section, "descrip", type=CONSTRUCT_DESCRIP).text = term.construct[lang]
            if term.targets.get(lang):
                _term_section(section, term.targets[lang], {"administrativeStatus": "preferredTerm-admn-sts"})
            for value in term.variants.get(lang, ()):
                _term_section(section, value, {"administrativeStatus": "admittedTerm-admn-sts"})
            for value in term.forbidden.get(lang, ()):
                _term_section(section, value, {"administrativeStatus": "deprecatedTerm-admn-sts"})
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
