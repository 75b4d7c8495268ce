"""One article under review: what each unit shows, and every change written through compare-and-swap.

The web app (``app.py``) only renders what ``Review`` returns and passes the
translator's actions back.  Everything is read from the files on every call, so
a save by Poedit or another translator shows up on the next page load, and every
write goes through ``pofiles.edit_catalog``: the change is applied to the file
as it is at that instant, and a save made meanwhile by another program is
merged, never lost.  A change to an entry whose text or state moved on since the
translator saw it is a conflict: nothing is written and both versions go back.

States follow the PO flags (``catalog.entry_state``): typing makes a unit a
draft (``fuzzy``), approving makes it reviewed (``fuzzy`` cleared, the
previous source dropped) and puts it into the translation memory exactly as
``l10n tm import`` would.
"""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..core.languages import LanguageProfile
from ..core.project import Project
from ..core.records import Article, Finding, TermHit, unit_id
from ..errors import CatalogError, InputError, L10nError, UsageError
from ..publish.html import render_html
from ..publish.policy import plan_language
from ..publish.rebuild import localize
from ..stages.articles import catalog_name, load_article, resolve_article
from ..stages.catalog import (OUR_PREFIX, EntryState, entry_state, flag_lines, l10n_notes, live_flag_lines,
                               link_labels, unit_entries, written_in)
from ..stages.memory import TranslationMemory
from ..stages.pofiles import edit_catalog, read_catalog
from ..stages.qa import check_entry
from ..stages.splice import split_words
from ..stages.terms import Glossary, accepted_renderings, approved_rendering, read_glossary
from ..stages.terms.check import distinct_hits
from ..stages.terms.match import term_windows

_LINE_BREAK = re.compile("[^\\S\u00a0]*(?:\r\n|[\r\n\u2028\u2029\x85])[^\\S\u00a0]*")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONFLICT = "this entry was changed elsewhere since you opened it"
QA_CACHE_SIZE = 20_000      # (language, source, text) whose findings are remembered between page loads
_DIFF_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Version:
    """What a translator sees of an entry and can change: its text, fuzzy flag and previous source."""

    msgstr: str
    fuzzy: bool
    previous: str | None = None

    @classmethod
    def of(cls, entry: polib.POEntry) -> Version:
        return cls(entry.msgstr, "fuzzy" in entry.flags, entry.previous_msgid)

    @property
    def seen(self) -> tuple[str, bool]:
        """What a conflict is judged on: the text and whether it is reviewed."""
        return self.msgstr, self.fuzzy

    def apply(self, entry: polib.POEntry) -> None:
        entry.msgstr = self.msgstr
        others = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.flags = ["fuzzy", *others] if self.fuzzy else others
        entry.previous_msgid = self.previous


@dataclass(frozen=True)
class TermNote:
    """A glossary term of the unit's source: its approved rendering, variants and whether the text has one."""

    form: str
    approved: str
    variants: tuple[str, ...]
    found: bool
    note: str = ""


@dataclass(frozen=True)
class Piece:
    """A stretch of text, and the term it belongs to (None: plain text)."""

    text: str
    term: TermNote | None = None


@dataclass(frozen=True)
class UnitView:
    """Everything the page shows for one unit; ``read_only`` says why it cannot be edited here."""

    key: str
    number: int
    kind: str
    source: str
    target: str
    state: str                           # empty | draft | changed | reviewed | missing | obsolete
    source_pieces: tuple[Piece, ...]
    target_pieces: tuple[Piece, ...]
    terms: tuple[TermNote, ...]
    findings: tuple[Finding, ...]
    flags: tuple[str, ...]               # the FLAG lines l10n wrote about the text shown (its own draft)
    notes: tuple[str, ...]               # the other l10n lines: provenance, memory, glossary hints
    translator_comment: str
    previous_diff: tuple[tuple[str, str], ...] = ()   # (op, text): equal | delete | insert, old source -> new
    memory: str = ""                     # the memory's best match and where it came from
    read_only: str = ""

    @property
    def fuzzy(self) -> bool:
        return self.state in ("draft", "changed")

    @property
    def needs_attention(self) -> bool:
        """What "next unreviewed or flagged" stops at: not reviewed, or QA finds an error in the text as it is now.

        l10n's FLAG lines stay in the comments after approval (``catalog.is_flagged`` counts them on
        unreviewed entries only), so on a reviewed unit only the live findings count.
        """
        return not self.read_only and (self.state != "reviewed" or _blocking(self.findings))


