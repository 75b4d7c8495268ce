"""The catalog model: entries, their states and provenance, drafts, templates, merge marks.

Pure: nothing here opens a file or runs a program (``pofiles`` reads, merges with
msgmerge and writes).  Layout: ``locales/<slug>.pot`` and
``locales/<lang>/LC_MESSAGES/<slug>.po``.  One entry per distinct source sentence
(msgid = unit source, no msgctxt); its ``#.`` comments are regenerated every run:
the unit's roles from the template, then ``l10n:`` lines that we own (glossary
hints, then the draft's provenance and notes).  Translator comments, msgstr and
flags of existing entries come from msgmerge, which never replaces a reviewed
translation and turns a changed unit into a fuzzy entry with ``#| msgid``; a unit
whose source changed only in whitespace (a re-wrapped paragraph) is not a changed
unit: ``follow_rewraps`` gives its entry the new msgid before msgmerge runs.

A machine draft is recognised by its provenance line, which records short hashes
of the source it was drafted for and of the text we wrote::

    #. l10n: draft by engine translate-en_ar-1.9; source sha1:9f8e7d6c; text sha1:1a2b3c4d

A note longer than ``NOTE_WIDTH`` is written on several ``#.`` lines, the later
ones starting ``l10n+`` (continues after a space) or ``l10n~`` (continues inside a
word), so no editor re-wraps it (see ``docs/catalog-comments.md``); lines an editor
wrapped anyway are joined back when read.

If the msgstr no longer hashes to ``text sha1`` a human edited it and it is kept;
if the msgid no longer hashes to ``source sha1`` the draft is stale and is redrafted.
A draft of a unit with glossary terms also records ``; terms sha1:…``, a digest of
those terms' renderings (``Glossary.terms_digest``); when the glossary changes so
that the digest differs, an untouched draft is redrafted and a new term lands.
Only ``fuzzy`` and comments survive Poedit or msgcat re-saving a file, so nothing
else carries state; a finding is an ``l10n: FLAG`` line, so flags are counted from
the file, whichever run wrote them.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib

from ..core.languages import PROFILES, LanguageProfile, get_profile, profile_for_tag
from ..core.records import Article, Draft, Unit
from ..errors import CatalogError
from .markdown_in import defined_labels, reference_links

OUR_PREFIX = "l10n:"                # every note we own starts with this
CONTINUED = "l10n+"                 # a #. line continuing the note above after a space
JOINED = "l10n~"                    # a #. line continuing the note above inside a word
ROLE_PREFIX = "role:"               # #. lines that come from the template
LINK_PREFIX = "reference link:"     # a template line per label of a reference link the unit makes (``[r]``, ``[t][r]``)
MEMORY_EXACT_NOTE = "memory: exact match from"   # the note on a unit filled from an exact memory match, before its origin
# Characters of a #. line after "#. ".  polib wraps comment lines longer than its wrapwidth (78 by
# default, "#. " included); msgcat, Poedit (which saves through msgcat), Lokalize and translate-toolkit
# (Weblate) write comment lines as they are.  72 leaves room under the narrowest of them.
NOTE_WIDTH = 72
# Control characters, line and paragraph separators, and bidi embeddings/overrides/isolates never reach a comment.
_UNSAFE_IN_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LAST_TRANSLATOR_PLACEHOLDER = "FULL NAME <EMAIL@ADDRESS>"
_MERGE_MARK = re.compile(r"^l10n-merge-id:(\d+)$")
_PROVENANCE = re.compile(r"^l10n: draft by .*; source sha1:([0-9a-f]{8}); text sha1:([0-9a-f]{8})(?:; terms sha1:([0-9a-f]{8}))?$")
_FLAG = re.compile(r"^l10n: (?:[\w ]+: )?FLAG\b")
#: A Content-Type's charset parameter; group 1 is the charset's name ("" when the value is left out).
CHARSET_PARAMETER = re.compile(r"charset=\s*([^\s;]*)", re.IGNORECASE)


class EntryState(enum.IntEnum):
    """How far an entry is: "publishable" is ``entry_state(e) >= EntryState.REVIEWED``."""

    EMPTY = 0
    DRAFT = 1
    REVIEWED = 2


def entry_state(entry: polib.POEntry) -> EntryState:
    """The state a PO editor would show, derived from msgstr and the fuzzy flag only."""
    texts = list(entry.msgstr_plural.values()) if entry.msgstr_plural else [entry.msgstr]
    if not texts or not all(texts):
        return EntryState.EMPTY
    return EntryState.DRAFT if "fuzzy" in entry.flags else EntryState.REVIEWED


@dataclass(frozen=True)
class _Provenance:
    source_hash: str
    text_hash: str
    terms_digest: str   # "" when the draft's unit had no glossary term (or it predates the field)


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _comment_lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def comment_text(text: str) -> str:
    """``text`` as one safe comment line: control characters and line breaks become spaces, runs of spaces one.

    Everything l10n writes into a ``#.`` comment goes through here.

    >>> comment_text("translate-en_ar 1.9\\n\\x1b[31m  evil ")
    'translate-en_ar 1.9 [31m evil'
    """
    return " ".join(_UNSAFE_IN_COMMENT.sub(" ", text).split())


def read_comment(comment: str) -> tuple[list[str], list[str]]:
    """An extracted comment as (role lines, our notes), each note joined into one ``l10n: …`` line.

    Notes come back whole whether l10n split them (``l10n+``/``l10n~`` lines) or an
    editor wrapped them: polib wraps with ``textwrap``, which drops the space it
    breaks at and keeps a hyphen it breaks after.  Editors may trim the spaces
    around a line (Poedit does), so lines are read stripped.
    """
    roles: list[str] = []
    notes: list[str] = []
    pending = None  # how a marker line with no text after it joins the line below
    for raw in _comment_lines(comment):
        line = raw.strip()
        if line.startswith(OUR_PREFIX):
            notes.append(line)
            pending = None
        elif not notes:
            if line:
                roles.append(line)
        else:
            joiner = next((glue for marker, glue in ((CONTINUED, " "), (JOINED, "")) if line.startswith(marker)), None)
            if joiner is not None:
                line = line[len(CONTINUED if joiner else JOINED):].strip()
            elif pending is not None:
                joiner = pending
            else:  # wrapped off by an editor
                joiner = "" if notes[-1].endswith("-") else " "
            if line:
                notes[-1] += joiner + line
            pending = None if line else joiner
    return roles, notes


def write_comment(roles: Iterable[str], notes: Iterable[str]) -> str:
    """Role lines, then each note in lines of at most ``NOTE_WIDTH`` characters (see ``read_comment``)."""
    lines = list(roles)
    for note in notes:
        lines.extend(_note_lines(note))
    return "\n".join(lines)


def _note_lines(note: str) -> list[str]:
    """One ``l10n: …`` note as #. lines: split at spaces, or inside a word longer than a line."""
    head, text, lines = OUR_PREFIX, note[len(OUR_PREFIX):].strip(), []
    while True:
        room = NOTE_WIDTH - len(head) - 1
        if len(text) <= room:
            lines.append(f"{head} {text}".rstrip())
            return lines
        cut = text.rfind(" ", 0, room + 1)
        if cut > 0:
            lines.append(f"{head} {text[:cut]}")
            text, head = text[cut + 1:], CONTINUED
        else:
            lines.append(f"{head} {text[:room]}")
            text, head = text[room:], JOINED


