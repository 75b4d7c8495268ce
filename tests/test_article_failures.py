"""One article's failure is that article's: one line naming the real file, its exit code, the others written, no file half-changed."""

from __future__ import annotations

import contextlib
import errno
import shutil
import tempfile
from pathlib import Path

import pytest

from l10n import cli
from l10n.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
BOILERPLATE_ONLY = {
    "share.txt": "Share on Facebook\n",
    "front.md": '---\ntitle: ""\n---\n',
}


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A project without model packages (entries are left empty) and the sample article as story.txt."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    shutil.copy(SAMPLE, root / "story.txt")
    monkeypatch.chdir(root)
    return root


def error_lines(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("name", BOILERPLATE_ONLY)
def test_an_article_of_boilerplate_only_is_refused_like_an_empty_one(desk, name, capsys):
    (desk / name).write_text(BOILERPLATE_ONLY[name], encoding="utf-8")
    assert cli.main(["translate", name, "-q"]) == ExitCode.INPUT
    [line] = error_lines(capsys)
    assert line.startswith(f"l10n: {name}: nothing to translate") and "bug" not in line, line
    assert not (desk / "locales").exists()


@pytest.mark.parametrize("name", BOILERPLATE_ONLY)
def test_an_article_of_boilerplate_only_fails_alone_and_the_others_are_written(desk, name, capsys):
    (desk / name).write_text(BOILERPLATE_ONLY[name], encoding="utf-8")
    assert cli.main(["translate", name, "story.txt", "-q"]) == ExitCode.ARTICLES_FAILED
    assert any(name in line and "nothing to translate" in line for line in error_lines(capsys))
    assert (desk / "locales" / "story.pot").is_file() and (desk / "locales" / "ar" / "LC_MESSAGES" / "story.po").is_file()
    assert not list((desk / "locales").rglob(f"{Path(name).stem}.po*"))


@pytest.mark.parametrize("command", ["translate", "backfill"])
def test_a_share_bar_in_a_folder_fails_that_article_only(desk, command, capsys):
    (desk / "desk-folder").mkdir()
    shutil.move(desk / "story.txt", desk / "desk-folder" / "story.txt")
    (desk / "desk-folder" / "share.txt").write_text(BOILERPLATE_ONLY["share.txt"], encoding="utf-8")
    assert cli.main([command, "desk-folder", "-q"]) == ExitCode.ARTICLES_FAILED
    err = capsys.readouterr().err
    assert "share.txt: nothing to translate" in err and "bug" not in err, err
    assert (desk / "locales" / "story.pot").is_file() and not (desk / "locales" / "share.pot").exists()


@pytest.mark.parametrize("command", ["translate", "backfill"])
@pytest.mark.parametrize("name, text, said", [
    ("terms.csv", 'id,en,ar\nkirkuk,Kirkuk,"كركوك\n', "terms.csv:2: malformed CSV"),
    ("boilerplate.txt", "shar Facebook\n", "boilerplate.txt:1: 'shar Facebook' is not an entry"),
])
def test_a_glossary_file_that_does_not_parse_stops_a_run_over_several_articles_in_one_line(desk, command, name, text, said,
                                                                                          capsys):
    """It would fail every article: one line and DATA_FILE, as for one article, not one failure per article."""
    (desk / "glossary").mkdir()
    (desk / "glossary" / name).write_text(text, encoding="utf-8")
    shutil.copy(desk / "story.txt", desk / "other.txt")
    assert cli.main([command, "story.txt", "other.txt", "-q"]) == ExitCode.DATA_FILE
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and said in err, err
    assert not (desk / "locales").exists()

def test_a_catalog_that_is_not_utf8_is_named_by_its_own_path(desk, capsys):
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    catalog = Path("locales", "ar", "LC_MESSAGES", "story.po")
    catalog.write_bytes(catalog.read_bytes() + b"\n# \xff\n")
    capsys.readouterr()
    assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.DATA_FILE
    [line] = error_lines(capsys)
    assert f"{catalog}: not a readable catalog" in line and "l10n-rebase-" not in line, line


@contextlib.contextmanager
def refusing_writes_in(folder: Path, monkeypatch):
    """``folder`` read-only for l10n's writes (they stage a temporary file beside the target), even for root."""
    make_temporary_file = tempfile.mkstemp

    def read_only(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied")
        return make_temporary_file(*args, dir=dir, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", read_only)
        yield


def test_a_catalog_that_cannot_be_written_leaves_the_template_unchanged(desk, monkeypatch, capsys):
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    template, catalog = desk / "locales" / "story.pot", desk / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    before = {path: path.read_bytes() for path in (template, catalog)}
    with (desk / "story.txt").open("a", encoding="utf-8") as story:
        story.write("\nThe council met in Kirkuk on Monday.\n")
    capsys.readouterr()
    with refusing_writes_in(catalog.parent, monkeypatch):
        assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.CANNOT_WRITE
    [line] = error_lines(capsys)
    assert "LC_MESSAGES" in line and "Permission denied" in line, line
    assert {path: path.read_bytes() for path in before} == before
    assert cli.main(["translate", "story.txt", "-q"]) == 0      # the folder writable again: the next run catches up
    assert all("The council met in Kirkuk on Monday." in path.read_text(encoding="utf-8") for path in before)


def test_a_catalog_that_cannot_be_written_fails_alone_and_the_other_languages_are_written(desk, monkeypatch, capsys):
    (desk / "l10n.toml").write_text('targets = ["ar", "ckb", "tk"]\npackages_dir = "none"\n', encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    added = "The council met in Kirkuk on Monday."
    with (desk / "story.txt").open("a", encoding="utf-8") as story:
        story.write(f"\n{added}\n")
    capsys.readouterr()
    catalogs = {lang: desk / "locales" / lang / "LC_MESSAGES" / "story.po" for lang in ("ar", "ckb", "tk")}
    kept = {path: path.read_bytes() for path in (catalogs["ar"], desk / "locales" / "story.pot")}
    with refusing_writes_in(catalogs["ar"].parent, monkeypatch):
        assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.ARTICLES_FAILED
    [line] = [line for line in error_lines(capsys) if line.startswith("failed: ")]   # the others are the missing models
    assert line.startswith("failed: story.txt: ") and "ar/LC_MESSAGES" in line and "Permission denied" in line, line
    assert all(added in catalogs[lang].read_text(encoding="utf-8") for lang in ("ckb", "tk"))
    assert {path: path.read_bytes() for path in kept} == kept
    assert cli.main(["translate", "story.txt", "-q"]) == 0      # the folder writable again: the next run catches up
    assert all(added in path.read_text(encoding="utf-8") for path in kept)


@pytest.mark.parametrize("broken", [b'garbage "\n', b"\xff\xfe\x00not a catalog\n", b""])
def test_a_catalog_that_is_not_po_fails_its_article_alone_and_the_others_are_translated(desk, broken, capsys):
    """A corrupt catalog read at the start of a run over several articles is that article's failure, not the run's."""
    for name, town in (("other.txt", "Mosul"), ("third.txt", "Hawija")):
        (desk / name).write_text(SAMPLE.read_text(encoding="utf-8").replace("Qayyarah", town), encoding="utf-8")
    articles = ["story.txt", "other.txt", "third.txt"]
    assert cli.main(["translate", *articles, "-q"]) == 0
    added = "The council met in Kirkuk on Monday."
    for name in articles:
        with (desk / name).open("a", encoding="utf-8") as story:
            story.write(f"\n{added}\n")
    broken_po, template = desk / "locales" / "ar" / "LC_MESSAGES" / "other.po", desk / "locales" / "other.pot"
    broken_po.write_bytes(broken)
    kept = {path: path.read_bytes() for path in (broken_po, template)}
    capsys.readouterr()
    assert cli.main(["translate", *articles, "-q"]) == ExitCode.ARTICLES_FAILED
    lines = error_lines(capsys)
    [line] = [line for line in lines if line.startswith("failed: ")]
    assert line.startswith("failed: other.txt: ") and "other.po" in line and "fix the file" in line, lines
    assert not any("Traceback" in line or "bug" in line for line in lines), lines
    for name in ("story", "third"):
        assert added in (desk / "locales" / f"{name}.pot").read_text(encoding="utf-8")
        assert added in (desk / "locales" / "ar" / "LC_MESSAGES" / f"{name}.po").read_text(encoding="utf-8")
    assert {path: path.read_bytes() for path in kept} == kept          # no partial file, the template as it was
    broken_po.unlink()                                                  # the desk restores it: the next run catches up
    assert cli.main(["translate", *articles, "-q"]) == 0
    assert added in broken_po.read_text(encoding="utf-8") and added in template.read_text(encoding="utf-8")


def test_a_catalog_that_is_not_po_in_a_run_over_one_article_changes_none_of_its_files(desk, capsys):
    """The article fails as a whole: its other languages and its template are left as they were too."""
    (desk / "l10n.toml").write_text('targets = ["ar", "ckb", "tk"]\npackages_dir = "none"\n', encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    with (desk / "story.txt").open("a", encoding="utf-8") as story:
        story.write("\nThe council met in Kirkuk on Monday.\n")
    broken = desk / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    broken.write_text('garbage "\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in (desk / "locales").rglob("*") if path.is_file()}
    capsys.readouterr()
    assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.DATA_FILE
    [line] = error_lines(capsys)
    assert line.startswith("l10n: ") and "ar/LC_MESSAGES/story.po" in line and "fix the file" in line, line
    assert {path: path.read_bytes() for path in (desk / "locales").rglob("*") if path.is_file()} == before


def test_a_catalog_a_translator_broke_fails_its_article_alone_and_the_others_are_drafted(desk, capsys):
    """A hand edit msgfmt refuses in one story's catalog stopped `l10n translate .` for every story of the day."""
    shutil.copy(desk / "story.txt", desk / "other.txt")
    assert cli.main(["translate", "story.txt", "other.txt", "-q"]) == 0
    broken = desk / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    broken.write_text(broken.read_text(encoding="utf-8").replace('msgstr ""\n\n', 'msgstr "x\\n"\n\n', 1),
                      encoding="utf-8")   # msgfmt: 'msgid' and 'msgstr' entries do not both end with '\n'
    before = broken.read_bytes()
    added = "The council met in Kirkuk on Monday."
    for name in ("story.txt", "other.txt"):
        with (desk / name).open("a", encoding="utf-8") as article:
            article.write(f"\n{added}\n")
    capsys.readouterr()
    assert cli.main(["translate", ".", "-q"]) == ExitCode.ARTICLES_FAILED
    [line] = [line for line in error_lines(capsys) if line.startswith("failed: ")]
    assert line.startswith("failed: story.txt: ") and f"{Path('ar', 'LC_MESSAGES', 'story.po')}:" in line, line
    assert added in (desk / "locales" / "ar" / "LC_MESSAGES" / "other.po").read_text(encoding="utf-8")
    assert broken.read_bytes() == before and added not in (desk / "locales" / "story.pot").read_text(encoding="utf-8")
    assert cli.main(["translate", ".", "-q"]) == ExitCode.ARTICLES_FAILED   # not recorded as done: still failing
    assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.DATA_FILE   # alone, as before: its own error
