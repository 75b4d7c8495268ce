"""Which catalog belongs to which article: one name per article path, never shared.

A catalog's name (``locales/NAME.pot``, ``locales/LANG/LC_MESSAGES/NAME.po``)
is the article's file name slugified without its extension (``story.txt``,
``story.md`` and ``story.markdown`` -> ``story``: ``paths.ARTICLE_SUFFIX``), as it
always was, unless another article already owns that name: then the name comes from
the article's path relative to the project and a hash of it (``b/story.txt`` ->
``b-story-1a2b3c4d``).  The owner is read from the catalogs themselves (the
POT's ``X-L10n-Article`` header, or for catalogs written before it, their first
``#:`` reference), so ownership travels with the catalogs, and an article that
already owns its catalogs keeps them, whatever their name (``story-markdown``
from before ``.markdown`` was left out): no reviewed work changes hands.  An
owner is the article's path relative to the project as the desk named it
(``project_key``): an article linked in from a shared folder is the link's path,
and catalogs that named the link's absolute target stay its own.  A catalog
whose owner no longer exists goes on, whatever its name, to the article that
continues it: one of the owner's file name holding its text (a moved article
keeps its catalogs; a different story of the same file name gets its own).  So
does one whose owner holds another story now while a file of its name elsewhere
in the project holds the catalog's text (``_moved_away``: a story moved and a new
one written at its old path, the new one translated first, which gets its own).
``translate``, ``backfill``, ``publish``, ``review``, ``approve`` and ``eval`` all
name catalogs through ``catalog_names`` (``name_catalogs`` where an article whose
catalogs cannot be read fails alone), which also refuses a catalog, template or
language folder that is a symbolic link: l10n never writes through one.

Reads the catalogs' headers (every template's only when an article owns no
catalog yet), the units of a catalog whose article may no longer hold its text
(once per naming, however many articles are held to it), and, when an article
changed since its template no longer holds its catalog's text, the project's
articles of its file name (``read.collect_articles``); of the other stages it
imports only ``read`` and ``pofiles``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import polib

from ..core.project import Project
from ..errors import InputError, ReadError, UnsafePathError, UsageError
from ..files.digests import read_bytes_if_any
from ..files.paths import ARTICLE_SUFFIX, project_relative, slugify
from .pofiles import refuse_what_is_no_file
from .read import collect_articles

OWNER_HEADER = "X-L10n-Article"
_QUOTED = re.compile(r'^"(.*)"$', re.MULTILINE)
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_REFERENCE = re.compile(r"^#: (.+)$", re.MULTILINE)
_LINE_NUMBER = re.compile(r":\d+$")
_CONTROL = re.compile(r"\\u([0-9a-f]{4})")
_WORD = re.compile(r"\w+")
#: The share of a catalog's units an article must hold, word for word, to continue that catalog after a move.
CONTINUES_SHARE = 0.5
#: Path-derived names tried for one article before two articles are refused as sharing one.
PATH_NAME_ATTEMPTS = 16
#: How much of a catalog is read for its owner before the whole of it (the header and first reference come first).
OWNER_HEAD_BYTES = 16384


def article_key(project: Project, article: Path | str) -> str:
    """The article's path relative to the project (absolute when outside it): its identity (``project_key``)."""
    return project_key(project, article)


def project_key(project: Project, path: Path | str) -> str:
    """A file's path relative to the project (``paths.project_relative``; absolute when outside it), as the run
    state stores it: a copied or moved project keeps its keys.

    An article linked into the project from a shared folder is the link's path, as the desk named it: no catalog
    records the place a link leads to on one machine.  A file name that is not valid UTF-8 keeps its bytes as
    backslash escapes, so SQLite can store it.
    """
    key = project_relative(project.root, path)
    return os.fsencode(key if key is not None else Path(path).resolve()).decode("utf-8", "backslashreplace")


def _former_label(project: Project, article: Path | str) -> str | None:
    """The ``owner_label`` an article linked in from outside the project had before links kept their name (the
    absolute path the link leads to), when it differs from its label now; None otherwise."""
    resolved = Path(article).resolve()
    if project_relative(project.root, resolved) is not None:
        return None
    former = _escaped(os.fsencode(resolved).decode("utf-8", "backslashreplace"))
    return former if former != owner_label(project, article) else None


def owner_label(project: Project, article: Path | str) -> str:
    """``article_key`` as a catalog header names the article: control characters as ``\\uXXXX`` (one header line)."""
    return _escaped(article_key(project, article))