def l10n_notes(entry: polib.POEntry) -> list[str]:
    """The entry's own ``l10n:`` notes (provenance, hints, FLAG findings), each whole."""
    return read_comment(entry.comment)[1]


def link_labels(entry: polib.POEntry) -> list[str]:
    """The reference labels the entry's unit links with (its ``reference link: [label]`` lines), for QA's ``links`` check.

    Written from the article's definitions when the template is built: the catalog alone
    says which ``[r]`` is a link, so ``l10n check`` needs no article.

    >>> link_labels(polib.POEntry(msgid="Read [the report].", comment="role: body, paragraph 2\\nreference link: [the report]"))
    ['the report']
    """
    return [line[len(LINK_PREFIX):].strip().removeprefix("[").removesuffix("]")
            for line in _role_lines(entry.comment) if line.startswith(LINK_PREFIX)]


def _provenance(entry: polib.POEntry) -> _Provenance | None:
    for line in l10n_notes(entry):
        match = _PROVENANCE.match(line)
        if match:
            return _Provenance(source_hash=match[1], text_hash=match[2], terms_digest=match[3] or "")
    return None


def _is_our_draft(entry: polib.POEntry) -> bool:
    """True when msgstr is exactly what l10n wrote (no human has edited it since)."""
    provenance = _provenance(entry)
    return provenance is not None and provenance.text_hash == _short_hash(entry.msgstr)


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    """An entry's identity, as gettext's: (msgctxt, msgid); the same sentence under another msgctxt is another message."""
    return entry.msgctxt, entry.msgid


