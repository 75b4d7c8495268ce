"""Catalog files on disk: read (checked by msgfmt), merge (msgmerge), write (GNU layout, compare-and-swap).

``catalog`` is the model; this module is where catalogs meet GNU gettext and the
file system.  Files are written the way GNU gettext writes them (``msgcat``'s
wrapping at 79 columns, comments never wrapped), always in UTF-8, so a file
re-saved by msgcat or Poedit and a file written by l10n are the same bytes.  A run
that changes nothing writes nothing: content decides, not layout (as with
``msgmerge --update``), so a file another editor re-saved in its own layout
(polib, Lokalize, Weblate) is left as it is.  A header's charset is believed only
where that cannot garble a translation (``_reading_codec``).

A run reads a catalog at its start and writes it at its end, while translators'
editors and sync tools (which take no lock) may save it in between.
``save_catalog`` therefore replaces a catalog only when it still holds the bytes
the run read (their SHA-256).  When a save came in between, the run's drafts are
merged into the file as it is now (``rebase``: the translator's entries win) and
the check repeats.  The new file is swapped in with ``renameat2(RENAME_EXCHANGE)``,
which hands back the file it replaced at the same instant; if that is not the file
the check saw (a save landed in the microseconds between), it is exchanged back at
once, so no reader (an editor reloading, a sync tool) ever sees this run's file
without that save, then merged in and written again.  So a save made by renaming a file into place (Poedit, Lokalize,
most editors) is never lost, nor one made by rewriting the file in place (polib,
msgcat -o), which truncates it on opening: a half-written file is waited for until
it passes msgfmt and stays unchanged for one poll.  What is left: a program whose
half-written file already passes msgfmt and then pauses longer than a poll; and, on
a file system without RENAME_EXCHANGE, where the check is repeated just before
``os.replace``, a save landing between that check and the rename (microseconds).
"""

from __future__ import annotations

import codecs
import copy
import functools
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from ..core.languages import LanguageProfile
from ..errors import CatalogError, ReadError
from ..files.atomic import atomic_write, exchange, link_if_absent, replace_with, staged_beside
from ..files.digests import digest, read_bytes_if_any
from .catalog import CHARSET_PARAMETER, fresh_catalog, follow_rewraps, header_date, mark_for_merge, render_unwrapped, stamp_header, unmark_merged

SAVE_ATTEMPTS = 8          # merges tried before a catalog that keeps changing is left alone
SETTLE_SECONDS = 2.0       # how long a half-saved catalog may take to become whole again
SETTLE_POLL = 0.01
SETTLE_BROKEN_POLLS = 10   # an invalid file unchanged over this many polls is broken, not being saved
RETRY_TRANSLATE = "re-run `l10n translate` for this article to draft what it still needs"  # after a catalog left alone
# The header entry (msgid "", its msgstr's string lines) and a Content-Type's charset, as msgfmt reads them.
_STRING = rb'"([^"\\\r\n]*+(?:\\.[^"\\\r\n]*+)*+)"'  # a PO string, without backtracking (possessive)
_HEADER_ENTRY = re.compile(rb'^msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*""[ \t]*\r?\n)*msgstr[ \t]+((?:[ \t]*' + _STRING + rb'[ \t]*(?:\r?\n|$))++)', re.MULTILINE)
_QUOTED = re.compile(_STRING)
_OBSOLETE_PREVIOUS = re.compile(rb"^([ \t]*)#~\|", re.MULTILINE)  # an obsolete entry's previous msgid line
_C1_CONTROLS = re.compile("[\x80-\x9f]")  # what ISO-8859-x makes of the bytes of UTF-8 or a Windows code page
_STRING_JOIN = re.compile(r'"[ \t]*\r?\n[ \t]*(?:#[~|]+[ \t]*)?"')  # a string continuing on the next line (#| and #~ too)
_WHITESPACE = re.compile(r"\s+")
_DATE_HEADER = re.compile(r'^"(PO-Revision-Date|POT-Creation-Date): (.*)\\n"$', re.MULTILINE)
_GETTEXT_ENV = {**os.environ, "LC_ALL": "C"}
GETTEXT_CACHE_SIZE = 512   # gettext answers kept per process, by text: a run asks again for what it wrote
_MSGFMT_PASSED: dict[str, None] = {}  # SHA-256 of catalog bytes msgfmt --check accepted, oldest first
_PASSED_LOCK = threading.Lock()       # catalogs are checked on several threads at once

