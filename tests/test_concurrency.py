"""Two `l10n translate` runs started together on one project serialize on the lock; nothing is lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import polib

from l10n import cli
from l10n.files.lock import project_lock
from helpers import assert_project_valid, catalog_texts, make_articles_project, translate_command

REVIEWED = "نص راجعه محرر"
COMMENT = "checked against the ministry statement"


WAITING = "waiting for another l10n run to finish ("


def test_two_runs_at_once_serialize_and_keep_reviewed_work(tmp_path, standin_packages_dir, capsys):
    root = make_articles_project(tmp_path / "project", standin_packages_dir)
    assert cli.main(translate_command(root)[3:]) == 0
    po_path = root / "locales" / "ar" / "LC_MESSAGES" / "story-0.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    po[0].msgstr, po[0].flags, po[0].tcomment = REVIEWED, [], COMMENT
    po_path.write_text(str(po), encoding="utf-8")
    article = root / "articles" / "story-0.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe governor visited the base on Monday.\n", encoding="utf-8")
    capsys.readouterr()

    # the two runs are started while this test holds the project lock, so both are at the lock at once whatever the
    # machine's load (started one after the other, the first could finish before the second got there)
    logs = [tmp_path / f"run-{number}.err" for number in range(2)]
    with project_lock(root), logs[0].open("w") as first, logs[1].open("w") as second:
        runs = [subprocess.Popen(translate_command(root), stdout=subprocess.PIPE, stderr=err, text=True) for err in (first, second)]
        deadline = time.monotonic() + 120
        while not all(WAITING in log.read_text(encoding="utf-8") for log in logs) and time.monotonic() < deadline:
            assert all(run.poll() is None for run in runs), [log.read_text(encoding="utf-8") for log in logs]
            time.sleep(0.05)
    results = [(run.wait(timeout=120), run.communicate()[0], log.read_text(encoding="utf-8")) for run, log in zip(runs, logs)]

    assert [code for code, _out, _err in results] == [0, 0], results
    # story-0 changed; its review cannot change the other articles (no empty units), which are skipped
    errors = [[line for line in err.splitlines() if not line.startswith("3 articles unchanged")] for _code, _out, err in results]
    assert all(len(lines) == 1 and lines[0].startswith(WAITING) for lines in errors), errors
    assert_project_valid(root)
    entry = polib.pofile(str(po_path), wrapwidth=0).find(po[0].msgid)
    assert (entry.msgstr, entry.tcomment, entry.fuzzy) == (REVIEWED, COMMENT, False)
    assert "The governor visited the base on Monday." in po_path.read_text(encoding="utf-8")
    settled = catalog_texts(root)
    assert cli.main(translate_command(root)[3:]) == 0
    assert catalog_texts(root) == settled


def test_the_lock_of_a_killed_run_is_taken_at_once(tmp_path):
    """A run killed with SIGKILL leaves .l10n/lock behind; the next run is not kept waiting by it."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from l10n.files.lock import project_lock\n"
                               "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(600)", str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert (tmp_path / ".l10n" / "lock").exists()
    waits = []
    with project_lock(tmp_path, timeout=5, on_wait=waits.append):
        assert waits == []
