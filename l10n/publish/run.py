"""publish_article(): read > segment > catalogs > QA > policy > rebuild > render > write.

The ready languages are published even when others are blocked: a newsroom
would rather put out Arabic now than wait for Sorani.  PublishBlocked is
raised afterwards, listing every blocker of every blocked language, with the
PublishResult of the run attached as ``exc.result``.  Nothing is written for a
blocked language: no article files, no .mo, no manifest entry (the manifest
keeps whatever an earlier run recorded for it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polib

from ..core.languages import LanguageProfile
from ..core.project import PUBLISHED_DIR, Project
from ..core.records import Article, Finding
from ..errors import PublishBlocked, UnsafePathError, UsageError
from ..files.atomic import atomic_write, written_together
from ..files.digests import digest, file_digest, read_bytes_if_any
from ..files.lock import project_lock
from ..files.paths import safe_join
from ..stages.articles import resolve_article, segment_text
from ..stages.catalog import stamp_language, unit_entries, written_in
from ..stages.pofiles import read_catalog
from ..stages.read import read_article
from . import manifest as manifest_mod
from .html import link_kind, render_html
from .labels import dateline
from .markdown import render_markdown
from .policy import FILLS, Blocker, Plan, missing_catalog_plan, plan_language
from .rebuild import LocalizedArticle, localize
from .text import render_text

FORMATS = ("txt", "md", "html")

#: check(path) -> findings for one PO file; the default is what `l10n check` runs.
Checker = Callable[[Path], Sequence[Finding]]


@dataclass(frozen=True)
class LanguageResult:
    """What publishing did for one language: published or blocked, and why."""

    lang: str
    published: bool
    units: int
    reviewed: int
    completeness: float                  # percent of distinct units reviewed
    filled: tuple[str, ...] = ()         # sources published unreviewed (marked)
    blockers: tuple[Blocker, ...] = ()
    written: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Picture:
    """A local image a Markdown article shows, read to be copied beside its published pages."""

    address: str     # as the article writes it: relative to the article, and so to published/<slug>/
    source: Path     # the file beside the article
    target: Path     # its copy in published/<slug>/
    data: bytes


@dataclass(frozen=True)
class PublishResult:
    """One article's publication: per language, plus the manifest written (None if nothing was)."""

    slug: str
    article: Path
    languages: tuple[LanguageResult, ...]
    manifest: Path | None
    pictures: tuple[Path, ...] = ()      # a Markdown article's local images, copied beside its pages

    @property
    def published(self) -> tuple[str, ...]:
        return tuple(result.lang for result in self.languages if result.published)

    @property
    def blocked(self) -> tuple[str, ...]:
        return tuple(result.lang for result in self.languages if not result.published)

    @property
    def written(self) -> tuple[Path, ...]:
        paths = [path for result in self.languages for path in result.written]
        return tuple(paths + list(self.pictures) + ([self.manifest] if self.manifest else []))