def unit_entries(po: polib.POFile) -> dict[str, polib.POEntry]:
    """The live entry of each of the article's units, by source: the one with no msgctxt.

    l10n writes no msgctxt (one entry per distinct sentence, its roles in ``#.`` lines), so an entry
    with one, even for a unit's sentence, is another message (a hand edit, another tool's catalog):
    it is never read, approved or published as the unit's translation.
    """
    return {entry.msgid: entry for entry in po if not entry.obsolete and entry.msgctxt is None}


def needs_draft(entry: polib.POEntry, terms_digest: Callable[[str], str] | None = None) -> bool:
    """Whether the pipeline should (re)draft this entry.

    Empty entries, and untouched l10n drafts made for a source that has since
    changed or, given ``terms_digest(msgid)`` (the glossary's digest of the unit's
    terms now), under other glossary terms.  Reviewed entries and any text a human
    wrote or edited are kept.
    """
    if entry.obsolete:
        return False
    state = entry_state(entry)
    if state is EntryState.EMPTY:
        return True
    if state is EntryState.REVIEWED or not _is_our_draft(entry):
        return False
    provenance = _provenance(entry)
    if provenance.source_hash != _short_hash(entry.msgid):
        return True
    return terms_digest is not None and provenance.terms_digest != terms_digest(entry.msgid)


def memory_copy_origin(entry: polib.POEntry) -> str | None:
    """The catalog (slug) an untouched exact memory match l10n filled in came from; None for any other text.

    Such a copy is that catalog's review, not one of its own: the memory skips it while that catalog
    is there, so a translation withdrawn there is not kept alive by the copies.
    """
    if not _is_our_draft(entry):
        return None
    prefix = f"{OUR_PREFIX} {MEMORY_EXACT_NOTE} "
    return next((line[len(prefix):] for line in l10n_notes(entry) if line.startswith(prefix)), None)


def holds_translators_text(entry: polib.POEntry) -> bool:
    """A text a translator wrote, edited or approved: reviewed, or not the draft l10n wrote."""
    return bool(entry.msgstr) and (entry_state(entry) is EntryState.REVIEWED or not _is_our_draft(entry))


def awaits_source_review(entry: polib.POEntry) -> bool:
    """A translator's text kept, fuzzy, after its source changed (msgmerge's ``#| msgid``): l10n never redrafts it."""
    return bool(entry.previous_msgid) and entry_state(entry) is EntryState.DRAFT and not _is_our_draft(entry)


def emptied_by_translator(entry: polib.POEntry) -> bool:
    """An empty entry that once held a text l10n put there (its provenance line is left): a translator removed it."""
    return entry_state(entry) is EntryState.EMPTY and _provenance(entry) is not None


def _role_lines(comment: str) -> list[str]:
    return read_comment(comment)[0]


def _our_lines(comment: str) -> list[str]:
    return read_comment(comment)[1]


def _split_ours(comment: str) -> tuple[list[str], list[str]]:
    """Our lines as (hints, draft block): the block runs from the provenance line to the end."""
    ours = _our_lines(comment)
    for index, line in enumerate(ours):
        if _PROVENANCE.match(line):
            return ours[:index], ours[index:]
    return ours, []


def _as_our_lines(notes: Iterable[str]) -> list[str]:
    """Note texts as ``l10n:`` notes, one per note (made safe by ``comment_text``), without repeats."""
    lines: list[str] = []
    for note in notes:
        line = comment_text(note)
        if not line:
            continue
        if not line.startswith(OUR_PREFIX):
            line = f"{OUR_PREFIX} {line}"
        if line not in lines:
            lines.append(line)
    return lines