#: rebase(current) -> the run's catalog merged into ``current`` (None: the file is gone).
Rebase = Callable[[Path | None], polib.POFile]


@dataclass(frozen=True)
class Saved:
    """What ``save_catalog`` did: ``written`` is False when the file already held the content or was left alone."""

    path: Path
    written: bool
    notice: str = ""       # one line when a translator's save was merged in, the file was left alone or converted to UTF-8
    digest: str | None = None  # SHA-256 of the bytes the run wrote; None when it merged or left someone else's save
    left_alone: bool = False   # the run's drafts are not in the file: it kept changing, or stayed broken


def refuse_what_is_no_file(path: Path) -> None:
    """Refuse, in one line, a catalog path that holds a folder, a pipe or a device: opening a pipe would wait for a
    writer forever, and "no such catalog; run `l10n translate` first" would send the desk the wrong way."""
    if path.exists() and not path.is_file():   # followed through a link: a link to a pipe blocks too
        kind = "a folder" if path.is_dir() else "a pipe or a device"
        raise CatalogError(f"{path}: {kind}, not a catalog file; move it out of {path.parent}, then run again.")


def read_catalog(path: Path) -> polib.POFile:
    """Read a PO/POT file, refusing anything GNU gettext would reject, with the line where known."""
    path = Path(path)
    refuse_what_is_no_file(path)
    if not path.is_file():
        raise CatalogError(f"{path}: no such catalog; check the path or run `l10n translate` first.")
    try:
        path.open("rb").close()  # msgfmt would call an unreadable file a malformed one
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror}); check the file and its permissions.") from exc
    data = _read_bytes(path)
    if data is None or digest(data) not in _MSGFMT_PASSED:
        result = _run_gettext(["msgfmt", "--check", "-o", os.devnull, str(path)], path)
        if result.returncode != 0 and data is not None and data.startswith(codecs.BOM_UTF8):  # msgfmt: "1:2: syntax error"
            raise CatalogError(f"{path}:1: starts with a byte order mark (BOM), which GNU gettext rejects; "
                               "save it as UTF-8 without BOM, then run again.")
        conflict = _merge_conflict_line(data) if result.returncode != 0 and data is not None else None
        if conflict is not None:   # msgfmt: "missing 'msgstr' section", which reads like a lost translation
            raise CatalogError(f"{path}:{conflict}: an unresolved merge conflict (the lines <<<<<<<, ======= and >>>>>>> "
                               "git leaves); keep the right translation of each conflict and delete those lines, "
                               "then run again.")
        if result.returncode != 0:
            line, message = _gettext_error(result.stderr, path)
            where = f"{path}:{line}" if line else str(path)
            raise CatalogError(f"{where}: {message}; fix the file or restore it from version control.")
        if data is not None and _read_bytes(path) == data:  # the bytes checked are the bytes read
            _remember_passed(data)
    codec = _reading_codec(path, data if data is not None else b"")
    try:
        catalog = _parse(path, data, codec)
    except (OSError, ValueError, LookupError) as exc:
        raise CatalogError(f"{path}: not a readable catalog ({exc}); fix the file or restore it from version control.") from exc
    if "charset=" not in catalog.metadata.get("Content-Type", ""):
        raise CatalogError(f"{path}:1: the header has no charset; add 'Content-Type: text/plain; charset=UTF-8'.")
    return catalog


def _parse(path: Path, data: bytes | None, codec: str = "utf-8") -> polib.POFile:
    """polib's reading of ``data``, the bytes at ``path``, keeping obsolete entries' previous msgid (``#~|`` lines).

    polib skips ``#~|`` lines, which msgmerge writes when a changed unit leaves the article, so every
    catalog l10n rewrote lost them; it reads ``#|`` lines into ``previous_msgid`` and writes that back as
    ``#~|`` for an obsolete entry, so it is given the lines as ``#|``.  Always from a file: from text,
    polib would split lines at \\f and \\u2028 too.
    """
    if not data or b"#~|" not in data:
        return polib.pofile(str(path), wrapwidth=0, encoding=codec)
    with tempfile.TemporaryDirectory(prefix="l10n-read-") as tmp:
        readable = Path(tmp, path.name)
        readable.write_bytes(_OBSOLETE_PREVIOUS.sub(rb"\1#|", data))
        try:
            catalog = polib.pofile(str(readable), wrapwidth=0, encoding=codec)
        except OSError as exc:  # polib's syntax errors name the file it read
            raise OSError(str(exc).replace(str(readable), str(path))) from exc
    catalog.fpath = str(path)
    return catalog


