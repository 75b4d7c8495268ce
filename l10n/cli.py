"""The `l10n` command: parse options, make one library call, render the result.

Every L10nError becomes one line on stderr and its exit code (errors.EXIT_CODES);
anything else is a bug, shown as one line (the traceback only with --debug).
Heavy modules are imported inside commands so `l10n --help` stays fast.  Help
is plain text in words (ARTICLE..., LANG), not typer's type placeholders.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer._click.exceptions import NoArgsIsHelpError  # typer vendors click
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import TyperPath

import l10n
from l10n.cli_progress import ProgressView
from l10n.errors import CatalogError, ExitCode, L10nError, PublishBlocked, ReadError, UsageError


class _Command(TyperCommand):
    """A command whose help names arguments in words (ARTICLE..., [PO]...) and shows no type placeholders.

    Path parameters are not checked for readability at parse time: an unreadable
    file is the library's ReadError (exit 11), naming the file, not a usage error (2).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if getattr(param.type, "readable", False):
                param.type.readable = False
        _check_paths(self.params)

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [self.options_metavar, *(_argument_word(p) for p in self.get_params(ctx) if isinstance(p, TyperArgument))]

    def format_options(self, ctx, formatter) -> None:
        params = self.get_params(ctx)
        arguments = [(_argument_word(p), p.help or "") for p in params if isinstance(p, TyperArgument)]
        for param in params:  # an option declared without a metavar is named by its word, not its type
            if not isinstance(param, TyperArgument) and param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = param.name.upper()
        options = [record for p in params if not isinstance(p, TyperArgument) if (record := p.get_help_record(ctx)) is not None]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter) -> None:
        if self.epilog:  # examples, not prose: never rewrapped
            with formatter.section("Examples"):
                for line in self.epilog.splitlines():
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class _Group(TyperGroup):
    """The root command: its -C refuses an empty path or a dash as the commands' paths do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _check_paths(self.params)


def _check_paths(params) -> None:
    """Make an empty path and a lone dash usage errors.  pathlib reads "" as ".", the working folder, so
    ``l10n translate "$ARTICLE"`` with the variable unset would translate every article there; and l10n
    reads and writes files only (an article's file name names its catalogs), so "-" would be a file called "-"."""
    for param in params:
        if isinstance(param.type, TyperPath):
            param.type.convert = _checked_path(param.type.convert)


#: Path parameters that name a file l10n writes (the rest name files or folders it reads).
_OUTPUTS = ("OUT.tbx", "--output")


def _checked_path(convert):
    def checked(value, param, ctx):
        if isinstance(value, str) and value in ("", "-"):
            argument = isinstance(param, TyperArgument)
            word = param.metavar or param.name.upper() if argument else "/".join(sorted(param.opts, key=len))
            if value == "":
                raise UsageError(f"'' ({word}): an empty path; name a file or folder (a shell variable left unset?).")
            if not (set(_OUTPUTS) & {word, *param.opts}):
                if "ARTICLE" in word or "ARCHIVE" in word:  # its file name names its catalogs
                    raise UsageError(f"- ({word}): articles are read from files, not standard input; "
                                     "save the text as a .txt or .md file and name it (a file called - is ./-).")
                raise UsageError(f"- ({word}): l10n reads files and folders, not standard input; name it (one called - is ./-).")
            advice = "name the file to write (a file called - is ./-)" if argument else f"leave out {param.opts[-1]} to write to the terminal"
            raise UsageError(f"- ({word}): files are written, not standard output; {advice}.")
        return convert(value, param, ctx)

    return checked


def _argument_word(param) -> str:
    word = param.metavar or param.name.upper()
    word = word if param.required else f"[{word}]"
    return f"{word}..." if param.nargs != 1 else word


class _Typer(typer.Typer):
    """A typer app whose commands are _Command unless told otherwise, and whose help is plain text."""

    def __init__(self, help: str):
        super().__init__(help=help, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                         pretty_exceptions_enable=False, pretty_exceptions_show_locals=False)  # locals would leak article text

    def command(self, *args, cls=_Command, **kwargs):
        return super().command(*args, cls=cls, **kwargs)


app = _Typer("Offline translation workflow: English articles -> reviewable Arabic, Sorani and Turkmen PO drafts -> published articles.")
models_app = _Typer("List, install and remove Argos Translate model packages.")
glossary_app = _Typer("The desk glossary: list and add terms, check catalogs against it, suggest missing names, import/export TBX.")
tm_app = _Typer("The translation memory (SQLite).")
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")
app.add_typer(tm_app, name="tm")


def _examples(*lines: str) -> str:
    """A help page's epilog: command lines, shown as written under "Examples:" (_Command.format_epilog)."""
    return "\n".join(lines)


def _engine_setting(key: str):
    """A typer callback checking an engine option as l10n.toml's ``[engine] key`` is checked, naming the option as typed."""
    def check(param: typer.CallbackParam, value):
        return value if value is None else l10n.check_engine_setting(key, value, given_as=param.opts[0])

    return check


ProjectOption = Annotated[Optional[Path], typer.Option("--project", "-C", metavar="DIR", help="Project folder (default: the nearest one upward with l10n.toml); also accepted before the command.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, only the summary.")]
EngineOption = Annotated[str, typer.Option(metavar="local|ray", help="This machine, or a Ray cluster (needs pip install 'l10n[ray]').")]
AddressOption = Annotated[Optional[str], typer.Option(metavar="URL", help="With --engine ray: ray://HOST:10001 or auto (default: start a local cluster).")]
DeviceOption = Annotated[Optional[str], typer.Option(metavar="cpu|cuda|auto", callback=_engine_setting("device"), help="Where CTranslate2 runs.")]
LangOption = Annotated[Optional[list[str]], typer.Option("--lang", "-l", metavar="LANG", help="Target language: ar, ckb or tk (repeatable); default: the project's targets.")]
ComputeTypeOption = Annotated[Optional[str], typer.Option(metavar="TYPE", callback=_engine_setting("compute_type"), help="CTranslate2 compute type (default: int8 on CPU, the model's own type on GPU).")]
BatchSizeOption = Annotated[Optional[int], typer.Option(metavar="N", callback=_engine_setting("max_batch_size"), help="Units per CTranslate2 batch (1 to 256).")]


def _findings_format(value: str) -> str:
    if value not in ("text", "json"):  # refused before any catalog is read
        raise UsageError(f"--format {value!r}: use 'text' or 'json'.")
    return value


FormatOption = Annotated[str, typer.Option("--format", metavar="text|json", callback=_findings_format, help="How findings are printed.")]


def _print_version(shown: bool) -> None:
    if shown:
        _out(f"l10n {l10n.__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback(cls=_Group)
def _root(
    ctx: typer.Context,
    project: ProjectOption = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Options for every command; --debug is taken off the line by main(), wherever it stands."""
    ctx.obj = {"project": project}


def _project(project: Path | None) -> Path | None:
    """The command's own -C, else the one given before the command, else None (search upward)."""
    if project is None:
        from typer._click.globals import get_current_context  # typer vendors click

        ctx = get_current_context(silent=True)
        project = ((ctx.find_root().obj if ctx is not None else None) or {}).get("project")
    try:
        found = project is None or project.is_dir()
        what = "no such folder" if found or not project.exists() else "a file, not a folder"
    except OSError as exc:
        raise ReadError(f"-C {project}: cannot reach the folder ({exc.strerror}); check its permissions.") from exc
    if not found:
        raise UsageError(f"-C {project}: {what}; give the project's folder (or run l10n inside it).")
    return project


def _out(line: str = "", *, nl: bool = True) -> None:
    _echo(line, err=False, nl=nl)


def _err(line: str) -> None:
    _echo(line, err=True, nl=True)


def _echo(text: str, *, err: bool, nl: bool) -> None:
    """Write a line; once the reader has gone (``l10n status | head -1``), drop the rest and let the command finish.

    The command's exit code stays its own: typer would exit 1 (FINDINGS) at the first unread line.
    """
    try:
        typer.echo(text, err=err, nl=nl)
    except BrokenPipeError:
        stream = sys.stderr if err else sys.stdout
        try:  # what is still buffered, and every later line, goes nowhere, without an error at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # not a real file: replace it instead
            setattr(sys, "stderr" if err else "stdout", open(os.devnull, "w", encoding="utf-8"))


@app.command(epilog=_examples(
    'l10n translate story.txt            # into every target of the project',
    "l10n translate drafts/ -l ar -q     # a folder's articles, Arabic only, no bar",
))
def translate(
    paths: Annotated[list[Path], typer.Argument(metavar="ARTICLE", help="Article files (.txt/.md) or folders of them.")],
    project: ProjectOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
    device: DeviceOption = None,
    compute_type: ComputeTypeOption = None,
    threads: Annotated[Optional[int], typer.Option(metavar="N", callback=_engine_setting("inter_threads"), help="CTranslate2 workers (inter_threads, 0 to 256; 0: one per core, or per intra_threads cores).")] = None,
    batch_size: BatchSizeOption = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
) -> None:
    """Segment articles, draft them offline and write locales/LANG/LC_MESSAGES/SLUG.po."""
    settings = {"device": device, "compute_type": compute_type, "inter_threads": threads, "max_batch_size": batch_size}
    with ProgressView(quiet) as view:
        report = l10n.translate_article(paths, root=_project(project), langs=lang, engine_settings=settings,
                                        progress=view and view.units, on_wait=_err, engine=engine, address=address)
    for row in report.languages:
        _summary_row(f"{row.lang:<4} {_shown(row.path)}  {row.units} units", row)
    if len(report.languages) > 1:
        _summary_row(f"total {len(report.languages)} catalogs", report.totals())
    for notice in report.notices:
        _err(notice)
    _exit_on_failures(report.failures)


@app.command(epilog=_examples(
    'l10n backfill archive/2024 -q       # run it again after a stop: it resumes',
    'l10n backfill archive/ -l ckb --chunk 50',
))
def backfill(
    paths: Annotated[list[Path], typer.Argument(metavar="ARCHIVE", help="Folders of articles (or article files) to localize.")],
    project: ProjectOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    device: DeviceOption = None,
    compute_type: ComputeTypeOption = None,
    batch_size: BatchSizeOption = None,
    chunk: Annotated[Optional[int], typer.Option(metavar="N", help="Articles per chunk (default 200); a re-run resumes after the last finished chunk.")] = None,
) -> None:
    """Localize an archive: resumable, skips articles whose catalogs are current, one bad article never stops the rest."""
    settings = {"device": device, "compute_type": compute_type, "max_batch_size": batch_size}
    with ProgressView(quiet) as view:
        report = l10n.backfill_articles(paths, root=_project(project), langs=lang, engine_settings=settings, engine=engine,
                                        address=address, chunk_size=chunk, progress=view and view.articles,
                                        unit_progress=view and view.units, on_wait=_err)
    _out(f"{report.articles} articles: {report.translated} translated, {report.skipped} already current, "
         f"{len(report.failed)} failed")
    _out(f"units: {report.drafted} drafted, {report.reused} from memory, {report.flagged} flagged; {report.seconds:.1f} s")
    _exit_on_failures(report.failed)


@app.command(epilog=_examples(
    'l10n check                          # every catalog; exit 1 on errors',
    'l10n check locales/ar/LC_MESSAGES/story.po --format json',
))
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PO", help="PO files (default: every catalog in the project).")] = None,
    project: ProjectOption = None,
    format: FormatOption = "text",
    lang: LangOption = None,
) -> None:
    """QA checks over PO files: numbers, placeholders, URLs, Markdown links, language, quoted text kept, brackets, length, glossary."""
    findings = l10n.check_catalogs(paths or (), root=_project(project), langs=lang)
    _render_findings(findings, format)


@app.command(epilog=_examples(
    'l10n init desk',
    'l10n init --packages-dir /srv/argos-packages',
))
def init(
    folder: Annotated[Optional[Path], typer.Argument(metavar="DIR", help="The folder to make a project (default: the current one).")] = None,
    empty_glossary: Annotated[bool, typer.Option("--empty-glossary", help="Start glossary/terms.csv with its columns and no terms (default: the desk glossary that ships with l10n).")] = False,
    packages_dir: Annotated[Optional[Path], typer.Option("--packages-dir", metavar="DIR", help="Where Argos packages are installed: recorded in l10n.toml (also in an existing project), so every shell finds them.")] = None,
) -> None:
    """Make a folder an l10n project: l10n.toml, the desk's glossary and boilerplate, a .gitignore (existing files are kept)."""
    result = l10n.init_project(folder, glossary=not empty_glossary, packages_dir=packages_dir)
    for path in result.created:
        _out(f"wrote {_shown(path)}")
    for path in result.updated:
        _out(f"updated {_shown(path)}: packages_dir = {packages_dir}")
    if not result.created and not result.updated:
        _out(f"{_shown(Path(folder or '.').resolve())} is already a project; nothing written.")
    for notice in result.notices:
        _err(notice)


@app.command(epilog=_examples(
    'l10n status',
    'l10n status a/story.txt             # one story\'s catalogs',
    'l10n status -l ckb -C ~/desk',
))
def status(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="ARTICLE", help="Articles or folders of them whose catalogs to show (default: every catalog).")] = None,
    project: ProjectOption = None,
    lang: LangOption = None,
) -> None:
    """Per article and language: units, reviewed, drafts, empty, obsolete, QA errors."""
    rows = l10n.project_status(paths or (), root=_project(project), langs=lang)
    if not rows:
        named = " ".join(str(path) for path in paths or ()) or "ARTICLE"
        _out(f"no catalogs yet{' for ' + named if paths else ''}: run `l10n translate {named}` first.")
    for row in rows:
        if row.problem:
            _err(f"l10n: {row.problem} (not counted)")
            continue
        counts = [_counted(n, word) for n, word in ((row.drafts, "draft"), (row.empty, "empty"),
                                                    (row.obsolete, "obsolete"), (row.qa_errors, "QA error")) if n]
        head = (f"{row.slug}  {row.lang:<4} {_bar(row.reviewed_percent)} {row.reviewed_percent:3.0f}%  "
                f"{_counted(row.units, 'unit')}: {row.reviewed} reviewed")
        _out_fitted([head, *counts], f"({row.article})" if row.article else "")
    for slug in dict.fromkeys(row.slug for row in rows if row.owner_gone):
        _out_fitted([], f"{slug}: its article no longer exists; translate the article where it is now to keep these "
                        "catalogs, or delete them.")
    for slug in dict.fromkeys(row.slug for row in rows if row.owner_replaced):
        _out_fitted([], f"{slug}: its article's path holds another story now; translate the moved file where it is "
                        "now to take these catalogs.")
    for notice in l10n.missing_packages(root=_project(project), langs=lang):
        _out(notice)
    if any(row.problem for row in rows):
        raise typer.Exit(CatalogError.exit_code)


