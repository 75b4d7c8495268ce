"""Safe paths and file-name slugs: nothing a user names may land outside the project."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from ..errors import UnsafePathError


MAX_SLUG = 80
#: The extension of an article's file, left out of its catalog name: ``story.markdown`` is ``story`` as ``story.md`` is.
ARTICLE_SUFFIX = re.compile(r"\.(txt|text|md|markdown)$", re.IGNORECASE)


def safe_join(root: Path | str, *parts: str) -> Path:
    """Join ``parts`` under ``root`` and refuse anything that would land outside it.

    >>> safe_join("/p", "locales", "ar").as_posix()
    '/p/locales/ar'
    """
    root_path = Path(root).resolve()
    candidate = root_path.joinpath(*parts).resolve()
    if candidate != root_path and root_path not in candidate.parents:
        raise UnsafePathError(f"{'/'.join(parts)}: path leaves {root_path}; use a name inside the project.")
    return candidate


def project_relative(root: Path | str, path: Path | str) -> str | None:
    """``path`` relative to the project folder ``root``, as a POSIX string; None when it is outside the project.

    The file it is (symbolic links followed) when that is in the project; else the path as named, when the
    name is in the project and only a link leads out (an article linked in from a shared folder): what a
    catalog, the run state or the memory records never depends on the folder the project sits in.

    >>> project_relative("/p", "/p/locales/ar/LC_MESSAGES/story.po")
    'locales/ar/LC_MESSAGES/story.po'
    >>> project_relative("/p", "/elsewhere/story.txt") is None
    True
    """
    root_path = Path(root).resolve()
    named = Path(os.path.abspath(path))
    for candidate in (named.resolve(), named.parent.resolve() / named.name, named):
        try:
            return candidate.relative_to(root_path).as_posix()
        except ValueError:
            continue
    return None


def slugify(name: str) -> str:
    """A safe, stable file-name slug for an article name, whatever the name contains.

    Look-alike letters fold to ASCII where Unicode allows, anything else becomes
    '-', and long or emptied names get a short hash so distinct names stay distinct.

    >>> slugify("k1-qayyarah-withdrawal.txt")
    'k1-qayyarah-withdrawal'
    >>> slugify("story.markdown")
    'story'
    >>> slugify("../../etc/passwd")
    'passwd'
    """
    stem = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem = ARTICLE_SUFFIX.sub("", stem)
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not slug:
        return f"article-{digest}"
    if len(slug) > MAX_SLUG or not stem.isascii():
        return f"{slug[:MAX_SLUG].rstrip('-')}-{digest}"
    return slug
