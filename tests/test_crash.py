"""Crashes and full disks: every file is either the old one or the new one, and a re-run heals.

The kill test starts `l10n translate` as a subprocess on a project of a few
articles drafted by the tiny stand-in packages, SIGKILLs it after a seeded
random delay spread over an uninterrupted run's duration, and checks the
project after every kill: every .po/.pot passes ``msgfmt --check`` and reads
with polib, the memory passes ``PRAGMA integrity_check``, and leftover
temporary files are never taken for catalogs.  A final run must produce the
catalogs an uninterrupted run produces.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from helpers import VARIANTS, assert_project_valid, catalog_files, catalog_texts, make_articles_project, translate_command
from l10n import cli
from l10n.errors import ExitCode
from l10n.stages.pofiles import catalog_paths

ROOT = Path(__file__).resolve().parents[1]
KILLS = 25
SEED = 20200329


@pytest.mark.stress
def test_sigkill_at_random_points_never_leaves_a_partial_file(tmp_path, standin_packages_dir):
    reference = make_articles_project(tmp_path / "reference", standin_packages_dir)
    started = time.monotonic()
    subprocess.run(translate_command(reference), check=True, capture_output=True)
    duration = time.monotonic() - started
    expected = catalog_texts(reference)
    assert len(expected) == len(VARIANTS) * 4

    root = make_articles_project(tmp_path / "killed", standin_packages_dir)
    rng = random.Random(SEED)
    delays = sorted(rng.uniform(0.05, duration) for _ in range(KILLS))
    outcomes = []
    for delay in delays:
        process = subprocess.Popen(translate_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        stderr = process.communicate()[1].decode()
        outcomes.append(process.returncode)
        assert "Traceback" not in stderr
        assert_project_valid(root)
        if process.returncode == 0:  # finished before the kill: start over, so the next kill lands mid-run
            shutil.rmtree(root / "locales")
            shutil.rmtree(root / ".l10n")
    assert set(outcomes) <= {0, -signal.SIGKILL} and -signal.SIGKILL in outcomes, list(zip(delays, outcomes))

    subprocess.run(translate_command(root), check=True, capture_output=True)
    assert_project_valid(root)
    assert catalog_texts(root) == expected


def test_a_full_disk_stops_a_backfill_in_one_line_and_a_rerun_resumes(tmp_path, standin_packages_dir, monkeypatch, capsys):
    """Before: the chunk failed, each article was drafted again on its own and failed too, one line per article
    (an archive of thousands, each drafted twice for nothing). A full disk fails every write after it: one line, stop."""
    root = make_articles_project(tmp_path / "project", standin_packages_dir)
    real_fsync = os.fsync

    def fsync(fd):
        if re.search(r"\.pot?\.\w+\.tmp$", os.readlink(f"/proc/self/fd/{fd}")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    backfill = ["backfill", str(root / "articles"), "--project", str(root), "-q"]
    assert cli.main(backfill) == ExitCode.CANNOT_WRITE
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "the disk is full" in err and "free some space and run again" in err, err
    assert catalog_files(root) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert cli.main(backfill) == 0
    assert capsys.readouterr().out.startswith("4 articles: 4 translated, 0 already current, 0 failed")


def test_full_disk_keeps_the_previous_catalog_and_says_so_in_one_line(tmp_path, standin_packages_dir, monkeypatch, capsys):
    root = make_articles_project(tmp_path / "project", standin_packages_dir)
    assert cli.main(translate_command(root, "articles/story-0.txt")[3:]) == 0
    capsys.readouterr()
    before = {path: path.read_bytes() for path in catalog_files(root)}
    files_before = sorted(p for p in root.rglob("*") if p.is_file())
    article = root / "articles" / "story-0.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe governor visited the base on Monday.\n", encoding="utf-8")

    real_fsync, calls = os.fsync, []

    def fsync(fd):
        """The disk fills up when the first PO's temporary file is synced, before the POT (written last) is touched."""
        name = os.readlink(f"/proc/self/fd/{fd}")
        if re.search(r"\.po\.\w+\.tmp$", name):
            calls.append(name)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code = cli.main(translate_command(root, "articles/story-0.txt")[3:])
    err = capsys.readouterr().err
    assert code != 0 and len(calls) == 1   # a full disk fails every write after it: the run stops at the first
    assert len(err.splitlines()) == 1 and "the disk is full" in err and "previous version is unchanged" in err, err
    assert "Traceback" not in err
    changed = [path for path, data in before.items() if path.read_bytes() != data]
    assert changed == []  # the templates are written after every language catalog, so nothing moved
    assert sorted(p for p in root.rglob("*") if p.is_file()) == files_before   # no file left behind, whatever its name
    assert_project_valid(root)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert cli.main(translate_command(root, "articles/story-0.txt")[3:]) == 0
    assert_project_valid(root)


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 2 MiB tmpfs, where this machine lets us mount one (root in a container); else a clear skip."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or result.returncode})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_really_full_disk_fails_in_one_line_and_a_rerun_after_freeing_space_heals(tiny_tmpfs, standin_packages_dir, capsys):
    root = make_articles_project(tiny_tmpfs / "project", standin_packages_dir)
    assert cli.main(translate_command(root, "articles/story-0.txt")[3:]) == 0
    capsys.readouterr()
    before = {path: path.read_bytes() for path in catalog_files(root)}
    filler = tiny_tmpfs / "filler"
    with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    code = cli.main(translate_command(root)[3:])
    err = capsys.readouterr().err
    assert code == ExitCode.CANNOT_WRITE and len(err.splitlines()) == 1, err
    assert re.search(r"disk (is|may be) full", err) and "Traceback" not in err, err
    assert all(path.read_bytes() == data for path, data in before.items()), err
    filler.unlink()
    assert_project_valid(root)
    assert cli.main(translate_command(root)[3:]) == 0
    assert_project_valid(root)


