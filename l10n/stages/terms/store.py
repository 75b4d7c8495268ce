"""Glossary files on disk: glossary/terms.csv is the master, TBX goes in and out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ...core.languages import PROFILES
from ...core.records import Term
from ...errors import GlossaryError, InputError, ReadError, UsageError
from ...files.atomic import atomic_write, exchange, link_if_absent, replace_with, staged_beside
from ...files.digests import digest, file_digest
from ..read import is_utf16
from .csvfile import parse_csv, render_csv
from .glossary import Glossary, spelling_key
from .match import form_key
from .tbxfile import parse_tbx, render_tbx

GLOSSARY_FILE = "terms.csv"
MAX_GLOSSARY_BYTES = 20 * 1024 * 1024


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_GLOSSARY_BYTES:
            raise GlossaryError(f"{path}: larger than {MAX_GLOSSARY_BYTES // 2**20} MiB; split the glossary or trim it.")
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror}); check the file and its permissions.") from exc


def _glossary_bytes(path: Path) -> bytes | None:
    """terms.csv's bytes; None when there is no such file.  Anything else at that path is refused, never read as no terms.

    A folder, a broken symbolic link or a pipe where the glossary belongs is a
    GlossaryError (DATA_FILE): the project holds the wrong thing, and the fix is to
    the project's files.  A regular file that cannot be read is a ReadError (CANNOT_READ).
    """
    if not path.is_symlink() and not path.exists():
        return None
    if not path.is_file():
        raise GlossaryError(f"{path}: {_kind(path)}, not a CSV file; put the glossary CSV there, "
                            "or remove it to run without a glossary.")
    return _read_bytes(path)


def _kind(path: Path) -> str:
    """What a path that is not a regular file is, in words."""
    if path.is_dir():
        return "a folder"
    if path.is_symlink() and not path.exists():
        return "a symbolic link to nothing"
    return "a pipe or device"


def read_glossary(glossary_dir: Path) -> Glossary:
    """The project's glossary (``glossary_dir``/terms.csv); an empty Glossary when there is none."""
    path = Path(glossary_dir) / GLOSSARY_FILE
    data = _glossary_bytes(path)
    if data is None:
        return Glossary(source=str(path))
    glossary = parse_csv(_decoded(data, path), str(path))
    glossary.find("")  # its terms' pattern compiled now: one too large to match is refused at load, not mid-run
    return glossary


def _decoded(data: bytes, path: Path) -> str:
    if is_utf16(data):
        raise GlossaryError(f"{path}:1: not UTF-8 but UTF-16 (what a spreadsheet saves as \"Unicode Text\"); "
                            "save the glossary as 'CSV UTF-8 (comma-delimited)'.")
    try:
        return data.decode("utf-8")  # a byte order mark stays, for a rewrite to keep (parse_csv reads past it)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"{path}:{line}: not UTF-8 (a spreadsheet's plain \"CSV\" is in the Windows code page, "
                            "such as Arabic 1256); save the glossary as 'CSV UTF-8 (comma-delimited)'.") from exc


def write_glossary(glossary: Glossary, glossary_dir: Path) -> Path:
    """Write ``glossary`` as ``glossary_dir``/terms.csv, atomically."""
    return atomic_write(Path(glossary_dir) / GLOSSARY_FILE, render_csv(glossary))


def read_tbx(path: Path) -> Glossary:
    """A Glossary from a TBX file (defusedxml: entities and external references refused)."""
    path = Path(path)
    if not path.is_file():  # a mistyped path is the user's to fix, not a file to check the permissions of
        what = "no such file" if not path.is_symlink() and not path.exists() else f"{_kind(path)}, not a TBX file"
        raise InputError(f"{path}: {what}; give the path of a .tbx file.")
    return parse_tbx(_read_bytes(path), str(path))


def write_tbx(glossary: Glossary, path: Path) -> Path:
    """Write ``glossary`` as TBX to ``path``, atomically."""
    return atomic_write(Path(path), render_tbx(glossary))


def _term_keys(term: Term) -> set[tuple[str, str]]:
    """What makes two terms one: the id, and each form as it matches (``form_key``: "kirkuk" from a CAT tool is "Kirkuk")."""
    return {("id", term.id), *(("form", form_key(form, term.case_sensitive)) for form in term.forms)}


#: What became of an imported spelling the desk's term disagrees with (``ImportConflict.kind``), as the notice says it.
CONFLICT_MESSAGES = {
    "variant": "kept the approved {kept!r}; the imported {imported!r} is added as a variant (put it first in the cell to approve it)",
    "already-variant": "kept the approved {kept!r}; the imported {imported!r} stays a variant (put it first in the cell to approve it)",
    "forbidden-here": "the imported {imported!r} is forbidden in the glossary; not added",
    "accepted-here": "the import forbids {imported!r}, which the glossary accepts; it stays accepted",
    "construct": "kept the construct form {kept!r}; the imported {imported!r} is not taken",
}