@dataclass(frozen=True)
class Progress:
    reviewed: int
    units: int

    def __str__(self) -> str:
        return f"{self.reviewed} of {self.units} reviewed"


@dataclass(frozen=True)
class Outcome:
    """What a save or an undo did: ``status`` is saved | unchanged | conflict | failed."""

    status: str
    unit: UnitView | None
    progress: Progress
    message: str = ""
    theirs: Version | None = None        # on a conflict: the entry as it is in the file now
    mine: Version | None = None          # on a conflict: what the translator asked for


@dataclass
class _Change:
    lang: str
    msgid: str
    before: Version
    after: Version
    tab: str = ""      # the browser tab that saved it (the page's own id): undo is that tab's


@dataclass
class Review:
    """An article and its catalogs, opened for review in ``langs`` (those with a catalog)."""

    project: Project
    path: Path                     # the article's file, segmented again whenever it changes
    langs: tuple[str, ...]
    glossary: Glossary
    write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)   # held while a change is written
    _undo: list[_Change] = field(default_factory=list, repr=False)
    _qa_cache: dict = field(default_factory=dict, repr=False)
    _loaded: tuple[tuple[int, int, int], Article] | None = field(default=None, repr=False)

    @property
    def article(self) -> Article:
        """The article as its file holds it now: a desk that edits it and re-runs ``l10n translate``
        during the review sees the new units on the next page load, not the ones the server started with.
        A file that cannot be looked at (moved away meanwhile) leaves the article as last read."""
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            stamp = self._loaded[0] if self._loaded else (0, 0, 0)
        if self._loaded is None or self._loaded[0] != stamp:
            self._loaded = (stamp, load_article(self.project, self.path))
        return self._loaded[1]

    @property
    def sources(self) -> list[str]:
        """Distinct unit sources in reading order (title, caption, credit, body), one entry each."""
        return list(dict.fromkeys(unit.source for unit in self.article.units))

    def catalog_path(self, lang: str) -> Path:
        return self.project.catalog_path(self.article.slug, lang)

    def profile(self, lang: str) -> LanguageProfile:
        """What ``lang``'s catalog is written in (its header: a tk catalog of either route), checked as published."""
        if lang not in self.langs:
            raise UsageError(f"{lang!r} is not under review here; open one of {', '.join(self.langs)}.")
        path = self.catalog_path(lang)
        return written_in(path, read_catalog(path)) if path.is_file() else self.project.profile(lang)

    # --- reading -------------------------------------------------------------------------------

    def units(self, lang: str) -> tuple[list[UnitView], Progress]:
        """Every unit in reading order, then the catalog's entries the article no longer has (read-only)."""
        profile = self.profile(lang)
        po, entries = self._read(lang)
        sources = self.sources
        memory = self._memory_matches(lang, sources)
        kinds: dict[str, str] = {}
        for unit in self.article.units:
            kinds.setdefault(unit.source, unit.kind)
        views = [self._view(profile, number, source, kinds[source], entries.get(source), memory.get(source))
                 for number, source in enumerate(sources, 1)]
        known = {id(entries[source]) for source in sources if source in entries}
        extra = [entry for entry in po if id(entry) not in known]
        views += [self._view(profile, len(views) + n, entry.msgid, "obsolete" if entry.obsolete else "other", entry, None)
                  for n, entry in enumerate(extra, 1)]
        return views, self._progress(entries)

    def unit(self, lang: str, key: str) -> tuple[UnitView, Progress]:
        """One unit of the article as the file holds it now, and the article's progress."""
        return self._unit(lang, self._msgid(key), self._read(lang)[1])

    def _unit(self, lang: str, msgid: str, entries: dict[str, polib.POEntry]) -> tuple[UnitView, Progress]:
        profile = self.profile(lang)
        kind = next(unit.kind for unit in self.article.units if unit.source == msgid)
        view = self._view(profile, self.sources.index(msgid) + 1, msgid, kind, entries.get(msgid),
                          self._memory_matches(lang, [msgid]).get(msgid))
        return view, self._progress(entries)

    def preview(self, lang: str) -> str:
        """The published page as it would look now: reviewed text, drafts and English fill marked."""
        profile = self.profile(lang)
        _po, entries = self._read(lang)
        plan = plan_language(lang, [unit.source for unit in self.article.units], entries, [],
                             catalog=str(self.catalog_path(lang)), min_reviewed=0, fill="draft")
        return render_html(localize(self.article, lang, plan.choices), profile)

    def _read(self, lang: str) -> tuple[polib.POFile, dict[str, polib.POEntry]]:
        po = read_catalog(self.catalog_path(lang))
        return po, unit_entries(po)

    def _progress(self, entries: dict[str, polib.POEntry]) -> Progress:
        reviewed = sum(1 for source in self.sources
                       if source in entries and entry_state(entries[source]) is EntryState.REVIEWED)
        return Progress(reviewed, len(self.sources))

    def _memory_matches(self, lang: str, sources: list[str]) -> dict:
        """The memory's best match per source (never created here: a missing memory has none)."""
        if not self.project.memory_path.is_file():
            return {}
        with TranslationMemory(self.project.memory_path, root=self.project.root) as tm:
            return tm.lookup(sources, lang, threshold=self.project.fuzzy_threshold)

    def _view(self, profile: LanguageProfile, number: int, source: str, kind: str,
              entry: polib.POEntry | None, match) -> UnitView:
        hits = self.glossary.find_for(source, profile.code)
        if entry is None:
            return UnitView(unit_id(source), number, kind, source, "", "missing", _pieces(source, [(h.start, h.end, None) for h in hits]),
                            (), (), (), (), (), "", read_only="not in the catalog yet: run `l10n translate` on the article to add it")
        target = entry.msgstr
        terms, target_spans = self._terms(hits, target, profile)
        source_spans = [(hit.start, hit.end, terms[hit.term.id]) for hit in hits]
        state = {EntryState.EMPTY: "empty", EntryState.DRAFT: "draft", EntryState.REVIEWED: "reviewed"}[entry_state(entry)]
        if state == "draft" and entry.previous_msgid:
            state = "changed"
        read_only = ""
        if entry.obsolete:
            state, read_only = "obsolete", "obsolete: no longer in the article (msgmerge keeps it for reference); nothing to review"
        elif entry.msgid_plural:
            read_only = "plural forms: l10n edits single messages only; edit this entry in a PO editor"
        elif entry.msgctxt is not None:
            read_only = "a message with a context (msgctxt), which l10n does not write: not a unit of the article; edit it in a PO editor"
        elif kind == "other":
            read_only = "not in the article any more: run `l10n translate` on the article to update the catalog"
        ours = l10n_notes(entry)
        flags = flag_lines(entry)
        current = live_flag_lines(entry)   # once a translator wrote theirs, the live findings below judge it
        return UnitView(
            key=unit_id(source), number=number, kind=kind, source=source, target=target, state=state,
            source_pieces=_pieces(source, source_spans), target_pieces=_pieces(target, target_spans),
            terms=tuple(dict.fromkeys(terms.values())),
            findings=tuple(self._findings(source, target, profile, link_labels(entry))) if not read_only else (),
            flags=tuple(line.removeprefix(OUR_PREFIX).strip() for line in current),
            notes=tuple(line.removeprefix(OUR_PREFIX).strip() for line in ours if line not in flags),
            translator_comment=entry.tcomment or "",
            previous_diff=_diff(entry.previous_msgid, source) if state == "changed" else (),
            memory=_memory_line(match, self.article.slug, target),
            read_only=read_only,
        )

    def _terms(self, hits: list[TermHit], target: str, profile: LanguageProfile):
        """term id -> TermNote, and the spans in ``target`` of each term's accepted renderings.

        Terms are looked for as the check looks for them (``match.term_windows``, longest
        first), so a term shown as present here is one ``l10n check`` finds too.
        """
        notes: dict[str, TermNote] = {}
        spans: list[tuple[int, int, TermNote]] = []
        if not hits:
            return notes, spans
        distinct = distinct_hits(hits)
        words = split_words(target)
        windows = term_windows(words, {hit.term.id: accepted_renderings(hit.term, profile.code) for hit in distinct}, profile)
        for hit in distinct:
            found = windows[hit.term.id]
            note = TermNote(hit.form, approved_rendering(hit.term, profile.code),
                            accepted_renderings(hit.term, profile.code)[1:], bool(found), hit.term.note)
            notes[hit.term.id] = note
            # the words' letters and endings, not the punctuation around them (كركوك، marks كركوك)
            spans += [(words[first].start + len(words[first].lead), words[end - 1].end - len(words[end - 1].trail), note)
                      for first, end in found]
        return notes, spans

    def _findings(self, source: str, target: str, profile: LanguageProfile, labels: list[str]) -> list[Finding]:
        key = (profile.code, source, target, tuple(labels))
        if key not in self._qa_cache:
            if len(self._qa_cache) >= QA_CACHE_SIZE:
                self._qa_cache.clear()
            self._qa_cache[key] = check_entry(source, target, profile, self.glossary, labels=labels)
        return self._qa_cache[key]

    # --- writing -------------------------------------------------------------------------------

    def save(self, lang: str, key: str, text: str, *, approve: bool, seen: tuple[str, bool] | None,
             tab: str = "") -> Outcome:
        """Write the translator's ``text`` (a draft, or reviewed with ``approve``) if the entry still holds ``seen``.

        ``seen`` is (text, fuzzy) as the page showed them; None overrides whatever the file holds
        (the translator chose their version in a conflict).  ``tab`` names the browser tab saving, whose undo it is.
        """
        self.profile(lang)
        msgid = self._msgid(key)
        text = _one_line(text)
        if approve and not text:   # `a` on a unit with no translation yet wrote nothing and said nothing
            raise UsageError("nothing to approve: this unit has no translation yet; write one (e) and approve it.")
        with self.write_lock:
            def wanted(now: Version) -> Version:
                return Version(text, fuzzy=bool(text) and not approve, previous=None if approve else now.previous)

            return self._write(lang, msgid, seen, wanted, record=tab)

    def undo(self, lang: str, tab: str = "") -> Outcome | None:
        """Put back the entry this session changed last in ``lang`` from browser tab ``tab``, unless it changed again
        since or its sentence left the article (that change is dropped: no unit shows it any more).  Each page undoes
        its own changes: a translator with two tabs, of one language or two, never undoes what the other tab saved."""
        with self.write_lock:
            index = next((i for i in reversed(range(len(self._undo)))
                          if self._undo[i].lang == lang and self._undo[i].tab == tab), None)
            if index is None:
                return None
            change = self._undo.pop(index)
            if change.msgid not in self.sources:   # the desk rewrote the sentence: its entry is no unit to put back
                return Outcome("failed", None, self._progress(self._read(lang)[1]),
                               "the unit changed last is no longer in the article, so it cannot be undone here")
            outcome = self._write(lang, change.msgid, change.after.seen, lambda now: change.before, record=None)
            if outcome.status == "conflict":
                self._undo.insert(index, change)
                outcome = Outcome("conflict", outcome.unit, outcome.progress,
                                  "the entry was changed elsewhere since; nothing undone", outcome.theirs, outcome.mine)
            return outcome

    def can_undo(self, lang: str, tab: str | None = "") -> bool:
        """Whether ``undo(lang, tab)`` has a change to put back (``tab`` None: any tab's)."""
        return any(change.lang == lang and tab in (None, change.tab) for change in self._undo)

    def _msgid(self, key: str) -> str:
        for source in self.sources:
            if unit_id(source) == key:
                return source
        raise UsageError(f"no unit {key!r} in {self.article.slug}; reload the page.")

    def _write(self, lang: str, msgid: str, seen: tuple[str, bool] | None, change, *, record: str | None) -> Outcome:
        """Apply ``change(now) -> wanted`` to the entry through compare-and-swap; a conflict writes nothing."""
        path = self.catalog_path(lang)
        found: dict[str, Version] = {}
        entries = self._read(lang)[1]
        view, progress = self._unit(lang, msgid, entries)
        if view.read_only:
            return Outcome("failed", view, progress, view.read_only)
        now = Version.of(entries[msgid])
        if change(now) == now:     # nothing to write, or a conflict already: the file is left as it is
            return Outcome("unchanged", view, progress)
        if _conflicts(seen, now, change(now)):
            return Outcome("conflict", view, progress, CONFLICT, theirs=now, mine=change(now))

        def edit(snapshot: Path | None) -> polib.POFile:
            if snapshot is None:
                raise CatalogError(f"{path}: the catalog was removed during the review; restore it or run `l10n translate`.")
            po = read_catalog(snapshot)
            entry = unit_entries(po).get(msgid)
            if entry is None:
                raise CatalogError(f"{path}: the entry {msgid[:60]!r} is gone from the catalog; reload the page.")
            found.clear()
            now = found["now"] = Version.of(entry)
            wanted = found["wanted"] = change(now)
            if _conflicts(seen, now, wanted):
                found["conflict"] = now     # theirs stays in the file; the translator chooses
            else:
                wanted.apply(entry)
            return po

        saved = edit_catalog(path, edit)
        po, entries = self._read(lang)
        view, progress = self._unit(lang, msgid, entries)
        wanted = found["wanted"]
        if "conflict" in found:
            return Outcome("conflict", view, progress, CONFLICT, theirs=found["conflict"], mine=wanted)
        if (view.target, view.fuzzy) != wanted.seen:
            return Outcome("failed", view, progress, saved.notice or f"{path}: the change could not be written; reload and retry")
        if record is not None and found["now"] != wanted:   # ``record``: the tab whose undo it is (None: an undo)
            self._undo.append(_Change(lang, msgid, found["now"], wanted, record))
        message = "another program saved this catalog meanwhile; its changes are kept" if saved.notice else ""
        if not wanted.fuzzy and wanted.msgstr:
            try:
                with TranslationMemory(self.project.memory_path, root=self.project.root) as tm:
                    tm.import_catalog(po, path)
            except L10nError as exc:  # the catalog holds the translation: the save stands, the memory catches up later
                message = "; ".join(filter(None, (message, f"saved, but not into the translation memory: {exc} "
                                                            f"Then run `l10n tm import {path}`.")))
            else:   # the row again, with the memory as it is now: drawn before, it offered the text just replaced
                view = self._unit(lang, msgid, entries)[0]
        return Outcome("saved" if saved.written else "unchanged", view, progress, message)


