"""Memory matches and glossary fills are checked like engine drafts, and the summary counts the files' flags.

The engine is the FakeEngine (copies the source behind a language mark); the
memory fill itself needs no engine, so the CLI run below has no model at all.
"""

from __future__ import annotations

import polib

from l10n import cli
from l10n.pipeline import translate
from l10n.stages.catalog import l10n_notes
from helpers import copying_engine, make_project

SAID_2003 = "The coalition built the K1 air base near Kirkuk in 2003 and expanded it after the war."
SAYS_2004 = "The coalition built the K1 air base near Kirkuk in 2004 and expanded it after the war."
REVIEWED_2003 = "بنى التحالف قاعدة K1 الجوية قرب كركوك عام 2003 ووسعها بعد الحرب."


def test_a_fuzzy_match_that_changes_the_year_is_flagged_in_the_entry_and_in_every_summary(tmp_path, capsys):
    project = make_project(tmp_path / "desk")
    (project.root / "packages").mkdir()
    (project.root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "packages"\n', encoding="utf-8")
    first = project.root / "first.txt"
    first.write_text(f"Base history\n\n{SAID_2003}\n", encoding="utf-8")
    translate(project, [first], engine_factory=copying_engine())
    reviewed = polib.pofile(str(project.catalog_path("first", "ar")))
    entry = reviewed.find(SAID_2003)
    entry.msgstr, entry.flags = REVIEWED_2003, []
    reviewed.save()
    second = project.root / "second.txt"
    second.write_text(f"Base history\n\n{SAYS_2004}\n", encoding="utf-8")
    command = ["translate", str(second), "--project", str(project.root), "-q", "--lang", "ar"]

    capsys.readouterr()
    assert cli.main(command) == 0
    summary = capsys.readouterr().out
    entry = polib.pofile(str(project.catalog_path("second", "ar"))).find(SAYS_2004)
    assert entry.msgstr == REVIEWED_2003 and entry.fuzzy
    comments = l10n_notes(entry)
    assert "l10n: FLAG memory_facts: the memory match was reviewed for a source with 2003 where this unit has 2004; correct the translation" in comments
    assert "l10n: FLAG numbers: number 2004 missing from the translation" in comments
    assert "1 from memory" in summary and "1 flagged" in summary, summary

    assert cli.main(command) == 0  # nothing new to draft: the flag is still in the file, and still counted
    again = capsys.readouterr().out
    assert "from memory" not in again and "1 flagged" in again, again   # only counts that are not zero are named


def test_an_exact_match_that_fails_qa_goes_in_for_review_not_as_reviewed(tmp_path):
    project = make_project(tmp_path / "desk")
    first = project.root / "first.txt"
    first.write_text(f"Base history\n\n{SAYS_2004}\n", encoding="utf-8")
    translate(project, [first], engine_factory=copying_engine())
    reviewed = polib.pofile(str(project.catalog_path("first", "ar")))
    entry = reviewed.find(SAYS_2004)
    entry.msgstr, entry.flags = REVIEWED_2003, []  # reviewed, but with the wrong year
    reviewed.save()
    second = project.root / "second.txt"
    second.write_text(f"Another story\n\n{SAYS_2004}\n", encoding="utf-8")
    report = translate(project, [second], engine_factory=copying_engine())
    entry = polib.pofile(str(project.catalog_path("second", "ar"))).find(SAYS_2004)
    assert entry.msgstr == REVIEWED_2003 and entry.fuzzy
    assert "l10n: FLAG numbers: number 2004 missing from the translation" in l10n_notes(entry)
    assert report.languages[0].reused == 1 and report.languages[0].flagged >= 1
