"""Catalog identity (issue 21, item 1): two articles never share a catalog, and no catalog changes hands."""

from __future__ import annotations

import json

import polib
import pytest

from l10n import cli
from l10n.core.project import load_project
from l10n.errors import ExitCode
from l10n.stages.identity import catalog_name, catalog_names, path_name, read_owner

STORY_A = "Council reopens Kirkuk bridge\n\nThe provincial council reopened the old bridge on Monday after repairs.\n"
STORY_B = "Floods close Mosul schools\n\nHeavy rain flooded twelve schools in Mosul, officials said on Tuesday.\n"


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    root = tmp_path / "desk"
    root.mkdir()
    (root / "l10n.toml").write_text(f'packages_dir = "{standin_packages_dir}"\ntargets = ["ar"]\n', encoding="utf-8")
    for folder, text in (("a", STORY_A), ("b", STORY_B)):
        (root / folder).mkdir()
        (root / folder / "story.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def sources(path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}


def translations(path) -> list[tuple]:
    return [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in polib.pofile(str(path))]


def review_all(path) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.msgstr = "نص عربي مراجع"
    po.save()


def test_two_runs_give_two_catalogs_and_the_reviewed_one_stays(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    review_all(desk / "locales/ar/LC_MESSAGES/story.po")
    reviewed = translations(desk / "locales/ar/LC_MESSAGES/story.po")
    assert cli.main(["translate", "b/story.txt", "-q"]) == 0
    b_name = path_name("b/story.txt")
    assert translations(desk / "locales/ar/LC_MESSAGES/story.po") == reviewed      # a's reviewed work untouched
    assert "Floods close Mosul schools" in sources(desk / f"locales/ar/LC_MESSAGES/{b_name}.po")
    assert "Floods close Mosul schools" not in sources(desk / "locales/ar/LC_MESSAGES/story.po")
    assert cli.main(["publish", "a/story.txt", "-f", "txt"]) == 0                   # was blocked: a's entries obsolete
    assert (desk / "published/story/ar.txt").is_file()
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0         # both again: nothing swaps
    assert translations(desk / "locales/ar/LC_MESSAGES/story.po") == reviewed


def test_one_run_with_both_drops_neither(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    out = capsys.readouterr().out
    assert "Council reopens Kirkuk bridge" in sources(desk / "locales/story.pot")
    assert "Floods close Mosul schools" in sources(desk / f"locales/{path_name('b/story.txt')}.pot")
    assert len([line for line in out.splitlines() if line.startswith("ar ")]) == 2


def test_backfill_of_index_md_folders_keeps_every_article(desk, capsys):
    site = desk / "site"
    titles = [f"Story number {n} about the Kirkuk council" for n in range(4)]
    for n, title in enumerate(titles):
        (site / f"2024-0{n + 1}").mkdir(parents=True)
        (site / f"2024-0{n + 1}" / "index.md").write_text(f"# {title}\n\nThe council met on day {n + 1} to discuss the budget.\n",
                                                          encoding="utf-8")
    assert cli.main(["backfill", "site", "-q"]) == 0
    assert "4 articles: 4 translated" in capsys.readouterr().out
    templates = sorted((desk / "locales").glob("*.pot"))
    found = [title for pot in templates for title in titles if title in sources(pot)]
    assert sorted(found) == sorted(titles) and len(templates) == 4
    assert cli.main(["backfill", "site", "-q"]) == 0
    assert "4 already current" in capsys.readouterr().out


def test_an_existing_catalog_keeps_its_name_and_names_its_owner(desk):
    assert cli.main(["translate", "b/story.txt", "-q"]) == 0          # b came first: it owns "story"
    pot = (desk / "locales/story.pot").read_text(encoding="utf-8")
    assert read_owner(pot) == "b/story.txt"
    project = load_project(desk)
    assert catalog_names(project, ["a/story.txt", "b/story.txt"]) == {
        desk.joinpath("a/story.txt").relative_to(desk): path_name("a/story.txt"),
        desk.joinpath("b/story.txt").relative_to(desk): "story"}


def test_a_catalog_written_before_the_owner_header_is_owned_by_its_references(desk):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    pot = desk / "locales/story.pot"
    pot.write_text("\n".join(line for line in pot.read_text(encoding="utf-8").splitlines() if "X-L10n-Article" not in line) + "\n",
                   encoding="utf-8")
    assert read_owner(pot.read_text(encoding="utf-8")) == "a/story.txt"
    assert catalog_name(load_project(desk), "b/story.txt") == path_name("b/story.txt")
    assert catalog_name(load_project(desk), "a/story.txt") == "story"


def test_a_moved_article_keeps_its_catalogs(desk):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    (desk / "a/story.txt").rename(desk / "moved.txt")
    (desk / "c").mkdir()
    (desk / "moved.txt").rename(desk / "c/story.txt")
    assert catalog_name(load_project(desk), "c/story.txt") == "story"


def test_eval_names_catalogs_the_same_way(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    review_all(desk / f"locales/ar/LC_MESSAGES/{path_name('b/story.txt')}.po")
    capsys.readouterr()
    assert cli.main(["eval", "b/story.txt", "--format", "json", "-q"]) == 0
    catalogs = json.loads(capsys.readouterr().out)["catalogs"]
    assert catalogs == [str(desk / f"locales/ar/LC_MESSAGES/{path_name('b/story.txt')}.po")]


def test_a_name_owned_by_another_article_twice_is_refused_naming_both(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    name = path_name("b/story.txt")
    pot = (desk / "locales/story.pot").read_text(encoding="utf-8")
    (desk / f"locales/{name}.pot").write_text(pot, encoding="utf-8")           # a hand-made copy claiming b's name for a
    assert cli.main(["translate", "b/story.txt", "-q"]) == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert err == f"l10n: b/story.txt and a/story.txt would share the catalog {name}; rename one of them."


def test_status_names_the_article_of_a_path_derived_catalog(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{path_name('b/story.txt')}  ar") and line.endswith("(b/story.txt)") for line in lines)
    assert any(line.startswith("story  ar") and not line.endswith(")") for line in lines)