@dataclass(frozen=True, slots=True)
class ImportConflict:
    """A spelling where an imported term and the desk's term disagree: the desk's side was kept (``kind``: CONFLICT_MESSAGES)."""

    where: str       # terms.csv:line of the desk's term
    term_id: str     # the desk's term
    entry_id: str    # the imported entry (another id when it matched by English form)
    lang: str
    kind: str
    kept: str        # the desk's approved rendering (or construct form); "" when it has none
    imported: str

    @property
    def message(self) -> str:
        """One line naming the term, the language and both spellings."""
        entry = f" (imported entry {self.entry_id!r})" if self.entry_id != self.term_id else ""
        what = CONFLICT_MESSAGES[self.kind].format(kept=self.kept, imported=self.imported)
        return f"{self.where}: {self.term_id}{entry}, {self.lang}: {what}."


@dataclass(frozen=True)
class MergedGlossary(Glossary):
    """The glossary a merge left, with the spellings where the desk's terms were kept over the incoming file's."""

    conflicts: tuple[ImportConflict, ...] = ()

    @property
    def notices(self) -> tuple[str, ...]:
        """One line per conflict, then what of the incoming file gave no term, for the command to print; the merge
        itself succeeded."""
        return tuple(conflict.message for conflict in self.conflicts) + self.skipped


def merge_terms(base: Term, incoming: Term) -> Term:
    """``base`` updated from ``incoming``, never losing or demoting what ``base`` holds (see ``_merge_term``)."""
    return _merge_term(base, incoming, "")[0]


def _merge_term(base: Term, incoming: Term, where: str) -> tuple[Term, tuple[ImportConflict, ...]]:
    """``base`` with what ``incoming`` adds, and where the two disagree.

    ``base`` is the desk's master: its approved renderings stay first, its variants
    stay accepted, its forbidden spellings stay forbidden, and its construct forms,
    note and origin stay.  An incoming rendering becomes approved only in a language
    ``base`` has none for; elsewhere its renderings are added as variants, unless
    ``base`` forbids them.  Incoming forbidden spellings are added unless ``base``
    accepts them.  English forms add up, the flags are or-ed.
    """
    conflicts: list[ImportConflict] = []

    def conflict(lang: str, kind: str, kept: str, imported: str) -> None:
        conflicts.append(ImportConflict(where, base.id, incoming.id, lang, kind, kept, imported))

    targets, variants, forbidden = {}, {}, {}
    for lang in dict.fromkeys((*base.targets, *base.forbidden, *incoming.targets, *incoming.forbidden)):
        approved = base.targets.get(lang, "")
        desk = tuple(filter(None, (approved, *base.variants.get(lang, ()))))
        banned = base.forbidden.get(lang, ())
        offered = tuple(filter(None, (incoming.targets.get(lang, ""), *incoming.variants.get(lang, ()))))

        def among(spelling: str, spellings: tuple[str, ...], lang: str = lang) -> bool:
            """As the checks read them: a forbidden كـركوك is the accepted كركوك."""
            return spelling_key(spelling, lang) in {spelling_key(other, lang) for other in spellings}

        for spelling in offered:
            if among(spelling, banned) and spelling not in desk:
                conflict(lang, "forbidden-here", approved, spelling)
        preferred = incoming.targets.get(lang, "")
        if approved and preferred and preferred != approved and not among(preferred, banned):
            conflict(lang, "already-variant" if preferred in desk else "variant", approved, preferred)
        accepted = tuple(dict.fromkeys((*desk, *(s for s in offered if not among(s, banned)))))
        if accepted:
            targets[lang] = accepted[0]
        if accepted[1:]:
            variants[lang] = accepted[1:]
        for spelling in dict.fromkeys(incoming.forbidden.get(lang, ())):
            if among(spelling, desk):
                conflict(lang, "accepted-here", approved, spelling)
        spellings = tuple(dict.fromkeys((*banned, *(s for s in incoming.forbidden.get(lang, ()) if not among(s, accepted)))))
        if spellings:
            forbidden[lang] = spellings
    for lang, form in incoming.construct.items():
        if base.construct.get(lang, form) != form:
            conflict(lang, "construct", base.construct[lang], form)
    known = {form_key(form, base.case_sensitive) for form in base.forms}  # "kirkuk" adds nothing to "Kirkuk"
    merged = replace(
        base,
        forms=base.forms + tuple(dict.fromkeys(f for f in incoming.forms if form_key(f, base.case_sensitive) not in known)),
        targets=targets,
        variants=variants,
        forbidden=forbidden,
        construct={**incoming.construct, **base.construct},
        do_not_translate=base.do_not_translate or incoming.do_not_translate,
        case_sensitive=base.case_sensitive or incoming.case_sensitive,
        note=base.note or incoming.note,
        origin=base.origin or incoming.origin,
    )
    return merged, tuple(conflicts)