def refresh_comments(po: polib.POFile, *, glossary_notes: Callable[[str], Iterable[str]] | None = None) -> None:
    """Regenerate the hint lines of every entry, so a changed glossary shows up on reviewed entries too.

    The ``#.`` comments are: roles (from the template), hints (``glossary_notes(msgid)``,
    recomputed here), then the draft block (provenance and the draft's notes, kept
    until the entry is redrafted).  Once a translator has changed the draft, its ``FLAG``
    findings are about a text that is gone and are dropped.  Translator comments are never touched.
    """
    for entry in po:
        if entry.obsolete:
            continue
        hints, draft_block = _split_ours(entry.comment)
        if entry.msgstr and not _is_our_draft(entry):
            draft_block = [line for line in draft_block if not _FLAG.match(line)]
        if glossary_notes is not None:
            hints = [line for line in _as_our_lines(glossary_notes(entry.msgid)) if line not in draft_block]
        entry.comment = write_comment(_role_lines(entry.comment), hints + draft_block)


def apply_draft(entry: polib.POEntry, draft: Draft, *, terms_digest: str = "") -> None:
    """Put a draft into an entry and record its provenance; refuse to overwrite human work.

    ``draft.notes`` (glossary hints, adaptation rules, ``FLAG`` findings) follow the
    provenance line as ``l10n:`` comments; earlier hints and draft notes are dropped.
    ``terms_digest`` (the unit's glossary terms, see ``needs_draft``) goes on the provenance line.
    """
    if draft.source != entry.msgid:
        raise ValueError(f"draft for {draft.source!r} applied to entry {entry.msgid!r}")
    if entry_state(entry) is EntryState.REVIEWED:
        raise ValueError(f"entry {entry.msgid!r} is reviewed; l10n never replaces a reviewed translation")
    if entry_state(entry) is EntryState.DRAFT and not _is_our_draft(entry):
        raise ValueError(f"entry {entry.msgid!r} holds a translator's text; l10n keeps it for review")
    entry.msgstr = draft.text
    if draft.fuzzy:
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    else:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
    label = " ".join(part for part in (draft.origin.value, draft.engine_id) if part)
    provenance = f"{OUR_PREFIX} draft by {label}; source sha1:{_short_hash(entry.msgid)}; text sha1:{_short_hash(draft.text)}"
    if terms_digest:
        provenance += f"; terms sha1:{terms_digest}"
    entry.comment = write_comment(_role_lines(entry.comment), _as_our_lines([provenance, *draft.notes]))


def header_date() -> str:
    """Now, as PO headers write dates (UTC)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")


def _generator() -> str:
    from ..version import __version__

    return f"l10n {__version__}"


def _template_lines(unit: Unit, labels: frozenset[str]) -> list[str]:
    """The unit's ``#.`` lines from the article: its role, then each reference label its links use (``labels``: those defined)."""
    used = dict.fromkeys(reference_links(unit.source, labels))
    return [_role_line(unit), *(comment_text(f"{LINK_PREFIX} [{label}]") for label in used)]


def _role_line(unit: Unit) -> str:
    if unit.kind in ("body", "list item", "quote", "footnote"):
        return f"{ROLE_PREFIX} {unit.kind}, paragraph {unit.paragraph + 1}"
    if unit.kind == "image":
        return f"{ROLE_PREFIX} image (alt text or title of a picture)"
    return f"{ROLE_PREFIX} {unit.kind}"


def build_template(articles: Sequence[Article], *, project_name: str = "l10n") -> polib.POFile:
    """The POT for ``articles``: one entry per distinct sentence, in article order."""
    template = polib.POFile(wrapwidth=0)
    slugs = ", ".join(article.slug for article in articles)
    template.header = f"Translation template for {slugs}.\nGenerated by l10n from the English article; edit the article, not this file."
    template.metadata = {
        "Project-Id-Version": project_name,
        "POT-Creation-Date": header_date(),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": _generator(),
    }
    entries: dict[str, polib.POEntry] = {}
    for article in articles:
        labels = defined_labels(article.text) if article.markup == "markdown" else frozenset()
        for unit in article.units:
            entry = entries.get(unit.source)
            if entry is None:
                entry = entries[unit.source] = polib.POEntry(msgid=unit.source, msgstr="")
                template.append(entry)
            occurrence = (article.source_path, str(unit.line))
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
            lines = _comment_lines(entry.comment)
            added = [line for line in _template_lines(unit, labels) if line not in lines]
            if added:
                entry.comment = "\n".join([*lines, *added])
    return template