def _reading_codec(path: Path, data: bytes) -> str:
    """The codec that reads ``data`` as its header says, or a one-line refusal where that would garble it.

    polib and msgfmt believe the header; so does l10n, but only where that is safe.
    Text that is UTF-8 under a header naming another charset (an editor or a hand edit
    changed the header) would read as mojibake and be written back so, over the
    translator's work: refused, and the translator sets ``charset=UTF-8``.  Text that is
    really in the declared charset is read as such and written back in UTF-8
    (``save_catalog`` says so), unless Python has no codec for it or the declared
    charset turns its bytes into C1 control characters (a Windows or UTF-8 file
    labelled ISO-8859-x): refused too, so a catalog is never read garbled.
    """
    found = _declared_charset(data)
    if found is None or data.isascii():  # no charset (read_catalog says so), or the same text in any of them
        return "utf-8"
    declared, line = found
    codec = _codec(declared)
    if codec == "utf-8":
        return codec
    where = f"{path}:{line}"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise CatalogError(f"{where}: the header says charset={declared} but the text is UTF-8, so it would be read garbled; "
                           "set 'charset=UTF-8' in the Content-Type header and run again.")
    if codec is None:
        raise CatalogError(f"{where}: l10n cannot read charset {declared}; convert the file to UTF-8 "
                           "(msgconv -t UTF-8 -o FILE FILE) and run again.")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        bad = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(f"{path}:{bad}: not {declared} text, as the header at line {line} says; set the charset the file "
                           "was saved in, or convert it to UTF-8, and run again.") from exc
    if _C1_CONTROLS.search(text):
        raise CatalogError(f"{where}: read as {declared} the text holds control characters, so the file was saved in another "
                           "charset; set the charset it was saved in, or convert it to UTF-8, and run again.")
    return codec


def _declared_charset(data: bytes) -> tuple[str, int] | None:
    """The charset named by the header entry's Content-Type, and the line it is on; None without one.

    Read from the bytes (charset names are ASCII), so the file is decoded once, with the right codec.
    """
    header = _HEADER_ENTRY.search(data)
    if header is None:
        return None
    value = b"".join(_QUOTED.findall(header[1])).decode("ascii", errors="replace")
    field = next((f for f in value.split("\\n") if f.strip().lower().startswith("content-type:")), None)
    match = CHARSET_PARAMETER.search(field) if field is not None else None
    if match is None or not match[1]:
        return None
    at = data.find(b"Content-Type:", header.start(1), header.end(1))
    return match[1], data.count(b"\n", 0, at if at >= 0 else header.start()) + 1


def _codec(charset: str) -> str | None:
    """Python's name for ``charset`` ("utf-8", "iso8859-1", "cp1256"), or None when Python has no text codec for it.

    >>> _codec("UTF8"), _codec("ISO-8859-1"), _codec("CHARSET"), _codec("rot13")
    ('utf-8', 'iso8859-1', None, None)
    """
    try:
        "".encode(charset)  # a LookupError for names that are no text encoding (rot13, base64) as well
        return codecs.lookup(charset).name
    except LookupError:
        return None


def catalog_paths(locales_dir: Path, name: str = "*") -> list[Path]:
    """Every language catalog under a locales folder (``name``: only that catalog's), in a stable order; hidden
    files are an editor's (or l10n's) save in progress, which may be gone a moment later, not catalogs."""
    return sorted(path for path in Path(locales_dir).glob(f"*/LC_MESSAGES/{name}.po") if not path.name.startswith("."))


def update_catalog(
    template: polib.POFile, existing: Path | None, profile: LanguageProfile, *, note: str = ""
) -> polib.POFile:
    """The catalog for one language: a fresh one from ``template``, or ``existing`` merged by msgmerge."""
    if existing is None or not Path(existing).exists():
        catalog = fresh_catalog(template, profile, note)
    else:
        catalog = _merged_catalog(template, Path(existing))
    stamp_header(catalog, profile, note)
    return catalog