@app.command(epilog=_examples(
    'l10n publish story.txt              # the languages fully reviewed',
    'l10n publish story.txt -l ar --min-reviewed 90 --fill draft -f html',
))
def publish(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE", help="The source article (or its slug).")],
    project: ProjectOption = None,
    lang: LangOption = None,
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", metavar="txt|md|html", help="Output format (repeatable; default all).")] = None,
    min_reviewed: Annotated[Optional[float], typer.Option(metavar="PCT", help="Publish a language when at least PCT percent of its units are reviewed, filling and marking the rest.")] = None,
    fill: Annotated[Optional[str], typer.Option(metavar="source|draft", show_default=False, help="With --min-reviewed: fill unreviewed units with the source (default) or the draft.")] = None,
    date: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Publication date, shown as a localized dateline.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite published files edited since l10n wrote them.")] = False,
) -> None:
    """Write localized articles (txt, md, html), .mo files and a manifest from reviewed catalogs."""
    options = {"min_reviewed": min_reviewed, "fill": fill, "langs": lang, "published_on": _parse_date(date), "force": force}
    if format:
        options["formats"] = tuple(format)
    try:
        result = l10n.publish_article(article, root=_project(project), **options)
    except PublishBlocked as exc:
        from l10n.publish import blocker_lines

        for path in exc.result.written:  # the ready languages were published
            _out(f"wrote {_shown(path)}")
        for line in blocker_lines(exc.result):
            _err(f"  blocked {line}")
        raise
    for path in result.written:
        _out(f"wrote {_shown(path)}")