def _escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _unescaped(label: str) -> str:
    """The path an ``owner_label`` names (control characters back from ``\\uXXXX``)."""
    return _CONTROL.sub(lambda m: chr(int(m.group(1), 16)), label)


def catalog_names(project: Project, articles: Sequence[Path | str]) -> dict[Path, str]:
    """The catalog name of each article, first come first named among articles that would share one.

    An article keeps the catalogs it owns, whatever their name, unless it no longer holds their text and an
    article of the call continues them (``_left_behind``).  One that owns none continues the
    catalogs of the article it was before a move (``_heirs``); else it takes its base name if no
    catalog has it, else its path-derived name (``path_name``, the next attempt while another article
    holds it).  Raises ``UsageError`` when which catalogs continue where is not clear,
    ``UnsafePathError`` when a catalog, template or language folder is a symbolic link (``check_not_linked``),
    and ``ReadError`` when an article's catalogs cannot be read (``name_catalogs`` tells that article apart).
    """
    names, unnamed = name_catalogs(project, articles)
    if unnamed:
        raise next(iter(unnamed.values()))
    return names


def name_catalogs(project: Project, articles: Sequence[Path | str]) -> tuple[dict[Path, str], dict[Path, ReadError]]:
    """``catalog_names`` of the articles that can be named, and the ReadError of each that cannot: its failure alone.

    An article cannot be named when no file of a catalog it may own or take (its base and path-derived
    names) can be read: whose that catalog is, the file alone says.  The other articles are named as
    usual; a catalog no file of which can be read is nobody's they could continue.
    """
    keys = {Path(article): owner_label(project, article) for article in articles}
    owners = _Owners(project)
    own: dict[Path, str | None] = {}
    unnamed: dict[Path, ReadError] = {}
    for article, key in keys.items():
        try:
            own[article] = owners.owned_by(key, article)
            if own[article] is None and (former := _former_label(project, article)) is not None:
                own[article] = owners.owned_by(former, article)   # it keeps them; this run writes its label now
        except ReadError as exc:
            unnamed[article] = exc
    unowned = {article: key for article, key in keys.items() if article in own and own[article] is None}
    left = _left_behind(project, own, unowned, owners)
    for article in _moved_away(project, own, left, owners):
        own[article] = None  # its new story gets catalogs of its own; the old ones are the moved story's (``orphans``)
    heirs = _heirs(project, unowned, owners, {name for name in own.values() if name} - set(left), left)
    for article, name in own.items():
        if name in left and name in heirs.values():
            own[article] = None
    names: dict[Path, str] = {}
    claimed: dict[str, str] = {}           # name -> key, for this call's articles
    for article, key in keys.items():
        if article in unnamed:
            continue
        try:
            name = own[article] or heirs.get(article) or _fresh_name(owners, article, key, claimed)
        except ReadError as exc:
            unnamed[article] = exc
            continue
        names[article] = name
        claimed[name] = key
    check_not_linked(project, names.values())
    return names, {article: unnamed[article] for article in keys if article in unnamed}


def _fresh_name(owners: _Owners, article: Path, key: str, claimed: dict[str, str]) -> str:
    """The first of the article's base and path-derived names no catalog and no other article of the call holds."""
    fresh = (slugify(article.name), *(path_name(key, attempt) for attempt in range(1, PATH_NAME_ATTEMPTS + 1)))
    name = next((n for n in fresh if claimed.get(n, key) == key and owners.owner(n) is None), None)
    if name is None:
        holder = claimed.get(fresh[1]) or owners.owner(fresh[1])
        raise UsageError(f"{key} and {holder} would share the catalog {fresh[1]}; rename one of them.")
    return name


def catalog_name(project: Project, article: Path | str) -> str:
    """``catalog_names`` for one article."""
    return catalog_names(project, [article])[Path(article)]


