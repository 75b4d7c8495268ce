"""Stress (issue 21): a desk edits the article, the glossary and a catalog at random moments during 100 runs.

A second process (tests/desk_editor.py) appends paragraphs to the article,
adds glossary terms (saved by rename) and saves the catalog as a translator
with polib (reviewing or emptying an entry).  The runs are ``translate_changed``
with a FakeEngine, so each takes a fraction of a second.  After each run:

* every paragraph appended before the run started is in the catalog, drafted;
* a run that skipped the article as unchanged found the article and the glossary
  as the last drafting run read them (nothing was recorded as done that was not);
* every file passes ``msgfmt --check``.

At the end (editor stopped, one more run): every translator review is in the
catalog as the translator left it, unless a later save changed that entry, and
no entry is empty.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from l10n.commands.runs import translate_changed
from l10n.core.project import load_project
from l10n.files.digests import folder_digests
from l10n.stages.engine.fake import FakeEngine, copy_source

RUNS = 100
ARTICLE = "Council reopens Kirkuk bridge\n\nThe provincial council reopened the old bridge on Monday after repairs.\n"


def slow_copy(request):
    """The copy model, taking a moment per unit so that edits land while a run drafts."""
    time.sleep(0.01)
    return copy_source(request)


def run(root: Path):
    return translate_changed(load_project(root), [root / "story.txt"],
                             engine_factory=lambda project, profile: FakeEngine(slow_copy, target=profile.code))


def edits(log: Path) -> list[dict]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [edit for line in lines if line.endswith("}") and (edit := json.loads(line))]


def settled(path: Path) -> bytes:
    """The file's bytes once no save is under way (the editor rewrites in place): two equal reads 20 ms apart."""
    previous = path.read_bytes()
    while True:
        time.sleep(0.02)
        current = path.read_bytes()
        if current == previous:
            return current
        previous = current


def entries(po_path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(settled(po_path).decode("utf-8")) if not entry.obsolete}


def msgfmt_clean(root: Path) -> None:
    for path in sorted((root / "locales").rglob("*.po*")):
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", "-"], input=settled(path), capture_output=True)
        assert done.returncode == 0, f"{path}: {done.stderr.decode()}"


@pytest.mark.stress
def test_edits_during_100_runs_are_drafted_or_kept(tmp_path):
    root = tmp_path / "desk"
    (root / "glossary").mkdir(parents=True)
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    (root / "glossary/terms.csv").write_text("id,en,ar,origin\nkirkuk,Kirkuk,كركوك,test\n", encoding="utf-8")
    (root / "story.txt").write_text(ARTICLE, encoding="utf-8")
    po_path = root / "locales/ar/LC_MESSAGES/story.po"
    last_read = run(root).inputs[0]
    log, stop = tmp_path / "edits.jsonl", tmp_path / "stop"
    editor = subprocess.Popen([sys.executable, str(Path(__file__).with_name("desk_editor.py")), str(root), "21", str(log), str(stop)])
    drafted = 0
    pause = random.Random(21)
    while not log.exists() or not log.read_text(encoding="utf-8"):  # the editor is ready
        time.sleep(0.05)
    try:
        for number in range(RUNS):
            time.sleep(pause.uniform(0.0, 0.1))  # the runs come at random moments too
            started = time.time()
            report = run(root)
            ended = time.time()
            catalog = entries(po_path)
            time.sleep(0.1)  # a save under way when the catalog was read is in the log now
            done = edits(log)
            saved_since = any(edit["kind"] in ("review", "clear") and edit["end"] > started for edit in done)
            for edit in done:  # (a translator's save during the run may hold an older copy: the next run drafts again)
                if edit["kind"] == "article" and edit["end"] < started and not saved_since:
                    assert edit["sentence"] in catalog, f"run {number}: {edit['sentence']!r} was never drafted"
                    entry = catalog[edit["sentence"]]
                    assert entry.msgstr, f"run {number}: {entry.msgid!r} left empty"
            if report.inputs:
                last_read, drafted = report.inputs[0], drafted + 1
            elif not any(edit["end"] > started - 0.001 for edit in done):  # skipped, and nothing moved meanwhile
                article_now = hashlib.sha256((root / "story.txt").read_bytes()).hexdigest()
                glossary_now = folder_digests(load_project(root).glossary_dir)
                if not any(edit["start"] > ended for edit in edits(log)):  # what was just read is what the run skipped
                    assert article_now == last_read.article, f"run {number} skipped an article changed since it was drafted"
                    assert glossary_now == dict(last_read.glossary), f"run {number} skipped a changed glossary"
            if number % 10 == 0:
                msgfmt_clean(root)
    finally:
        stop.write_text("stop", encoding="utf-8")
        editor.wait(timeout=30)
    assert editor.returncode == 0
    run(root)
    run(root)
    msgfmt_clean(root)
    catalog = entries(po_path)
    done = edits(log)
    assert drafted > RUNS / 4 and len(done) > RUNS / 2 and {edit["kind"] for edit in done} == {"article", "glossary", "review", "clear"}
    last = {}
    for edit in done:
        if edit["kind"] in ("review", "clear"):
            last[edit["msgid"]] = edit
    for msgid, edit in last.items():
        if edit["kind"] == "review":
            assert catalog[msgid].msgstr == edit["text"] and not catalog[msgid].fuzzy, f"review of {msgid!r} lost"
    assert all(entry.msgstr for entry in catalog.values()), [m for m, e in catalog.items() if not e.msgstr]
    assert all(edit["sentence"] in catalog for edit in done if edit["kind"] == "article")
