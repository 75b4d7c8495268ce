"""Ordinary OSErrors (permissions, read-only folders) end as one line and their own exit code, never as a bug (70).

l10n runs here as user ``nobody`` on a project it owns, with one file or folder
taken away from it (owned by root, not readable or not writable), since root
itself passes every permission check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from l10n import cli
from l10n.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
NOBODY = 65534

pytestmark = pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0,
                                reason="needs root to run l10n as another user")


@pytest.fixture
def desk():
    """A project with catalogs, owned by nobody, in a folder of its own under /tmp.

    Not under pytest's temp root: that is 0700, and any pytest starting meanwhile sets it back.
    """
    outer = Path(tempfile.mkdtemp(prefix="l10n-os-errors-"))
    os.chmod(outer, 0o711)
    root = outer / "desk"
    assert cli.main(["init", str(root), "--empty-glossary"]) == 0
    config = root / "l10n.toml"
    config.write_text('packages_dir = "no-packages"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(SAMPLE, root / "story.txt")
    (root / "archive").mkdir()
    shutil.copy(SAMPLE, root / "archive" / "other.txt")
    (root / "glossary" / "terms.csv").write_text("id,en,ar,ckb,tk,note\nmosul,Mosul,الموصل,,,\n", encoding="utf-8")
    assert cli.main(["-C", str(root), "translate", str(root / "story.txt"), "-q"]) == 0
    for folder, dirs, files in os.walk(root):
        for name in (folder, *(os.path.join(folder, d) for d in dirs), *(os.path.join(folder, f) for f in files)):
            os.chown(name, NOBODY, NOBODY)
    yield root
    shutil.rmtree(outer, ignore_errors=True)


def take_away(path: Path, mode: int) -> None:
    """Give ``path`` to root with ``mode``: nobody keeps only what ``mode`` grants others."""
    os.chown(path, 0, 0)
    os.chmod(path, mode)


def as_nobody(root: Path, *args: str) -> subprocess.CompletedProcess:
    command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-m", "l10n.cli", *args]
    env = {**os.environ, "HOME": str(root), "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=300)


def assert_one_line(done: subprocess.CompletedProcess, code: ExitCode, *words: str) -> None:
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("l10n: "), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_an_unreadable_article_is_a_read_error_not_a_usage_error(desk):
    take_away(desk / "story.txt", 0o600)
    assert_one_line(as_nobody(desk, "translate", "story.txt", "-q"), ExitCode.CANNOT_READ, "story.txt", "Permission denied")


def test_an_unreadable_folder_of_articles_is_a_read_error(desk):
    take_away(desk / "archive", 0o700)
    assert_one_line(as_nobody(desk, "translate", "archive", "-q"), ExitCode.CANNOT_READ, "archive")


def test_an_unreadable_article_to_publish_is_a_read_error(desk):
    take_away(desk / "story.txt", 0o600)
    assert_one_line(as_nobody(desk, "publish", "story.txt"), ExitCode.CANNOT_READ, "story.txt")


def test_an_unreadable_glossary_is_a_read_error(desk):
    take_away(desk / "glossary" / "terms.csv", 0o600)
    assert_one_line(as_nobody(desk, "glossary", "list"), ExitCode.CANNOT_READ, "terms.csv")


def test_an_unreadable_tbx_to_import_is_a_read_error(desk):
    tbx = desk / "terms.tbx"
    tbx.write_text("<martif/>", encoding="utf-8")
    take_away(tbx, 0o600)
    assert_one_line(as_nobody(desk, "glossary", "import", "terms.tbx"), ExitCode.CANNOT_READ, "terms.tbx")


def test_an_unreadable_catalog_is_a_read_error_for_check_and_status(desk):
    catalog = desk / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    take_away(catalog, 0o600)
    assert_one_line(as_nobody(desk, "check", str(catalog)), ExitCode.CANNOT_READ, "story.po")
    assert_one_line(as_nobody(desk, "status"), ExitCode.CANNOT_READ, "story.po")


def test_an_unreadable_config_is_a_read_error(desk):
    take_away(desk / "l10n.toml", 0o600)
    assert_one_line(as_nobody(desk, "status"), ExitCode.CANNOT_READ, "l10n.toml")


def test_a_read_only_catalog_folder_is_a_write_error(desk):
    (desk / "story.txt").write_text(SAMPLE.read_text(encoding="utf-8") + "\nA new closing sentence was added.\n", encoding="utf-8")
    take_away(desk / "locales" / "ar" / "LC_MESSAGES", 0o755)
    # ar alone: with other languages to write, the catalog fails alone (test_article_failures)
    assert_one_line(as_nobody(desk, "translate", "story.txt", "-q", "-l", "ar"), ExitCode.CANNOT_WRITE, "LC_MESSAGES")


def both_articles_grown(desk) -> str:
    """Translate the archive, then add one sentence to story.txt and to archive/other.txt; returns the sentence."""
    assert as_nobody(desk, "translate", "archive", "-q").returncode == 0
    added = "\nA new closing sentence was added.\n"
    for article in (desk / "story.txt", desk / "archive" / "other.txt"):
        article.write_text(SAMPLE.read_text(encoding="utf-8") + added, encoding="utf-8")
    return added


def only_story_failed(desk, done, unreadable: str, added: str) -> None:
    """story.txt failed alone, naming ``unreadable``; other.txt's catalogs took the ``added`` sentence."""
    assert done.returncode == ExitCode.ARTICLES_FAILED, done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("failed: ")]   # the others: missing models
    assert unreadable in line and "Permission denied" in line and "Traceback" not in done.stderr, line
    assert added.strip() in (desk / "locales" / "other.pot").read_text(encoding="utf-8")
    assert all(added.strip() in path.read_text(encoding="utf-8") for path in (desk / "locales").glob("*/LC_MESSAGES/other.po"))


