"""Catalog identity (issue 21, item 1): two articles never share a catalog, and no catalog changes hands."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polib
import pytest

from l10n import cli
from l10n.commands.status import project_status
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
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.csv").write_text("id,en\n", encoding="utf-8")   # a glossary with no terms: no notice
    for folder, text in (("a", STORY_A), ("b", STORY_B)):
        (root / folder).mkdir()
        (root / folder / "story.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def sources(path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}


def translations(path) -> list[tuple]:
    return [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in polib.pofile(str(path))]


def status_lines(out: str) -> list[str]:
    """``l10n status``'s lines, each row with the lines it was carried on to (to fit 80 columns) joined back."""
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith("     ") and lines:
            lines[-1] += (" " if lines[-1].endswith(",") or not line.strip().startswith("(") else "  ") + line.strip()
        else:
            lines.append(line)
    return lines


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


def test_a_path_derived_name_held_by_another_article_is_passed_over(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    name = path_name("b/story.txt")
    pot = (desk / "locales/story.pot").read_text(encoding="utf-8")
    (desk / f"locales/{name}.pot").write_text(pot, encoding="utf-8")           # a hand-made copy claiming b's name for a
    assert cli.main(["translate", "b/story.txt", "-q"]) == 0
    assert (desk / f"locales/{name}.pot").read_text(encoding="utf-8") == pot
    assert "Floods close Mosul schools" in sources(desk / f"locales/{path_name('b/story.txt', 2)}.pot")
    assert catalog_names(load_project(desk), ["a/story.txt", "b/story.txt"]) == {
        desk.joinpath("a/story.txt").relative_to(desk): "story",
        desk.joinpath("b/story.txt").relative_to(desk): path_name("b/story.txt", 2)}


def test_a_new_article_where_a_moved_one_was_gets_catalogs_of_its_own(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    (desk / "archive").mkdir()
    (desk / "b/story.txt").rename(desk / "archive/story.txt")
    assert cli.main(["translate", "archive/story.txt", "-q"]) == 0              # b's catalogs go with it
    (desk / "b/story.txt").write_text("Kirkuk airport reopens\n\nFlights resumed at Kirkuk airport on Sunday.\n", encoding="utf-8")
    assert cli.main(["translate", "b/story.txt", "archive/story.txt", "-q"]) == 0
    names = catalog_names(load_project(desk), ["a/story.txt", "archive/story.txt", "b/story.txt"])
    assert list(names.values()) == ["story", path_name("b/story.txt"), path_name("b/story.txt", 2)]
    assert "Floods close Mosul schools" in sources(desk / f"locales/{path_name('b/story.txt')}.pot")
    assert "Kirkuk airport reopens" in sources(desk / f"locales/{path_name('b/story.txt', 2)}.pot")


def test_status_names_the_article_of_a_path_derived_catalog(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    lines = status_lines(capsys.readouterr().out)
    assert any(line.startswith(f"{path_name('b/story.txt')}  ar") and line.endswith("(b/story.txt)") for line in lines)
    assert any(line.startswith("story  ar") and not line.endswith(")") for line in lines)


def tree(root) -> dict[str, tuple[bool, bytes]]:
    """Every file under ``root``: whether it is a symbolic link, and its bytes (or the link's target)."""
    return {str(path.relative_to(root)): (path.is_symlink(), str(path.readlink()).encode() if path.is_symlink() else path.read_bytes())
            for path in sorted(root.rglob("*")) if path.is_symlink() or path.is_file()}


def translator_work(path) -> None:
    """A translator reviews the first unit, leaves their own unreviewed draft on the last, comments on both."""
    po = polib.pofile(str(path), wrapwidth=0)
    live = [entry for entry in po if not entry.obsolete]
    live[0].flags, live[0].msgstr = [], "نص عربي مراجع"
    live[-1].msgstr = "مسودة المترجم قيد المراجعة"
    for entry in (live[0], live[-1]):
        entry.tcomment = "checked with the Mosul bureau"
    po.save()


def test_a_moved_article_with_a_path_derived_name_keeps_its_catalogs(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    name = path_name("b/story.txt")
    translator_work(desk / f"locales/ar/LC_MESSAGES/{name}.po")
    kept = translations(desk / f"locales/ar/LC_MESSAGES/{name}.po")
    (desk / "archive/2024").mkdir(parents=True)
    (desk / "b/story.txt").rename(desk / "archive/2024/story.txt")
    assert cli.main(["translate", "archive/2024/story.txt", "-q"]) == 0
    assert sorted(path.name for path in (desk / "locales").rglob("*.po*")) == sorted([f"{name}.po", f"{name}.pot", "story.po", "story.pot"])
    po = polib.pofile(str(desk / f"locales/ar/LC_MESSAGES/{name}.po"))
    assert [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in po] == kept        # the unreviewed draft too
    assert [e.tcomment for e in po if e.tcomment] == ["checked with the Mosul bureau"] * 2
    assert read_owner((desk / f"locales/{name}.pot").read_text(encoding="utf-8")) == "archive/2024/story.txt"
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    assert [line for line in status_lines(capsys.readouterr().out) if line.startswith(name)][0].endswith("(archive/2024/story.txt)")
    assert cli.main(["translate", "archive/2024/story.txt", "-q"]) == 0           # and keeps them on the next run
    assert sorted(path.name for path in (desk / "locales").rglob("*.po*")) == sorted([f"{name}.po", f"{name}.pot", "story.po", "story.pot"])


def test_a_different_story_of_the_name_does_not_take_a_gone_articles_catalogs(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    review_all(desk / "locales/ar/LC_MESSAGES/story.po")
    reviewed = translations(desk / "locales/ar/LC_MESSAGES/story.po")
    (desk / "a/story.txt").unlink()
    (desk / "c").mkdir()
    (desk / "c/story.txt").write_text(STORY_B, encoding="utf-8")
    assert catalog_name(load_project(desk), "c/story.txt") == path_name("c/story.txt")
    assert cli.main(["translate", "c/story.txt", "-q"]) == 0
    assert translations(desk / "locales/ar/LC_MESSAGES/story.po") == reviewed
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    lines = status_lines(capsys.readouterr().out)
    assert any(line.startswith("story  ar") and line.endswith("(a/story.txt no longer exists)") for line in lines)
    assert lines.count("story: its article no longer exists; translate the article where it is now to keep these "
                       "catalogs, or delete them.") == 1
    gone = {(row.slug, row.owner_gone) for row in project_status(load_project(desk))}
    assert gone == {("story", True), (path_name("c/story.txt"), False)}
    (desk / "a/story.txt").write_text(STORY_A, encoding="utf-8")                 # it comes back: its catalogs are there
    assert catalog_name(load_project(desk), "a/story.txt") == "story"



def test_publish_or_review_by_the_name_of_catalogs_whose_article_is_gone_names_the_article(desk, capsys):
    """The catalogs are there: "no such catalog slug" sent the desk looking for a catalog instead of the article."""
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    (desk / "a/story.txt").unlink()
    capsys.readouterr()
    for command in (["publish", "story"], ["review", "story", "--no-browser"]):
        assert cli.main(command) == ExitCode.INPUT
        assert capsys.readouterr().err.strip() == (
            "l10n: story: its article a/story.txt no longer exists; translate the article where it is now, "
            "then pass that path.")

def test_two_articles_that_could_continue_one_gone_article_are_refused(desk, capsys):
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "-q"]) == 0
    for folder in ("x", "y"):
        (desk / folder).mkdir()
        (desk / folder / "story.txt").write_text(STORY_B, encoding="utf-8")
    (desk / "b/story.txt").unlink()
    before = tree(desk)
    assert cli.main(["translate", "x/story.txt", "y/story.txt", "-q"]) == ExitCode.USAGE
    assert capsys.readouterr().err.strip() == (
        f"l10n: x/story.txt and y/story.txt could all continue the catalogs {path_name('b/story.txt')} of b/story.txt, "
        "whose file is gone; translate the one that continues them on its own first.")
    assert tree(desk) == before
    assert cli.main(["translate", "y/story.txt", "-q"]) == 0                     # as told: y continues them, x gets its own
    assert catalog_names(load_project(desk), ["x/story.txt", "y/story.txt"]) == {
        desk.joinpath("x/story.txt").relative_to(desk): path_name("x/story.txt"),
        desk.joinpath("y/story.txt").relative_to(desk): path_name("b/story.txt")}


def test_an_article_that_could_continue_two_gone_articles_is_refused(desk, capsys):
    (desk / "c").mkdir()
    (desk / "c/story.txt").write_text(STORY_B, encoding="utf-8")
    assert cli.main(["translate", "a/story.txt", "b/story.txt", "c/story.txt", "-q"]) == 0
    (desk / "b/story.txt").rename(desk / "story.txt")
    (desk / "c/story.txt").unlink()
    before = tree(desk)
    assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.USAGE
    assert capsys.readouterr().err.strip() == (
        f"l10n: story.txt could continue the catalogs of b/story.txt ({path_name('b/story.txt')}) and c/story.txt "
        f"({path_name('c/story.txt')}), whose files are gone; restore the articles it is not, or delete their catalogs, then run again.")
    assert tree(desk) == before


def _linked_after_a_run(desk, linked: str) -> dict:
    """After a first run, ``linked`` (a catalog, template or folder) moved to shared/kept and linked back, and the
    article changed so the next run has work: the tree as it stands."""
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    (desk / "shared").mkdir()
    (desk / linked).rename(desk / "shared/kept")
    target = desk / "shared/kept"
    (desk / linked).symlink_to(os.path.relpath(target, (desk / linked).parent), target_is_directory=target.is_dir())
    (desk / "a/story.txt").write_text(STORY_A + "Traffic returned to the bridge within an hour.\n", encoding="utf-8")
    return tree(desk)


@pytest.mark.parametrize("linked", ["locales/ar/LC_MESSAGES/story.po", "locales/story.pot"])
def test_a_catalog_that_is_a_symbolic_link_is_refused_before_anything_is_written(desk, capsys, linked):
    before = _linked_after_a_run(desk, linked)
    assert cli.main(["translate", "a/story.txt", "-q"]) == ExitCode.UNSAFE_PATH
    assert capsys.readouterr().err.strip() == (
        f"l10n: {linked}: is a symbolic link (to {(desk / linked).readlink()}); l10n never writes through one: "
        "move the file it points to into its place, then run again.")
    assert tree(desk) == before
    assert cli.main(["backfill", ".", "-q"]) == ExitCode.UNSAFE_PATH
    assert tree(desk) == before
    capsys.readouterr()
    for named in ("a/story.txt", "story"):   # by its catalog's name, approve skipped the check and wrote over the link
        assert cli.main(["approve", named, "--lang", "ar", "--clean"]) == ExitCode.UNSAFE_PATH, named
        assert capsys.readouterr().err.strip().startswith(f"l10n: {linked}: is a symbolic link (to "), named
        assert tree(desk) == before


@pytest.mark.parametrize("linked", ["locales/ar", "locales/ar/LC_MESSAGES"])
def test_a_language_folder_that_is_a_symbolic_link_is_refused_before_anything_is_written(desk, capsys, linked):
    before = _linked_after_a_run(desk, linked)
    refusal = (f"l10n: {linked}: is a symbolic link (to {(desk / linked).readlink()}); l10n never writes through one: "
               "move the folder it points to into its place, then run again.")
    for verb in (["translate", "a/story.txt", "-q"], ["approve", "a/story.txt", "--lang", "ar", "--clean"],
                 ["approve", "story", "--lang", "ar", "--clean"], ["publish", "a/story.txt", "--min-reviewed", "0"]):
        assert cli.main(verb) == ExitCode.UNSAFE_PATH, verb
        assert capsys.readouterr().err.strip() == refusal
        assert tree(desk) == before


def test_a_target_folder_linked_to_nothing_is_refused(desk, capsys):
    (desk / "locales").mkdir()
    (desk / "locales/ar").symlink_to("../elsewhere/ar", target_is_directory=True)
    assert cli.main(["translate", "a/story.txt", "-q"]) == ExitCode.UNSAFE_PATH
    assert capsys.readouterr().err.strip().startswith("l10n: locales/ar: is a symbolic link (to ../elsewhere/ar);")
    assert not (desk / "elsewhere").exists() and sorted(os.listdir(desk / "locales")) == ["ar"]


def test_a_linked_locales_folder_is_followed(desk, capsys):
    (desk / "shared/locales").mkdir(parents=True)
    (desk / "locales").symlink_to("shared/locales", target_is_directory=True)
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    assert (desk / "locales").is_symlink()
    assert "Council reopens Kirkuk bridge" in sources(desk / "shared/locales/ar/LC_MESSAGES/story.po")
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0


def moved_and_replaced(desk):
    """a/story.txt translated and reviewed, moved to archive/story.txt, a new story written at a/story.txt."""
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    po_path = desk / "locales/ar/LC_MESSAGES/story.po"
    review_all(po_path)
    reviewed = translations(po_path)
    (desk / "archive").mkdir()
    (desk / "a/story.txt").rename(desk / "archive/story.txt")
    (desk / "a/story.txt").write_text("Kirkuk airport reopens\n\nFlights resumed at Kirkuk airport on Sunday.\n", encoding="utf-8")
    return po_path, reviewed


def test_a_moved_article_keeps_its_catalogs_when_a_new_story_takes_its_old_path(desk, capsys):
    """Translated together, the moved story and the new one at its old path are told apart by their text."""
    po_path, reviewed = moved_and_replaced(desk)
    assert cli.main(["translate", "a/story.txt", "archive/story.txt", "-q"]) == 0
    assert translations(po_path) == reviewed
    assert read_owner((desk / "locales/story.pot").read_text(encoding="utf-8")) == "archive/story.txt"
    assert sources(desk / f"locales/{path_name('a/story.txt')}.pot") == {"Kirkuk airport reopens", "Flights resumed at Kirkuk airport on Sunday."}


def test_a_moved_article_keeps_its_catalogs_when_the_new_story_at_its_old_path_is_translated_first(desk, capsys):
    """Before: the new story, translated on its own, took the moved story's catalogs (its reviewed entries obsolete
    there) and the moved story, translated later, got fresh ones.  The moved story's file is found by its name."""
    po_path, reviewed = moved_and_replaced(desk)
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0
    assert translations(po_path) == reviewed
    assert sources(desk / f"locales/{path_name('a/story.txt')}.pot") == {"Kirkuk airport reopens", "Flights resumed at Kirkuk airport on Sunday."}
    assert cli.main(["translate", "a/story.txt", "-q"]) == 0                       # again: it keeps its own
    assert cli.main(["translate", "archive/story.txt", "-q"]) == 0
    assert translations(po_path) == reviewed
    assert read_owner((desk / "locales/story.pot").read_text(encoding="utf-8")) == "archive/story.txt"
    assert cli.main(["translate", "a/story.txt", "archive/story.txt", "b/story.txt", "-q"]) == 0
    assert translations(po_path) == reviewed
    assert catalog_names(load_project(desk), ["a/story.txt", "archive/story.txt", "b/story.txt"]) == {
        Path("a/story.txt"): path_name("a/story.txt"), Path("archive/story.txt"): "story",
        Path("b/story.txt"): path_name("b/story.txt")}


def test_an_article_outside_the_project_rewritten_keeps_its_catalogs(desk, tmp_path, capsys):
    """The search for the old story's file finds no article in the project: the rewritten article goes on."""
    for folder in ("a", "b"):
        (desk / folder / "story.txt").unlink()
    outside = tmp_path / "outside.txt"
    outside.write_text(STORY_A, encoding="utf-8")
    assert cli.main(["translate", str(outside), "-q"]) == 0
    outside.write_text(STORY_B, encoding="utf-8")
    assert cli.main(["translate", str(outside), "-q"]) == 0
    assert "Floods close Mosul schools" in sources(desk / "locales/outside.pot")


def test_a_markdown_article_is_named_without_its_extension_and_keeps_catalogs_named_with_it(desk, capsys):
    """`story.markdown` got catalogs named `story-markdown` (and `b/story.markdown` `b-story-markdown-…`)
    where `story.md` gets `story`.  The extension is now left out for both; catalogs written under the old
    name are still their article's (their header names it): it keeps them, reviewed work and all."""
    (desk / "c").mkdir()
    (desk / "c/story.markdown").write_text("# Council reopens Kirkuk bridge\n\nThe council reopened it.\n", encoding="utf-8")
    (desk / "d").mkdir()
    (desk / "d/note.markdown").write_text("# Floods close Mosul schools\n\nRain flooded twelve schools.\n", encoding="utf-8")
    assert cli.main(["translate", "a/story.txt", "c/story.markdown", "d/note.markdown", "-q"]) == 0
    project = load_project(desk)
    assert catalog_name(project, "d/note.markdown") == "note"
    assert catalog_name(project, "c/story.markdown") == path_name("c/story.markdown")
    assert path_name("c/story.markdown").startswith("c-story-") and "markdown" not in path_name("c/story.markdown")
    for old in desk.joinpath("locales").rglob("note.p*"):   # the catalogs as an older l10n named them
        old.rename(old.with_name(old.name.replace("note", "note-markdown")))
    review_all(desk / "locales/ar/LC_MESSAGES/note-markdown.po")
    reviewed = translations(desk / "locales/ar/LC_MESSAGES/note-markdown.po")
    assert catalog_name(load_project(desk), "d/note.markdown") == "note-markdown"
    assert cli.main(["translate", "d/note.markdown", "-q"]) == 0
    assert translations(desk / "locales/ar/LC_MESSAGES/note-markdown.po") == reviewed
    assert not desk.joinpath("locales/ar/LC_MESSAGES/note.po").exists()


def translated_through_a_link(desk, tmp_path):
    """feed/story.txt in the project, a link to a file in a shared folder outside it, translated: (that folder, the
    article's catalog name)."""
    shared = tmp_path / "shared-feed"
    shared.mkdir()
    (shared / "story.txt").write_text(STORY_A, encoding="utf-8")
    (desk / "feed").mkdir()
    (desk / "feed" / "story.txt").symlink_to(shared / "story.txt")
    assert cli.main(["translate", "feed/story.txt", "-q"]) == 0
    return shared, catalog_name(load_project(desk), "feed/story.txt")


def test_an_article_linked_in_from_outside_the_project_is_recorded_by_the_path_the_desk_named(desk, tmp_path):
    """Before: the template's X-L10n-Article header named the file the link leads to, an absolute path of one machine
    (/home/…/shared/story.txt), so the catalog leaked it and changed hands on a colleague's checkout."""
    shared, name = translated_through_a_link(desk, tmp_path)
    files = [desk / "locales" / f"{name}.pot", desk / "locales" / "ar" / "LC_MESSAGES" / f"{name}.po"]
    assert all(str(tmp_path) not in path.read_text(encoding="utf-8") for path in files)
    assert read_owner(files[0].read_text(encoding="utf-8")) == "feed/story.txt"
    assert all(occurrence[0] == "feed/story.txt" for entry in polib.pofile(str(files[0])) for occurrence in entry.occurrences)


def test_catalogs_that_named_a_linked_articles_target_stay_with_it(desk, tmp_path):
    """Catalogs written before links kept their name (the header naming the absolute target) stay the article's:
    its reviewed entries are kept, and the run writes the link's path into them."""
    shared, name = translated_through_a_link(desk, tmp_path)
    template, catalog = desk / "locales" / f"{name}.pot", desk / "locales" / "ar" / "LC_MESSAGES" / f"{name}.po"
    for path in (template, catalog):   # as the previous release wrote them
        path.write_text(path.read_text(encoding="utf-8").replace("feed/story.txt", str(shared / "story.txt")), encoding="utf-8")
    review_all(catalog)
    reviewed = translations(catalog)
    assert cli.main(["translate", "feed/story.txt", "-q"]) == 0
    assert catalog_name(load_project(desk), "feed/story.txt") == name
    assert sorted(os.listdir(desk / "locales" / "ar" / "LC_MESSAGES")) == [f"{name}.po"]
    assert translations(catalog) == reviewed
    assert read_owner(template.read_text(encoding="utf-8")) == "feed/story.txt"


def test_a_rewritten_article_among_many_of_its_file_name_reads_its_catalog_once(desk, monkeypatch, capsys):
    """Each index.md of a site is held to the rewritten one's catalog: its template is parsed once, not once per file."""
    from l10n.stages import identity

    for n in range(60):
        (desk / "site" / f"p{n}").mkdir(parents=True)
        (desk / "site" / f"p{n}" / "index.md").write_text(f"# Page {n}\n\nThe council met on day {n}.\n", encoding="utf-8")
    assert cli.main(["translate", "site/p0/index.md", "-q"]) == 0
    (desk / "site/p0/index.md").write_text("# Airport\n\nFlights resumed on Sunday.\n", encoding="utf-8")
    read = []
    units = identity._units
    monkeypatch.setattr(identity, "_units", lambda project, name: read.append(name) or units(project, name))
    assert cli.main(["translate", "site/p0/index.md", "-q"]) == 0
    assert set(read) == {"index"} and len(read) <= 2   # once per naming (the run names its catalogs twice), not per file
