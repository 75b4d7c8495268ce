"""l10n: offline translation and localization workflow for a news desk.

English articles become gettext catalogs with reviewable machine drafts in
Arabic, Central Kurdish (Sorani) and Turkmen; reviewed catalogs become
localized articles.  The CLI (``l10n.cli``) is a thin skin over these calls,
which a script or a web service can make directly (docs/library.md)::

    import l10n
    project = l10n.load_project("newsdesk/")
    report = l10n.translate_article(["article.txt"], root=project)

Every call takes ``root``: a ``Project`` (loaded once, reused across calls), a
folder, or None for the nearest project upward.  Calls that draft take
``engine``: "local", "ray", or an engine factory (``engine.EngineFactory``:
``(project, profile) -> Engine | None``, e.g. ``engine.fake.FakeEngine`` for a test).
Result types are exported here but loaded on first use, as are the stage
modules inside each call, so ``import l10n`` stays cheap and no ML library is
loaded until a model is really needed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import (
    EXIT_CODES,
    ExitCode,
    CatalogError,
    ConfigError,
    DataFileError,
    DatabaseError,
    GlossaryError,
    InputError,
    L10nError,
    LockTimeout,
    MemoryStoreError,
    ModelError,
    PublishBlocked,
    ReadError,
    RunStateError,
    UnsafePathError,
    UsageError,
    WriteError,
)
from .core.project import Project, check_engine_setting, find_project, load_project, start_project
from .version import __version__

if TYPE_CHECKING:
    from .commands.approve import ApproveResult
    from .commands.backfill import BackfillReport
    from .commands.evaluate import EvalReport
    from .commands.scaffold import InitResult
    from .commands.status import CatalogStatus
    from .core.records import Finding, MemoryMatch, Report, Term
    from .publish.run import PublishResult
    from .review.session import Review
    from .stages.engine import EngineFactory
    from .stages.engine.packages import BrokenPackage, ModelsList, PackageInfo
    from .stages.memory import MemoryImport
    from .stages.terms.glossary import Glossary

#: Result types, imported from their module the first time they are asked for (``l10n.Report``).
_RESULT_TYPES = {
    "ApproveResult": "commands.approve",
    "BackfillReport": "commands.backfill",
    "CatalogStatus": "commands.status",
    "EvalReport": "commands.evaluate",
    "Finding": "core.records",
    "Glossary": "stages.terms.glossary",
    "InitResult": "commands.scaffold",
    "LanguageReport": "core.records",
    "ArticleFailure": "core.records",
    "MemoryImport": "stages.memory",
    "MemoryMatch": "core.records",
    "ModelsList": "stages.engine.packages",
    "PackageInfo": "stages.engine.packages",
    "PublishResult": "publish.run",
    "Report": "core.records",
    "Review": "review.session",
    "TargetModel": "stages.engine.packages",
    "Term": "core.records",
}

__all__ = [
    "__version__",
    "EXIT_CODES",
    "ExitCode",
    "CatalogError",
    "ConfigError",
    "DataFileError",
    "DatabaseError",
    "GlossaryError",
    "InputError",
    "L10nError",
    "LockTimeout",
    "MemoryStoreError",
    "ModelError",
    "Project",
    "PublishBlocked",
    "ReadError",
    "RunStateError",
    "UnsafePathError",
    "UsageError",
    "WriteError",
    *sorted(_RESULT_TYPES),
    "add_term",
    "approve_units",
    "backfill_articles",
    "check_catalogs",
    "check_engine_setting",
    "check_glossary",
    "check_output_path",
    "chosen_targets",
    "evaluate_drafts",
    "export_glossary",
    "find_project",
    "import_glossary",
    "import_memory",
    "init_project",
    "install_model",
    "list_models",
    "list_terms",
    "load_project",
    "missing_packages",
    "open_review",
    "project_status",
    "publish_article",
    "rebuild_memory",
    "remove_model",
    "search_memory",
    "suggest_glossary",
    "translate_article",
]


def __getattr__(name: str):
    """A result type, imported from its module on first use (``import l10n`` loads none of them)."""
    if name in _RESULT_TYPES:
        import importlib

        value = getattr(importlib.import_module(f".{_RESULT_TYPES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'l10n' has no attribute {name!r}")


def translate_article(paths: Sequence[Path | str], *, root: Project | Path | str | None = None, langs=None,
                      engine_settings: dict | None = None, progress=None, on_wait=None,
                      engine: str | EngineFactory = "local", address: str | None = None) -> Report:
    """Segment, draft and write catalogs for the articles (files or folders) whose inputs changed since their last run.

    ``engine``: "local" (this machine), "ray" (a Ray cluster at ``address``: ray://HOST:10001,
    auto, or None for a local one) or an engine factory.
    """
    from .commands.runs import translate_changed

    project = _project(root, engine_settings)
    langs = _checked_langs(langs)
    base = project.root if isinstance(root, Project) else Path(root) if root else Path.cwd()
    starting = find_project(base) is None
    if engine == "local" and address is None:
        report = translate_changed(project, paths, langs=langs, progress=progress, on_wait=on_wait)
    else:
        with _engines(engine, project, address) as factory:
            report = translate_changed(project, paths, langs=langs, engine_factory=factory, progress=progress, on_wait=on_wait)
    return _started(report, base) if starting else _without_glossary(report, project)


def backfill_articles(paths: Sequence[Path | str], *, root: Project | Path | str | None = None, langs=None,
                      engine_settings: dict | None = None, engine: str | EngineFactory = "local",
                      address: str | None = None, chunk_size: int | None = None, progress=None, on_wait=None,
                      unit_progress=None) -> BackfillReport:
    """Translate a whole archive in resumable chunks, skipping articles whose catalogs are current (as ``translate_article``)."""
    from .commands.backfill import CHUNK_SIZE, backfill

    project = _project(root, engine_settings)
    langs = _checked_langs(langs)
    with _engines(engine, project, address) as factory:
        return backfill(project, paths, langs=langs, engine_factory=factory,
                        chunk_size=CHUNK_SIZE if chunk_size is None else chunk_size,
                        progress=progress, on_wait=on_wait, unit_progress=unit_progress)


def check_catalogs(paths: Sequence[Path | str] = (), *, root: Project | Path | str | None = None, langs=None) -> list[Finding]:
    """QA findings for PO files (default: every catalog of the project; ``langs``: of those languages), glossary included."""
    from .stages import qa, terms

    project = _project(root)
    glossary = terms.read_glossary(project.glossary_dir)
    return qa.check_catalogs(_chosen_catalogs(project, paths, langs), glossary=glossary)


def check_glossary(paths: Sequence[Path | str] = (), *, root: Project | Path | str | None = None, langs=None) -> list[Finding]:
    """Approved terms missing and forbidden renderings present in PO files."""
    from .stages import qa, terms

    project = _project(root)
    glossary = terms.read_glossary(project.glossary_dir)
    return qa.check_catalogs(_chosen_catalogs(project, paths, langs), glossary=glossary, checks=("glossary",))


def evaluate_drafts(paths: Sequence[Path | str] = (), *, root: Project | Path | str | None = None, langs=None,
                    packages: Sequence[str] = (), progress=None, beams: Sequence[int] = ()) -> EvalReport:
    """Draft the reviewed entries again with each installed package, glossary on and off.

    ``beams``: the beam sizes to compare (default: the project's).  Never reads the
    memory and never writes a catalog (see l10n.commands.evaluate).
    """
    from .commands.evaluate import evaluate

    return evaluate(_project(root), paths, langs=_checked_langs(langs), package_names=packages, progress=progress, beams=beams)


def check_output_path(path: Path | str, *, root: Project | Path | str | None = None) -> Path:
    """``path`` when an output option may write there: not a catalog, the glossary, l10n.toml, state or an article."""
    from .commands.owned import check_output_path as check

    return check(_project(root), path)


def suggest_glossary(paths: Sequence[Path | str] = (), *, root: Project | Path | str | None = None,
                     output: Path | str | None = None) -> str:
    """Glossary rows (CSV) for the proper names the glossary lacks, with counts and the drafts' renderings.

    ``paths``: articles or folders (default: every template under locales/).  With
    ``output`` the rows are also written there; a file of the project is never replaced.
    """
    from .commands.suggest import render_suggestions, suggest_terms, write_suggestions

    project = _project(root)
    text = render_suggestions(project, suggest_terms(project, paths))
    if output is not None:
        write_suggestions(project, text, Path(output))
    return text


def project_status(articles: Sequence[Path | str] = (), *, root: Project | Path | str | None = None,
                   langs=None) -> list[CatalogStatus]:
    """Per article and language (``langs``: only those): units, reviewed, drafts, empty, obsolete, QA issues.

    ``articles`` (files, folders of them, or catalog names): only their catalogs, named as ``translate_article``
    names them; a path that is not an article is refused as it refuses it.
    """
    from .commands import status
    from .stages import terms

    project = _project(root)
    langs = _checked_langs(langs)
    names = status.article_catalogs(project, articles) if articles else None
    return status.project_status(project, glossary=terms.read_glossary(project.glossary_dir), langs=langs, names=names)


def search_memory(text: str, *, root: Project | Path | str | None = None, langs=None,
                  limit: int = 20) -> list[tuple[str, MemoryMatch]]:
    """Memory entries whose source holds every word of ``text``, best first, as (lang, MemoryMatch); at most ``limit`` (1 or more)."""
    from .stages.memory import TranslationMemory

    if limit < 1:  # 0 would say the memory holds nothing; -1 is not "no limit"
        raise UsageError(f"--limit {limit}: give how many entries to show, 1 or more.")
    project = _project(root)
    langs = _checked_langs(langs) or (None,)
    if not project.memory_path.is_file():
        return []
    with TranslationMemory(project.memory_path, root=project.root) as tm:
        hits = [hit for lang in langs for hit in tm.search(text, lang=lang, limit=limit)]
    return sorted(hits, key=lambda hit: -hit[1].score)[:limit]


def chosen_targets(langs=None, *, root: Project | Path | str | None = None) -> tuple[str, ...]:
    """``--lang`` values checked and in lower case, else the project's targets."""
    return _checked_langs(langs) or _project(root).targets


def list_terms(text: str = "", *, root: Project | Path | str | None = None) -> list[Term]:
    """The glossary's terms in file order; with ``text``, those whose id, form or rendering holds it (any case)."""
    from .stages import terms

    project = _project(root)
    wanted = text.casefold()
    return [term for term in terms.read_glossary(project.glossary_dir).terms
            if not wanted or any(wanted in value.casefold() for value in (*term.forms, *term.targets.values(), term.id))]


def add_term(forms: Sequence[str], *, root: Project | Path | str | None = None, targets: dict[str, str] | None = None,
             term_id: str = "", do_not_translate: bool = False, note: str = "", origin: str = "") -> Term:
    """Add one term to the project's glossary/terms.csv (refused when one of its forms is there); returns it."""
    import re

    from .core.records import Term
    from .stages import terms

    project = _project(root)
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


def import_glossary(tbx: Path | str, *, root: Project | Path | str | None = None) -> Glossary:
    """Merge a TBX file into glossary/terms.csv; the glossary as merged (a ``MergedGlossary``: its ``notices`` say,
    one line each, where the desk's approved rendering was kept over the file's)."""
    from .stages import terms

    return terms.import_tbx(Path(tbx), _project(root).glossary_dir)


def export_glossary(out: Path | str, *, root: Project | Path | str | None = None) -> Path:
    """Write the glossary as TBX to ``out`` (refused over a file the project owns); the path written."""
    from .commands.owned import check_output_path as check
    from .stages import terms

    project = _project(root)
    return terms.export_tbx(project.glossary_dir, check(project, out))


def approve_units(article: Path | str, lang: str, *, root: Project | Path | str | None = None, unit: int | None = None,
                  clean: bool = False) -> ApproveResult:
    """Clear ``fuzzy`` on one unit (``unit``, 1-based) or on every draft QA finds nothing on (``clean``), except, with
    ``clean``, a text written for an earlier English source (listed in ``refused``)."""
    from .commands.approve import approve
    from .stages import terms

    if (unit is None) == (not clean):
        raise UsageError("give --unit N (one unit) or --clean (every draft QA finds nothing on)"
                         + (", not both." if clean else "."))
    (code,) = _checked_langs([lang])
    project = _project(root)
    return approve(project, article, code, unit=unit, glossary=terms.read_glossary(project.glossary_dir))


def open_review(article: Path | str, *, root: Project | Path | str | None = None, langs=None) -> Review:
    """The article (a path, or a slug with catalogs) opened for review in ``langs`` (default: those with a catalog)."""
    from .review.session import open_review as open_session

    return open_session(_project(root), Path(article), _checked_langs(langs))


def missing_packages(*, root: Project | Path | str | None = None, langs=None) -> list[str]:
    """One line per project target (or ``langs``) no installed package serves; none outside a project (nothing to draft there)."""
    from .commands.status import model_notices

    if not isinstance(root, Project) and find_project(Path(root) if root else None) is None:
        return []
    project = _project(root)
    return model_notices(dataclasses.replace(project, targets=_checked_langs(langs) or project.targets))


def list_models(*, root: Project | Path | str | None = None, langs=None) -> ModelsList:
    """The packages installed for the project, its unusable package folders, and the package chosen per target."""
    from .stages.engine.packages import list_models as listing

    project = _project(root)
    codes = _checked_langs(langs) or project.targets
    return listing(project.argos_packages_dir(), [project.profile(code) for code in codes])


def install_model(what: Path | str, *, root: Project | Path | str | None = None, index: str | None = None,
                  replace: bool = False) -> PackageInfo:
    """Install a .argosmodel file, a package folder, or a target's package from the Argos index (``index``: its URL)."""
    from .stages.engine.packages import install_package

    project = _project(root)
    return install_package(what, project.argos_packages_dir(), index_url=index, replace=replace, tk_route=project.tk_route)


def remove_model(name: str, *, root: Project | Path | str | None = None) -> PackageInfo | BrokenPackage:
    """Uninstall the package in folder ``name`` from the project's packages folder; the package removed (a
    ``BrokenPackage`` for a folder that was not usable)."""
    from .stages.engine.packages import remove_package

    return remove_package(name, _project(root).argos_packages_dir())


def import_memory(paths: Sequence[Path | str] = (), *, root: Project | Path | str | None = None) -> MemoryImport:
    """Add the reviewed entries of PO files (default: the project's) to the translation memory."""
    from .stages.memory import TranslationMemory
    from .stages.pofiles import catalog_paths

    project = _project(root)
    files = [file for given in paths for file in _catalogs_given(Path(given))]
    _refuse_non_catalogs(files, "give PO files or folders holding them")
    with TranslationMemory(project.memory_path, root=project.root) as tm:
        return tm.import_counted(files or catalog_paths(project.locales_dir))


def _catalogs_given(path: Path) -> list[Path]:
    """``path`` itself, or the .po files of the folder it names; refused when it is missing or a folder without any
    (the project's catalogs are imported only when no path is given)."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give PO files or folders holding them.")
    if not path.is_dir():
        return [path]
    found = list(path.rglob("*.po"))
    if not found:
        raise InputError(f"{path}: no PO files in this folder; give PO files or folders holding them.")
    return found


def _refuse_non_catalogs(files: Sequence[Path], advice: str) -> None:
    """UsageError naming the first of ``files`` that is not a .po/.pot (an article given by mistake), before it is parsed."""
    if (other := next((path for path in files if path.suffix.lower() not in (".po", ".pot")), None)) is not None:
        raise UsageError(f"{other}: not a catalog; {advice}.")


def rebuild_memory(*, root: Project | Path | str | None = None, force: bool = False) -> MemoryImport:
    """Recreate the translation memory from every reviewed PO entry of the project.

    Refused (UsageError, memory unchanged) when that would drop entries no catalog holds, unless ``force``.
    """
    from .stages.memory import TranslationMemory

    project = _project(root)
    with TranslationMemory.rebuilding(project.memory_path, root=project.root) as tm:
        return tm.rebuild(project.locales_dir, force=force)


def publish_article(article: Path | str, *, root: Project | Path | str | None = None, **options) -> PublishResult:
    """Publish reviewed catalogs of one article as text, Markdown, HTML, MO and a manifest (options: ``publish.publish_article``)."""
    from .publish import publish_article as publish

    if "langs" in options:
        options["langs"] = _checked_langs(options["langs"])
    return publish(_project(root), Path(article), **options)


def init_project(folder: Path | str | None = None, *, glossary: bool = True,
                 packages_dir: Path | str | None = None) -> InitResult:
    """Make ``folder`` (default: the current one) a project: l10n.toml, the desk's glossary, boilerplate, .gitignore.

    Files already there are kept (``packages_dir`` alone is set in an existing l10n.toml).
    """
    import os

    from .commands.scaffold import init_project as init

    return init(Path(folder) if folder else Path.cwd(), glossary=glossary,
                packages_dir=Path(packages_dir) if packages_dir else None,
                shell_packages_dir=os.environ.get("ARGOS_PACKAGES_DIR"))


def _project(root: Project | Path | str | None, engine_settings: dict | None = None) -> Project:
    """``root`` itself when it is a Project (never reloaded), else the project loaded from that folder (or found upward)."""
    project = root if isinstance(root, Project) else load_project(Path(root) if root else None)
    return project.with_engine(**engine_settings) if engine_settings else project


@contextlib.contextmanager
def _engines(engine: str | EngineFactory, project: Project, address: str | None) -> Iterator[EngineFactory]:
    """One engine per language for a run, closed afterwards: from ``engine`` when it is a factory, else ``engine.open_engines``."""
    from .stages.engine import EngineCache, open_engines

    if callable(engine):
        if address is not None:
            raise UsageError("address names a Ray cluster; it goes with engine='ray', not with an engine factory.")
        cache = EngineCache(engine)
        try:
            yield cache
        finally:
            cache.close()
        return
    with open_engines(engine, project, address=address) as factory:
        yield factory


def _started(report, folder: Path):
    """A run that wrote catalogs where no project was: make the folder one, and say so first."""
    notice = start_project(folder) if report.written else ""
    return dataclasses.replace(report, notices=(notice, *report.notices)) if notice else report


def _without_glossary(report, project: Project):
    """``report`` with a notice first when it wrote catalogs and the project has no glossary file: its drafts carry
    none of the desk's terms, and a mistyped ``glossary_dir`` (or a deleted glossary/) would otherwise go unsaid."""
    from .stages.terms import GLOSSARY_FILE

    path = project.glossary_dir / GLOSSARY_FILE
    if not report.written or (path.is_file() and _holds_a_header(path)):
        return report
    shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
    notice = (f"{shown}: empty, not even its header, so the drafts carry no approved terms; restore it (from git, or "
              "a copy) or add terms with `l10n glossary add`." if path.is_file() else
              f"{shown}: no glossary there, so the drafts carry no approved terms; check glossary_dir in l10n.toml, "
              "or run `l10n init` to add the desk's glossary template.")
    return dataclasses.replace(report, notices=(notice, *report.notices))


def _holds_a_header(path: Path) -> bool:
    """Whether the glossary file holds more than a byte order mark and blank space: an empty one was truncated
    (a save that failed), not written so: ``l10n init --empty-glossary`` writes the columns."""
    try:
        with open(path, "rb") as handle:
            return bool(handle.read(64).removeprefix(b"\xef\xbb\xbf").strip())
    except OSError:
        return True   # the glossary's own read says what is wrong with it


def _checked_langs(langs: Sequence[str] | None) -> tuple[str, ...] | None:
    """``--lang`` values in any case (``AR`` is ``ar``), refused as a usage error when one is not a target l10n knows."""
    from .core.languages import PROFILES, meant
    from .core.project import language_codes

    codes = language_codes(langs or ())
    for code in codes:
        if code not in PROFILES:
            raise UsageError(f"--lang {code!r}: not a target l10n drafts{meant(code)}; use one of: {', '.join(sorted(PROFILES))}.")
    return codes or None


def _chosen_catalogs(project: Project, paths: Sequence[Path | str], langs) -> list[Path]:
    """The PO files given (default: the project's), only those of ``langs`` when given."""
    from .core.languages import PROFILES
    from .stages.catalog import catalog_language
    from .stages.pofiles import catalog_paths, read_catalog

    files = [Path(p) for p in paths] or catalog_paths(project.locales_dir)
    _refuse_non_catalogs(files, "give PO files (an article's are locales/LANG/LC_MESSAGES/NAME.po) or none to check "
                                "every catalog of the project")
    if (gone := next((path for path in files if not (path.exists() or path.is_symlink())), None)) is not None:  # mistyped, as for tm import
        raise InputError(f"{gone}: no such catalog; check the path or run `l10n translate` first.")
    codes = _checked_langs(langs)
    if codes is None:
        return files

    def language(path: Path) -> str:
        parts = path.parts
        if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and parts[-3] in PROFILES:
            return parts[-3]  # the folder names it: no need to read the file
        return catalog_language(path, read_catalog(path).metadata.get("Language", "")).code

    return [path for path in files if language(path) in codes]