def test_corrupt_memory_gets_one_line_and_tm_rebuild_fixes_it(tmp_path, standin_packages_dir, capsys):
    root = make_articles_project(tmp_path / "project", standin_packages_dir)
    args = translate_command(root, "articles/story-0.txt")[3:]
    assert cli.main(args) == 0
    po_path = root / "locales" / "ar" / "LC_MESSAGES" / "story-0.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    po[0].msgstr, po[0].flags = "عنوان راجعه محرر", []
    po_path.write_text(str(po), encoding="utf-8")
    memory = root / ".l10n" / "memory.sqlite"
    data = bytearray(memory.read_bytes())
    data[100:4096] = os.urandom(4096 - 100)  # page 1 beyond the header: the schema is gone
    memory.write_bytes(bytes(data))
    capsys.readouterr()

    assert cli.main(args) == 4
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "l10n tm rebuild" in err, err
    assert cli.main(["tm", "rebuild", "--project", str(root)]) == 0
    assert "rebuilt the memory from 1 reviewed entries read: 1 entries in the memory" in capsys.readouterr().out
    with contextlib.closing(sqlite3.connect(memory)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert cli.main(args) == 0
    assert_project_valid(root)


def test_output_of_a_killed_run_is_not_mistaken_for_catalogs(tmp_path):
    """A temporary file left by a kill is named .<name>.<random>.tmp: no catalog glob picks it up."""
    from l10n.files.atomic import atomic_write

    target = tmp_path / "locales" / "ar" / "LC_MESSAGES" / "x.po"
    atomic_write(target, 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    stray = target.with_name(".x.po.abc123.tmp")
    stray.write_text('msgid "half', encoding="utf-8")
    assert catalog_paths(tmp_path / "locales") == [target]
    with contextlib.redirect_stdout(io.StringIO()):
        assert_project_valid(tmp_path)


BACKFILL_ADDED = "The governor visited the base again on Monday."


def recorded_articles(root) -> set[str]:
    state = root / ".l10n" / "runs.sqlite"
    if not state.exists():
        return set()
    try:
        with contextlib.closing(sqlite3.connect(state, timeout=1)) as db:
            return {path for (path,) in db.execute("SELECT path FROM articles WHERE path != ''")}
    except sqlite3.OperationalError:       # not made yet, or being written
        return set()


def test_a_backfill_killed_between_chunks_resumes_and_redrafts_an_article_edited_meanwhile(tmp_path, standin_packages_dir):
    root = make_articles_project(tmp_path / "desk", standin_packages_dir)
    command = [sys.executable, "-m", "l10n.cli", "backfill", str(root / "articles"), "--chunk", "1", "-q", "--project", str(root)]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not recorded_articles(root) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    assert run.wait(timeout=60) == -signal.SIGKILL, run.stderr.read()
    done = recorded_articles(root)
    assert 0 < len(done) < 4, done
    assert_project_valid(root)
    edited = root / sorted(done)[0]
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n{BACKFILL_ADDED}\n", encoding="utf-8")

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert recorded_articles(root) == {f"articles/story-{n}.txt" for n in range(4)}
    assert_project_valid(root)
    po = root / "locales" / "ar" / "LC_MESSAGES" / f"{edited.stem}.po"
    assert BACKFILL_ADDED in {entry.msgid for entry in polib.pofile(str(po)) if not entry.obsolete}
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "4 already current" in again.stdout + again.stderr, again.stdout + again.stderr