def update_catalog_file(
    template: polib.POFile, path: Path, profile: LanguageProfile, *, note: str = ""
) -> tuple[polib.POFile, str | None]:
    """``update_catalog`` for the catalog at ``path``, with the digest of the very bytes merged (for ``save_catalog``).

    A file caught half-saved by an editor is read again once the save has finished.
    """
    def merge(snapshot: Path | None) -> polib.POFile:
        return update_catalog(template, snapshot, profile, note=note)

    return read_settled(Path(path), merge)


def read_settled(path: Path, read: Rebase) -> tuple[polib.POFile, str]:
    """``read`` applied to a snapshot of the catalog at ``path``, with the digest of the very bytes read.

    A file caught half-saved by an editor is read again once the save has finished.
    """
    data = _read_bytes(path)
    try:
        return _rebased(read, data, path), digest(data)
    except CatalogError:
        data = _settled(path)
        if data is _UNSETTLED:
            read_catalog(path)  # the one-line error naming the file and the line
            raise
    return _rebased(read, data, path), digest(data)


def edit_catalog(path: Path, edit: Rebase) -> Saved:
    """Save the catalog ``edit`` makes from the one at ``path`` (``l10n review``), never losing a save made meanwhile.

    ``edit(snapshot)`` reads the snapshot and changes it; when another program
    saved the file in between, ``save_catalog`` runs ``edit`` again on that save.
    """
    path = Path(path)
    po, read_digest = read_settled(path, edit)
    return save_catalog(po, path, read_digest=read_digest, rebase=edit)


def _merged_catalog(template: polib.POFile, existing: Path) -> polib.POFile:
    """msgmerge ``existing`` with ``template`` (``--previous``), traced through ``catalog.mark_for_merge``.

    Entries whose source was only re-wrapped take their new msgid first (``catalog.follow_rewraps``),
    so msgmerge keeps them as exact matches instead of making them fuzzy.
    """
    old = follow_rewraps(read_catalog(existing), template)
    if _same_units(old, template):
        return unmark_merged(_as_msgmerge_would(mark_for_merge(old), template), old, template)
    with tempfile.TemporaryDirectory(prefix="l10n-merge-") as tmp:
        old_path, pot_path, out_path = Path(tmp, "old.po"), Path(tmp, "new.pot"), Path(tmp, "merged.po")
        old_path.write_text(render_unwrapped(mark_for_merge(old)), encoding="utf-8")
        pot_path.write_text(render_unwrapped(template), encoding="utf-8")
        result = _run_gettext(["msgmerge", "--previous", "--quiet", "--force-po", "-o", str(out_path), str(old_path), str(pot_path)], existing)
        if result.returncode != 0:
            _, message = _gettext_error(result.stderr, old_path)
            raise CatalogError(f"{existing}: msgmerge could not merge it with the new template ({message}); fix the file or move it away to start afresh.")
        merged = _parse(out_path, out_path.read_bytes())
    return unmark_merged(merged, old, template)


def _same_units(old: polib.POFile, template: polib.POFile) -> bool:
    """True when msgmerge would keep every entry of ``old`` where it is: the template's sources, in its order.

    Live entries must come first, one per template entry with the same msgid, no context or plural
    (l10n writes none), and the template must carry no flags for msgmerge to copy.
    """
    live = [entry for entry in old if not entry.obsolete]
    if any(entry.obsolete for entry in old[: len(live)]) or len(live) != len(template):
        return False
    return all(entry.msgid == source.msgid and not entry.msgctxt and not entry.msgid_plural and not source.flags
               for entry, source in zip(live, template))


def _as_msgmerge_would(marked: polib.POFile, template: polib.POFile) -> polib.POFile:
    """msgmerge's output for a marked catalog whose units are the template's (``_same_units``), without running it.

    msgmerge keeps each exactly matching entry (translation, flags, translator comments, ``#|`` lines)
    and takes from the template its references, extracted comments and POT-Creation-Date.
    """
    merged = copy.deepcopy(marked)
    for entry, source in zip(merged, template):
        entry.occurrences = list(source.occurrences)
        entry.comment = source.comment
    if "POT-Creation-Date" in template.metadata:
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    return merged


