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
    "add_term",
    "approve_units",
    "backfill_articles",
    "check_catalogs",
    "check_glossary",
    "check_output_path",
    "chosen_targets",
    "evaluate_drafts",
    "import_memory",
    "init_project",
    "list_terms",
    "load_project",
    "missing_packages",
    "publish_article",
    "rebuild_memory",
    "suggest_glossary",
    "search_memory",
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
                      chunk_size: int | None = None, progress=None, on_wait=None, unit_progress=None):
    """Translate a whole archive in resumable chunks, skipping articles whose catalogs are current; returns a BackfillReport."""
    from .backfill import CHUNK_SIZE, backfill
    from .engine import open_engines

    project = load_project(Path(root) if root else None, engine=engine_settings)
    langs = _checked_langs(langs)
    with open_engines(engine, project, address=address) as factory:
        return backfill(project, paths, langs=langs, engine_factory=factory, chunk_size=chunk_size or CHUNK_SIZE,
                        progress=progress, on_wait=on_wait, unit_progress=unit_progress)


def check_catalogs(paths: Sequence[Path | str] = (), *, root: Path | str | None = None, langs=None):
    """QA findings for PO files (default: every catalog of the project; ``langs``: of those languages), glossary included."""
    from . import qa, terms

    project = load_project(Path(root) if root else None)
    glossary = terms.read_glossary(project.glossary_dir)
    return qa.check_catalogs(_chosen_catalogs(project, paths, langs), glossary=glossary)


def check_glossary(paths: Sequence[Path | str] = (), *, root: Path | str | None = None, langs=None):
    """Approved terms missing and forbidden renderings present in PO files."""
    from . import qa, terms

    project = load_project(Path(root) if root else None)
    glossary = terms.read_glossary(project.glossary_dir)
    return qa.check_catalogs(_chosen_catalogs(project, paths, langs), glossary=glossary, checks=("glossary",))


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


def project_status(*, root: Path | str | None = None, langs=None):
    """Per article and language (``langs``: only those): units, reviewed, drafts, empty, obsolete, QA issues."""
    from . import status, terms

    project = load_project(Path(root) if root else None)
    return status.project_status(project, glossary=terms.read_glossary(project.glossary_dir), langs=_checked_langs(langs))


def search_memory(text: str, *, root: Path | str | None = None, langs=None, limit: int = 20):
    """Memory entries whose source holds every word of ``text``, best first, as (lang, MemoryMatch)."""
    from .memory import TranslationMemory

    project = load_project(Path(root) if root else None)
    langs = _checked_langs(langs) or (None,)
    if not project.memory_path.is_file():
        return []
    with TranslationMemory(project.memory_path) as tm:
        hits = [hit for lang in langs for hit in tm.search(text, lang=lang, limit=limit)]
    return sorted(hits, key=lambda hit: -hit[1].score)[:limit]


def chosen_targets(langs=None, *, root: Path | str | None = None) -> tuple[str, ...]:
    """``--lang`` values checked and in lower case, else the project's targets."""
    return _checked_langs(langs) or load_project(Path(root) if root else None).targets


def list_terms(text: str = "", *, root: Path | str | None = None) -> list:
    """The glossary's terms in file order; with ``text``, those whose id, form or rendering holds it (any case)."""
    from . import terms

    project = load_project(Path(root) if root else None)
    wanted = text.casefold()
    return [term for term in terms.read_glossary(project.glossary_dir).terms
            if not wanted or any(wanted in value.casefold() for value in (*term.forms, *term.targets.values(), term.id))]


def add_term(forms: Sequence[str], *, root: Path | str | None = None, targets: dict[str, str] | None = None,
             term_id: str = "", do_not_translate: bool = False, note: str = "", origin: str = ""):
    """Add one term to the project's glossary/terms.csv (refused when one of its forms is there); returns it."""
    import re

    from . import terms
    from .records import Term

    project = load_project(Path(root) if root else None)
    forms = tuple(" ".join(form.split()) for form in forms)
    renderings = {code: " ".join(text.split()) for code, text in (targets or {}).items() if text and text.strip()}
    if not forms or not all(forms):
        raise UsageError("give the term's English form (and any variants) as arguments.")
    if not renderings and not do_not_translate:
        raise UsageError("give at least one rendering (--ar, --ckb, --tk) or --do-not-translate.")
    term_id = term_id or re.sub(r"[^a-z0-9]+", "-", forms[0].lower()).strip("-") or "term"
    term = Term(id=term_id, forms=forms, targets=renderings, do_not_translate=do_not_translate, note=note, origin=origin)
    added = terms.add_term(project.glossary_dir, term)
    return next(t for t in added.terms if t.id == term_id)