def publish_article(
    project: Project,
    article_path: Path,
    *,
    formats: Sequence[str] = FORMATS,
    min_reviewed: float | None = None,
    fill: str | None = None,
    langs: Sequence[str] | None = None,
    published_on: date | None = None,
    check: Checker | None = None,
    force: bool = False,
) -> PublishResult:
    """Publish the reviewed translations of one article (a path, or a slug with a catalog).

    Writes ``published/<slug>/<lang>.txt|.md|.html``, ``locales/<lang>/LC_MESSAGES/<slug>.mo``
    and ``published/<slug>/manifest.json``.  ``published_on`` adds a dateline
    formatted for each locale; ``check`` replaces the QA run (tests, other checkers).  ``fill`` (with
    ``min_reviewed`` only; default "source") is what the unreviewed units are published as.
    A published file (a page or a copied picture) changed since the manifest recorded it (a desk's
    hand edit) stops the run before anything is written, unless ``force``.
    Raises PublishBlocked after publishing the ready languages if any language is blocked.
    """
    _validate(formats, min_reviewed, fill)
    fill = fill or "source"
    path = resolve_article(project, Path(article_path))
    text = read_article(path)
    article = segment_text(project, path, text)
    codes = dict.fromkeys(langs or project.targets)
    check = check or _qa_checker(project)
    results: list[LanguageResult] = []
    entries: dict[str, dict] = {}
    with project_lock(project.root):
        plans = [_plan(project, article, code, check, min_reviewed, fill) for code in codes]
        rendered = {profile.code: _render_outputs(project, localize(article, profile.code, plan.choices), profile, po,
                                                  formats, published_on)
                    for profile, plan, po in plans if plan.publishable}
        pictures = _local_pictures(project, article, path) if rendered else []
        recorded = _recorded_manifest(project, article)
        if not force:
            _refuse_hand_edits(project, article, rendered, pictures, recorded)
        with written_together():   # Ctrl-C here left new pages the manifest did not record: "hand-edited" next time
            for profile, plan, po in plans:
                if not plan.publishable:
                    results.append(_result(plan))
                    continue
                outputs = rendered[profile.code]
                for _name, target, data in outputs:
                    atomic_write(target, data)
                results.append(_result(plan, tuple(outputs)))
                entries[profile.code] = _manifest_entry(project, plan, profile, po, outputs, text) | {
                    "policy": {"min_reviewed": min_reviewed, "fill": fill if min_reviewed is not None else None},
                    "published_on": published_on.isoformat() if published_on else None,
                }
            for picture in pictures:
                atomic_write(picture.target, picture.data)
            manifest_path = _write_manifest(project, article, text, entries, pictures, recorded)
    copied = tuple(picture.target for picture in pictures)
    result = PublishResult(article.slug, path, tuple(results), manifest_path, copied)
    if result.blocked:
        raise _blocked(result, min_reviewed)
    return result


def _validate(formats: Sequence[str], min_reviewed: float | None, fill: str | None) -> None:
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"--format {', '.join(unknown) or '(none)'}: unknown; use one or more of: {', '.join(FORMATS)}.")
    if min_reviewed is not None and not 0 <= min_reviewed <= 100:
        raise UsageError(f"--min-reviewed {min_reviewed:g}: give a percentage from 0 to 100.")
    if fill is not None and fill not in FILLS:
        raise UsageError(f"--fill {fill!r}: use 'source' or 'draft'.")
    if fill is not None and min_reviewed is None:   # it was ignored: a desk meant to publish drafts and got nothing
        raise UsageError(f"--fill {fill}: only fills what --min-reviewed lets through unreviewed; add --min-reviewed PCT.")


def _qa_checker(project: Project) -> Checker:
    """What `l10n check` runs: every QA check plus the project's glossary."""
    from ..stages import qa, terms

    glossary = terms.read_glossary(project.glossary_dir)
    return lambda path: qa.check_catalog(path, glossary=glossary)


def _plan(
    project: Project, article: Article, lang: str, check: Checker, min_reviewed: float | None, fill: str
) -> tuple[LanguageProfile, Plan, polib.POFile | None]:
    """The language's plan and catalog, and the profile of what the catalog is written in.

    That profile comes from the catalog's header, as ``l10n check`` reads it, not from ``tk_route``: a
    catalog drafted en→tr stays Turkish orthography (tagged ``tr``) after the desk switches the route,
    until the next run redrafts it.
    """
    po_path = project.catalog_path(article.slug, lang)
    shown = _relative(project.root, po_path)
    sources = [unit.source for unit in article.units]
    if not po_path.is_file():
        return project.profile(lang), missing_catalog_plan(lang, sources, shown), None
    po = read_catalog(po_path)
    plan = plan_language(
        lang, sources, unit_entries(po), check(po_path), catalog=shown, min_reviewed=min_reviewed, fill=fill
    )
    return written_in(po_path, po), plan, po


def _render_outputs(
    project: Project,
    doc: LocalizedArticle,
    profile: LanguageProfile,
    po: polib.POFile,
    formats: Sequence[str],
    published_on: date | None,
) -> list[tuple[str, Path, bytes]]:
    """Each format and the .mo, rendered: (format, path, bytes) to write and record in the manifest."""
    line = dateline(published_on, profile.locale) if published_on else ""
    renderers = {
        "txt": lambda: render_text(doc, direction=profile.direction),
        "md": lambda: render_markdown(doc, dateline=line, note=profile.reader_note, direction=profile.direction),
        "html": lambda: render_html(doc, profile, published_on=published_on),
    }
    outputs = []
    for name in FORMATS:
        if name in formats:
            target = safe_join(project.root, PUBLISHED_DIR, doc.article.slug, f"{profile.code}.{name}")
            outputs.append((name, target, renderers[name]().encode("utf-8")))
    mo_path = safe_join(project.locales_dir, profile.code, "LC_MESSAGES", f"{doc.article.slug}.mo")
    outputs.append(("mo", mo_path, _compiled(po, profile)))
    return outputs