@app.command(epilog=_examples(
    'l10n review story.txt -l ckb',
    'l10n review story.txt --port 8000 --no-browser',
))
def review(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE", help="The source article (or its slug).")],
    project: ProjectOption = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", "-l", metavar="LANG", help="Language to review (repeatable; default: all).")] = None,
    host: Annotated[str, typer.Option(metavar="ADDRESS", show_default=False, help="Address to listen on (default 127.0.0.1).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="N", show_default=False, help="Port to listen on (default: a free one).")] = 0,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", show_default=False, help="Open a browser (never on CI or a pipe).")] = True,
) -> None:
    """Review an article's translations in the browser: terms, QA, memory and a live preview; Ctrl-C stops."""
    from l10n.review import serve

    session = l10n.open_review(article, root=_project(project), langs=lang)
    serve(session, host=host, port=port, open_browser=browser, say=_out)


@app.command(epilog=_examples(
    'l10n approve story.txt -l ar --unit 3   # the unit you checked (1-based)',
    'l10n approve story.txt -l ar --clean    # every draft QA finds nothing on',
))
def approve(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE", help="The source article (or its slug).")],
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", help="The catalog's language: ar, ckb or tk.")],
    project: ProjectOption = None,
    unit: Annotated[Optional[int], typer.Option(metavar="N", help="Approve unit N (1-based, in catalog order).")] = None,
    clean: Annotated[bool, typer.Option("--clean", help="Approve every draft on which QA finds nothing, none written for an earlier English source or flagged by l10n when drafting.")] = False,
) -> None:
    """Clear fuzzy on drafts QA finds nothing on (no PO editor needed); a translator's save meanwhile is kept."""
    result = l10n.approve_units(article, lang, root=_project(project), unit=unit, clean=clean)
    for msgid, why in result.refused:
        _err(f"  kept fuzzy: {msgid[:60]!r}: {why}")
    if result.notice:
        _err(result.notice)
    reviewed = f", {len(result.reviewed)} reviewed already" if result.reviewed else ""
    _out(f"{_shown(result.path)}: {len(result.approved)} approved{reviewed}, {len(result.refused)} left for review")
    if unit is not None and result.refused:
        raise typer.Exit(ExitCode.FINDINGS)


