"""Loading one article: find its file, read it, segment it, with one rule for the path it is shown under.

``translate``, ``publish``, ``review`` and ``glossary suggest`` all load articles
here, so the ``#:`` references of a catalog, a publish manifest's ``source`` and
the units the review shows come from the same bytes segmented the same way.
"""

from __future__ import annotations

from pathlib import Path

from ..core.project import Project
from ..core.records import Article
from ..errors import InputError
from ..files.paths import project_relative, safe_join
from .boilerplate import load_boilerplate
from .identity import catalog_name, catalog_owner, owner_exists
from .read import nothing_to_translate, read_article_and_digest
from .segment import segment_article


def resolve_article(project: Project, given: Path | str) -> Path:
    """The article file: ``given`` itself, or for a catalog name (slug), the source its catalogs name."""
    given = Path(given)
    if given.is_file():
        return given
    owner = catalog_owner(project, given.name)
    if owner is not None and safe_join(project.root, owner).is_file():
        return safe_join(project.root, owner)
    if owner is not None and not owner_exists(project, owner):  # the catalogs are there: their article is what is missing
        raise InputError(f"{given}: its article {owner} no longer exists; translate the article where it is now, then pass that path.")
    raise InputError(f"{given}: no such article file or catalog slug; pass the article's path.")


def shown_path(project: Project, path: Path | str) -> str:
    """The path an article is shown under: relative to the project (``paths.project_relative``), else its file name
    (no ``..``, no absolute path)."""
    shown = project_relative(project.root, path)
    return shown if shown is not None else Path(path).name


def read_and_segment(project: Project, path: Path | str, name: str | None = None) -> tuple[Article, str]:
    """The article segmented as catalog ``name`` (default: ``identity.catalog_name``), and the SHA-256 of the bytes read."""
    text, read_digest = read_article_and_digest(path)
    return segment_text(project, path, text, name), read_digest


def segment_text(project: Project, path: Path | str, text: str, name: str | None = None) -> Article:
    """The text read from article ``path``, segmented as catalog ``name`` with the project's boilerplate.

    An article that is only boilerplate (a share bar, an empty front matter title) is refused as an
    empty one is: it would make catalogs without entries, which gettext does not accept.
    """
    article = segment_article(text, slug=name or catalog_name(project, Path(path)), source_path=shown_path(project, path),
                              boilerplate=load_boilerplate(project.glossary_dir))
    if not article.units:
        raise nothing_to_translate(path, "nothing to translate once boilerplate (share bars, 'Related:' lines) and markup are set aside")
    return article


def load_article(project: Project, path: Path | str, name: str | None = None) -> Article:
    """Read and segment one article (``read_and_segment`` without the digest)."""
    return read_and_segment(project, path, name)[0]
