"""Every config and data-file error is one line with its exit code (issue 21, item 7), and outputs stay off owned files (item 4)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from l10n import cli
from l10n.commands.eval_report import render_text
from l10n.commands.evaluate import EvalReport, EvalRow
from l10n.commands.runs import STATE_FILE
from l10n.core.project import load_project
from l10n.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
REVIEWED = ROOT / "tests" / "data" / "reviewed"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    """A project with the sample article, its reviewed Arabic catalog and a copy of the en→ar stand-in."""
    root = tmp_path / "desk"
    shutil.copytree(standin_packages_dir / "translate-en_ar", root / "packages" / "translate-en_ar")
    (root / "l10n.toml").write_text('packages_dir = "packages"\ntargets = ["ar"]\n', encoding="utf-8")
    shutil.copy(SAMPLE, root / SAMPLE.name)
    target = root / "locales/ar/LC_MESSAGES" / f"{SAMPLE.stem}.po"
    target.parent.mkdir(parents=True)
    shutil.copy(REVIEWED / "ar.po", target)
    monkeypatch.chdir(root)
    return root


# --- the run state ---------------------------------------------------------------------------

def test_a_run_state_of_another_layout_is_a_data_file_error_before_any_catalog(desk, capsys):
    (desk / ".l10n").mkdir()
    with sqlite3.connect(desk / STATE_FILE) as db:
        db.execute("CREATE TABLE articles (path TEXT PRIMARY KEY, sha TEXT)")
    before = files(desk)
    assert cli.main(["translate", SAMPLE.name, "-q"]) == ExitCode.DATA_FILE
    assert "run state has columns path, sha" in one_line(capsys)
    assert files(desk) == before


def test_a_bad_row_in_the_run_state_is_a_data_file_error(desk, capsys):
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    with sqlite3.connect(desk / STATE_FILE) as db:
        db.execute("UPDATE articles SET catalogs = 'not json'")
    capsys.readouterr()
    assert cli.main(["translate", SAMPLE.name, "-q"]) == ExitCode.DATA_FILE
    assert f"row for {SAMPLE.name} does not parse" in one_line(capsys)



def test_a_run_state_damaged_past_its_first_page_is_a_data_file_error(desk, capsys):
    """The file opens (its schema page is whole), but the page holding the rows does not read."""
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    state = desk / STATE_FILE
    with sqlite3.connect(state) as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
    damaged = bytearray(state.read_bytes())
    damaged[page:] = b"\xff" * (len(damaged) - page)
    state.write_bytes(bytes(damaged))
    capsys.readouterr()
    assert cli.main(["translate", SAMPLE.name, "-q"]) == ExitCode.DATA_FILE
    assert "the run state is unreadable (database disk image is malformed); delete it" in one_line(capsys)


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root to run l10n as another user")
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_run_state_that_cannot_be_written_stops_the_run_before_any_catalog(read_only):
    """A read-only folder too: the file may be written, but not the journal SQLite keeps beside it."""
    outer = Path(tempfile.mkdtemp(prefix="l10n-readonly-"))  # not under pytest's temp root: 0700, and per worker
    root = outer / "desk"
    root.mkdir()
    try:
        os.chmod(outer, 0o711)                                  # let user nobody through to the project
        (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\nmemory_path = "tm/memory.sqlite"\n',
                                        encoding="utf-8")      # the memory elsewhere: it cannot be what stops the run
        shutil.copy(SAMPLE, root / SAMPLE.name)
        (root / ".l10n").mkdir()
        (root / ".l10n" / "lock").touch()
        sqlite3.connect(root / STATE_FILE).execute("CREATE TABLE articles (path TEXT PRIMARY KEY, article TEXT NOT NULL,"
                                                   " settings TEXT NOT NULL, catalogs TEXT NOT NULL, counts TEXT NOT NULL DEFAULT '[]')").connection.commit()
        if read_only == "file":
            for path in (root, root / ".l10n", root / ".l10n" / "lock"):
                os.chown(path, 65534, 65534)
            os.chmod(root / STATE_FILE, 0o444)                   # root's file: nobody may read it, not write it
        else:
            for path in (root, root / ".l10n" / "lock", root / STATE_FILE):
                os.chown(path, 65534, 65534)                     # nobody's files in root's folder (0755)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "l10n.cli",
                   "translate", SAMPLE.name, "-q"]
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "HOME": str(root)})
        assert done.returncode == ExitCode.DATABASE, done.stderr
        assert "cannot open or write the run state" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not (root / "locales").exists()
    finally:
        shutil.rmtree(outer, ignore_errors=True)


# --- package versions ------------------------------------------------------------------------

def set_version(package: Path, version: str) -> None:
    metadata = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    metadata["package_version"] = version
    (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")


def test_a_package_version_that_is_no_version_is_refused_at_install(desk, tmp_path, capsys):
    package = tmp_path / "build" / "translate-en_tr"
    shutil.copytree(desk / "packages/translate-en_ar", package)
    set_version(package, "1.²")
    assert cli.main(["models", "install", str(package)]) == ExitCode.MODEL
    assert "is not a version number" in one_line(capsys)
    assert not (desk / "packages/translate-en_tr").exists()


def test_an_installed_package_with_a_bad_version_crashes_nothing(desk, capsys):
    set_version(desk / "packages/translate-en_ar", "1.²")
    assert cli.main(["models", "list"]) == 0
    assert "is not a version number" in capsys.readouterr().out
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0


def test_markup_in_what_eval_prints_is_printed_as_it_is():
    row = EvalRow(lang="ar", package="argos ar[/x] 1.0", drafts_as="ar", glossary=True, entries=1, chrf=50.0, chrf_low=40.0,
                  chrf_high=60.0, chrf_pp=50.0, term_matched=0, term_occurrences=0, numbers_kept=0, numbers_total=0,
                  length_ratio=1.0, forced=0, flagged=0, edit_distance=10.0)
    text = render_text(EvalReport(rows=(row,), catalogs=(), notices=("packages in /tmp/[/x]: (none)",)))
    assert "ar[/x]" in text and "/tmp/[/x]: (none)" in text


# --- eval's options ----------------------------------------------------------------------------

def test_eval_with_an_unknown_lang_is_a_usage_error_like_translate(desk, capsys):
    assert cli.main(["translate", SAMPLE.name, "--lang", "fr", "-q"]) == ExitCode.USAGE
    capsys.readouterr()
    assert cli.main(["eval", "--lang", "fr", "-q"]) == ExitCode.USAGE
    assert one_line(capsys).startswith("l10n: --lang 'fr': not a target")


def test_eval_takes_the_project_from_c_before_the_command(desk, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["-C", str(desk), "eval", "--format", "json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"]


def test_eval_counts_an_article_named_twice_once(desk, capsys):
    assert cli.main(["eval", SAMPLE.name, "--format", "json", "-q"]) == 0
    once = json.loads(capsys.readouterr().out)
    assert cli.main(["eval", SAMPLE.name, ".", "--format", "json", "-q"]) == 0
    twice = json.loads(capsys.readouterr().out)
    assert [row["entries"] for row in twice["rows"]] == [row["entries"] for row in once["rows"]]
    assert twice["catalogs"] == once["catalogs"]


# --- outputs never overwrite what the project owns --------------------------------------------

@pytest.mark.parametrize("target", ["locales/ar/LC_MESSAGES/k1-qayyarah-withdrawal.po", "report.po", "l10n.toml",
                                    "glossary/report.json", ".l10n/runs.sqlite", "k1-qayyarah-withdrawal.txt", "link.json"])
def test_eval_output_refuses_what_the_project_owns(desk, target, capsys):
    (desk / "glossary").mkdir()
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    (desk / "outside").mkdir()
    os.symlink(desk / "outside" / "x.json", desk / "link.json")
    before = files(desk)
    capsys.readouterr()
    assert cli.main(["eval", "-q", "--format", "json", "-o", target]) == ExitCode.UNSAFE_PATH
    assert one_line(capsys).startswith(f"l10n: {target}: is ")
    assert files(desk) == before
    assert cli.main(["glossary", "export", target]) == ExitCode.UNSAFE_PATH
    assert files(desk) == before


def test_an_output_that_is_a_folder_is_a_usage_error_before_anything_is_drafted(desk, capsys, monkeypatch):
    """`eval -o reports` drafted every reviewed entry, then failed to write: "reports: not written (Device or resource busy)"."""
    import l10n

    (desk / "reports").mkdir()
    monkeypatch.setattr(l10n, "evaluate_drafts", lambda *args, **options: pytest.fail("drafted before the output was checked"))
    capsys.readouterr()
    for command in (["eval", "-q", "-o", "reports"], ["glossary", "export", "reports"]):
        assert cli.main(command) == ExitCode.USAGE
        assert one_line(capsys) == f"l10n: reports: is a folder; give a file name for the output (e.g. {Path('reports/report')})."
    assert list((desk / "reports").iterdir()) == []


def test_an_output_makes_only_its_own_folder_and_says_so(desk, capsys, monkeypatch):
    """A typo further up (`reprots/2024/`) was made into a tree of folders without a word."""
    import l10n

    monkeypatch.setattr(l10n, "evaluate_drafts", lambda *args, **options: pytest.fail("drafted before the output was checked"))
    (desk / "glossary").mkdir()
    (desk / "glossary" / "terms.csv").write_text("id,en,ar\nkirkuk,Kirkuk,كركوك\n", encoding="utf-8")
    before = files(desk)
    capsys.readouterr()
    for command in (["eval", "-q", "-o", "reprots/2024/eval.txt"], ["glossary", "export", "reprots/2024/terms.tbx"],
                    ["glossary", "suggest", SAMPLE.name, "-o", "reprots/2024/names.csv"]):
        assert cli.main(command) == ExitCode.USAGE
        assert one_line(capsys) == f"l10n: {command[-1]}: there is no folder reprots; check the path, or make the folders " \
                                   f"first (mkdir -p {Path('reprots/2024')})."
    assert files(desk) == before and not (desk / "reprots").exists()
    assert cli.main(["glossary", "export", "reports/terms.tbx"]) == 0
    assert capsys.readouterr().err == "made the folder reports for the output\n"
    assert cli.main(["glossary", "suggest", SAMPLE.name, "-o", "reports/names.csv"]) == 0
    assert capsys.readouterr().err == ""
    assert sorted(path.name for path in (desk / "reports").iterdir()) == ["names.csv", "terms.tbx"]


def test_eval_output_elsewhere_is_written(desk, capsys):
    assert cli.main(["eval", "-q", "--format", "json", "-o", "report.json"]) == 0
    assert json.loads((desk / "report.json").read_text(encoding="utf-8"))["rows"]


@pytest.mark.parametrize("written", ["../x", "absolute", "locales/../x", "sub/../../x", "absolute/sub/../x"])
@pytest.mark.parametrize("key", ["glossary_dir", "locales_dir", "memory_path"])
def test_a_configured_folder_outside_the_project_is_refused_at_load(desk, key, written, capsys):
    (desk / "sub").mkdir()
    (desk.parent / "shared").mkdir()
    (desk / "locales").rename(desk.parent / "shared/locales")
    (desk / "locales").symlink_to("../shared/locales", target_is_directory=True)   # `..` after it climbs out there
    written = written.replace("absolute", str(desk.parent)) if written.startswith("absolute/") else written
    written = str(desk.parent / "x") if written == "absolute" else written
    (desk / "l10n.toml").write_text(f'packages_dir = "packages"\n{key} = "{written}"\n', encoding="utf-8")
    for command in (["glossary", "import", str(desk / "terms.tbx")], ["status"], ["translate", SAMPLE.name, "-q"]):
        assert cli.main(command) == ExitCode.UNSAFE_PATH
        assert f"{key} = '{written}' leaves the project folder" in one_line(capsys)
    assert not (desk.parent / "x").exists() and not (desk.parent / "shared/x").exists()


@pytest.mark.parametrize("key", ["glossary_dir", "locales_dir"])
def test_a_configured_folder_that_is_a_file_is_refused_at_load(desk, key, capsys):
    """Before: `locales_dir = "l10n.toml"` loaded; status showed nothing wrong and translate failed on a catalog path."""
    (desk / "l10n.toml").write_text(f'packages_dir = "packages"\n{key} = "l10n.toml"\n', encoding="utf-8")
    for command in (["status"], ["translate", SAMPLE.name, "-q"]):
        assert cli.main(command) == ExitCode.DATA_FILE
        assert f"{key} = 'l10n.toml' is a file, not a folder; give a folder" in one_line(capsys)


@pytest.mark.parametrize("setting", ["", 'locales_dir = "locales"\n', 'locales_dir = "{desk}/locales"\n'])
def test_a_locales_folder_linked_outside_the_project_is_followed_whether_written_or_not(desk, setting, capsys):
    """Written as `locales_dir = "locales"` it was refused (leaves the project folder), though the default was followed."""
    (desk.parent / "shared").mkdir()
    (desk / "locales").rename(desk.parent / "shared/locales")
    (desk / "locales").symlink_to("../shared/locales", target_is_directory=True)
    (desk / "l10n.toml").write_text('packages_dir = "packages"\ntargets = ["ar"]\n' + setting.format(desk=desk),
                                    encoding="utf-8")
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0, capsys.readouterr().err
    assert (desk / "locales").is_symlink() and (desk.parent / f"shared/locales/{SAMPLE.stem}.pot").is_file()
    assert cli.main(["status"]) == 0


@pytest.mark.parametrize("written", ["sub/../locales", "gone/../locales", "./sub/../locales/", "{desk}/sub/../locales"])
def test_a_locales_setting_with_dot_dot_inside_the_project_follows_the_link_as_plain_locales_does(desk, written, capsys):
    """`sub/../locales` was resolved in full, through the link, and refused, while `locales` was followed."""
    (desk / "sub").mkdir()
    (desk.parent / "shared").mkdir()
    (desk / "locales").rename(desk.parent / "shared/locales")
    (desk / "locales").symlink_to("../shared/locales", target_is_directory=True)
    (desk / "l10n.toml").write_text(f'packages_dir = "packages"\ntargets = ["ar"]\nlocales_dir = "{written.format(desk=desk)}"\n',
                                    encoding="utf-8")
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0, capsys.readouterr().err
    assert (desk.parent / f"shared/locales/{SAMPLE.stem}.pot").is_file() and not (desk / "gone").exists()
    assert cli.main(["status"]) == 0
    assert load_project(desk).locales_dir == desk / "locales"


# --- the glossary file: anything but a file at its path is refused, never read as no terms ---

NOT_A_FILE = {
    "folder": (lambda path: path.mkdir(), "a folder"),
    "dangling-link": (lambda path: path.symlink_to(path.parent / "gone.csv"), "a symbolic link to nothing"),
    "pipe": (lambda path: os.mkfifo(path), "a pipe or device"),
}


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
def test_a_glossary_path_that_is_not_a_file_is_refused_at_load(desk, kind, capsys):
    """terms.csv as a folder (or a link to nothing, a pipe) was read as an empty glossary: no term enforced, exit 0."""
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0  # recorded without a glossary: the next run must not skip it
    capsys.readouterr()
    make, said = NOT_A_FILE[kind]
    (desk / "glossary").mkdir()
    make(desk / "glossary" / "terms.csv")
    before = files(desk)
    for command in (["translate", SAMPLE.name, "-q"], ["check"], ["glossary", "list"], ["glossary", "add", "Erbil", "--ar", "أربيل"]):
        assert cli.main(command) == ExitCode.DATA_FILE, command
        line = one_line(capsys)
        assert line == (f"l10n: {desk / 'glossary' / 'terms.csv'}: {said}, not a CSV file; put the glossary CSV there, "
                        "or remove it to run without a glossary."), line
    assert files(desk) == before


# --- memory_path naming a file that is no database: never "rebuilt" over ----------------------

@pytest.mark.parametrize("named", ["glossary/terms.csv", "l10n.toml", SAMPLE.name])
def test_a_memory_path_naming_another_file_is_refused_and_never_rebuilt_over(desk, named, capsys):
    """memory_path = the glossary, l10n.toml or an article: called a damaged memory, and `tm rebuild` replaced it with SQLite."""
    (desk / "glossary").mkdir()
    (desk / "glossary" / "terms.csv").write_text("id,en,ar,ckb,tk,note\nerbil,Erbil,أربيل,,,\n", encoding="utf-8")
    config = desk / "l10n.toml"
    config.write_text(f'memory_path = "{named}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    before = files(desk)
    for command in (["translate", SAMPLE.name, "-q"], ["tm", "import"], ["tm", "rebuild"], ["tm", "rebuild", "--force"]):
        assert cli.main(command) == ExitCode.DATA_FILE, command
        line = one_line(capsys)
        assert line == (f"l10n: {desk / named}: not an SQLite database, so not a translation memory; point memory_path in "
                        "l10n.toml at the memory (.l10n/memory.sqlite by default), or move this file aside and run "
                        "`l10n tm rebuild`."), line
        assert files(desk) == before, command


@pytest.mark.parametrize("kind", ["folder", "pipe"])
@pytest.mark.parametrize("command", [["status"], ["check"], ["tm", "rebuild"]])
def test_a_folder_or_pipe_named_like_a_catalog_is_refused_in_one_line(tmp_path, kind, command):
    """Before: a pipe named ``x.po`` under locales/ made ``l10n status`` wait forever (opening it waits for a
    writer); a folder named ``x.po`` gave "cannot read it (Is a directory)" in status and "no such catalog; …
    run `l10n translate` first" in check and tm rebuild."""
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    folder = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    odd = folder / "x.po"
    odd.mkdir() if kind == "folder" else os.mkfifo(odd)
    before = files(tmp_path / "locales")
    done = subprocess.run([sys.executable, "-m", "l10n.cli", *command], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    what = "a folder" if kind == "folder" else "a pipe or a device"
    assert (done.returncode, done.stderr.strip()) == (ExitCode.DATA_FILE, f"l10n: {odd}: {what}, not a catalog file; "
                                                     f"move it out of {folder}, then run again."), done
    assert files(tmp_path / "locales") == before and odd.exists()
