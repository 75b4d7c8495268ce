"""A project that finds itself, l10n init, unchanged re-runs that write nothing, failures as records."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l10n import cli
from l10n.commands import runs
from l10n.core.records import ArticleFailure
from l10n.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (any name, hidden ones too) with its size and mtime."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def desk(tmp_path, standin_packages_dir):
    root = tmp_path / "desk"
    assert cli.main(["init", str(root), "--empty-glossary"]) == 0
    config = root / "l10n.toml"
    config.write_text(f'packages_dir = "{standin_packages_dir}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(SAMPLE, root / SAMPLE.name)
    (root / "notes").mkdir()
    return root


def test_the_repository_is_a_project():
    assert (ROOT / "l10n.toml").is_file()
    from l10n import load_project

    assert load_project(ROOT / "l10n").root == ROOT


def test_init_writes_the_template_and_keeps_existing_files(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path)]) == 0
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        ".gitignore", "glossary/boilerplate.txt", "glossary/terms.csv", "glossary/tk-adaptation.csv", "l10n.toml"]
    (tmp_path / "glossary/terms.csv").write_text("id,en,ar\n", encoding="utf-8")
    assert cli.main(["init", str(tmp_path)]) == 0
    assert "already a project" in capsys.readouterr().out
    assert (tmp_path / "glossary/terms.csv").read_text(encoding="utf-8") == "id,en,ar\n"
    assert cli.main(["init", str(tmp_path / "glossary")]) == ExitCode.USAGE   # inside a project


def test_init_on_a_file_says_so_in_one_line(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "file" / "desk")]) == ExitCode.CANNOT_WRITE
    assert capsys.readouterr().err.strip().endswith("cannot make a project there (Not a directory); give a folder you can write.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_status_from_a_subfolder_reports_the_project_and_creates_nothing(desk, monkeypatch, capsys):
    monkeypatch.chdir(desk)
    assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(desk / "notes")
    before = snapshot(desk)
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "k1-qayyarah-withdrawal  ar" in out and "17 units" in out
    assert list((desk / "notes").iterdir()) == [] and snapshot(desk) == before


def test_translate_without_a_project_says_it_starts_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    assert cli.main(["translate", "a.txt", "-q", "-l", "ar"]) == 0
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if "l10n.toml" in line]
    assert "started a project" in line and "no glossary is loaded" in line
    assert (tmp_path / "l10n.toml").is_file()
    assert cli.main(["translate", "a.txt", "-q", "-l", "ar"]) == 0
    assert "started a project" not in capsys.readouterr().err


def test_an_unchanged_rerun_writes_nothing_and_loads_no_stage(desk, monkeypatch, capsys):
    monkeypatch.chdir(desk)
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    first = capsys.readouterr().out
    before = snapshot(desk)
    calls = []
    monkeypatch.setattr("l10n.stages.read.read_article", lambda *a: calls.append(a))     # language detection included
    monkeypatch.setattr("l10n.commands.runs._translate_due", lambda *a, **k: calls.append(a))
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    captured = capsys.readouterr()
    assert calls == [] and snapshot(desk) == before
    assert [line.split(":")[0] for line in captured.out.splitlines()] == [line.split(":")[0] for line in first.splitlines()]
    rows = [line for line in captured.out.replace(",\n    ", ",").splitlines() if not line.startswith("total ")]
    assert rows and all("17 units: 17 kept" in line for line in rows)
    assert "1 article unchanged since the last run" in captured.err


def test_an_unchanged_rerun_counts_empty_entries_as_the_run_did(desk, monkeypatch, capsys, tmp_path_factory):
    """No package: the run leaves every entry empty (0 kept); the skipped re-run says the same, not "17 kept"."""
    monkeypatch.chdir(desk)
    assert cli.main(["init", "--packages-dir", str(tmp_path_factory.mktemp("no-packages"))]) == 0
    capsys.readouterr()
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    first = capsys.readouterr().out
    assert "17 units: 17 empty" in first
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    captured = capsys.readouterr()
    assert "1 article unchanged since the last run" in captured.err
    assert captured.out == first


def test_an_unchanged_rerun_says_which_kept_entries_await_review_as_the_run_did(desk, monkeypatch, capsys):
    """A reviewed sentence the editor then changed is kept, fuzzy, for review: the skipped re-run's row says so too."""
    import polib

    monkeypatch.chdir(desk)
    assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
    po_path = desk / "locales/ar/LC_MESSAGES/k1-qayyarah-withdrawal.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    reviewed = next(e for e in po if not e.obsolete and e.msgid.endswith(".") and e.msgstr)
    reviewed.flags = []
    po.save(str(po_path))
    article = desk / SAMPLE.name
    article.write_text(article.read_text(encoding="utf-8").replace(reviewed.msgid, reviewed.msgid[:-1] + ", officials said."),
                       encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
    drafting = capsys.readouterr().out.replace(",\n    ", ",").splitlines()[0]
    assert "1 new source to review" in drafting, drafting
    assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
    captured = capsys.readouterr()
    assert "1 article unchanged since the last run" in captured.err
    replayed = captured.out.replace(",\n    ", ",").splitlines()[0]
    assert "1 new source to review" in replayed, replayed
    assert replayed.split(" kept")[1] == drafting.split(" kept")[1]          # the same figures after "kept"


@pytest.mark.parametrize("change", ["article", "glossary", "catalog", "langs"])
def test_a_changed_input_makes_the_article_due(desk, monkeypatch, capsys, change):
    monkeypatch.chdir(desk)
    assert cli.main(["translate", SAMPLE.name, "-q"]) == 0
    if change == "article":
        (desk / SAMPLE.name).write_text(SAMPLE.read_text(encoding="utf-8") + "\nOne more sentence was added later.\n", encoding="utf-8")
    elif change == "glossary":
        with open(desk / "glossary/terms.csv", "a", encoding="utf-8") as handle:
            handle.write("qayyarah,Qayyarah,القيارة,,,,,,,,,test\n")
    elif change == "catalog":
        po = desk / "locales/ar/LC_MESSAGES/k1-qayyarah-withdrawal.po"
        po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    due = []
    real = runs._translate_due
    monkeypatch.setattr("l10n.commands.runs._translate_due", lambda *a, **k: due.append(a[1]) or real(*a, **k))
    args = ["translate", SAMPLE.name, "-q"] + (["-l", "ar"] if change == "langs" else [])
    assert cli.main(args) == 0
    assert [Path(p).name for p in due[0]] == [SAMPLE.name]


def test_a_copied_project_judges_its_own_catalogs(desk, monkeypatch, capsys):
    """The run state keeps paths relative to the project: a copy with its catalogs is current, a copy without them
    (or missing one) is due and gets them back, whatever the original's catalogs are."""
    monkeypatch.chdir(desk)
    assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
    for missing in ("", "locales/ar/LC_MESSAGES/k1-qayyarah-withdrawal.po", "locales"):
        copy = desk.parent / f"desk copy {len(missing)}"
        shutil.copytree(desk, copy)
        if missing:
            target = copy / missing
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        monkeypatch.chdir(copy)
        capsys.readouterr()
        before = snapshot(copy)
        assert cli.main(["translate", SAMPLE.name, "-q", "-l", "ar"]) == 0
        skipped = "1 article unchanged since the last run" in capsys.readouterr().err
        assert skipped == (not missing) and (snapshot(copy) == before) == (not missing)
        assert (copy / "locales/ar/LC_MESSAGES/k1-qayyarah-withdrawal.po").is_file()
        assert (copy / "locales/k1-qayyarah-withdrawal.pot").is_file()


def test_failed_articles_are_records_with_their_own_exit_code(desk, monkeypatch, capsys):
    monkeypatch.chdir(desk)
    (desk / "arabic.txt").write_text("قالت مصادر أمنية إن القوات انسحبت من القاعدة بعد المحادثات في بغداد.\n", encoding="utf-8")
    from l10n import translate_article

    report = translate_article([SAMPLE.name, "arabic.txt"], langs=["ar"])
    assert report.failures == (ArticleFailure("arabic.txt", report.failures[0].reason, ExitCode.INPUT),)
    assert "arabic.txt" in report.failures[0].reason and not any(n.startswith("failed") for n in report.notices)
    assert cli.main(["translate", SAMPLE.name, "arabic.txt", "-q", "-l", "ar"]) == ExitCode.ARTICLES_FAILED
    assert [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed: ")] != []


def test_a_standin_folder_as_built_by_the_script_installs(tmp_path, monkeypatch):
    built = subprocess.run([sys.executable, str(ROOT / "scripts/make_standin_package.py"), "--size", "tiny", "--to", "ar",
                            "--out", str(tmp_path / "built")], capture_output=True, text=True, check=True)
    folder = Path(built.stdout.strip().splitlines()[-1])
    packages = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    assert cli.main(["models", "install", str(folder), "-C", str(tmp_path)]) == 0
    assert cli.main(["models", "install", str(folder), "-C", str(tmp_path)]) == ExitCode.MODEL   # installed: --replace
    assert cli.main(["models", "install", str(folder), "--replace", "-C", str(tmp_path)]) == 0
    assert sorted(p.name for p in packages.iterdir()) == ["translate-en_ar"]
    assert (packages / "translate-en_ar/model/model.bin").is_file()


def test_a_folder_that_is_no_package_is_refused_at_install_without_advice_to_remove_it(tmp_path, monkeypatch, capsys):
    """`l10n models install locales` said "this folder is not an Argos package, remove or reinstall it": the desk's own folder."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    (tmp_path / "my articles").mkdir()
    (tmp_path / "my articles" / "story.txt").write_text("The council met.\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["models", "install", str(tmp_path / "my articles"), "-C", str(tmp_path)]) == ExitCode.MODEL
    err = capsys.readouterr().err.strip()
    assert err == (f"l10n: {tmp_path / 'my articles'}: not a package folder (no metadata.json); give a folder holding "
                   "metadata.json, model/ and sentencepiece.model, or a .argosmodel file.")
    assert not (tmp_path / "packages").exists() and (tmp_path / "my articles" / "story.txt").is_file()


def test_a_refused_article_where_no_project_is_starts_none(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "arabic.txt").write_text("قالت مصادر أمنية إن القوات انسحبت من القاعدة بعد المحادثات في بغداد.\n", encoding="utf-8")
    assert cli.main(["translate", "arabic.txt", "-q"]) == ExitCode.INPUT
    assert [p.name for p in tmp_path.iterdir()] == ["arabic.txt"]
    assert "started a project" not in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_an_input_error(desk, monkeypatch, capsys):
    monkeypatch.chdir(desk)
    name = os.fsdecode(b"story-\xff.txt")
    shutil.copy(SAMPLE, desk / name)
    assert cli.main(["translate", name, "-q", "-l", "ar"]) == ExitCode.INPUT
    assert capsys.readouterr().err.strip() == r"l10n: story-\xff.txt: the file name is not valid UTF-8; rename the file (catalogs cite the name)."
    assert cli.main(["translate", name, SAMPLE.name, "-q", "-l", "ar"]) == ExitCode.ARTICLES_FAILED
    assert r"failed: story-\xff.txt: the file name is not valid UTF-8; rename the file (catalogs cite the name)." in (
        capsys.readouterr().err.splitlines())


def test_a_file_name_with_a_line_break_is_an_input_error_in_one_line(desk, monkeypatch, capsys):
    """Before: `new\\nline.txt` was drafted and its catalog refused by msgcat (`keyword "line" unknown`), which
    l10n called its own bug, exit 4; the `failed:` line of a run broke in two."""
    monkeypatch.chdir(desk)
    shutil.copy(SAMPLE, desk / "new\nline.txt")
    assert cli.main(["translate", "new\nline.txt", "-q", "-l", "ar"]) == ExitCode.INPUT
    assert capsys.readouterr().err.splitlines() == [
        r"l10n: new\nline.txt: the file name holds a line break; rename the file (catalogs cite the name)."]
    assert cli.main(["translate", "new\nline.txt", SAMPLE.name, "-q", "-l", "ar"]) == ExitCode.ARTICLES_FAILED
    assert [line for line in capsys.readouterr().err.splitlines() if "line.txt" in line] == [
        r"failed: new\nline.txt: the file name holds a line break; rename the file (catalogs cite the name)."]
    assert not list((desk / "locales").glob("new*"))


def test_a_file_name_too_long_for_the_file_system_is_no_such_file(desk, monkeypatch, capsys):
    """Before: `cannot reach it (File name too long); check its folders' permissions`, exit 11 (CANNOT_READ):
    no such file can exist, and permissions have nothing to do with it."""
    monkeypatch.chdir(desk)
    name = "مجلس" * 40 + ".txt"   # 320 bytes in UTF-8: over the 255 a file name may have
    assert cli.main(["translate", name, "-q", "-l", "ar"]) == ExitCode.INPUT
    assert capsys.readouterr().err.splitlines() == [
        f"l10n: {name}: no such file (the name is longer than the file system allows); check the article's path."]


def test_translating_the_project_folder_takes_its_articles_not_the_project_s_own_files(desk, monkeypatch):
    """``l10n translate .`` drafted glossary/boilerplate.txt, published pages and a virtualenv's .txt files as articles."""
    monkeypatch.chdir(desk)
    english = SAMPLE.read_text(encoding="utf-8")
    own = [desk / "published/story/ar.txt", desk / "published/story/ar.md", desk / ".venv/lib/x-1.0.dist-info/LICENSE.txt",
           desk / ".git/notes.txt", desk / "archive/.draft.txt", desk / "locales/notes.txt"]
    for path in own:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(english, encoding="utf-8")
    (desk / "archive/story.md").write_text(english, encoding="utf-8")
    assert (desk / "glossary/boilerplate.txt").is_file()
    assert cli.main(["translate", ".", "-q", "-l", "ar"]) == 0
    owners = sorted(p.read_text(encoding="utf-8").split("X-L10n-Article: ")[1].split("\\n")[0]
                    for p in (desk / "locales").glob("*.pot"))
    assert owners == ["archive/story.md", SAMPLE.name]
    assert cli.main(["translate", "published", "-q", "-l", "ar"]) == ExitCode.INPUT   # named, it is refused too
    assert cli.main(["translate", "published/story/ar.txt", "-q", "-l", "ar"]) == 0    # a file named is taken as given
    assert len(list((desk / "locales").glob("*.pot"))) == 3


def test_a_folder_gives_every_file_l10n_reads_as_an_article(desk, monkeypatch):
    """``post.markdown`` named alone was read as Markdown, but a folder of them (a Jekyll ``_posts/``) gave no article."""
    monkeypatch.chdir(desk)
    english = SAMPLE.read_text(encoding="utf-8")
    for name in ("_posts/2020-03-29-k1.markdown", "_posts/notes.text"):
        (desk / name).parent.mkdir(parents=True, exist_ok=True)
        (desk / name).write_text(english, encoding="utf-8")
    assert cli.main(["translate", "_posts", "-q", "-l", "ar"]) == 0
    owners = sorted(p.read_text(encoding="utf-8").split("X-L10n-Article: ")[1].split("\\n")[0]
                    for p in (desk / "locales").glob("*.pot"))
    assert owners == ["_posts/2020-03-29-k1.markdown", "_posts/notes.text"]
