"""How far each catalog is: counts from the PO files themselves, QA counts, missing models.

Reads only PO files and package metadata, so ``l10n status`` loads no
machine-translation code (no CTranslate2, SentencePiece or torch).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.project import Project
from ..errors import CatalogError
from ..files.paths import slugify
from ..stages.catalog import EntryState, catalog_language, entry_state
from ..stages.engine.packages import scan_packages, select_package, unserved_notice
from ..stages.identity import catalog_owner, owner_exists
from ..stages.pofiles import catalog_paths, read_catalog
from ..stages.qa import check_catalog, is_error


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
    article: str = ""      # the article, when the name does not say it (path-derived, or kept after a move), or it is gone
    owner_gone: bool = False  # the article the catalog belongs to no longer exists (moved or deleted)
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


def project_status(project: Project, *, glossary=None, langs=None) -> list[CatalogStatus]:
    """Every catalog under locales/*/LC_MESSAGES/ (``langs``: of those folders), by article, then in the order of the project's targets."""
    owners: dict[str, tuple[str, bool]] = {}
    statuses = []
    for path in catalog_paths(project.locales_dir):
        if langs and path.parent.parent.name not in langs:
            continue
        if path.stem not in owners:
            owners[path.stem] = _named_article(project, path.stem)
        article, gone = owners[path.stem]
        try:
            status = catalog_status(path, glossary=glossary)
        except CatalogError as exc:
            status = CatalogStatus(path, path.stem, path.parent.parent.name, 0, 0, 0, 0, 0, 0, 0, problem=str(exc))
        statuses.append(replace(status, article=article, owner_gone=gone))
    order = {code: index for index, code in enumerate(project.targets)}
    return sorted(statuses, key=lambda s: (s.slug, order.get(s.lang, len(order)), s.lang))


def _named_article(project: Project, name: str) -> tuple[str, bool]:
    """What a status line says of catalog ``name``'s article, and whether that article is gone.

    The article is named when the catalog's name does not say it (a path-derived name, or the name an
    article kept when it moved), and said to be gone when its file no longer exists: the catalogs wait
    for it, and go on to it when it is translated where it is now (``identity.catalog_names``).
    """
    owner = catalog_owner(project, name)
    if owner is None:
        return "", False
    if not owner_exists(project, owner):
        return f"{owner} no longer exists", True
    return ("" if slugify(Path(owner).name) == name else owner), False


def model_notices(project: Project) -> list[str]:
    """One line for each target no installed package can draft (``unserved_notice``), each line once."""
    scan = scan_packages(project.argos_packages_dir())
    notices = []
    for code in project.targets:
        profile = project.profile(code)
        if select_package(profile, scan.packages) is None:
            notices.append(unserved_notice(profile, scan))
    return list(dict.fromkeys(notices))  # a packages folder that cannot be listed is one line, not one per target