@app.command("eval", epilog=_examples(
    'l10n eval -l ar --beam 1 --beam 4',
    'l10n eval --format html -o report.html',
))
def eval_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="ARTICLE|DIR", help="Articles or folders whose catalogs to use (default: every catalog).")] = None,
    project: ProjectOption = None,
    lang: LangOption = None,
    package: Annotated[Optional[list[str]], typer.Option("--package", "-p", help="Installed package to evaluate (repeatable; default: every one serving the language).")] = None,
    format: Annotated[str, typer.Option("--format", metavar="text|json|html", help="How the report is written.")] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE (never a file of the project) instead of the terminal.")] = None,
    beam: Annotated[Optional[list[int]], typer.Option("--beam", metavar="N", help="Beam size to draft with (repeatable: --beam 1 --beam 4; default: beam_size of l10n.toml).")] = None,
    quiet: QuietOption = False,
) -> None:
    """Draft reviewed entries again (glossary on and off, no memory) and score them: chrF, chrF++, terms, numbers, edits, drafts/s."""
    from l10n.commands.eval_report import FORMATS, render_report, write_report

    if format not in FORMATS:
        raise UsageError(f"--format {format!r}: use one of {', '.join(FORMATS)}.")
    root = l10n.load_project(_project(project))
    if output is not None:  # refused before minutes of drafting, and checked again when written
        l10n.check_output_path(output, root=root)
    with ProgressView(quiet) as view:
        report = l10n.evaluate_drafts(paths or (), root=root, langs=lang, packages=package or (), progress=view and view.units,
                                      beams=beam or ())
    text = render_report(report, format)
    if output is None:
        _out(text, nl=False)
    else:
        with _folder_made_for(output):
            _out(f"wrote {_shown(write_report(text, l10n.check_output_path(output, root=root)))}")