def _compiled(po: polib.POFile, profile: LanguageProfile) -> bytes:
    """The catalog as a .mo whose header says what the pages say: the text's tag, plural rule and label."""
    compiled = polib.POFile(wrapwidth=po.wrapwidth, encoding=po.encoding)
    compiled.metadata = dict(po.metadata)
    compiled.extend(po)
    stamp_language(compiled, profile, profile.label)
    return bytes(compiled.to_binary())


def _manifest_entry(
    project: Project,
    plan: Plan,
    profile: LanguageProfile,
    po: polib.POFile,
    outputs: list[tuple[str, Path, bytes]],
    source_text: str,
) -> dict:
    names = manifest_mod.reviewers(po.metadata)
    return {
        "status": "published",
        "direction": profile.direction,
        "locale": profile.locale,
        "language_tag": profile.tag,
        "region": profile.region,
        "units": plan.units,
        "reviewed_units": plan.reviewed,
        "completeness": plan.completeness,
        "unreviewed_published": len(plan.filled),
        "reviewed_by": names,
        "reviewer_count": len(names),
        "source_sha256": digest(source_text.encode("utf-8")),
        "outputs": {name: _file_record(project, target, data) for name, target, data in outputs},
    }


def _file_record(project: Project, target: Path, data: bytes) -> dict:
    """What the manifest records of a file written: where (relative to the project), its SHA-256 and size."""
    return {"path": _relative(project.root, target), "sha256": digest(data), "bytes": len(data)}


def _recorded_manifest(project: Project, article: Article) -> str | None:
    """The text of the article's manifest as the last publication left it (None: there is none).

    Read once, for the hand-edit check and for the languages the new manifest keeps. Bytes that are not
    UTF-8 (an editor re-saved it in a Windows code page) are replaced, not fatal: the SHA-256s are ASCII.
    """
    previous = read_bytes_if_any(safe_join(project.root, PUBLISHED_DIR, article.slug, "manifest.json"))
    return previous.decode("utf-8", "replace") if previous is not None else None


def _refuse_hand_edits(
    project: Project, article: Article, rendered: dict[str, list[tuple[str, Path, bytes]]], pictures: list[Picture],
    recorded_text: str | None,
) -> None:
    """Stop before writing when a page or picture about to be replaced is neither what the last
    publication recorded nor what this one writes (a run stopped before its manifest leaves the latter).

    A desk that corrects ``published/<slug>/ar.md`` or crops ``published/<slug>/photo.jpg`` by hand
    would lose the work to the next run; the manifest's SHA-256 of each file tells such a file apart.
    A file with no recorded digest (a manifest older than ``pictures``) is replaced, as before.
    The .mo is left out: it is compiled from the catalog (Poedit writes one on every save), never hand work.
    """
    pages = {lang: manifest_mod.recorded_digests(recorded_text, lang) for lang in rendered}
    edited_pages = [target for lang, outputs in rendered.items() for name, target, data in outputs
                    if name != "mo" and _hand_edited(target, pages[lang].get(name), data)]
    copies = manifest_mod.recorded_pictures(recorded_text)
    edited_pictures = [p for p in pictures if _hand_edited(p.target, copies.get(p.address), p.data)]
    edited = edited_pages + [picture.target for picture in edited_pictures]
    if not edited:
        return
    if edited_pages:
        keep = "carry the edit into the catalog (`l10n review`) and publish again"
    else:
        keep = f"to keep it, copy it over {_relative(project.root, edited_pictures[0].source)} and publish again"
    more = f" (and {len(edited) - 1} more)" if len(edited) > 1 else ""
    raise UsageError(f"{_relative(project.root, edited[0])}{more}: changed since l10n published it; "
                     f"{keep}, or pass --force to overwrite it.")