def fresh_catalog(template: polib.POFile, profile: LanguageProfile, note: str = "") -> polib.POFile:
    """A new language catalog with every template entry empty."""
    catalog = polib.POFile(wrapwidth=0)
    subject = template.header.split("\n", 1)[0].removeprefix("Translation template for ")
    header = [f"{profile.name} translation of {subject}", "Drafts are machine translations marked fuzzy: review each, then clear the fuzzy flag."]
    catalog.header = "\n".join([*header, note] if note else header)
    catalog.metadata = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", "l10n"),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", header_date()),
        "PO-Revision-Date": header_date(),
        "Last-Translator": LAST_TRANSLATOR_PLACEHOLDER,
        "Language-Team": profile.name,
        "Language": profile.tag,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": profile.plural_forms,
    }
    for source in template:
        catalog.append(polib.POEntry(msgid=source.msgid, msgstr="", occurrences=list(source.occurrences), comment=source.comment))
    return catalog


def stamp_header(catalog: polib.POFile, profile: LanguageProfile, note: str = "") -> None:
    """Set the header fields l10n owns: the language tag, plural rule, charset, generator and note.

    ``Language`` and ``Plural-Forms`` are language data (``profile.tag``), so a catalog
    written with an older tag (``tk``) is retagged; the other fields are the translators'.
    """
    stamp_language(catalog, profile, note)
    catalog.metadata.setdefault("PO-Revision-Date", header_date())
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.metadata["X-Generator"] = _generator()


def stamp_language(catalog: polib.POFile, profile: LanguageProfile, note: str = "") -> None:
    """Set the header fields that say what the text is written in: tag, plural rule and the drafts' note.

    Publishing stamps them on the .mo too, so a reviewed catalog not yet retagged (``Language: tk``
    in Turkish orthography, babel's one-form Turkish rule) compiles to what its pages say.
    """
    catalog.metadata["Language"] = profile.tag
    catalog.metadata["Plural-Forms"] = profile.plural_forms
    if note:
        catalog.metadata["X-L10n-Note"] = note
    else:
        catalog.metadata.pop("X-L10n-Note", None)


def same_words(first: str, second: str) -> bool:
    """Whether two sources differ only in whitespace: a paragraph re-wrapped, indented, or spaced otherwise.

    Runs of whitespace count as one space and the ends are ignored, as in ``unit_id``
    and the translation memory's key.

    >>> same_words("a budget of 12 million\\ndollars.", "a budget of 12  million dollars."), same_words("a b", "a c")
    (True, False)
    """
    return first.split() == second.split()


def follow_rewraps(old: polib.POFile, template: polib.POFile) -> polib.POFile:
    """``old`` with each entry whose source was only re-wrapped given the template's new msgid, for msgmerge.

    msgmerge matches msgids exactly, so a paragraph an editor re-wrapped (same words,
    other line breaks) would turn every reviewed translation in it into a fuzzy entry
    with ``#| msgid``.  Each template msgid that no entry of ``old`` holds takes the
    entry with the same words (``same_words``): the one the edit left without a unit,
    else a live one (copied: the same sentence twice, wrapped differently), else an
    obsolete one (which msgmerge revives, as it revives an exact one).  msgmerge then
    keeps the entry as it keeps any exact match: translation, state, flags, comments and
    any ``#|`` of an earlier change of words.  The provenance line of an l10n draft made
    for the old msgid names the new one (``source sha1``), so the draft counts as current
    and is not made again.  Returns ``old`` itself when no source was re-wrapped.
    """
    held = {entry.msgid for entry in old}
    wanted = {entry.msgid for entry in template}
    missing = [msgid for msgid in dict.fromkeys(entry.msgid for entry in template) if msgid not in held]
    candidates: dict[tuple[str, ...], list[tuple[int, int]]] = {}  # words -> [(rank, index)], best first by min()
    for index, entry in enumerate(old):
        if entry.msgid and not entry.msgctxt and not entry.msgid_plural:
            rank = 2 if entry.obsolete else 1 if entry.msgid in wanted else 0
            candidates.setdefault(tuple(entry.msgid.split()), []).append((rank, index))
    chosen: dict[int, list[str]] = {}  # index of an old entry -> the new msgids it goes to
    for msgid in missing:
        found = candidates.get(tuple(msgid.split()))
        if found:
            chosen.setdefault(min(found)[1], []).append(msgid)
    if not chosen:
        return old
    moved = copy.deepcopy(old)
    entries: list[polib.POEntry] = []
    for index, entry in enumerate(moved):
        msgids = chosen.get(index, [])
        if msgids and entry.msgid not in wanted:  # left without a unit: it moves to the first, copies go to the others
            entry, msgids = _moved_entry(entry, msgids[0]), msgids[1:]
        entries.append(entry)  # an entry no unit wants stays, and msgmerge makes it obsolete
        entries.extend(_moved_entry(copy.deepcopy(entry), msgid) for msgid in msgids)
    moved[:] = entries
    return moved