@models_app.command("list")
def models_list(project: ProjectOption = None, lang: LangOption = None) -> None:
    """Installed packages and which target each serves; what is missing."""
    found = l10n.list_models(root=_project(project), langs=lang)
    _out(f"packages in {found.packages_dir}:")
    for package in found.packages:
        _out(f"  {package.label}  ({package.from_code}→{', '.join(package.to_codes)})")
    if not found.packages:
        _out("  (none)")
    for problem in found.problems:  # a broken package is listed with what is wrong, never a crash
        _out(f"  not usable: {problem}")
    for target in found.targets:
        if target.package is None:
            _out(f"{target.code:<4} {target.notice}")
        else:
            how = f" (drafts {target.drafts}, adapted and labelled as {target.name})" if target.adapted else ""
            _out(f"{target.code:<4} served by {target.package.label}{how}")


@models_app.command("install")
def models_install(
    what: Annotated[str, typer.Argument(metavar="PACKAGE", help="A .argosmodel file, a package folder, or a target (ar, ckb, tk) to fetch from the Argos index.")],
    project: ProjectOption = None,
    index: Annotated[Optional[str], typer.Option(metavar="URL", help="Argos index URL (default: ARGOS_PACKAGE_INDEX or Argos' own).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an installed package of the same name.")] = False,
) -> None:
    """Install a .argosmodel file or a package folder, or download a target's package from the Argos index."""
    info = l10n.install_model(what, root=_project(project), index=index, replace=replace)
    _out(f"installed {info.label} in {info.path}")


@models_app.command("remove")
def models_remove(
    name: Annotated[str, typer.Argument(metavar="PACKAGE", help="An installed package's folder name (as `l10n models list` shows it).")],
    project: ProjectOption = None,
) -> None:
    """Uninstall a package from the project's packages folder."""
    package = l10n.remove_model(name, root=_project(project))
    _out(f"removed {package.label} from {package.path.parent}")


@glossary_app.command("check")
def glossary_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PO", help="PO files (default: every catalog in the project).")] = None,
    project: ProjectOption = None,
    format: FormatOption = "text",
    lang: LangOption = None,
) -> None:
    """Approved terms missing and forbidden renderings present; non-zero exit when any."""
    _render_findings(l10n.check_glossary(paths or (), root=_project(project), langs=lang), format)