def approve_units(article: Path | str, lang: str, *, root: Path | str | None = None, unit: int | None = None,
                  clean: bool = False):
    """Clear ``fuzzy`` on one unit (``unit``, 1-based) or on every draft QA finds nothing on (``clean``); an ApproveResult."""
    from . import terms
    from .approve import approve

    if (unit is None) == (not clean):
        raise UsageError("give --unit N (one unit) or --clean (every draft QA finds nothing on), not both.")
    (code,) = _checked_langs([lang])
    project = load_project(Path(root) if root else None)
    return approve(project, article, code, unit=unit, glossary=terms.read_glossary(project.glossary_dir))


def missing_packages(*, root: Path | str | None = None, langs=None) -> list[str]:
    """One line per project target (or ``langs``) no installed package serves; none outside a project (nothing to draft there)."""
    from .status import model_notices

    if find_project(Path(root) if root else None) is None:
        return []
    project = load_project(Path(root) if root else None)
    return model_notices(dataclasses.replace(project, targets=_checked_langs(langs) or project.targets))


def import_memory(paths: Sequence[Path | str] = (), *, root: Path | str | None = None):
    """Add the reviewed entries of PO files (default: the project's) to the translation memory; a ``memory.MemoryImport``."""
    from .memory import TranslationMemory

    project = load_project(Path(root) if root else None)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or folder; give PO files or folders holding them.")
    files = [q for p in paths for q in (Path(p).rglob("*.po") if Path(p).is_dir() else [Path(p)])]
    with TranslationMemory(project.memory_path) as tm:
        return tm.import_counted(files or _project_catalogs(project))


def rebuild_memory(*, root: Path | str | None = None):
    """Recreate the translation memory from every reviewed PO entry of the project; a ``memory.MemoryImport``."""
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


def init_project(folder: Path | str | None = None, *, glossary: bool = True, packages_dir: Path | str | None = None):
    """Make ``folder`` (default: the current one) a project: l10n.toml, the desk's glossary, boilerplate, .gitignore.

    Files already there are kept (``packages_dir`` alone is set in an existing
    l10n.toml); returns a ``scaffold.InitResult``.
    """
    import os

    from .scaffold import init_project as init

    return init(Path(folder) if folder else Path.cwd(), glossary=glossary,
                packages_dir=Path(packages_dir) if packages_dir else None,
                shell_packages_dir=os.environ.get("ARGOS_PACKAGES_DIR"))


def _started(report, folder: Path):
    """A run that wrote catalogs where no project was: make the folder one, and say so first."""
    notice = start_project(folder) if report.written else ""
    return dataclasses.replace(report, notices=(notice, *report.notices)) if notice else report


def _checked_langs(langs: Sequence[str] | None) -> tuple[str, ...] | None:
    """``--lang`` values in any case (``AR`` is ``ar``), refused as a usage error when one is not a target l10n knows."""
    from .languages import PROFILES

    codes = tuple(dict.fromkeys(code.strip().lower() for code in langs or ()))
    for code in codes:
        if code not in PROFILES:
            raise UsageError(f"--lang {code!r}: not a target l10n drafts; use one of: {', '.join(sorted(PROFILES))}.")
    return codes or None


def _chosen_catalogs(project: Project, paths: Sequence[Path | str], langs) -> list[Path]:
    """The PO files given (default: the project's), only those of ``langs`` when given."""
    from .catalog import catalog_language
    from .languages import PROFILES
    from .pofiles import read_catalog

    files = [Path(p) for p in paths] or _project_catalogs(project)
    codes = _checked_langs(langs)
    if codes is None:
        return files

    def language(path: Path) -> str:
        parts = path.parts
        if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and parts[-3] in PROFILES:
            return parts[-3]  # the folder names it: no need to read the file
        return catalog_language(path, read_catalog(path).metadata.get("Language", "")).code

    return [path for path in files if language(path) in codes]


def _project_catalogs(project: Project) -> list[Path]:
    from .pofiles import catalog_paths

    return catalog_paths(project.locales_dir)
