"""Rough edges a desk meets on the command line: paths from a subfolder, l10n's own folders named as articles,
status rows of catalogs waiting for a moved story, and status for one story."""

from __future__ import annotations

import pytest

from l10n import cli
from l10n.errors import ExitCode
from l10n.stages.identity import path_name

STORY = "Council reopens Kirkuk bridge\n\nThe provincial council reopened the old bridge on Monday after repairs.\n"
OTHER = "Floods close Mosul schools\n\nHeavy rain flooded twelve schools in Mosul, officials said on Tuesday.\n"


@pytest.fixture
def desk(tmp_path, standin_packages_dir, monkeypatch):
    """A project on the copy stand-ins (Arabic only) with a/story.txt and b/other.txt; the working folder is the project."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "l10n.toml").write_text(f'packages_dir = "{standin_packages_dir}"\ntargets = ["ar"]\n', encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.csv").write_text("id,en\n", encoding="utf-8")
    for folder, name, text in (("a", "story.txt", STORY), ("b", "other.txt", OTHER)):
        (root / folder).mkdir()
        (root / folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


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