@glossary_app.command("list")
def glossary_list(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="Show only terms with a form, rendering or id holding TEXT (any case).")] = None,
    project: ProjectOption = None,
    lang: LangOption = None,
) -> None:
    """The glossary's terms: English forms and the approved rendering per language."""
    proj = l10n.load_project(_project(project))
    codes = l10n.chosen_targets(lang, root=proj)
    found = l10n.list_terms(text or "", root=proj)
    for term in found:
        renderings = "; ".join(f"{code}: {'(kept in English)' if term.do_not_translate else term.targets.get(code, '—')}" for code in codes)
        _out(f"{term.id}: {' | '.join(term.forms)}  →  {renderings}")
    _out(f"{len(found)} terms")


@glossary_app.command("add")
def glossary_add(
    forms: Annotated[list[str], typer.Argument(metavar="FORM", help="The English form, then any variants or acronyms.")],
    project: ProjectOption = None,
    ar: Annotated[Optional[str], typer.Option("--ar", metavar="TEXT", help="Approved Arabic rendering.")] = None,
    ckb: Annotated[Optional[str], typer.Option("--ckb", metavar="TEXT", help="Approved Sorani rendering.")] = None,
    tk: Annotated[Optional[str], typer.Option("--tk", metavar="TEXT", help="Approved Turkmen rendering.")] = None,
    term_id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The term's id (default: made from the first form).")] = None,
    do_not_translate: Annotated[bool, typer.Option("--do-not-translate", help="Keep the English form in every language.")] = False,
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help="A note for translators.")] = None,
    origin: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Where the renderings come from.")] = None,
) -> None:
    """Add a term to glossary/terms.csv (refused when one of its forms is already a term)."""
    term = l10n.add_term(forms, root=_project(project), targets={"ar": ar or "", "ckb": ckb or "", "tk": tk or ""},
                         term_id=term_id or "", do_not_translate=do_not_translate, note=note or "", origin=origin or "")
    _out(f"added {term.id}: {' | '.join(term.forms)}")


@glossary_app.command("suggest")
def glossary_suggest(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="ARTICLE|DIR", help="Articles or folders (default: every template under locales/).")] = None,
    project: ProjectOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the rows to FILE (never a file of the project) instead of the terminal.")] = None,
) -> None:
    """Proper names the glossary lacks, with counts and the renderings the drafts used, as glossary rows to complete."""
    with _folder_made_for(output):
        text = l10n.suggest_glossary(paths or (), root=_project(project), output=output)
    if output is None:
        _out(text, nl=False)
    else:
        _out(f"wrote {_shown(output)}")


@glossary_app.command("import")
def glossary_import(tbx: Annotated[Path, typer.Argument(metavar="FILE.tbx", help="The TBX file to merge.")],
                    project: ProjectOption = None) -> None:
    """Merge a TBX file into glossary/terms.csv."""
    merged = l10n.import_glossary(tbx, root=_project(project))
    for notice in merged.notices:
        _err(notice)
    _out(f"merged {tbx} into the glossary: {len(merged)} terms")


@glossary_app.command("export")
def glossary_export(out: Annotated[Path, typer.Argument(metavar="OUT.tbx", help="Where to write the TBX file.")],
                    project: ProjectOption = None) -> None:
    """Write the glossary as TBX for terminology tools."""
    with _folder_made_for(out):
        l10n.export_glossary(out, root=_project(project))
    _out(f"wrote {out}")


@tm_app.command("import")
def tm_import(paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PO", help="PO files or folders (default: locales/).")] = None,
              project: ProjectOption = None) -> None:
    """Add reviewed (non-fuzzy) entries of PO files to the translation memory."""
    result = l10n.import_memory(paths or (), root=_project(project))
    _out(f"{result.added} entries imported (added or changed) from {result.read} reviewed entries read; "
         f"{result.entries} entries in the memory")


@tm_app.command("rebuild")
def tm_rebuild(project: ProjectOption = None,
               force: Annotated[bool, typer.Option("--force", help="Drop the memory's entries no catalog holds any more.")] = False) -> None:
    """Recreate the translation memory from every reviewed entry under locales/ (refused if that drops entries)."""
    result = l10n.rebuild_memory(root=_project(project), force=force)
    _out(f"rebuilt the memory from {result.read} reviewed entries read: {result.entries} entries in the memory")


