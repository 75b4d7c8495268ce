"""What a project owns, so that an output option (``eval -o``, ``glossary export``) never overwrites it.

A report or an export may go anywhere except over a catalog (.po/.pot/.mo, or
anything under ``locales_dir``), into the glossary folder, over ``l10n.toml``,
the project's state (``.l10n/``, the memory) or an article that owns catalogs;
and never through a symbolic link, whose target could be any of these or lie
outside the folder named.  Refusals are ``UnsafePathError`` (exit 6); a folder
named as the output is a ``UsageError`` (exit 2).

The output's folder may be missing, and is then made (the caller says so), but only
that last level: like ``mkdir`` without ``-p``, a path whose folders are missing
further up (a typo: ``-o reprots/2024/eval.html``) is a ``UsageError`` naming the
first folder missing, instead of a tree of folders nobody asked for.
"""

from __future__ import annotations

from pathlib import Path

from ..core.project import PROJECT_FILE, Project
from ..errors import UnsafePathError, UsageError
from ..stages.identity import catalog_name, catalog_owner, owner_label
from ..stages.read import ARTICLE_SUFFIXES

CATALOG_SUFFIXES = (".po", ".pot", ".mo")


def check_output_path(project: Project, path: Path | str) -> Path:
    """``path`` when l10n may write a report there; else UnsafePathError saying whose file it is."""
    path = Path(path)
    if path.is_symlink():
        raise UnsafePathError(f"{path}: is a symbolic link; give a plain file name for the output (l10n never writes through links).")
    where = path.parent.resolve() / path.name
    what = _owned_by(project, where)
    if what:
        raise UnsafePathError(f"{path}: is {what}; write the output somewhere else (e.g. a reports/ folder).")
    if path.is_dir():  # else refused only when written, after an eval's drafting, as "Device or resource busy"
        raise UsageError(f"{path}: is a folder; give a file name for the output (e.g. {path / 'report'}).")
    missing = path.parent
    while missing.parent != missing and not missing.parent.exists():
        missing = missing.parent
    if missing != path.parent:
        raise UsageError(f"{path}: there is no folder {missing}; check the path, or make the folders first "
                         f"(mkdir -p {path.parent}).")
    return path


def _owned_by(project: Project, where: Path) -> str:
    """What the project keeps at ``where`` (resolved), or '' when it is free for an output."""
    if where.suffix.lower() in CATALOG_SUFFIXES or where.is_relative_to(project.locales_dir.resolve()):
        return "a catalog or inside the catalogs folder"
    if where.is_relative_to(project.glossary_dir.resolve()):
        return "inside the glossary folder"
    if where.name == PROJECT_FILE:
        return "a project file (l10n.toml)"
    root = project.root.resolve()
    if where.is_relative_to(root / ".l10n") or where == project.memory_path.resolve():
        return "the project's state (run state, memory, lock)"
    if where.suffix.lower() in ARTICLE_SUFFIXES and where.is_file() and where.is_relative_to(root):
        if catalog_owner(project, catalog_name(project, where)) == owner_label(project, where):
            return "an article with catalogs"
    return ""