def open_review(project: Project, article_path: Path, langs: tuple[str, ...] | None = None) -> Review:
    """The article (a path, or a slug with catalogs) and the languages that have a catalog for it."""
    path = resolve_article(project, Path(article_path))
    slug = catalog_name(project, path)
    wanted = tuple(dict.fromkeys(langs or project.targets))
    present = tuple(lang for lang in wanted if project.catalog_path(slug, lang).is_file())
    if not present:
        which = "for " + ", ".join(wanted)
        raise InputError(f"{path}: no catalog {which} yet; run `l10n translate {path}` first.")
    review = Review(project, path, present, read_glossary(project.glossary_dir))
    review.article     # an article that cannot be read or segmented stops here, in one line
    for lang in present:
        read_catalog(project.catalog_path(slug, lang))  # a malformed catalog stops here, in one line
    return review


def _one_line(text: str) -> str:
    """A unit's translation as one line (layout comes from the article); refuse control characters.

    Whitespace at either end goes, as a unit's source has none: an Enter pressed before Ctrl+Enter is no space
    left in the published text.

    >>> _one_line("two\\r\\nlines\\n")
    'two lines'
    """
    text = _LINE_BREAK.sub(" ", text).strip()
    bad = _CONTROL.search(text)
    if bad:
        raise UsageError(f"the translation holds the control character U+{ord(bad.group()):04X}; remove it and save again.")
    return text


