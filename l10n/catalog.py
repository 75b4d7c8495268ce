"""Articles and drafts -> gettext catalogs, merged the way GNU ``msgmerge --previous`` merges.

Layout: ``locales/<slug>.pot`` and ``locales/<lang>/LC_MESSAGES/<slug>.po``.  One
entry per distinct source sentence (msgid = unit source, no msgctxt); its ``#.``
comments are regenerated every run: the unit's roles from the template, then
``l10n:`` lines that we own (glossary hints, then the draft's provenance and notes).  Translator comments, msgstr
and flags of existing entries come from msgmerge, which never replaces a reviewed
translation and turns a changed unit into a fuzzy entry with ``#| msgid``.

A machine draft is recognised by its provenance line, which records short hashes
of the source it was drafted for and of the text we wrote::

    #. l10n: draft by engine translate-en_ar-1.9; source sha1:9f8e7d6c; text sha1:1a2b3c4d

If the msgstr no longer hashes to ``text sha1`` a human edited it and it is kept;
if the msgid no longer hashes to ``source sha1`` the draft is stale and is redrafted.
Only ``fuzzy`` and comments survive Poedit or msgcat re-saving a file, so nothing
else carries state.

Catalogs are rendered without line wrapping: polib wraps ``#`` comment lines
(gettext never does), which would rewrite long translator comments.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib

from .errors import CatalogError
from .files import atomic_write
from .languages import PROFILES, LanguageProfile, get_profile
from .records import Article, Draft, Unit

WRAP_WIDTH = 0                      # no wrapping: see the module docstring
OUR_PREFIX = "l10n:"                # every #. line we own starts with this
ROLE_PREFIX = "role:"               # #. lines that come from the template
LAST_TRANSLATOR_PLACEHOLDER = "FULL NAME <EMAIL@ADDRESS>"
_MERGE_MARK = re.compile(r"^l10n-merge-id:(\d+)$")
_PROVENANCE = re.compile(r"^l10n: draft by .*; source sha1:([0-9a-f]{8}); text sha1:([0-9a-f]{8})$")
_DATE_HEADER = re.compile(r'^"(PO-Revision-Date|POT-Creation-Date): (.*)\\n"$', re.MULTILINE)
_GETTEXT_ENV = {**os.environ, "LC_ALL": "C"}


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


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _comment_lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _provenance(entry: polib.POEntry) -> _Provenance | None:
    for line in _comment_lines(entry.comment):
        match = _PROVENANCE.match(line)
        if match:
            return _Provenance(source_hash=match[1], text_hash=match[2])
    return None


def _is_our_draft(entry: polib.POEntry) -> bool:
    """True when msgstr is exactly what l10n wrote (no human has edited it since)."""
    provenance = _provenance(entry)
    return provenance is not None and provenance.text_hash == _short_hash(entry.msgstr)


def needs_draft(entry: polib.POEntry) -> bool:
    """Whether the pipeline should (re)draft this entry.

    Empty entries, and untouched l10n drafts made for a source that has since
    changed.  Reviewed entries and any text a human wrote or edited are kept.
    """
    if entry.obsolete:
        return False
    state = entry_state(entry)
    if state is EntryState.EMPTY:
        return True
    if state is EntryState.REVIEWED or not _is_our_draft(entry):
        return False
    provenance = _provenance(entry)
    return provenance.source_hash != _short_hash(entry.msgid)


def _role_lines(comment: str) -> list[str]:
    return [line for line in _comment_lines(comment) if not line.startswith(OUR_PREFIX)]


def _our_lines(comment: str) -> list[str]:
    return [line for line in _comment_lines(comment) if line.startswith(OUR_PREFIX)]


def _split_ours(comment: str) -> tuple[list[str], list[str]]:
    """Our lines as (hints, draft block): the block runs from the provenance line to the end."""
    ours = _our_lines(comment)
    for index, line in enumerate(ours):
        if _PROVENANCE.match(line):
            return ours[:index], ours[index:]
    return ours, []


def _as_our_lines(notes: Iterable[str]) -> list[str]:
    """Note texts as ``l10n:`` comment lines, one per line of text, without repeats."""
    lines: list[str] = []
    for note in notes:
        for line in note.splitlines():
            line = line.strip()
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
    until the entry is redrafted).  Translator comments are never touched.
    """
    for entry in po:
        if entry.obsolete:
            continue
        hints, draft_block = _split_ours(entry.comment)
        if glossary_notes is not None:
            hints = [line for line in _as_our_lines(glossary_notes(entry.msgid)) if line not in draft_block]
        entry.comment = "\n".join(_role_lines(entry.comment) + hints + draft_block)