def render_catalog(po: polib.POFile, about: Path | None = None) -> str:
    """The file text of a catalog exactly as GNU gettext writes it (``msgcat``: strings wrapped at 79 columns).

    A catalog with no entries yet is its header alone (``--force-po``: msgcat would otherwise write nothing).
    """
    return _msgcat(render_unwrapped(po), str(about or "catalog"))


def _msgcat(plain: str, where: str) -> str:
    """``msgcat``'s layout of ``plain``; an answer already given for the same text is not asked again."""
    try:
        return _msgcat_cached(plain)
    except OSError as exc:
        raise CatalogError(f"{where}: cannot run msgcat ({exc.strerror}); install GNU gettext (apt-get install gettext).") from exc
    except _MsgcatRefused as refused:
        line, message = refused.args
        raise CatalogError(f"{where}{f':{line}' if line else ''}: l10n produced a catalog msgcat rejects ({message}); this is a bug, please report it with the article.") from None


class _MsgcatRefused(Exception):
    """msgcat rejected a text: (line, message)."""


@functools.lru_cache(maxsize=GETTEXT_CACHE_SIZE)
def _msgcat_cached(plain: str) -> str:
    result = subprocess.run(["msgcat", "--force-po", "-o", "-", "-"], capture_output=True, text=True, encoding="utf-8",
                            env=_GETTEXT_ENV, input=plain, check=False)
    if result.returncode != 0:
        raise _MsgcatRefused(*_gettext_error(result.stderr, Path("<stdin>")))
    return result.stdout


def _remember_passed(data: bytes) -> None:
    """Note bytes msgfmt --check accepted, keeping the newest ``GETTEXT_CACHE_SIZE``."""
    with _PASSED_LOCK:
        _MSGFMT_PASSED[digest(data)] = None
        while len(_MSGFMT_PASSED) > GETTEXT_CACHE_SIZE:
            del _MSGFMT_PASSED[next(iter(_MSGFMT_PASSED))]


def write_catalog(po: polib.POFile, path: Path) -> Path:
    """Validate with ``msgfmt --check`` and write atomically, only if the content changed (templates, tools).

    When only dates differ the file is left alone and ``po`` takes the file's
    dates, so a template reused for merging carries the POT-Creation-Date on disk.
    A changed PO gets a new PO-Revision-Date.
    """
    path = Path(path)
    text = _changed_text(po, path, _read_bytes(path))
    if text is not None:
        atomic_write(path, text)
    return path


def check_ahead(template: polib.POFile, path: Path) -> None:
    """Ask gettext now for what ``write_catalog(template, path)`` will ask (msgcat's layout, msgfmt's check); nothing is written.

    Both answers are kept per process, so the write finds them: a run asks while its models draft.
    A template has no PO-Revision-Date, so the text is the one the write renders.
    """
    _check_with_msgfmt(render_catalog(template, path), path)


def save_catalog(po: polib.POFile, path: Path, *, read_digest: str | None, rebase: Rebase,
                 retry: str = RETRY_TRANSLATE) -> Saved:
    """Write a language catalog the run read with digest ``read_digest``, never losing a save made since.

    See the module docstring; ``rebase`` merges the run's drafts into the file as
    it is now.  A catalog that will not settle into a valid file, or keeps changing,
    is left as the translator left it and ``Saved.notice`` says so, then ``retry`` (what to do about it).
    """
    path = Path(path)
    expected, merged, rebases = read_digest, False, 0
    while True:
        current = _read_bytes(path)
        if digest(current) != expected:
            rebases += 1
            if rebases > SAVE_ATTEMPTS:  # the file holds the translator's latest save: leaving it is safe
                return Saved(path, False, _left_alone(path, "it kept changing while l10n merged its changes", retry),
                             left_alone=True)
            current = _settled(path)
            if current is _UNSETTLED:
                return Saved(path, False, _left_alone(path, "it changed during the run and does not pass msgfmt --check now",
                                                      retry), left_alone=True)
            po, merged, expected = _rebased(rebase, current, path), True, digest(current)
        text = _changed_text(po, path, current)
        if text is None:  # a merged save is not recorded as this run's result: the next run looks at it again
            return Saved(path, False, _merged_notice(path) if merged else "", None if merged else digest(current))
        if _swap_in(path, text.encode("utf-8"), expected) is _NOT_SWAPPED:
            continue  # a save landed at the last moment and is back at ``path``: merge it and try again
        notice = " ".join(line for line in (_merged_notice(path) if merged else "", _converted_notice(path, current)) if line)
        return Saved(path, True, notice, None if merged else digest(text.encode("utf-8")))