@tm_app.command("search")
def tm_search(text: Annotated[str, typer.Argument(metavar="TEXT", help="Words the source must hold (any case and order).")],
              project: ProjectOption = None,
              lang: LangOption = None,
              limit: Annotated[int, typer.Option(metavar="N", help="Show at most N entries.")] = 20) -> None:
    """Reviewed translations in the memory whose source holds every word of TEXT, best first."""
    hits = l10n.search_memory(text, root=_project(project), langs=lang, limit=limit)
    for code, match in hits:
        _out(f"{code:<4} {match.score:5.1f}%  {match.source}\n     → {match.target}  ({match.origin})")
    _out(f"{len(hits)} entries found in the memory")


def _render_findings(findings, format: str) -> None:
    from l10n.stages.qa import findings_as_json, is_error

    if format == "json":
        _out(findings_as_json(findings))
    else:
        for f in findings:
            context = f" (msgctxt {f.msgctxt!r})" if f.msgctxt is not None else ""
            _out(f"{_shown(f.path)}: {f.msgid[:60]!r}{context}: {f.check} ({f.severity.value}): {f.message}")
        _out(_counted(len(findings), "finding"))
    if any(is_error(f) for f in findings):
        raise typer.Exit(ExitCode.FINDINGS)


@contextlib.contextmanager
def _folder_made_for(output: Path | None) -> Iterator[None]:
    """Say on stderr when writing ``output`` made its folder: only ever the last level (``l10n.check_output_path``)."""
    missing = output is not None and not output.parent.exists()
    yield
    if missing and output.parent.is_dir():
        _err(f"made the folder {_shown(output.parent)} for the output")


def _exit_on_failures(failures) -> None:
    """One line per failed article (its error names the file); ARTICLES_FAILED when any."""
    for failure in failures:
        path = _printable(failure.path)  # a name may hold undecodable bytes or a line break
        _err(f"failed: {failure.reason}" if path in failure.reason else f"failed: {path}: {failure.reason}")
    if failures:
        raise typer.Exit(ExitCode.ARTICLES_FAILED)


def _printable(path) -> str:
    """A path as one line: undecodable bytes as ``\\xff``, control characters as ``\\n``, ``\\x1b``."""
    import unicodedata

    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) == "Cc" else char
                   for char in text)


def _summary_row(head: str, row) -> None:
    """``head: counts``, the counts carried on to indented lines where the row would not fit the terminal
    (``COLUMNS``; 80 when stdout is no terminal)."""
    width = shutil.get_terminal_size((80, 24)).columns
    counts = _change_counts(row)
    lines = [f"{head}:"]
    for index, count in enumerate(counts):
        text = count + ("," if index < len(counts) - 1 else "")
        if len(lines[-1]) + 1 + len(text) > width and lines[-1].strip():
            lines.append("    ")
        lines[-1] += f" {text}"
    for line in lines:
        _out(line)


def _out_fitted(pieces: list[str], note: str = "") -> None:
    """``pieces`` joined by commas, then ``note``, in lines that fit the terminal (``COLUMNS``; 80 when stdout is no
    terminal), carried on to indented lines: a piece is never broken, the note only between words, and it starts a
    line of its own when it does not fit after the pieces."""
    import textwrap

    width = shutil.get_terminal_size((80, 24)).columns
    keep = str.maketrans(" ", "\xa0")  # a no-break space: textwrap breaks only at ASCII whitespace
    lines = textwrap.wrap(", ".join(piece.translate(keep) for piece in pieces), width, subsequent_indent="     ",
                          break_long_words=False, break_on_hyphens=False) if pieces else []
    if note and lines and len(lines[-1]) + 2 + len(note) <= width:
        lines[-1] += f"  {note}"
    elif note:
        indent = "     " if lines else ""
        lines += textwrap.wrap(note, width, initial_indent=indent, subsequent_indent="     ",
                               break_long_words=False, break_on_hyphens=False)
    for line in lines:
        _out(line.replace("\xa0", " "))


def _change_counts(row) -> list[str]:
    """What a run changed in a catalog (or in all of them): the counts that are not zero, each named (docs/cli.md)."""
    counts = ((row.drafted, "drafted"), (row.redrafted, "re-drafted"), (row.reused, "from memory"), (row.kept, "kept"),
              (row.changed, "new source to review"), (row.empty, "empty"), (row.flagged, "flagged"))
    return [f"{n} {word}" for n, word in counts if n] or ["0 drafted"]


def _bar(percent: float, cells: int = 10) -> str:
    """A status row's bar, one cell per 10%; in ASCII when stdout cannot show the block characters."""
    filled = round(percent * cells / 100)
    full, empty = "█", "░"
    try:
        (full + empty).encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        full, empty = "#", "-"
    return full * filled + empty * (cells - filled)