def _moved_entry(entry: polib.POEntry, msgid: str) -> polib.POEntry:
    """``entry`` under ``msgid`` (same words), its l10n draft's provenance following it."""
    provenance = _provenance(entry)
    if provenance is not None and provenance.source_hash == _short_hash(entry.msgid):
        roles, notes = read_comment(entry.comment)
        notes = [_with_source_hash(note, _short_hash(msgid)) for note in notes]
        entry.comment = write_comment(roles, notes)
    entry.msgid = msgid
    return entry


def _with_source_hash(note: str, source_hash: str) -> str:
    match = _PROVENANCE.match(note)
    return note if match is None else note[:match.start(1)] + source_hash + note[match.end(1):]


def mark_for_merge(old: polib.POFile) -> polib.POFile:
    """A copy of ``old`` prepared for msgmerge, so each merged entry can be traced to its old entry.

    Each entry gets a ``# l10n-merge-id:N`` translator-comment line (msgmerge copies
    translator comments to the entry it derives) and fuzzy entries lacking one get
    ``#| msgid`` (so a changed unit always shows its previous source);
    ``unmark_merged`` removes both again, leaving translator comments as they were.
    """
    marked = copy.deepcopy(old)
    marked.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for index, entry in enumerate(marked):
        entry.tcomment = "\n".join([*_comment_lines(entry.tcomment), f"l10n-merge-id:{index}"])
        if "fuzzy" in entry.flags and entry.previous_msgid is None:
            entry.previous_msgid = entry.msgid
    return marked


def unmark_merged(merged: polib.POFile, old: polib.POFile, template: polib.POFile) -> polib.POFile:
    """Undo ``mark_for_merge`` on msgmerge's output; roles from ``template``, our lines from ``old``."""
    template_entries = {entry.msgid: entry for entry in template}
    for entry in merged:
        origin = _pop_merge_mark(entry)
        if entry.previous_msgid is not None and same_words(entry.previous_msgid, entry.msgid):
            entry.previous_msgid = None  # no word changed: nothing to compare the translation against
        if entry.obsolete:
            continue
        source = old[origin] if origin is not None else None
        ours = _carried_lines(entry, source)
        entry.comment = write_comment(_role_lines(template_entries[entry.msgid].comment), ours)
    return merged


def _pop_merge_mark(entry: polib.POEntry) -> int | None:
    lines = _comment_lines(entry.tcomment)
    if lines and (match := _MERGE_MARK.match(lines[-1])):
        entry.tcomment = "\n".join(lines[:-1])
        return int(match[1])
    return None


def _carried_lines(entry: polib.POEntry, source: polib.POEntry | None) -> list[str]:
    """Our ``l10n:`` lines from the old entry, unless they would pass a reviewed text off as a draft."""
    if source is None:
        return []
    if source.msgid == entry.msgid or entry_state(source) is not EntryState.REVIEWED:
        return _our_lines(source.comment)
    return []


def carry_drafts(drafted: Iterable[polib.POEntry], current: polib.POFile, terms_digest: Callable[[str], str] | None = None) -> int:
    """Copy this run's drafts (``drafted``: the entries it drafted) into ``current`` (the file as a translator left it).

    Only entries of ``current`` that still need a draft (``needs_draft`` with
    ``terms_digest``) receive one, so every translator edit wins; returns how many drafts were carried.
    An earlier draft the run kept is not carried: an entry needing one now was emptied by the translator.
    """
    drafts = {entry.msgid: entry for entry in drafted if not entry.obsolete and entry.msgstr and _is_our_draft(entry)}
    carried = 0
    for entry in current:
        draft = drafts.get(entry.msgid)
        if draft is None or entry.obsolete or not needs_draft(entry, terms_digest):
            continue
        entry.msgstr = draft.msgstr
        entry.flags = list(draft.flags)
        entry.previous_msgid = draft.previous_msgid
        entry.comment = write_comment(_role_lines(entry.comment), _our_lines(draft.comment))
        carried += 1
    return carried