def _converted_notice(path: Path, replaced: bytes | None) -> str:
    """One line when the file just replaced declared a charset other than UTF-8 (l10n writes UTF-8 only)."""
    found = _declared_charset(replaced or b"")
    if found is None or _codec(found[0]) == "utf-8":
        return ""
    return f"{path}: converted from {found[0]} to UTF-8, the charset l10n writes; every translation reads as before."


def _merged_notice(path: Path) -> str:
    return f"{path}: saved by someone else during the run; their edits are kept and this run's drafts were merged in."


def _left_alone(path: Path, why: str, retry: str) -> str:
    return f"{path}: left as it is ({why}); {retry}."


def _rebased(rebase: Rebase, current: bytes | None, path: Path) -> polib.POFile:
    """The run's catalog merged into ``current`` (a snapshot, so a later save cannot slip in unseen).

    A snapshot gettext or polib refuses is named as ``path``: the snapshot is gone when the message is shown.
    """
    if current is None:
        return rebase(None)
    with tempfile.TemporaryDirectory(prefix="l10n-rebase-") as tmp:
        snapshot = Path(tmp, path.name)
        snapshot.write_bytes(current)
        try:
            return rebase(snapshot)
        except CatalogError as exc:
            raise CatalogError(str(exc).replace(str(snapshot), str(path))) from exc


def _changed_text(po: polib.POFile, path: Path, current: bytes | None) -> str | None:
    """The GNU-layout text to write, checked by msgfmt; None when ``current`` already holds it (dates aside).

    A changed PO gets a new PO-Revision-Date; an unchanged one takes the file's dates.
    """
    if "PO-Revision-Date" in po.metadata:
        po.metadata["PO-Revision-Date"] = header_date()
    text = render_catalog(po, path)
    held = _held_text(current, text)
    if held is not None:
        for name, value in _DATE_HEADER.findall(held):
            po.metadata[name] = value
        return None
    _check_with_msgfmt(text, path)
    return text


def _held_text(current: bytes | None, text: str) -> str | None:
    """``current`` in GNU layout when it holds what ``text`` says, dates aside, in whatever layout it was saved; else None.

    Like ``msgmerge --update``, content decides, not layout: a catalog an editor only
    re-saved (polib wraps at 78 and elsewhere, Lokalize at 80, Weblate at 77, a Windows
    editor ends lines with CRLF) is left as it is, and the next run that changes it writes
    GNU's layout again.
    """
    if current is None:
        return None
    try:
        previous = current.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:  # another charset: rewritten in UTF-8
        return None
    if _without_dates(previous) == _without_dates(text):
        return previous
    if _unwrapped(previous) != _unwrapped(text):  # other content: no layout makes them the same, so no msgcat
        return None
    try:
        gnu = _msgcat_cached(previous)  # the same layout ``text`` has; a charset other than UTF-8 stays in its header
    except (OSError, _MsgcatRefused):
        return None
    return gnu if _without_dates(gnu) == _without_dates(text) else None


def _without_dates(text: str) -> str:
    return _DATE_HEADER.sub("", text)


def _unwrapped(text: str) -> str:
    """``text`` dates aside, its strings joined across lines and its whitespace gone: the same for any layout of
    one content (where strings are cut, how long a line is), so a difference here is a difference of content."""
    return _WHITESPACE.sub("", _STRING_JOIN.sub("", _without_dates(text)))


class _Marker:
    """A sentinel distinct from any bytes and from None (a missing file)."""


_UNSETTLED = _Marker()
_NOT_SWAPPED = _Marker()


def _read_bytes(path: Path) -> bytes | None:
    return read_bytes_if_any(path)