def _conflicts(seen: tuple[str, bool] | None, now: Version, wanted: Version) -> bool:
    """The entry moved on since the translator saw it, to something other than what they want now."""
    return seen is not None and now.seen != tuple(seen) and now.seen != wanted.seen


def _blocking(findings) -> bool:
    from ..stages.qa import is_error

    return any(is_error(finding) for finding in findings)


def _pieces(text: str, spans) -> tuple[Piece, ...]:
    """``text`` cut at the (start, end, term) spans, in order; overlapping spans keep the first."""
    pieces, position = [], 0
    for start, end, term in sorted(spans, key=lambda span: span[0]):
        if start < position:
            continue
        if start > position:
            pieces.append(Piece(text[position:start]))
        pieces.append(Piece(text[start:end], term))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return tuple(pieces)


def _diff(previous: str | None, source: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff from the previous source to the current one."""
    if not previous:
        return ()
    old, new = _DIFF_TOKEN.findall(previous), _DIFF_TOKEN.findall(source)
    out: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(new[b1:b2])))
            continue
        if a2 > a1:
            out.append(("delete", "".join(old[a1:a2])))
        if b2 > b1:
            out.append(("insert", "".join(new[b1:b2])))
    return tuple(out)


def _memory_line(match, slug: str, target: str) -> str:
    """The memory's offer for a unit, unless it is this very translation coming back from this article."""
    if match is None or (match.origin == slug and match.target == target):
        return ""
    kind = "exact" if match.exact else f"{match.score:.0f}%"
    return f"{kind} match from {match.origin}: {match.target}"