@pytest.mark.parametrize("command", ["translate", "backfill"])
@pytest.mark.parametrize("unreadable", ["template", "template and catalogs"])
def test_an_unreadable_template_fails_its_article_alone(desk, command, unreadable):
    """The template says which article owns a catalog; when no file of it can be read, that article cannot be named."""
    added = both_articles_grown(desk)
    taken = [desk / "locales" / "story.pot"]
    if unreadable == "template and catalogs":
        taken += sorted((desk / "locales").glob("*/LC_MESSAGES/story.po"))
    for path in taken:
        take_away(path, 0o600)
    only_story_failed(desk, as_nobody(desk, command, "story.txt", "archive", "-q"), "story.pot", added)


def test_an_unreadable_catalog_fails_its_article_alone(desk):
    """A language catalog that cannot be read at the start of a run over several articles fails that article only."""
    added = both_articles_grown(desk)
    take_away(desk / "locales" / "ar" / "LC_MESSAGES" / "story.po", 0o600)
    only_story_failed(desk, as_nobody(desk, "translate", "story.txt", "archive", "-q"), "story.po", added)


def test_an_unwritable_state_folder_is_a_database_error(desk):
    shutil.rmtree(desk / ".l10n")
    (desk / ".l10n").mkdir()
    take_away(desk / ".l10n", 0o755)
    assert_one_line(as_nobody(desk, "translate", "archive", "-q"), ExitCode.DATABASE, ".l10n")
    assert not (desk / "locales" / "other.pot").exists()


def test_a_memory_that_cannot_be_made_is_a_database_error(desk):
    shutil.rmtree(desk / ".l10n")
    take_away(desk, 0o755)
    assert_one_line(as_nobody(desk, "tm", "rebuild"), ExitCode.DATABASE, "memory")


def test_a_report_into_a_read_only_folder_is_a_write_error(desk):
    (desk / "out").mkdir()
    take_away(desk / "out", 0o755)
    assert_one_line(as_nobody(desk, "glossary", "export", "out/terms.tbx"), ExitCode.CANNOT_WRITE, "out")


def test_an_article_in_a_folder_that_may_not_be_searched_is_a_read_error(desk):
    (desk / "private").mkdir()
    shutil.copy(SAMPLE, desk / "private" / "story.txt")
    take_away(desk / "private", 0o700)
    for command in (("translate", "private/story.txt", "-q"), ("publish", "private/story.txt")):
        assert_one_line(as_nobody(desk, *command), ExitCode.CANNOT_READ, "private/story.txt")


def test_init_in_a_folder_that_cannot_be_written_is_a_write_error(desk):
    (desk.parent / f"{desk.name}-closed").mkdir()
    try:
        take_away(desk.parent / f"{desk.name}-closed", 0o700)
        assert_one_line(as_nobody(desk, "init", str(desk.parent / f"{desk.name}-closed" / "new")), ExitCode.CANNOT_WRITE, "new")
    finally:
        shutil.rmtree(desk.parent / f"{desk.name}-closed")


def test_an_unreadable_article_in_a_backfill_is_that_articles_failure(desk):
    shutil.copy(SAMPLE, desk / "archive" / "second.txt")
    os.chown(desk / "archive" / "second.txt", NOBODY, NOBODY)
    take_away(desk / "archive" / "other.txt", 0o600)
    done = as_nobody(desk, "backfill", "archive", "-q")
    assert done.returncode == ExitCode.ARTICLES_FAILED, done.stderr
    assert "other.txt" in done.stderr and "Permission denied" in done.stderr and "Traceback" not in done.stderr
    assert (desk / "locales" / "second.pot").is_file()


def test_an_unreadable_catalog_in_a_backfill_is_that_articles_failure(desk):
    """Judging which articles are current reads their catalogs: one it cannot read leaves that article due, not the run stopped."""
    take_away(desk / "locales" / "ar" / "LC_MESSAGES" / "story.po", 0o600)
    done = as_nobody(desk, "backfill", ".", "-q")
    assert done.returncode == ExitCode.ARTICLES_FAILED, done.stderr
    assert done.stderr.startswith("failed: story.txt: ") and "story.po" in done.stderr and "Permission denied" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and (desk / "locales" / "other.pot").is_file()
