"""l10n: offline translation and localization workflow for a news desk.

English articles become gettext catalogs with reviewable machine drafts in
Arabic, Central Kurdish (Sorani) and Turkmen; reviewed catalogs become
localized articles.  The CLI (``l10n.cli``) is a thin layer over these calls,
which a script or a web service can make directly::

    import l10n
    report = l10n.translate_article(["article.txt"], root="newsdesk/")

Stage modules are imported inside each call, so ``import l10n`` stays cheap and
no ML library is loaded until a model is really needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from .errors import (
    EXIT_CODES,
    ExitCode,
    CatalogError,
    ConfigError,
    DataFileError,
    GlossaryError,
    InputError,
    L10nError,
    LockTimeout,
    MemoryStoreError,
    ModelError,
    PublishBlocked,
    UnsafePathError,
    UsageError,
    WriteError,
)
from .project import Project, find_project, load_project, start_project
from .version import __version__

__all__ = [
    "EXIT_CODES",
    "ExitCode",
    "CatalogError",
    "ConfigError",
    "DataFileError",
    "GlossaryError",
    "InputError",
    "L10nError",
    "LockTimeout",
    "MemoryStoreError",
    "ModelError",
    "Project",
    "PublishBlocked",
    "UnsafePathError",
    "UsageError",
    "WriteError",
    "backfill_articles",
    "check_catalogs",
    "check_glossary",
    "check_output_path",
    "evaluate_drafts",
    "import_memory",
    "init_project",
    "load_project",
    "publish_article",
    "rebuild_memory",
    "suggest_glossary",
    "project_status",
    "translate_article",
]


def translate_article(paths: Sequence[Path | str], *, root: Path | str | None = None, langs=None,
                      engine_settings: dict | None = None, progress=None, on_wait=None,
                      engine: str = "local", address: str | None = None):
    """Segment, draft and write catalogs for articles (files or folders); returns a Report.

    ``engine="ray"`` drafts on a Ray cluster (``address``: ray://HOST:10001, auto, or None for a local one).
    """
    from .runs import translate_changed

    project = load_project(Path(root) if root else None, engine=engine_settings)
    langs = _checked_langs(langs)
    base = Path(root) if root else Path.cwd()
    starting = find_project(base) is None
    if engine == "local" and address is None:
        report = translate_changed(project, paths, langs=langs, progress=progress, on_wait=on_wait)
        return _started(report, base) if starting else report
    from .engine import open_engines

    with open_engines(engine, project, address=address) as factory:
        report = translate_changed(project, paths, langs=langs, engine_factory=factory, progress=progress, on_wait=on_wait)
    return _started(report, base) if starting else report


def backfill_articles(paths: Sequence[Path | str], *, root: Path | str | None = None, langs=None,
                      engine_settings: dict | None = None, engine: str = "local", address: str | None = None,
                      chunk_size: int | None = None, progress=None, on_wait=None):
    """Translate a whole archive in resumable chunks, skipping articles whose catalogs are current; returns a BackfillReport."""
    from .backfill import CHUNK_SIZE, backfill
    from .engine import open_engines

    project = load_project(Path(root) if root else None, engine=engine_settings)
    langs = _checked_langs(langs)
    with open_engines(engine, project, address=address) as factory:
        return backfill(project, paths, langs=langs, engine_factory=factory, chunk_size=chunk_size or CHUNK_SIZE,
                        progress=progress, on_wait=on_wait)


def check_catalogs(paths: Sequence[Path | str] = (), *, root: Path | str | None = None):
    """QA findings for PO files (default: every catalog of the project), glossary included."""
    from . import qa, terms

    project = load_project(Path(root) if root else None)
    glossary = terms.read_glossary(project.glossary_dir)
    return qa.check_catalogs([Path(p) for p in paths] or _project_catalogs(project), glossary=glossary)


def check_glossary(paths: Sequence[Path | str] = (), *, root: Path | str | None = None):
    """Approved terms missing and forbidden renderings present in PO files."""
    from . import qa, terms

    project = load_project(Path(root) if root else None)
    glossary = terms.read_glossary(project.glossary_dir)
    files = [Path(p) for p in paths] or _project_catalogs(project)
    return qa.check_catalogs(files, glossary=glossary, checks=("glossary",))


def evaluate_drafts(paths: Sequence[Path | str] = (), *, root: Path | str | None = None, langs=None,
                    packages: Sequence[str] = (), progress=None):
    """Draft the reviewed entries again with each installed package, glossary on and off; returns an EvalReport.

    Never reads the memory and never writes a catalog (see l10n.evaluate).
    """
    from .evaluate import evaluate

    project = load_project(Path(root) if root else None)
    return evaluate(project, paths, langs=_checked_langs(langs), package_names=packages, progress=progress)


def check_output_path(path: Path | str, *, root: Path | str | None = None) -> Path:
    """``path`` when an output option may write there: not a catalog, the glossary, l10n.toml, state or an article."""
    from .owned import check_output_path as check

    return check(load_project(Path(root) if root else None), path)


def suggest_glossary(paths: Sequence[Path | str] = (), *, root: Path | str | None = None,
                     output: Path | str | None = None) -> str:
    """Glossary rows (CSV) for the proper names the glossary lacks, with counts and the drafts' renderings.

    ``paths``: articles or folders (default: every template under locales/).  With
    ``output`` the rows are also written there; a file of the project is never replaced.
    """
    from .suggest import render_suggestions, suggest_terms, write_suggestions

    project = load_project(Path(root) if root else None)
    text = render_suggestions(project, suggest_terms(project, paths))
    if output is not None:
        write_suggestions(project, text, Path(output))
    return text


def project_status(*, root: Path | str | None = None):
    """Per article and language: units, reviewed, drafts, empty, obsolete, QA issues."""
    from . import status, terms

    project = load_project(Path(root) if root else None)
    return status.project_status(project, glossary=terms.read_glossary(project.glossary_dir))


def import_memory(paths: Sequence[Path | str] = (), *, root: Path | str | None = None) -> int:
    """Add the reviewed entries of PO files (default: the project's) to the translation memory."""
    from .memory import TranslationMemory

    project = load_project(Path(root) if root else None)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or folder; give PO files or folders holding them.")
    files = [q for p in paths for q in (Path(p).rglob("*.po") if Path(p).is_dir() else [Path(p)])]
    with TranslationMemory(project.memory_path) as tm:
        return tm.import_catalogs(files or _project_catalogs(project))


def rebuild_memory(*, root: Path | str | None = None) -> int:
    """Recreate the translation memory from every reviewed PO entry of the project."""
    from .memory import TranslationMemory

    project = load_project(Path(root) if root else None)
    with TranslationMemory.rebuilding(project.memory_path) as tm:
        return tm.rebuild(project.locales_dir)


def publish_article(article: Path | str, *, root: Path | str | None = None, **options):
    """Publish reviewed catalogs of one article as text, Markdown, HTML, MO and a manifest."""
    from .publish import publish_article as publish

    if "langs" in options:
        options["langs"] = _checked_langs(options["langs"])
    return publish(load_project(Path(root) if root else None), Path(article), **options)


def init_project(folder: Path | str | None = None) -> list[Path]:
    """Make ``folder`` (default: the current one) a project: l10n.toml and the desk's glossary template.

    Files already there are kept; returns the files created.
    """
    from .project import init_project as init

    return init(Path(folder) if folder else Path.cwd())


def _started(report, folder: Path):
    """A run that wrote catalogs where no project was: make the folder one, and say so first."""
    notice = start_project(folder) if report.written else ""
    return dataclasses.replace(report, notices=(notice, *report.notices)) if notice else report


def _checked_langs(langs: Sequence[str] | None) -> tuple[str, ...] | None:
    """``--lang`` values, refused as a usage error when one is not a target l10n knows."""
    from .languages import PROFILES

    for code in langs or ():
        if code not in PROFILES:
            raise UsageError(f"--lang {code!r}: not a target l10n drafts; use one of: {', '.join(sorted(PROFILES))}.")
    return tuple(langs) if langs else None


def _project_catalogs(project: Project) -> list[Path]:
    from .pofiles import catalog_paths

    return catalog_paths(project.locales_dir)