def _hand_edited(target: Path, recorded: str | None, data: bytes) -> bool:
    """Whether ``target`` holds bytes that are neither the ``recorded`` SHA-256 nor the ``data`` about to be written.

    A file missing, or without a recorded digest, is not hand work: it is (re)written.
    """
    now = file_digest(target) if recorded is not None else None
    return now is not None and now not in (recorded, digest(data))


def _write_manifest(
    project: Project,
    article: Article,
    source_text: str,
    entries: dict[str, dict],
    pictures: list[Picture],
    previous: str | None,
) -> Path | None:
    if not entries:
        return None
    target = safe_join(project.root, PUBLISHED_DIR, article.slug, "manifest.json")
    fields = {
        "slug": article.slug,
        "source": article.source_path,
        "source_sha256": digest(source_text.encode("utf-8")),
        "pictures": {picture.address: _file_record(project, picture.target, picture.data) for picture in pictures},
    }
    built = manifest_mod.build_manifest(fields, entries, previous)
    return atomic_write(target, manifest_mod.render_manifest(built))


def _result(plan: Plan, outputs: tuple[tuple[str, Path, bytes], ...] = ()) -> LanguageResult:
    return LanguageResult(
        plan.lang, plan.publishable, plan.units, plan.reviewed, plan.completeness,
        plan.filled, plan.blockers, tuple(target for _name, target, _data in outputs),
    )


def _blocked(result: PublishResult, min_reviewed: float | None) -> PublishBlocked:
    blocked = [item for item in result.languages if not item.published]
    count = sum(len(item.blockers) for item in blocked)
    done = f"published {', '.join(result.published)}; " if result.published else ""
    advice = "review the listed entries" + (" or use --min-reviewed" if min_reviewed is None else "")
    exc = PublishBlocked(
        f"{result.slug}: {', '.join(item.lang for item in blocked)} not ready to publish "
        f"({count} blocker{'' if count == 1 else 's'}); "
        f"{done}{advice}.",
        [(blocker.entry, blocker.reason) for item in blocked for blocker in item.blockers],
    )
    exc.result = result
    return exc


def blocker_lines(result: PublishResult, shown: int = 2) -> list[str]:
    """The blockers compactly: per blocked language, one line per kind (how many, the first ``shown`` entries)."""
    lines = []
    for item in result.languages:
        kinds: dict[str, list[Blocker]] = {}
        for blocker in item.blockers:
            kinds.setdefault(blocker.reason.split(":")[0], []).append(blocker)
        for kind, found in kinds.items():
            same = all(b.reason == found[0].reason for b in found)
            first = "; ".join(b.entry if same else f"{b.entry}: {b.reason}" for b in found[:shown])
            more = f"; and {len(found) - shown} more" if len(found) > shown else ""
            lines.append(f"{item.lang}: {len(found)} × {found[0].reason if same else kind} — {first}{more}")
    return lines


def _local_pictures(project: Project, article: Article, path: Path) -> list[Picture]:
    """The local images a Markdown article shows (relative addresses, files inside the project), read for copying.

    The pages keep the source's addresses, so ``photo.jpg`` must sit in
    ``published/<slug>/`` as it sits beside the article; an address leaving
    either folder, or naming no file, is left alone.
    """
    if article.markup != "markdown":
        return []
    from ..stages.markdown_in import image_spans, parser, without_front_matter

    env: dict = {}
    parser().parse(without_front_matter(article.text), env)   # the definitions a picture by reference (![x][r]) names
    pictures: dict[Path, Picture] = {}
    for match in image_spans(article.text, 0, len(article.text)):
        token = next((t for t in parser().parseInline(match.group(), env)[0].children or () if t.type == "image"), None)
        src = unquote(urlsplit(token.attrGet("src") or "").path) if token is not None else ""
        if not src or link_kind(src) != "relative" or src.startswith("/"):
            continue
        source = (path.parent / src).resolve()
        try:
            target = safe_join(project.root / PUBLISHED_DIR / article.slug, src)
        except UnsafePathError:
            continue
        if not source.is_relative_to(project.root.resolve()) or target in pictures or not source.is_file():
            continue
        data = read_bytes_if_any(source)
        if data is not None:
            pictures[target] = Picture(src, source, target, data)
    return list(pictures.values())


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
