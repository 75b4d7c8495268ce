"""Which catalog belongs to which article: one name per article path, never shared.

A catalog's name (``locales/NAME.pot``, ``locales/LANG/LC_MESSAGES/NAME.po``)
is the article's file name slugified (``story.txt`` -> ``story``), as it always
was, unless another article already owns that name: then the name comes from
the article's path relative to the project and a hash of it (``b/story.txt`` ->
``b-story-1a2b3c4d``).  The owner is read from the catalogs themselves (the
POT's ``X-L10n-Article`` header, or for catalogs written before it, their first
``#:`` reference), so ownership travels with the catalogs, and an article that
already owns its catalogs keeps them: no reviewed work changes hands.  An owner
whose file no longer exists hands its name on (a moved article keeps its
catalogs).  ``translate``, ``backfill``, ``publish`` and ``eval`` all name
catalogs through ``catalog_names``.

Reads a few bytes of each candidate catalog; imports no pipeline stage.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..core.project import Project
from ..errors import UsageError
from ..files.digests import read_bytes_if_any
from ..files.paths import slugify

OWNER_HEADER = "X-L10n-Article"
_QUOTED = re.compile(r'^"(.*)"$', re.MULTILINE)
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_REFERENCE = re.compile(r"^#: (.+)$", re.MULTILINE)
_LINE_NUMBER = re.compile(r":\d+$")
_CONTROL = re.compile(r"\\u([0-9a-f]{4})")


def article_key(project: Project, article: Path | str) -> str:
    """The article's path relative to the project (absolute when outside it): its identity (``project_key``)."""
    return project_key(project, article)


def project_key(project: Project, path: Path | str) -> str:
    """A file's path relative to the project (absolute when outside it), as the run state stores it: a copied or
    moved project keeps its keys.

    A file name that is not valid UTF-8 keeps its bytes as backslash escapes, so SQLite can store it.
    """
    resolved = Path(path).resolve()
    try:
        key = resolved.relative_to(project.root)
    except ValueError:
        key = resolved
    return os.fsencode(key).decode("utf-8", "backslashreplace")


def owner_label(project: Project, article: Path | str) -> str:
    """``article_key`` as a catalog header names the article: control characters as ``\\uXXXX`` (one header line)."""
    return _escaped(article_key(project, article))


def _escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def catalog_names(project: Project, articles: Sequence[Path | str]) -> dict[Path, str]:
    """The catalog name of each article, first come first named among articles that would share one.

    Raises ``UsageError`` naming both files when even the path-derived name is
    owned by another article (a hash collision, or a hand-made catalog).
    """
    names: dict[Path, str] = {}
    claimed: dict[str, str] = {}           # name -> key, for this call's articles
    for article in articles:
        article = Path(article)
        if article in names:
            continue
        key = owner_label(project, article)
        base, derived = slugify(article.name), path_name(key)
        owners = {name: claimed[name] if name in claimed else _live_owner(project, name) for name in (base, derived)}
        if owners[derived] == key or owners[base] not in (None, key):
            name = derived
        else:
            name = base
        if owners[name] not in (None, key):
            raise UsageError(f"{key} and {owners[name]} would share the catalog {name}; rename one of them.")
        names[article] = name
        claimed[name] = key
    return names


def catalog_name(project: Project, article: Path | str) -> str:
    """``catalog_names`` for one article."""
    return catalog_names(project, [article])[Path(article)]


def path_name(key: str) -> str:
    """The name derived from an article's relative path: its folders and stem, and a hash of the path.

    >>> path_name("a/story.txt")
    'a-story-04281650'
    """
    stem = re.sub(r"\.(txt|md|text)$", "", key, flags=re.IGNORECASE)
    flat = slugify(stem.replace("/", "-").replace("\\", "-") or "article")
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return flat if flat.endswith(digest) else f"{flat[:60].rstrip('-')}-{digest}"


def catalog_owner(project: Project, name: str) -> str | None:
    """The article (key) that catalog ``name`` belongs to, as its catalogs say; None when there are none."""
    for path in _catalog_files(project, name):
        data = read_bytes_if_any(path)
        if data is not None:
            owner = read_owner(data.decode("utf-8", "replace"))
            if owner:
                return owner
    return None


def _catalog_files(project: Project, name: str):
    """The template of catalog ``name``, then (only if asked for) its language catalogs."""
    from .pofiles import catalog_paths

    yield project.template_path(name)
    yield from catalog_paths(project.locales_dir, name)


def _live_owner(project: Project, name: str) -> str | None:
    """``catalog_owner``, or None when that article no longer exists (its catalogs go to the next one of the name)."""
    owner = catalog_owner(project, name)
    if owner is None:
        return None
    return owner if (project.root / _CONTROL.sub(lambda m: chr(int(m.group(1), 16)), owner)).exists() else None


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