def path_name(key: str, attempt: int = 1) -> str:
    """The name derived from an article's relative path: its folders and stem, and a hash of the path.

    A name held by another article (one that moved there from this path, a hand-made copy, a hash
    collision) is passed over for the next ``attempt``, whose hash is of the path and the attempt.

    >>> path_name("a/story.txt")
    'a-story-04281650'
    """
    stem = ARTICLE_SUFFIX.sub("", key)
    flat = slugify(stem.replace("/", "-").replace("\\", "-") or "article")
    hashed = key if attempt == 1 else f"{key}\0{attempt}"
    digest = hashlib.sha1(hashed.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return flat if flat.endswith(digest) else f"{flat[:60].rstrip('-')}-{digest}"


def catalog_owner(project: Project, name: str) -> str | None:
    """The article (key) that catalog ``name`` belongs to, as its catalogs say; None when there are none.

    A file that cannot be read is passed over for the next: a language catalog's references name the
    owner too.  ReadError (the first file's) when no file that can be read names one.
    """
    unreadable = None
    for path in _catalog_files(project, name):
        try:
            owner = _owner_of(path)
        except ReadError as exc:
            unreadable = unreadable or exc
            continue
        if owner:
            return owner
    if unreadable is not None:
        raise unreadable
    return None


def _owner_of(path: Path) -> str | None:
    """``read_owner`` of one file, from its first lines when they name the owner (they do: the header comes first)."""
    refuse_what_is_no_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(OWNER_HEAD_BYTES)
            whole = len(head) < OWNER_HEAD_BYTES
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read it ({exc.strerror}); check the file and its permissions.") from exc
    owner = read_owner(head.decode("utf-8", "replace") if whole else head[:head.rfind(b"\n") + 1].decode("utf-8", "replace"))
    if owner or whole:
        return owner
    data = read_bytes_if_any(path)
    return read_owner(data.decode("utf-8", "replace")) if data is not None else None


def owner_exists(project: Project, owner: str) -> bool:
    """Whether the article a catalog names as its owner (``read_owner``) is still there."""
    return (project.root / _unescaped(owner)).exists()


def _continues(owners: _Owners, article: Path | str, name: str) -> bool:
    """Whether ``article`` holds the text of catalog ``name``: at least half of its units, word for word.

    The test a catalog whose owner is gone passes before it goes to an article of the same file name,
    so that a moved article keeps its catalogs and a different story that happens to share the file
    name does not get them.  Words are compared, not markup or spacing.
    """
    try:
        data = read_bytes_if_any(Path(article))
    except ReadError:
        return False
    units = owners.units(name)
    if data is None or not units:
        return False
    text = f" {_words(data.decode('utf-8', 'replace'))} "
    found = sum(1 for unit in units if f" {unit} " in text)
    return found > 0 and found >= CONTINUES_SHARE * len(units)


def check_not_linked(project: Project, names: Iterable[str]) -> None:
    """Refuse (``UnsafePathError``) a symbolic link where l10n writes the catalogs of ``names``: a language folder
    (a target's, or one on disk), its ``LC_MESSAGES``, the template or a language catalog.

    Catalogs are replaced by renaming a new file over them, which would put a plain file where a linked
    catalog was and leave the file it points to behind, still edited by the translator and never seen
    again.  A linked language folder keeps its link but takes that language's catalogs away from their
    templates, into a folder another language or another project may write as well (``locales/ckb -> ar``).
    l10n never writes through a link there, so the run stops before it writes anything.  ``locales_dir``
    itself may be a link: every catalog and template follows it together, and the project (l10n.toml)
    decides where it may lead.
    """
    names = list(dict.fromkeys(names))
    if not names:
        return
    folders = sorted({entry.path for entry in _listing(project.locales_dir) if entry.is_dir()}
                     | {str(project.locales_dir / lang) for lang in project.targets})
    for folder in folders:
        for path in (folder, os.path.join(folder, "LC_MESSAGES")):
            _refuse_link(project, path, "folder")
    for name in names:
        for path in (str(project.template_path(name)), *(os.path.join(folder, "LC_MESSAGES", f"{name}.po") for folder in folders)):
            _refuse_link(project, path, "file")


def _refuse_link(project: Project, path: str, what: str) -> None:
    """``UnsafePathError`` naming ``path`` (relative to the project) when it is a symbolic link to a ``what``."""
    if os.path.islink(path):
        shown = project_key(project, os.path.dirname(path)) + "/" + os.path.basename(path)
        raise UnsafePathError(f"{shown}: is a symbolic link (to {os.readlink(path)}); l10n never writes through one: "
                              f"move the {what} it points to into its place, then run again.")


class _Owners:
    """The owners of catalogs as the catalogs say, each read once per ``catalog_names`` call.

    Most articles own their base or path-derived name, and only those two catalogs are read.  Only for
    one that owns neither are all catalogs read (once): it may own a catalog it kept when it moved, or
    be the article a catalog whose owner is gone was moved to.
    """

    def __init__(self, project: Project):
        self.project = project
        self._owners: dict[str, str | None | ReadError] = {}
        self._everyone: dict[str, str] | None = None
        self._orphans: dict[str, str] | None = None
        self._units: dict[str, list[str]] = {}

    def owner(self, name: str) -> str | None:
        """The owner of catalog ``name``, whether or not its file still exists; None when there is no such catalog.

        ReadError (asked once) when no file of it can be read.
        """
        if name not in self._owners:
            try:
                self._owners[name] = catalog_owner(self.project, name)
            except ReadError as exc:
                self._owners[name] = exc
        found = self._owners[name]
        if isinstance(found, ReadError):
            raise found
        return found

    def owned_by(self, key: str, article: Path) -> str | None:
        """The catalog the article ``key`` owns: its path-derived name, its base name, else one it kept after a move."""
        for attempt in range(1, PATH_NAME_ATTEMPTS + 1):
            owner = self.owner(path_name(key, attempt))
            if owner is None or owner == key:
                break
        if owner == key:
            return path_name(key, attempt)
        if self.owner(slugify(article.name)) == key:
            return slugify(article.name)
        return next((name for name, owner in self.everyone().items() if owner == key), None)

    def units(self, name: str) -> list[str]:
        """``_units`` of catalog ``name``, read once: many articles of one file name (``index.md``) may be held to it."""
        if name not in self._units:
            self._units[name] = _units(self.project, name)
        return self._units[name]

    def orphans(self) -> dict[str, str]:
        """Every catalog whose owner no longer exists (moved or deleted) or owns another catalog now (a new story
        at the path of one moved away: ``_moved_away``), as name -> that owner."""
        if self._orphans is None:
            self._orphans = {name: owner for name, owner in self.everyone().items()
                             if not owner_exists(self.project, owner) or self._owns_another(owner, name)}
        return self._orphans

    def _owns_another(self, owner: str, name: str) -> bool:
        try:
            return self.owned_by(owner, Path(_unescaped(owner))) not in (name, None)
        except ReadError:
            return False

    def everyone(self) -> dict[str, str]:
        """The owner of every catalog under ``locales_dir`` that names one, by name (sorted)."""
        if self._everyone is None:
            self._everyone = {}
            for name in _names_on_disk(self.project):
                with contextlib.suppress(ReadError):  # no file of it can be read: its own article fails (``name_catalogs``)
                    if (owner := self.owner(name)) is not None:
                        self._everyone[name] = owner
        return self._everyone


def _left_behind(project: Project, own: dict[Path, str | None], unowned: dict[Path, str], owners: _Owners) -> dict[str, str]:
    """Catalogs owned by an article of the call that no longer holds their text, while an article of its file name
    that owns none is in the call too: name -> owner.

    A story moved away and a new one written at its old path look, by path, like the old story rewritten;
    the moved one in the same call (``translate .``, one ``backfill`` chunk) tells them apart, and ``_heirs`` gives it
    its catalogs back.  Only then is the owner's text read.
    """
    bases = {slugify(article.name) for article in unowned}
    return {name: owner_label(project, article) for article, name in own.items()
            if name and slugify(article.name) in bases and not _continues(owners, article, name)}


def _moved_away(project: Project, own: dict[Path, str | None], left: dict[str, str], owners: _Owners) -> dict[Path, str]:
    """Articles of the call that no longer hold the text of the catalog they own, while a file of their name
    elsewhere in the project that owns no catalog holds it: the catalog's name, by article.

    The story was moved there and a new one written at its old path, and the new one is translated first
    (``_left_behind`` tells them apart only in one call).  Only an article changed since its template was
    written is read, and only one that no longer continues its catalog has the project searched for files of
    its name.
    """
    moved: dict[Path, str] = {}
    found: list[Path] | None = None
    calls = {Path(article).resolve() for article in own}
    for article, name in own.items():
        if not name or name in left or not _changed_since(project, article, name) or _continues(owners, article, name):
            continue
        if found is None:
            try:
                found = collect_articles([project.root], skip=project.own_folders())
            except (InputError, ReadError):  # no article in the project (this one is outside it), or none readable
                found = []
        if any(slugify(other.name) == slugify(article.name) and other.resolve() not in calls
               and _continues(owners, other, name) and owners.owned_by(owner_label(project, other), other) is None
               for other in found):
            moved[article] = name
    return moved


def _changed_since(project: Project, article: Path, name: str) -> bool:
    """Whether ``article`` was written after catalog ``name``'s template (or either cannot be told): it may hold
    another story now."""
    try:
        return Path(article).stat().st_mtime_ns >= project.template_path(name).stat().st_mtime_ns
    except OSError:
        return True


def _heirs(project: Project, keys: dict[Path, str], owners: _Owners, owned: set[str],
           left: dict[str, str]) -> dict[Path, str]:
    """Which of these articles (that own no catalog) continue a catalog whose owner is gone or ``left`` it: its name,
    by article.

    A catalog goes on only to an article of the owner's file name (same base name) that ``continues``
    it, and only when that is one catalog for one article: several candidates either way stop the run.
    """
    claims: dict[Path, str] = {}
    orphans = {**owners.orphans(), **left} if keys else {}
    for article, key in keys.items():
        base = slugify(article.name)
        matches = [name for name, owner in orphans.items() if name not in owned
                   and slugify(Path(_unescaped(owner)).name) == base and _continues(owners, article, name)]
        if len(matches) > 1:
            listed = " and ".join(f"{orphans[name]} ({name})" for name in matches)
            raise UsageError(f"{key} could continue the catalogs of {listed}, whose files are gone; "
                             "restore the articles it is not, or delete their catalogs, then run again.")
        if matches:
            claims[article] = matches[0]
    heirs: dict[str, list[str]] = {}
    for article, name in claims.items():
        heirs.setdefault(name, [])
        if keys[article] not in heirs[name]:
            heirs[name].append(keys[article])
    for name, claimants in heirs.items():
        if len(claimants) > 1:
            raise UsageError(f"{' and '.join(claimants)} could all continue the catalogs {name} of {orphans[name]}, "
                             "whose file is gone; translate the one that continues them on its own first.")
    return claims


def _names_on_disk(project: Project) -> list[str]:
    """The names of every template and language catalog under ``locales_dir`` (hidden files, a save in progress, aside)."""
    names = set()
    for entry in _listing(project.locales_dir):
        if entry.name.endswith(".pot") and not entry.is_dir():
            names.add(entry.name[:-4])
        elif entry.is_dir():
            names.update(inner.name[:-3] for inner in _listing(os.path.join(entry.path, "LC_MESSAGES"))
                         if inner.name.endswith(".po") and not inner.is_dir())
    return sorted(names)


def _listing(folder: Path | str) -> list[os.DirEntry]:
    """The entries of ``folder`` that are not hidden, in no particular order; none when it does not exist."""
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if not entry.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise ReadError(f"{folder}: cannot be read ({exc.strerror}); check the folder and its permissions.") from exc


def _units(project: Project, name: str) -> list[str]:
    """The source texts of catalog ``name`` (its template's, else a language catalog's), as ``_words``."""
    for path in _catalog_files(project, name):
        try:
            data = read_bytes_if_any(path)
        except ReadError:  # the next file holds the same units
            continue
        if data is None:
            continue
        try:
            catalog = polib.pofile(data.decode("utf-8", "replace"), wrapwidth=0)
        except (OSError, ValueError, UnicodeError):
            continue
        units = [_words(entry.msgid) for entry in catalog if not entry.obsolete and entry.msgid]
        return [unit for unit in units if unit]
    return []


def _words(text: str) -> str:
    """The words of ``text``, lower case, one space apart: what two renderings of a sentence share."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def _catalog_files(project: Project, name: str):
    """The template of catalog ``name``, then (only if asked for) its language catalogs."""
    from .pofiles import catalog_paths

    yield project.template_path(name)
    yield from catalog_paths(project.locales_dir, name)


def read_owner(text: str) -> str | None:
    """The owner named by a catalog's text: its ``X-L10n-Article`` header, else its first ``#:`` reference."""
    header = text.split("\n\n", 1)[0]
    fields = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), "".join(_QUOTED.findall(header)))
    for line in fields.split("\n"):
        if line.startswith(f"{OWNER_HEADER}: "):
            return line.split(": ", 1)[1].strip() or None
    reference = _REFERENCE.search(text)
    if reference is None:
        return None
    first = reference.group(1).strip()
    if first.startswith("\u2068"):        # GNU gettext isolates a file name holding spaces
        first = first[1:].split("\u2069", 1)[0]
    else:
        first = _LINE_NUMBER.sub("", first.split(" ", 1)[0])
    return _escaped(first) or None
