"""Rough edges a desk meets on the command line: paths from a subfolder, l10n's own folders named as articles,
status rows of catalogs waiting for a moved story, and status for one story."""

from __future__ import annotations

import pytest

from l10n import cli
from l10n.errors import ExitCode
from l10n.stages.identity import path_name

STORY = "Council reopens Kirkuk bridge\n\nThe council reopened the bridge over the Khasa river on Monday.\n"
OTHER = "Floods close Mosul schools\n\nHeavy rain closed twelve schools in Mosul on Tuesday, officials said.\n"


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    """A project on the copy stand-ins (Arabic only) with a/story.txt and b/other.txt; the working folder is the project."""
    files = {"l10n.toml": f'packages_dir = "{standin_packages_dir}"\ntargets = ["ar"]\n', "glossary/terms.csv": "id,en\n",
             "a/story.txt": STORY, "b/other.txt": OTHER}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def out_lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_the_translate_summary_from_a_subfolder_shows_paths_relative_to_it(desk, monkeypatch, capsys):
    """From a/ the row named /…/desk/locales/ar/LC_MESSAGES/story.po in full."""
    monkeypatch.chdir(desk / "a")
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    rows = out_lines(capsys)
    assert rows[0].startswith("ar   ../locales/ar/LC_MESSAGES/story.po  2 units:"), rows
    monkeypatch.chdir(desk)
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0          # from the project's folder, as before
    assert out_lines(capsys)[0].startswith("ar   locales/ar/LC_MESSAGES/story.po  2 units:")


@pytest.mark.parametrize("folder, holds", [
    ("locales", "the catalogs: `l10n status` shows them"),
    ("locales/ar", "the catalogs: `l10n status` shows them"),
    ("published", "published pages: `l10n publish` writes them"),
    ("glossary", "the glossary: `l10n glossary list` shows it"),
])
def test_one_of_l10ns_own_folders_named_as_articles_says_so(desk, capsys, folder, holds):
    """`translate locales` said "no article files found; name .txt or .md files…"; `translate glossary` drafted the
    boilerplate list and `translate published` the published pages as if they were articles."""
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    assert cli.main(["publish", "a/story.txt", "--min-reviewed", "0", "-f", "txt"]) == 0
    (desk / "glossary" / "boilerplate.txt").write_text("# share Viber\n", encoding="utf-8")
    capsys.readouterr()
    before = sorted(path for path in desk.rglob("*") if path.is_file())
    assert cli.main(["translate", folder, "-q"]) == ExitCode.INPUT
    assert capsys.readouterr().err.strip() == (
        f"l10n: {folder}: a folder of l10n's own files ({holds}), not articles; "
        "name the article files, or a folder holding them.")
    assert sorted(path for path in desk.rglob("*") if path.is_file()) == before
    assert cli.main(["translate", ".", "-q"]) == 0                     # the project's folder: its articles, as before
    assert {line.split()[1] for line in out_lines(capsys) if line.startswith("ar ")} == {
        "locales/ar/LC_MESSAGES/story.po", "locales/ar/LC_MESSAGES/other.po"}


def test_status_says_why_catalogs_waiting_for_a_moved_story_have_no_article(desk, monkeypatch, capsys):
    """a/story.txt moved to archive/, a new story written at a/story.txt and translated first: the old catalogs
    `story` were listed with no article and no word why (their header names a/story.txt, which has its own now)."""
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    (desk / "archive").mkdir()
    (desk / "a/story.txt").rename(desk / "archive/story.txt")
    (desk / "a/story.txt").write_text("Kirkuk airport reopens\n\nFlights resumed at Kirkuk airport on Sunday.\n",
                                      encoding="utf-8")
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    lines = out_lines(capsys)
    assert all(len(line) <= 80 for line in lines), lines
    text = "\n".join(lines)
    new = path_name("a/story.txt")
    assert f"{new}  ar   " in text and "(a/story.txt)" in text
    row = next(index for index, line in enumerate(lines) if line.startswith("story  ar   "))
    assert " ".join(line.strip() for line in lines[row:row + 2]).endswith("(no article: a/story.txt holds another story now)")
    assert ("story: its article's path holds another story now; translate the moved file where it is now to take "
            "these catalogs.") in " ".join(line.strip() for line in lines)
    assert cli.main(["translate", "archive/story.txt", "-q"]) == 0                 # the moved story takes them
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    text = " ".join(line.strip() for line in out_lines(capsys))
    assert "no article" not in text and "holds another story" not in text


def test_status_of_a_catalog_whose_article_is_gone_fits_80_columns(desk, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    (desk / "a/story.txt").unlink()
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    lines = out_lines(capsys)
    assert all(len(line) <= 80 for line in lines), lines
    assert "(a/story.txt no longer exists)" in "\n".join(lines)


def test_status_of_named_articles_shows_only_their_catalogs(desk, capsys):
    """`l10n status` took no article: a desk with hundreds of stories read them all for one."""
    assert cli.main(["translate", "a/story.txt", "b/other.txt", "-q"]) == 0
    (desk / "c").mkdir()
    (desk / "c/story.txt").write_text(OTHER.replace("Mosul", "Erbil"), encoding="utf-8")
    assert cli.main(["translate", "c/story.txt", "-q"]) == 0          # a second story.txt: a path-derived name
    capsys.readouterr()

    def slugs(*args) -> list[str]:
        assert cli.main(["status", *args]) == 0
        return [line.split()[0] for line in out_lines(capsys) if "%" in line]

    assert slugs() == sorted(["story", "other", path_name("c/story.txt")])
    assert slugs("a/story.txt") == ["story"]
    assert slugs("c/story.txt") == [path_name("c/story.txt")]
    assert slugs("c") == [path_name("c/story.txt")]
    assert slugs("a/story.txt", "b") == ["other", "story"]
    assert slugs("other") == ["other"]                                     # a catalog's name, as publish takes it


@pytest.mark.parametrize("args, line", [
    (["locales/ar/LC_MESSAGES/story.po"], "l10n: locales/ar/LC_MESSAGES/story.po: it is a gettext catalog, not an article; "
                                          "give the English article it was made from (.txt or .md)."),
    (["a/gone.txt"], "l10n: a/gone.txt: no such file; check the article's path."),
    (["locales"], "l10n: locales: a folder of l10n's own files (the catalogs: `l10n status` shows them), not articles; "
                  "name the article files, or a folder holding them."),
])
def test_status_refuses_what_is_not_an_article(desk, capsys, args, line):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    capsys.readouterr()
    assert cli.main(["status", *args]) == ExitCode.INPUT
    captured = capsys.readouterr()
    assert captured.err.strip() == line and captured.out == ""


def test_status_of_an_article_not_yet_translated_says_so(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    capsys.readouterr()
    assert cli.main(["status", "b/other.txt"]) == 0
    assert out_lines(capsys)[0] == "no catalogs yet for b/other.txt: run `l10n translate b/other.txt` first."