def _counted(n: int, word: str) -> str:
    """``1 draft``, ``2 drafts``; words that take no plural (empty, obsolete) stay as they are."""
    return f"{n} {word}" if n == 1 or word in ("empty", "obsolete") else f"{n} {word}s"


def _parse_date(text: str | None):
    import datetime

    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r}: use the form YYYY-MM-DD.") from None


def _shown(path: Path | None) -> str:
    """A path as the desk can use it where it stands: relative to the working folder when it is there, or when
    both are in one project (``../locales/ar/LC_MESSAGES/story.po`` from a subfolder); else as given."""
    if path is None:
        return "-"
    resolved, here = Path(path).resolve(), Path.cwd()
    if resolved.is_relative_to(here):
        return str(resolved.relative_to(here))
    try:
        project = l10n.find_project(here)
    except L10nError:  # a folder upward that cannot be searched: no project to go by
        project = None
    if project is not None and resolved.is_relative_to(project):
        return os.path.relpath(resolved, here)
    return str(path)


def _escape_what_the_terminal_cannot_show() -> None:
    """On a terminal or pipe in another encoding than UTF-8 (a Latin-1 locale, PYTHONIOENCODING), write
    the characters it cannot hold as \\uXXXX escapes, as Python's stderr does, instead of failing."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")


def _usage_line(exc) -> str:
    """Click's usage error as one line in l10n's words: the command, what is wrong, where the help is."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "l10n"
    where = path.removeprefix("l10n").strip()
    message = " ".join(exc.format_message().split()).rstrip(".")
    message = (message[:1].lower() + message[1:]).replace(". Did you mean", "; did you mean").replace("(Possible", "(possible")
    end = f" See `{path} --help`." if message.endswith("?") else f"; see `{path} --help`."
    return f"l10n: {where + ': ' if where else ''}{message}{end}"


def run() -> None:
    """The console script: ``main``'s exit code; after Ctrl-C, without waiting for a model still drafting or loading.

    CTranslate2 cannot stop a batch, which may run for minutes; its result is thrown away
    (``pipeline.drafting_pool``), and by the time ``main`` returns every file is as before or written.
    """
    code = main()
    # only a command that imported them can have started such threads: nothing is imported to ask
    pipeline, argos = sys.modules.get("l10n.pipeline"), sys.modules.get("l10n.stages.engine.argos")
    names = tuple(name for name in (pipeline and pipeline.DRAFT_THREADS, argos and argos.LOAD_THREAD) if name)
    if code == ExitCode.INTERRUPTED and names and any(thread.name.startswith(names) for thread in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # the interpreter's exit would join those threads
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app; one line and an exit code for every error."""
    args = list(sys.argv[1:] if argv is None else argv)
    _escape_what_the_terminal_cannot_show()
    debug = "--debug" in args
    if debug:  # accepted anywhere on the line; listed in the help as a root option
        args.remove("--debug")
    if args[:1] == ["help"]:  # `l10n help glossary add` is `l10n glossary add --help`
        args = [*args[1:], "--help"]
    command = typer.main.get_command(app)
    try:  # without standalone mode typer returns a raised typer.Exit's code instead of raising it
        code = command.main(args=args, prog_name="l10n", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:  # end of input where a command reads it
        code = ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # click's usage errors (typer vendors click)
        if isinstance(exc, NoArgsIsHelpError):  # `l10n` or `l10n glossary` alone: the help, on stderr
            exc.show()
        else:
            _err(_usage_line(exc))
        return ExitCode.USAGE
    except L10nError as exc:
        _err(f"l10n: {exc}")
        return int(exc.exit_code)
    except PermissionError as exc:  # a stat on a path in a folder that may not be searched, outside the mapped reads and writes
        if debug:
            traceback.print_exc()
        _err(f"l10n: {exc.filename}: cannot reach it ({exc.strerror}); check the file's and its folders' permissions.")
        return ExitCode.CANNOT_READ
    except Exception as exc:  # a bug: say so in one line, no locals, traceback only on request
        if debug:
            traceback.print_exc()
        _err(f"l10n: internal error ({type(exc).__name__}: {str(exc)[:200]}); rerun with --debug and report it.")
        return ExitCode.INTERNAL
    if code == ExitCode.INTERRUPTED:  # Ctrl-C: typer catches KeyboardInterrupt and gives back Exit(130), silently
        _err("l10n: interrupted; files are either as before or completely written")
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    run()