def merge_glossaries(base: Glossary, incoming: Glossary) -> MergedGlossary:
    """``base`` with each incoming term merged into the term it matches (by id or form), or added; ``conflicts`` says where ``base`` was kept."""
    terms = list(base.terms)
    conflicts: list[ImportConflict] = []
    owners: dict[tuple[str, str], int] = {}  # _term_keys -> the first term holding it: one look-up per entry, not a scan
    for index, term in enumerate(terms):
        for key in _term_keys(term):
            owners.setdefault(key, index)
    for new in incoming.terms:
        index = min((owners[key] for key in _term_keys(new) if key in owners), default=None)
        if index is None:
            terms.append(new)
            index = len(terms) - 1
        else:
            where = f"{base.source}:{terms[index].line}" if index < len(base.terms) else incoming.source  # else: two entries of the file
            terms[index], found = _merge_term(terms[index], new, where)
            conflicts.extend(found)
        for key in _term_keys(terms[index]):
            owners.setdefault(key, index)
    languages = tuple(lang for lang in PROFILES if lang in base.languages or lang in incoming.languages)
    return MergedGlossary(terms=tuple(terms), languages=languages, source=base.source, conflicts=tuple(conflicts),
                          skipped=incoming.skipped)


def import_tbx(tbx_path: Path, glossary_dir: Path) -> MergedGlossary:
    """Merge a TBX file into ``glossary_dir``/terms.csv and return the result.

    terms.csv is the master: the import adds terms, renderings for languages a
    term has none in, variants, forbidden spellings and English forms, and never
    replaces or removes what the desk approved.  Where the file prefers another
    rendering (or forbids an accepted one, or accepts a forbidden one) the desk's
    side is kept and the result's ``notices`` say so, one line each.

    Nothing is written when the TBX adds nothing (so export → import leaves the
    file byte for byte), and rows of unchanged terms keep their bytes.  The merged CSV is parsed back before it is written, so an
    import that would leave an unreadable glossary (e.g. one form in two terms)
    changes nothing; and it replaces terms.csv only if nobody saved it since it was
    read (compare-and-swap, see ``files``), else it changes nothing and says so.
    """
    return _merge_into(glossary_dir, lambda base: read_tbx(tbx_path), str(tbx_path), "import", f"l10n glossary import {tbx_path}")


def add_term(glossary_dir: Path, term: Term) -> Glossary:
    """Add one new term to ``glossary_dir``/terms.csv, the way ``import_tbx`` merges (checked, compare-and-swap).

    A term sharing an English form or the id of one already there is refused:
    changing a term is an edit of the file, not an addition.
    """
    def incoming(base: Glossary) -> Glossary:
        for old in base.terms:
            shared = _term_keys(old) & _term_keys(term)
            if shared:
                what = next((f"{form!r} is already the term {old.id!r}" for form in term.forms
                             if ("form", form_key(form, term.case_sensitive)) in shared), f"the id {term.id!r} is taken")
                raise UsageError(f"{base.source}:{old.line}: {what}; "
                                 "edit that row to change it, or give other forms (and --id).")
        return Glossary(terms=(term,), languages=tuple(term.targets))

    return _merge_into(glossary_dir, incoming, f"the new term {term.id!r}", "addition", "l10n glossary add …")


def _merge_into(glossary_dir: Path, incoming, label: str, during: str, retry: str) -> MergedGlossary:
    """terms.csv with ``incoming(base)`` merged in: parsed back before writing, written only if unchanged since read."""
    target = Path(glossary_dir) / GLOSSARY_FILE
    data = _glossary_bytes(target)
    previous = _decoded(data, target) if data is not None else ""
    base = parse_csv(previous, str(target)) if data is not None else Glossary(source=str(target))
    merged = merge_glossaries(base, incoming(base))
    if merged.terms == base.terms and merged.languages == base.languages:
        return replace(merged, terms=base.terms)
    text = render_csv(merged, previous=(previous, base))
    checked = parse_csv(text, f"{label} merged into {target}")
    checked.find("")  # a glossary too large to match is refused as read_glossary refuses it, before it is written
    _replace_unless_saved(target, text.encode("utf-8"), digest(data), during, retry)
    return MergedGlossary(terms=checked.terms, languages=checked.languages, source=str(target), conflicts=merged.conflicts,
                          skipped=merged.skipped)


def _replace_unless_saved(target: Path, data: bytes, read_digest: str | None, during: str, retry: str) -> None:
    """Write ``data`` to ``target`` only if it still holds the bytes read; a save found after the swap is put back."""
    changed = GlossaryError(f"{target}: saved by someone else during the {during}; nothing was written, run `{retry}` again.")
    with staged_beside(target, data) as staged:
        if read_digest is None:
            if not link_if_absent(staged, target):
                raise changed
        elif exchange(staged, target):
            if file_digest(staged) != read_digest:
                exchange(staged, target)  # the translator's file goes back, untouched
                raise changed
        else:
            if file_digest(target) != read_digest:
                raise changed
            replace_with(staged, target)


def export_tbx(glossary_dir: Path, out: Path) -> Path:
    """Write the project's glossary as TBX to ``out``."""
    return write_tbx(read_glossary(glossary_dir), out)
