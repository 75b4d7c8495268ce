"""How far each catalog is: counts from the PO files themselves, QA counts, missing models.

Reads only PO files and package metadata, so ``l10n status`` loads no
machine-translation code (no CTranslate2, SentencePiece or torch).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.project import Project
from ..errors import CatalogError, L10nError
from ..files.paths import slugify
from ..stages.catalog import EntryState, catalog_language, entry_state
from ..stages.engine.packages import scan_packages, select_package, unserved_notice
from ..stages.identity import catalog_names, catalog_owner, name_catalogs, owner_exists
from ..stages.pofiles import catalog_paths, read_catalog
from ..stages.qa import check_catalog, is_error
from ..stages.read import check_article_file, collect_articles


@dataclass(frozen=True)
class CatalogStatus:
    """One article in one language: how many units are reviewed, drafted, empty, and what QA says.

    ``units`` counts live entries (reviewed + drafts + empty); obsolete ones are
    kept apart because they no longer belong to the article.
    """

    path: Path
    slug: str
    lang: str
    units: int
    reviewed: int
    drafts: int
    empty: int
    obsolete: int
    qa_errors: int
    qa_warnings: int
    article: str = ""      # the article, when the name does not say it (path-derived, or kept after a move), or why there is none
    owner_gone: bool = False  # the article the catalog belongs to no longer exists (moved or deleted)
    owner_replaced: bool = False  # its article's path holds another story now, with catalogs of its own: these wait for the moved one
    problem: str = ""      # why the catalog could not be read (its counts are then 0): one bad file hides no other

    @property
    def reviewed_percent(self) -> float:
        return self._percent(self.reviewed)

    @property
    def drafts_percent(self) -> float:
        return self._percent(self.drafts)

    @property
    def empty_percent(self) -> float:
        return self._percent(self.empty)

    def _percent(self, count: int) -> float:
        return 100.0 * count / self.units if self.units else 0.0


def catalog_status(path: Path, *, glossary=None) -> CatalogStatus:
    """Counts for one PO file, with QA errors (critical/functional) and warnings (cosmetic)."""
    catalog = read_catalog(path)
    findings = check_catalog(path, glossary=glossary)
    errors = sum(1 for finding in findings if is_error(finding))
    states = Counter(entry_state(entry) for entry in catalog if not entry.obsolete)
    return CatalogStatus(
        path=path,
        slug=path.stem,
        lang=catalog_language(path, catalog.metadata.get("Language", "")).code,
        units=states.total(),
        reviewed=states[EntryState.REVIEWED],
        drafts=states[EntryState.DRAFT],
        empty=states[EntryState.EMPTY],
        obsolete=len(catalog.obsolete_entries()),
        qa_errors=errors,
        qa_warnings=len(findings) - errors,
    )


def project_status(project: Project, *, glossary=None, langs=None, names: Collection[str] | None = None) -> list[CatalogStatus]:
    """Every catalog under locales/*/LC_MESSAGES/ (``langs``: of those folders; ``names``: of those catalogs), by article,
    then in the order of the project's targets."""
    owners: dict[str, str | None] = {}
    found = []
    for path in catalog_paths(project.locales_dir):
        if (langs and path.parent.parent.name not in langs) or (names is not None and path.stem not in names):
            continue
        if path.stem not in owners:
            owners[path.stem] = catalog_owner(project, path.stem)
        found.append(path)
    named = _named_articles(project, owners)
    statuses = []
    for path in found:
        try:
            status = catalog_status(path, glossary=glossary)
        except CatalogError as exc:
            status = CatalogStatus(path, path.stem, path.parent.parent.name, 0, 0, 0, 0, 0, 0, 0, problem=str(exc))
        statuses.append(replace(status, **named[path.stem]))
    order = {code: index for index, code in enumerate(project.targets)}
    return sorted(statuses, key=lambda s: (s.slug, order.get(s.lang, len(order)), s.lang))


def article_catalogs(project: Project, paths: Sequence[Path | str]) -> list[str]:
    """The names of the catalogs of these articles (files or folders of them), named as ``translate`` names them.

    A path that is not an article (a catalog, an HTML page, a folder of l10n's own files) is refused as
    ``translate`` refuses it (``InputError``), and so is one that names no file, unless it is a bare name
    that is a catalog's (``l10n status story``, as ``publish`` and ``approve`` take it).
    """
    articles, bare = [], []
    for path in map(Path, paths):
        if not path.exists() and path.parent == Path(".") and _is_catalog(project, path.name):
            bare.append(path.name)
        else:
            articles.append(path)
    found = collect_articles(articles, skip=project.own_folders()) if articles else []
    for article in found:
        check_article_file(article)
    return list(dict.fromkeys([*catalog_names(project, found).values(), *bare]))


def _is_catalog(project: Project, name: str) -> bool:
    return project.template_path(name).is_file() or any(path.stem == name for path in catalog_paths(project.locales_dir))


def _named_articles(project: Project, owners: dict[str, str | None]) -> dict[str, dict]:
    """What the status lines of each catalog say of its article (``CatalogStatus`` fields), by catalog name.

    The article is named when the catalog's name does not say it (a path-derived name, or the name an
    article kept when it moved), said to be gone when its file no longer exists, and said to hold another
    story when its path has catalogs of its own now (a story moved away and a new one written at its old path,
    the new one translated first): either way the catalogs wait for the moved file, and go on to it when it is
    translated where it is now (``identity.catalog_names``).
    """
    present = {owner for owner in owners.values() if owner is not None and owner_exists(project, owner)}
    now = _catalogs_now(project, present)
    named: dict[str, dict] = {}
    for name, owner in owners.items():
        if owner is None:
            named[name] = {}
        elif owner not in present:
            named[name] = {"article": f"{owner} no longer exists", "owner_gone": True}
        elif now.get(owner, name) != name:
            named[name] = {"article": f"no article: {owner} holds another story now", "owner_replaced": True}
        else:
            named[name] = {"article": "" if slugify(Path(owner).name) == name else owner}
    return named


def _catalogs_now(project: Project, owners: Collection[str]) -> dict[str, str]:
    """The catalog each of these articles (owner labels) takes now, as ``translate`` would name it; none when which
    catalogs go where is not clear (``translate`` says why) or the article's catalogs cannot be read."""
    articles = {project.root / owner: owner for owner in sorted(owners) if (project.root / owner).is_file()}
    try:
        names, _ = name_catalogs(project, list(articles))
    except L10nError:
        return {}
    return {articles[path]: name for path, name in names.items()}


def model_notices(project: Project) -> list[str]:
    """One line for each target no installed package can draft (``unserved_notice``), each line once."""
    scan = scan_packages(project.argos_packages_dir())
    notices = []
    for code in project.targets:
        profile = project.profile(code)
        if select_package(profile, scan.packages) is None:
            notices.append(unserved_notice(profile, scan))
    return list(dict.fromkeys(notices))  # a packages folder that cannot be listed is one line, not one per target