def _settled(path: Path) -> bytes | None | _Marker:
    """The file's bytes once a save in progress has finished: valid for msgfmt and unchanged over one poll.

    ``_UNSETTLED`` after SETTLE_SECONDS, or sooner when the file stays the same and invalid (it is broken).
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    previous, unchanged = _read_bytes(path), 0
    while True:
        time.sleep(SETTLE_POLL)
        current = _read_bytes(path)
        unchanged = unchanged + 1 if current == previous else 0
        if unchanged and (current is None or _valid(current, path)):
            return current
        if time.monotonic() >= deadline or unchanged >= SETTLE_BROKEN_POLLS:
            return _UNSETTLED
        previous = current


def _valid(data: bytes, path: Path) -> bool:
    if digest(data) in _MSGFMT_PASSED:
        return True
    with tempfile.TemporaryDirectory(prefix="l10n-check-") as tmp:
        candidate = Path(tmp, path.name)
        candidate.write_bytes(data)
        passed = _run_gettext(["msgfmt", "--check", "-o", os.devnull, str(candidate)], path).returncode == 0
    if passed:
        _remember_passed(data)
    return passed


def _swap_in(path: Path, data: bytes, expected: str | None) -> bytes | None | _Marker:
    """Put ``data`` at ``path`` if it still holds the bytes with digest ``expected``; return what it replaced.

    Returns ``_NOT_SWAPPED`` when ``path`` no longer matches ``expected``: then
    ``path`` holds the newer save (put back at once if the exchange had taken it,
    so no reader ever sees this run's file without it) and the caller reads it again.
    """
    with staged_beside(path, data) as staged:
        if expected is None:
            return None if link_if_absent(staged, path) else _NOT_SWAPPED
        if exchange(staged, path):
            displaced = _read_bytes(staged)
            if digest(displaced) == expected:
                return displaced
            exchange(staged, path)                      # the save goes back to ``path`` (an in-place writer finishes there)
            if _read_bytes(staged) != data:             # a save renamed over ours meanwhile is the newest: it goes back too
                exchange(staged, path)
            return _NOT_SWAPPED
        current = _read_bytes(path)  # no RENAME_EXCHANGE here: check, then replace (see module docstring)
        if digest(current) != expected:
            return _NOT_SWAPPED
        replace_with(staged, path)
        return current


def _check_with_msgfmt(text: str, path: Path) -> None:
    data = text.encode("utf-8")
    if digest(data) in _MSGFMT_PASSED:
        return
    with tempfile.TemporaryDirectory(prefix="l10n-check-") as tmp:
        candidate = Path(tmp, path.name)
        candidate.write_text(text, encoding="utf-8")
        result = _run_gettext(["msgfmt", "--check", "-o", os.devnull, str(candidate)], path)
    if result.returncode != 0:
        line, message = _gettext_error(result.stderr, candidate)
        where = f"{path}:{line}" if line else str(path)
        raise CatalogError(f"{where}: l10n produced a catalog msgfmt rejects ({message}); this is a bug, please report it with the article.")
    _remember_passed(data)


def _run_gettext(command: list[str], about: Path, *, input: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=_GETTEXT_ENV, input=input, check=False)
    except OSError as exc:
        raise CatalogError(f"{about}: cannot run {command[0]} ({exc.strerror}); install GNU gettext (apt-get install gettext).") from exc


def _merge_conflict_line(data: bytes) -> int | None:
    """The first line of a version-control conflict marker in a catalog's bytes (never valid PO), or None."""
    for number, line in enumerate(data.splitlines(), 1):
        if line.startswith((b"<<<<<<<", b">>>>>>>")) or line.rstrip() == b"=======":
            return number
    return None


def _gettext_error(stderr: str, run_path: Path) -> tuple[int | None, str]:
    """The first fatal message of msgfmt/msgmerge/msgcat as (line, text), skipping warnings."""
    lines = [line.strip() for line in stderr.splitlines()
             if line.strip() and not line.startswith(("msgfmt: found", "msgmerge: found", "msgcat: found"))]
    prefix = f"{run_path}:"
    for line in lines:
        if line.startswith(prefix) and "warning:" not in line:
            match = re.match(r"(\d+):(?:\d+:)? (.*)", line[len(prefix):])
            if match:
                return int(match[1]), match[2].rstrip(". ")
    first = lines[0] if lines else "gettext gave no reason"
    for noise in ("msgfmt: ", "msgmerge: ", "msgcat: ", f"{run_path}: ", "warning: "):
        first = first.replace(noise, "")
    return None, first.rstrip(". ")