def is_flagged(entry: polib.POEntry) -> bool:
    """An entry still awaiting review whose comments carry an ``l10n: … FLAG`` finding."""
    return entry_state(entry) is not EntryState.REVIEWED and bool(flag_lines(entry))


def flag_lines(entry: polib.POEntry) -> list[str]:
    """The entry's ``l10n: … FLAG`` notes, each whole, whatever its state."""
    return [line for line in l10n_notes(entry) if _FLAG.match(line)]


def live_flag_lines(entry: polib.POEntry) -> list[str]:
    """The ``FLAG`` notes about the text the entry holds: l10n's draft; none once a translator wrote or approved theirs."""
    return [] if holds_translators_text(entry) else flag_lines(entry)


def render_unwrapped(po: polib.POFile) -> str:
    """The catalog as PO text with one line per string (``pofiles`` wraps it the GNU way).

    The text is always stored as UTF-8, so its header says so, whatever charset the file it was read from declared.
    """
    po.wrapwidth = 0
    if "Content-Type" in po.metadata:
        po.metadata["Content-Type"] = declare_utf8(po.metadata["Content-Type"])
    for entry in po:  # polib writes comments raw, and a lone CR would end the line for every reader
        entry.tcomment = _without_cr(entry.tcomment)
        entry.comment = _without_cr(entry.comment)
    po.header = _without_cr(po.header)
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def declare_utf8(content_type: str) -> str:
    """A Content-Type header value naming UTF-8 as its charset.

    >>> declare_utf8("text/plain; charset=ISO-8859-1"), declare_utf8("text/plain")
    ('text/plain; charset=UTF-8', 'text/plain; charset=UTF-8')
    """
    if CHARSET_PARAMETER.search(content_type):
        return CHARSET_PARAMETER.sub("charset=UTF-8", content_type, count=1)
    return f"{content_type.rstrip('; ')}; charset=UTF-8"


def _without_cr(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def written_in(path: Path, catalog: polib.POFile) -> LanguageProfile:
    """The profile of what a catalog's text is written in, from its header (``catalog_language``), whatever
    ``tk_route`` says now: checks, the review page and the published pages all read it so."""
    return catalog_language(path, catalog.metadata.get("Language", ""), catalog.metadata.get("X-L10n-Note", ""))


def catalog_language(path: Path, header_language: str, note: str = "") -> LanguageProfile:
    """The target profile of a PO file: its ``Language:`` header (a profile's tag or code), else the path.

    ``note`` is the catalog's ``X-L10n-Note``, which tells a tk-route catalog (tag ``tk``) from an older one.
    A header naming another target than the language folder it sits in (``ar/LC_MESSAGES``) is a
    CatalogError: read as the header says, its Arabic would enter the memory as Sorani.

    >>> catalog_language(Path("x.po"), "tr").code, catalog_language(Path("x.po"), "tk").tag
    ('tk', 'tr')
    """
    tag = header_language.strip().replace("_", "-").lower()
    primary = tag.split("-")[0]
    tagged = profile_for_tag(tag, note) or profile_for_tag(primary, note)
    parts = Path(path).parts
    folder = parts[-3] if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" else ""
    if tagged is not None:
        if folder in PROFILES and tagged.code != folder:
            raise CatalogError(f"{path}: its 'Language:' header says {header_language.strip()!r} ({tagged.name}), but it is "
                               f"in the {folder} folder; set Language: {get_profile(folder).tag}, or move the file to "
                               f"{tagged.code}/LC_MESSAGES if that is its language.")
        return tagged
    candidates = [primary, folder]
    for code in candidates:
        if code in PROFILES:
            return get_profile(code)
    raise CatalogError(
        f"{path}: no known target language in the 'Language:' header or the path; set Language: to one of {', '.join(p.tag for p in PROFILES.values())}."
    )


