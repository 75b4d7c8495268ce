"""`l10n approve`: clear `fuzzy` without a PO editor, only where QA finds nothing.

An entry is approved when it holds a draft (translated, fuzzy) on which
``qa.check_catalog`` (every check, the glossary included) reports no finding
of any severity.  ``--clean`` never approves a text written for an earlier
English source: a translator's text kept after its source changed
(``catalog.awaits_source_review``) or an l10n draft not yet redrafted for the
new source (``catalog.needs_draft``), nor a draft l10n flagged when drafting
(``catalog.live_flag_lines``: a term's place, which QA cannot check again); naming
the unit (``--unit N``) approves it, once the translator has checked it.  The catalog is the one ``translate``
names for the article (``identity.catalog_name``), or the one named (a
catalog, template or language folder that is a symbolic link is refused
either way, ``identity.check_not_linked``), and is written by
``pofiles.save_catalog``, the compare-and-swap write translate uses: a save a
translator made meanwhile is kept, and the approvals are applied again on top
of it, only to entries that still hold the very text that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from ..core.project import Project
from ..errors import InputError, UsageError
from ..files.digests import digest
from ..stages import qa
from ..stages.articles import load_article
from ..stages.catalog import (OUR_PREFIX, EntryState, awaits_source_review, entry_key, entry_state, live_flag_lines,
                               needs_draft, unit_entries)
from ..stages.identity import catalog_name, check_not_linked
from ..stages.pofiles import read_catalog, save_catalog


#: Why ``--clean`` leaves an entry written for an earlier source (``approve``'s refusal, first words).
SOURCE_CHANGED = "its English source changed since this text was written"
#: Why ``--clean`` leaves a draft l10n flagged when drafting (the FLAG lines follow).
FLAGGED = "l10n flagged it when drafting"


@dataclass(frozen=True)
class ApproveResult:
    """What ``approve`` did to one catalog."""

    path: Path
    approved: tuple[str, ...]                  # msgids now reviewed
    refused: tuple[tuple[str, str], ...]       # (msgid, why) left fuzzy or empty
    notice: str = ""                           # a translator's save merged in, or the file left alone
    reviewed: tuple[str, ...] = ()             # msgids asked for that were reviewed already: nothing to do


def approve(project: Project, article: Path | str, lang: str, *, unit: int | None = None, glossary=None) -> ApproveResult:
    """Approve unit ``unit`` (1-based, in catalog order), or with ``unit`` None every clean draft, of one article's catalog."""
    path = _catalog_path(project, Path(article), lang)
    data = path.read_bytes()
    po = read_catalog(path)
    units = list(unit_entries(po).values())   # numbered as the review page numbers them (an entry with msgctxt is none)
    if unit is not None and not 1 <= unit <= len(units):
        raise UsageError(f"--unit {unit}: {path} has units 1 to {len(units)}; give one of those.")
    if unit is not None and Path(article).is_file():
        _check_numbered_alike(project, Path(article), [entry.msgid for entry in units])
    number_of = {id(entry): number for number, entry in enumerate(units, 1)}
    numbered = ([(unit, units[unit - 1])] if unit is not None
                else [(number_of.get(id(e)), e) for e in po if not e.obsolete and entry_state(e) is EntryState.DRAFT])
    findings: dict[tuple[str | None, str], list[str]] = {}
    for finding in qa.check_catalog(path, glossary=glossary):
        findings.setdefault((finding.msgctxt, finding.msgid), []).append(f"{finding.check}: {finding.message}")
    approved: dict[tuple[str | None, str], str] = {}   # entry_key -> the text checked
    refused = []
    reviewed = tuple(entry.msgid for _, entry in numbered if entry_state(entry) is EntryState.REVIEWED)
    for number, entry in numbered:
        state = entry_state(entry)
        if state is EntryState.REVIEWED:
            continue
        if state is EntryState.EMPTY:
            refused.append((entry.msgid, "not translated"))
        elif unit is None and _source_changed(entry):
            refused.append((entry.msgid, f"{SOURCE_CHANGED}; check it against the new source, then {_how(number)}"))
        elif entry_key(entry) in findings:
            refused.append((entry.msgid, "; ".join(findings[entry_key(entry)])))
        elif unit is None and live_flag_lines(entry):   # a check QA cannot repeat (a term's place, say)
            flags = "; ".join(line.removeprefix(OUR_PREFIX).strip() for line in live_flag_lines(entry))
            refused.append((entry.msgid, f"{FLAGGED} ({flags}); check it, then {_how(number)}"))
        else:
            approved[entry_key(entry)] = entry.msgstr
    if not approved:
        return ApproveResult(path, (), tuple(refused), reviewed=reviewed)

    def rebase(current: Path | None) -> polib.POFile:
        if current is None:
            raise InputError(f"{path}: removed during the approval; nothing was approved.")
        return _cleared(read_catalog(current), approved)

    saved = save_catalog(_cleared(po, approved), path, read_digest=digest(data), rebase=rebase,
                         retry="nothing was approved: run `l10n approve` again")
    if saved.left_alone:  # no approval is in the file, and no translator undid one
        refused += [(msgid, "not written: the catalog was left as another program saved it") for _, msgid in approved]
        return ApproveResult(path, (), tuple(refused), saved.notice, reviewed)
    now = {entry_key(e): e.msgstr for e in read_catalog(saved.path) if not e.obsolete and entry_state(e) is EntryState.REVIEWED}
    done = [key for key, text in approved.items() if now.get(key) == text]
    refused += [(msgid, "changed by a translator meanwhile; check it again")
                for context, msgid in approved if (context, msgid) not in done]
    return ApproveResult(path, tuple(msgid for _, msgid in done), tuple(refused), saved.notice, reviewed)


