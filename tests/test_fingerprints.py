"""Fingerprints of what was drafted (issue 21, item 2), and draft settings refused where they are parsed."""

from __future__ import annotations

import polib
import pytest

from l10n import cli
from l10n.commands.runs import translate_changed
from l10n.core.project import load_project
from l10n.errors import ExitCode
from l10n.stages.engine.fake import FakeEngine, copy_source

ARTICLE = "Council reopens Kirkuk bridge\n\nThe provincial council reopened the old bridge on Monday after repairs.\n"
ADDED = "Engineers will inspect the bridge again next spring, the council said.\n"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    root = tmp_path / "desk"
    (root / "glossary").mkdir(parents=True)
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    (root / "glossary/terms.csv").write_text("id,en,ar,origin\nkirkuk,Kirkuk,كركوك,test\n", encoding="utf-8")
    (root / "story.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def run(root, during=None):
    """One translate run with a FakeEngine; ``during()`` runs while the engine drafts (after every input was read)."""
    def script(request):
        if during is not None:
            during()
        return copy_source(request)

    return translate_changed(load_project(root), ["story.txt"], engine_factory=lambda project, profile: FakeEngine(script, target=profile.code))


def msgids(root) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(root / "locales/ar/LC_MESSAGES/story.po")) if not entry.obsolete}


def test_an_article_edited_during_the_run_is_drafted_by_the_next(desk):
    run(desk, during=lambda: (desk / "story.txt").write_text(ARTICLE + "\n" + ADDED, encoding="utf-8"))
    assert ADDED.strip() not in msgids(desk)
    report = run(desk)
    assert not any("unchanged" in notice for notice in report.notices)
    assert ADDED.strip() in msgids(desk)


def test_a_glossary_edited_during_the_run_makes_the_next_run_due(desk):
    edit = lambda: (desk / "glossary/terms.csv").write_text(  # noqa: E731
        "id,en,ar,origin\nkirkuk,Kirkuk,كركوك,test\nbridge,bridge,جسر,test\n", encoding="utf-8")
    run(desk, during=edit)
    assert not any("unchanged" in notice for notice in run(desk).notices)   # due: the glossary was read before the edit
    assert any("unchanged" in notice for notice in run(desk).notices)


def test_an_unchanged_run_is_still_skipped(desk):
    run(desk)
    assert any("unchanged" in notice for notice in run(desk).notices)


def test_the_batch_size_is_part_of_the_fingerprint(desk):
    run(desk)
    (desk / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n[engine]\nmax_batch_size = 4\n', encoding="utf-8")
    assert not any("unchanged" in notice for notice in run(desk).notices)


@pytest.mark.parametrize("option", [["--batch-size", "-1"], ["--batch-size", "0"], ["--threads", "-1"]])
def test_sizes_below_one_are_usage_errors_at_parse_time(desk, option, capsys):
    assert cli.main(["translate", "story.txt", "-q", *option]) == ExitCode.USAGE
    assert not (desk / "locales").exists()


@pytest.mark.parametrize("setting, key", [
    ("[engine]\nmax_batch_size = 0\n", "max_batch_size"),
    ("[engine]\nmax_batch_size = -1\n", "max_batch_size"),
    ("[engine]\nbeam_size = 1.5\n", "beam_size"),
    ("[engine]\ndevice = \"tpu\"\n", "device"),
    ('fuzzy_threshold = "high"\n', "fuzzy_threshold"),
    ("fuzzy_threshold = 150\n", "fuzzy_threshold"),
    ('exact_match_fuzzy = "yes"\n', "exact_match_fuzzy"),
    ("locales_dir = 3\n", "locales_dir"),
])
def test_a_setting_of_the_wrong_type_or_range_is_one_line_naming_the_key(desk, setting, key, capsys):
    (desk / "l10n.toml").write_text(setting, encoding="utf-8")
    for command in (["translate", "story.txt", "-q"], ["status"], ["check"]):
        assert cli.main(command) == ExitCode.DATA_FILE
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and f"{key} = " in err and "fix the value" in err, err
    assert not (desk / "locales").exists()