def apply_draft(entry: polib.POEntry, draft: Draft) -> None:
    """Put a draft into an entry and record its provenance; refuse to overwrite human work.

    ``draft.notes`` (glossary hints, adaptation rules, ``FLAG`` findings) follow the
    provenance line as ``l10n:`` comments; earlier hints and draft notes are dropped.
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
    entry.comment = "\n".join(_role_lines(entry.comment) + _as_our_lines([provenance, *draft.notes]))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")


def _generator() -> str:
    from . import __version__

    return f"l10n {__version__}"


def _role_line(unit: Unit) -> str:
    if unit.kind == "body":
        return f"{ROLE_PREFIX} body, paragraph {unit.paragraph + 1}"
    return f"{ROLE_PREFIX} {unit.kind}"


def build_template(articles: Sequence[Article], *, project_name: str = "l10n") -> polib.POFile:
    """The POT for ``articles``: one entry per distinct sentence, in article order."""
    template = polib.POFile(wrapwidth=WRAP_WIDTH)
    slugs = ", ".join(article.slug for article in articles)
    template.header = f"Translation template for {slugs}.\nGenerated by l10n from the English article; edit the article, not this file."
    template.metadata = {
        "Project-Id-Version": project_name,
        "POT-Creation-Date": _now(),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": _generator(),
    }
    entries: dict[str, polib.POEntry] = {}
    for article in articles:
        for unit in article.units:
            entry = entries.get(unit.source)
            if entry is None:
                entry = entries[unit.source] = polib.POEntry(msgid=unit.source, msgstr="")
                template.append(entry)
            occurrence = (article.source_path, str(unit.line))
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
            lines = _comment_lines(entry.comment)
            if _role_line(unit) not in lines:
                entry.comment = "\n".join([*lines, _role_line(unit)])
    return template


def update_catalog(
    template: polib.POFile, existing: Path | None, profile: LanguageProfile, *, note: str = ""
) -> polib.POFile:
    """The catalog for one language: a fresh one from ``template``, or ``existing`` merged by msgmerge."""
    if existing is None or not Path(existing).exists():
        catalog = _fresh_catalog(template, profile, note)
    else:
        catalog = _merged_catalog(template, Path(existing))
    catalog.metadata.setdefault("Language", profile.code)
    catalog.metadata.setdefault("PO-Revision-Date", _now())
    catalog.metadata.setdefault("Plural-Forms", profile.plural_forms)
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.metadata["X-Generator"] = _generator()
    if note:
        catalog.metadata["X-L10n-Note"] = note
    else:
        catalog.metadata.pop("X-L10n-Note", None)
    return catalog


def _fresh_catalog(template: polib.POFile, profile: LanguageProfile, note: str) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    subject = template.header.split("\n", 1)[0].removeprefix("Translation template for ")
    header = [f"{profile.name} translation of {subject}", "Drafts are machine translations marked fuzzy: review each, then clear the fuzzy flag."]
    catalog.header = "\n".join([*header, note] if note else header)
    catalog.metadata = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", "l10n"),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", _now()),
        "PO-Revision-Date": _now(),
        "Last-Translator": LAST_TRANSLATOR_PLACEHOLDER,
        "Language-Team": profile.name,
        "Language": profile.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": profile.plural_forms,
    }
    for source in template:
        catalog.append(polib.POEntry(msgid=source.msgid, msgstr="", occurrences=list(source.occurrences), comment=source.comment))
    return catalog


def _merged_catalog(template: polib.POFile, existing: Path) -> polib.POFile:
    """Run msgmerge on a marked copy of ``existing`` so each result can be traced to its old entry.

    The copy gets a ``# l10n-merge-id:N`` translator-comment line per entry (msgmerge
    copies translator comments to the entry it derives) and ``#| msgid`` on fuzzy
    entries lacking one (so a changed unit always shows its previous source); both
    are removed again, leaving translator comments exactly as they were.
    """
    old = read_catalog(existing)
    marked = copy.deepcopy(old)
    marked.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for index, entry in enumerate(marked):
        entry.tcomment = "\n".join([*_comment_lines(entry.tcomment), f"l10n-merge-id:{index}"])
        if "fuzzy" in entry.flags and entry.previous_msgid is None:
            entry.previous_msgid = entry.msgid
    with tempfile.TemporaryDirectory(prefix="l10n-merge-") as tmp:
        old_path, pot_path, out_path = Path(tmp, "old.po"), Path(tmp, "new.pot"), Path(tmp, "merged.po")
        old_path.write_text(render_catalog(marked), encoding="utf-8")
        pot_path.write_text(render_catalog(template), encoding="utf-8")
        result = _run_gettext(["msgmerge", "--previous", "--quiet", "-o", str(out_path), str(old_path), str(pot_path)], existing)
        if result.returncode != 0:
            _, message = _gettext_error(result.stderr, old_path)
            raise CatalogError(f"{existing}: msgmerge could not merge it with the new template ({message}); fix the file or move it away to start afresh.")
        merged = polib.pofile(str(out_path), wrapwidth=WRAP_WIDTH)  # from text, polib would split lines at \f and \u2028 too
    template_entries = {entry.msgid: entry for entry in template}
    for entry in merged:
        origin = _pop_merge_mark(entry)
        if entry.previous_msgid == entry.msgid:
            entry.previous_msgid = None
        if entry.obsolete:
            continue
        source = old[origin] if origin is not None else None
        ours = _carried_lines(entry, source)
        entry.comment = "\n".join(_role_lines(template_entries[entry.msgid].comment) + ours)
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


def render_catalog(po: polib.POFile) -> str:
    """The file text of a catalog, unwrapped so that translator comments stay as written."""
    po.wrapwidth = WRAP_WIDTH
    for entry in po:  # polib writes comments raw, and a lone CR would end the line for every reader
        entry.tcomment = _without_cr(entry.tcomment)
        entry.comment = _without_cr(entry.comment)
    po.header = _without_cr(po.header)
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def _without_cr(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def write_catalog(po: polib.POFile, path: Path) -> Path:
    """Validate with ``msgfmt --check`` and write atomically, only if the content changed.

    When only dates differ the file is left alone and ``po`` takes the file's
    dates, so a template reused for merging carries the POT-Creation-Date on disk.
    A changed PO gets a new PO-Revision-Date.
    """
    path = Path(path)
    previous = _existing_text(path)
    if previous is not None and _without_dates(previous) == _without_dates(render_catalog(po)):
        for name, value in _DATE_HEADER.findall(previous):
            po.metadata[name] = value
        return path
    if "PO-Revision-Date" in po.metadata:
        po.metadata["PO-Revision-Date"] = _now()
    text = render_catalog(po)
    _check_with_msgfmt(text, path)
    return atomic_write(path, text)


def _existing_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _without_dates(text: str) -> str:
    return _DATE_HEADER.sub("", text)


def _check_with_msgfmt(text: str, path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="l10n-check-") as tmp:
        candidate = Path(tmp, path.name)
        candidate.write_text(text, encoding="utf-8")
        result = _run_gettext(["msgfmt", "--check", "-o", os.devnull, str(candidate)], path)
    if result.returncode != 0:
        line, message = _gettext_error(result.stderr, candidate)
        where = f"{path}:{line}" if line else str(path)
        raise CatalogError(f"{where}: l10n produced a catalog msgfmt rejects ({message}); this is a bug, please report it with the article.")


def read_catalog(path: Path) -> polib.POFile:
    """Read a PO/POT file, refusing anything GNU gettext would reject, with the line where known."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(f"{path}: no such catalog; check the path or run `l10n translate` first.")
    result = _run_gettext(["msgfmt", "--check", "-o", os.devnull, str(path)], path)
    if result.returncode != 0:
        line, message = _gettext_error(result.stderr, path)
        where = f"{path}:{line}" if line else str(path)
        raise CatalogError(f"{where}: {message}; fix the file or restore it from version control.")
    try:
        catalog = polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError, LookupError) as exc:
        raise CatalogError(f"{path}: not a readable catalog ({exc}); fix the file or restore it from version control.") from exc
    if "charset=" not in catalog.metadata.get("Content-Type", ""):
        raise CatalogError(f"{path}:1: the header has no charset; add 'Content-Type: text/plain; charset=UTF-8'.")
    return catalog


def _run_gettext(command: list[str], about: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, capture_output=True, text=True, env=_GETTEXT_ENV, check=False)
    except OSError as exc:
        raise CatalogError(f"{about}: cannot run {command[0]} ({exc.strerror}); install GNU gettext (apt-get install gettext).") from exc


def _gettext_error(stderr: str, run_path: Path) -> tuple[int | None, str]:
    """The first fatal message of msgfmt/msgmerge as (line, text), skipping warnings."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith(("msgfmt: found", "msgmerge: found"))]
    prefix = f"{run_path}:"
    for line in lines:
        if line.startswith(prefix) and "warning:" not in line:
            match = re.match(r"(\d+):(?:\d+:)? (.*)", line[len(prefix):])
            if match:
                return int(match[1]), match[2].rstrip(". ")
    first = lines[0] if lines else "gettext gave no reason"
    for noise in ("msgfmt: ", "msgmerge: ", f"{run_path}: ", "warning: "):
        first = first.replace(noise, "")
    return None, first.rstrip(". ")


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


def catalog_paths(locales_dir: Path) -> list[Path]:
    """Every language catalog under a locales folder, in a stable order."""
    return sorted(Path(locales_dir).glob("*/LC_MESSAGES/*.po"))