def _how(number: int | None) -> str:
    """How to approve an entry ``--clean`` left: by its unit number, or (an entry with a msgctxt, no unit) in an editor."""
    return f"approve it with --unit {number}" if number is not None else "approve it in a PO editor"


def _check_numbered_alike(project: Project, article: Path, sources: list[str]) -> None:
    """Refuse (InputError) a unit number when the article's units are no longer the catalog's: edited since its last
    ``translate``, the review page numbers the article's units and ``--unit N`` would approve another sentence."""
    if list(dict.fromkeys(unit.source for unit in load_article(project, article).units)) != sources:
        raise InputError(f"{article}: changed since its catalogs were written, so unit numbers no longer match the "
                         f"article; run `l10n translate {article}`, then approve.")


def _source_changed(entry: polib.POEntry) -> bool:
    """A draft written for an earlier English source: a translator's text kept for a source check, or a stale l10n draft."""
    return awaits_source_review(entry) or needs_draft(entry)


def _catalog_path(project: Project, article: Path, lang: str) -> Path:
    """The article's catalog for ``lang``, named as ``translate`` names it; a bare name is taken as the catalog's name (slug)."""
    if article.is_file():
        name = catalog_name(project, article)
    elif article.parent == Path("."):
        name = article.name
        check_not_linked(project, [name])   # as catalog_name does for an article: never write through a link
    else:
        raise InputError(f"{article}: no such article file; pass the article's path (or its catalog's name).")
    path = project.catalog_path(name, lang)
    if not path.is_file():
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        raise InputError(f"{article}: no {lang} catalog yet ({shown}); run `l10n translate {article}` first.")
    return path


def _cleared(po: polib.POFile, approved: dict[tuple[str | None, str], str]) -> polib.POFile:
    """``po`` with fuzzy cleared on the entries (by ``entry_key``) that still hold the approved text."""
    for entry in po:
        if not entry.obsolete and approved.get(entry_key(entry)) == entry.msgstr and "fuzzy" in entry.flags:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = None
            entry.previous_msgctxt = None
    return po

