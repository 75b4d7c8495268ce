"""The progress display on a pseudo-terminal: one display per run, a task per language, advancing per batch.

No timing asserts: the display draws one frame per progress callback, so the
frames a terminal receives are the sequence of counts the run reported.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
from terminal import run_on_terminal

from l10n.cli_progress import ProgressView

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ROW = re.compile(r"(drafting \w+|all languages)\s.*?(\d+)/(\d+)")
SENTENCES = [f"The council met on Monday and approved plan number {n} for the schools of the city." for n in range(1, 25)]


def make_desk(root: Path, packages: Path) -> Path:
    """A project on the copy stand-ins with one 25-unit article."""
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    (root / "story.txt").write_text("Council approves the school plans\n\n" + "\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    return root


def on_a_terminal(args: list[str], cwd: Path, *, stdout_on_terminal: bool = True) -> str:
    """Run `l10n ARGS` with stderr (and stdout) on a pseudo-terminal; everything the terminal received."""
    return run_on_terminal([sys.executable, "-m", "l10n.cli", *args], cwd, stdout_on_terminal=stdout_on_terminal)


def frames(screen: str) -> list[tuple[str, int, int]]:
    """Every (task, done, total) row the terminal was shown, in order."""
    text = ANSI.sub("", screen)
    return [(m[1], int(m[2]), int(m[3])) for line in re.split(r"[\r\n]", text) for m in ROW.finditer(line)]


def test_the_display_advances_per_batch_before_the_first_language_finishes(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    screen = on_a_terminal(["translate", "story.txt", "-l", "ar", "-l", "ckb", "--batch-size", "2"], root)
    rows = frames(screen)
    ar_done = [done for task, done, _ in rows if task == "drafting ar"]
    first_finished = next(i for i, (task, done, total) in enumerate(rows) if task == "drafting ar" and done == total)
    before = rows[:first_finished]
    assert {task for task, _, _ in before} == {"drafting ar", "drafting ckb", "all languages"}   # one display, every language
    assert any(task == "drafting ar" and 0 < done < total for task, done, total in before)       # ar advanced in steps
    assert len(set(ar_done)) >= 5 and ar_done == sorted(ar_done)                                   # per batch, never back
    assert ("all languages", 50, 50) in rows and ("drafting ckb", 25, 25) in rows
    assert "total 2 catalogs: 50 drafted" in ANSI.sub("", screen)                                     # the summary totals


def test_silent_when_stdout_is_not_a_terminal(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    screen = on_a_terminal(["translate", "story.txt", "-l", "ar"], root, stdout_on_terminal=False)
    assert frames(screen) == [] and "drafting" not in screen


def test_the_summary_says_what_a_source_change_did(tmp_path, standin_packages_dir):
    """A reviewed entry whose source changed is kept for review; an l10n draft whose source changed is re-drafted."""
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    run = [sys.executable, "-m", "l10n.cli", "translate", "story.txt", "-l", "ar"]
    subprocess.run(run, cwd=root, check=True, capture_output=True)
    po_path = root / "locales/ar/LC_MESSAGES/story.po"
    po = polib.pofile(str(po_path), wrapwidth=0)  # polib's default re-wrap of l10n's comments is issue 21's
    reviewed = po.find(SENTENCES[0])
    reviewed.msgstr = "وافق المجلس على الخطة رقم 1."
    reviewed.flags = []
    po.save(str(po_path))
    story = root / "story.txt"
    text = story.read_text(encoding="utf-8").replace("number 1 for", "number 1 for all").replace("number 2 for", "number 2 for all")
    story.write_text(text, encoding="utf-8")
    done = subprocess.run(run, cwd=root, check=True, capture_output=True, text=True)
    assert "25 units: 1 re-drafted, 24 kept, 1 new source to review" in done.stdout.replace(",\n    ", ",")
    entry = polib.pofile(str(po_path)).find(SENTENCES[0].replace("for", "for all"))
    assert entry.fuzzy and entry.previous_msgid == SENTENCES[0] and entry.msgstr == reviewed.msgstr


def test_no_display_is_drawn_with_quiet():
    with ProgressView(quiet=True) as view:
        assert view is None
