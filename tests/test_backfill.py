"""Back-fill: resumable chunks, failures isolated, output as if each article ran alone."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polib
import pytest

from helpers import LANGS, SENTENCES, archive_entries, make_desk
from l10n import cli, pipeline
from l10n.commands.backfill import backfill
from l10n.commands.runs import STATE_FILE
from l10n.core.project import EngineSettings, load_project
from l10n.core.records import EngineRequest
from l10n.errors import ExitCode
from l10n.stages.engine import argos, open_engines
from l10n.stages.engine.argos import ArgosEngine, load_engine, resolve_threads
from l10n.stages.engine.packages import read_package


@pytest.fixture
def project_dir(tmp_path, standin_packages_dir):
    return make_desk(tmp_path / "desk", standin_packages_dir, 7)


def run(root: Path, **options):
    project = load_project(root)
    return backfill(project, [root / "archive"], engine_factory=load_engine, **options)


def test_output_is_identical_to_translating_each_article_alone(project_dir, tmp_path):
    alone = tmp_path / "alone"
    shutil.copytree(project_dir, alone)
    report = run(project_dir, chunk_size=3)
    assert (report.translated, report.skipped, report.failed) == (7, 0, ())
    project = load_project(alone)
    for article in sorted((alone / "archive").iterdir()):
        pipeline.translate(project, [article])
    for lang in LANGS:
        ours = sorted((project_dir / "locales" / lang / "LC_MESSAGES").glob("*.po"))
        assert [p.name for p in ours] == [f"story-{n:02d}.po" for n in range(7)]
        for path in ours:
            assert archive_entries(path) == archive_entries(alone / "locales" / lang / "LC_MESSAGES" / path.name)


def test_summary_counts_units_in_every_language(project_dir):
    report = run(project_dir, chunk_size=4)
    units = sum(len([e for e in polib.pofile(str(p)) if not e.obsolete])
                for p in (project_dir / "locales").glob("*/LC_MESSAGES/*.po"))
    assert report.articles == report.translated == 7
    assert report.drafted + report.reused == units == 7 * 4 * len(LANGS)
    flagged = sum(1 for p in (project_dir / "locales").glob("*/LC_MESSAGES/*.po")
                  for e in polib.pofile(str(p)) if "FLAG " in e.comment)
    assert report.flagged == flagged > 0 and report.seconds > 0   # copy drafts are English: every language flags them


def test_a_second_run_skips_everything_and_an_edit_redoes_only_that_article(project_dir):
    run(project_dir)
    again = run(project_dir)
    assert (again.translated, again.skipped, again.drafted) == (0, 7, 0)
    edited = project_dir / "archive" / "story-03.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe ISF said the road was open again.\n", encoding="utf-8")
    third = run(project_dir)
    assert (third.translated, third.skipped) == (1, 6)
    assert third.drafted == len(LANGS)  # only the new sentence, in each language
    assert (project_dir / STATE_FILE).is_file()


def test_a_catalog_changed_by_hand_makes_its_article_due_again(project_dir):
    run(project_dir)
    po_path = project_dir / "locales/ar/LC_MESSAGES/story-01.po"
    po = polib.pofile(str(po_path))
    po[0].msgstr, po[0].flags = "مراجعة", []
    po.save()
    again = run(project_dir)
    assert (again.translated, again.skipped) == (1, 6)
    assert polib.pofile(str(po_path))[0].msgstr == "مراجعة"  # the review is kept


def test_bad_articles_are_reported_and_skipped_while_the_others_complete(project_dir):
    (project_dir / "archive" / "story-00.txt").write_text("", encoding="utf-8")
    (project_dir / "archive" / "story-04.txt").write_bytes(b"\x00\x01binary\x00")
    report = run(project_dir, chunk_size=3)
    assert report.translated == 5
    assert [Path(f.path).name for f in report.failed] == ["story-00.txt", "story-04.txt"]
    assert "empty" in report.failed[0].reason and "binary" in report.failed[1].reason
    assert not (project_dir / "locales/ar/LC_MESSAGES/story-00.po").exists()
    assert (project_dir / "locales/ar/LC_MESSAGES/story-05.po").exists()
    again = run(project_dir)  # failures are not recorded as done: they are tried again
    assert (again.translated, again.skipped, len(again.failed)) == (0, 5, 2)


def test_a_chunk_that_fails_as_a_whole_is_redone_article_by_article(project_dir):
    broken = project_dir / "locales/ar/LC_MESSAGES/story-02.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "unterminated\n', encoding="utf-8")
    report = run(project_dir, chunk_size=7)
    assert report.translated == 6
    assert [Path(f.path).name for f in report.failed] == ["story-02.txt"]
    assert "story-02.po" in report.failed[0].reason


def test_progress_reaches_every_article_and_unit(project_dir):
    seen = []
    run(project_dir, chunk_size=3, progress=lambda done, total, units: seen.append((done, total, units)))
    assert seen[0] == (0, 7, 0)
    assert seen[-1][:2] == (7, 7) and seen[-1][2] > 0
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)


def test_workers_on_every_core_draft_like_one_worker(standin_packages_dir):
    package = read_package(standin_packages_dir / "translate-en_mul")
    requests = [EngineRequest(s, target_prefix="The" if n % 5 == 0 else "", n_best=1 + n % 2, prefix_bias=0.5 * (n % 3 == 0))
                for n, s in enumerate(SENTENCES)]
    single = ArgosEngine(package, "ckb", EngineSettings(inter_threads=1, intra_threads=1)).translate_batch(requests)
    counted = []
    assert ArgosEngine(package, "ckb", EngineSettings(inter_threads=2, max_batch_size=4)).translate_batch(requests, progress=counted.append) == single
    assert sum(counted) == len(requests)


def test_default_threads_fit_the_machine():
    inter, intra = resolve_threads(EngineSettings(), "cpu")
    assert inter >= 1 and intra == 1
    assert resolve_threads(EngineSettings(), "cuda")[0] == 1
    assert resolve_threads(EngineSettings(inter_threads=1, intra_threads=3), "cpu") == (1, 3)


@pytest.mark.parametrize("cores, intra, workers", [(8, 2, 4), (8, 3, 2), (2, 4, 1), (1, 16, 1), (4, 1, 4)])
def test_default_workers_leave_room_for_the_intra_threads_set(monkeypatch, cores, intra, workers):
    """intra_threads alone: as many workers as fit beside it (workers x intra_threads <= cores, at least one)."""
    monkeypatch.setattr(argos, "available_cores", lambda: cores)
    assert resolve_threads(EngineSettings(intra_threads=intra), "cpu") == (workers, intra)
    assert resolve_threads(EngineSettings(intra_threads=intra), "cuda") == (1, intra)
    assert resolve_threads(EngineSettings(inter_threads=3, intra_threads=intra), "cpu") == (3, intra)  # both set: as given


# -- the command ---------------------------------------------------------------------------------

def test_cli_backfill_summary_and_exit_code(project_dir, capsys, monkeypatch):
    monkeypatch.chdir(project_dir)
    (project_dir / "archive" / "story-06.txt").write_text("", encoding="utf-8")
    assert cli.main(["backfill", "archive", "-q"]) == ExitCode.ARTICLES_FAILED
    out, err = capsys.readouterr()
    assert "7 articles: 6 translated, 0 already current, 1 failed\nunits: 72 drafted, 0 from memory" in out
    assert max(map(len, out.splitlines())) <= 80   # was one line of ~110 columns
    assert err.count("\n") == 1 and err.startswith("failed:") and "story-06.txt" in err
    assert cli.main(["backfill", "archive", "-q"]) == ExitCode.ARTICLES_FAILED
    assert "6 already current" in capsys.readouterr().out


def test_cli_cuda_asked_for_and_absent_is_one_line(project_dir, capsys, monkeypatch):
    monkeypatch.chdir(project_dir)
    assert cli.main(["backfill", "archive", "-q", "--device", "cuda"]) == 5
    assert cli.main(["translate", "archive/story-01.txt", "-q", "--device", "cuda"]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and err.splitlines()[0] == err.splitlines()[1]
    assert "no CUDA GPU" in err and not (project_dir / "locales/ar").exists()


def test_cli_ray_engine_without_the_extra_says_how_to_get_it(project_dir, capsys, monkeypatch):
    monkeypatch.chdir(project_dir)
    monkeypatch.setitem(sys.modules, "ray", None)  # as if ray were not installed
    assert cli.main(["backfill", "archive", "-q", "--engine", "ray"]) == 2
    assert cli.main(["translate", "archive/story-01.txt", "-q", "--engine", "ray"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["l10n: the Ray engine needs the ray extra: pip install 'l10n[ray]'."] * 2


def test_cli_rejects_unknown_engines_and_an_address_without_ray(project_dir, capsys, monkeypatch):
    monkeypatch.chdir(project_dir)
    assert cli.main(["backfill", "archive", "-q", "--engine", "spark"]) == 2
    assert cli.main(["backfill", "archive", "-q", "--address", "auto"]) == 2
    err = capsys.readouterr().err
    assert "use 'local' or 'ray'" in err and "add --engine ray" in err


def test_open_engines_local_is_the_argos_engine(project_dir):
    project = load_project(project_dir)
    from l10n.core.languages import get_profile

    with open_engines("local", project) as factory:
        engine = factory(project, get_profile("ar"))
    assert isinstance(engine, ArgosEngine) and engine.target == "ar"


def test_translate_and_backfill_do_not_make_each_other_redo_articles(project_dir, monkeypatch):
    """One skip-and-record rule: what one command finished, the other finds current (both ways)."""
    from l10n.commands import runs

    drafted = []
    real = runs._translate_due
    monkeypatch.setattr(runs, "_translate_due", lambda project, due, *a, **k: drafted.append(due) or real(project, due, *a, **k))
    project = load_project(project_dir)
    articles = sorted((project_dir / "archive").glob("*.txt"))
    runs.translate_changed(project, articles[:3], engine_factory=load_engine)      # translate first ...
    assert (report := run(project_dir)) and (report.translated, report.skipped) == (4, 3)   # ... backfill skips those
    drafted.clear()
    runs.translate_changed(project, articles, engine_factory=load_engine)           # ... and translate skips backfill's
    assert drafted == []


def test_a_review_elsewhere_makes_due_only_articles_the_memory_could_fill(project_dir, standin_packages_dir, tmp_path):
    """Units left empty can be filled from another article's review; drafted ones cannot, so those stay current."""
    (project_dir / "l10n.toml").write_text(f'packages_dir = "{standin_packages_dir}"\ntargets = ["ar"]\n', encoding="utf-8")
    assert run(project_dir).translated == 7
    po_path = project_dir / "locales/ar/LC_MESSAGES/story-01.po"
    po = polib.pofile(str(po_path))
    po[0].msgstr, po[0].flags = "مراجعة", []
    po.save()
    assert (run(project_dir).translated, run(project_dir).translated) == (1, 0)   # only the reviewed one, then none

    only_ar = tmp_path / "only-ar"
    only_ar.mkdir()
    (only_ar / "translate-en_ar").symlink_to(standin_packages_dir / "translate-en_ar")
    (project_dir / "l10n.toml").write_text(f'packages_dir = "{only_ar}"\ntargets = ["ar", "ckb"]\n', encoding="utf-8")
    assert run(project_dir).translated == 7                      # ckb is new: its units are left empty
    po = polib.pofile(str(po_path))
    po[1].msgstr, po[1].flags = "مراجعة أخرى", []
    po.save()
    assert run(project_dir).translated == 7                      # the memory could fill any of them now


def test_a_run_state_deleted_during_the_run_is_made_again_and_the_run_goes_on(project_dir):
    """Deleting .l10n/runs.sqlite is how a desk redoes everything; doing so mid-run must not stop the run."""
    def delete_after_the_first_chunk(done, total, units):
        if done == 2 and (project_dir / STATE_FILE).exists():
            (project_dir / STATE_FILE).unlink()

    report = run(project_dir, chunk_size=2, progress=delete_after_the_first_chunk)
    assert (report.translated, report.failed) == (7, ())
    again = run(project_dir, chunk_size=2)
    assert (again.translated, again.skipped, again.drafted) == (2, 5, 0)   # the first chunk was recorded in the deleted file


def test_flagged_counts_the_flags_left_in_the_articles_a_rerun_skips(project_dir):
    """As translate's summary does: flagged entries still await review whether or not this run drafted them."""
    first = run(project_dir)
    assert first.flagged > 0
    again = run(project_dir)
    assert (again.skipped, again.flagged) == (7, first.flagged)
    edited = project_dir / "archive" / "story-03.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe ISF said the road was open again.\n", encoding="utf-8")
    third = run(project_dir)
    assert (third.translated, third.flagged) == (1, first.flagged + len(LANGS))   # the new sentence's drafts are flagged too


@pytest.mark.parametrize("size", ["0", "-2"])
def test_a_chunk_of_no_articles_is_a_usage_error(project_dir, size, capsys, monkeypatch):
    monkeypatch.chdir(project_dir)
    assert cli.main(["backfill", "archive", "-q", "--chunk", size]) == ExitCode.USAGE
    assert capsys.readouterr().err == f"l10n: --chunk {size}: give at least 1 article per chunk.\n"
    assert not (project_dir / "locales").exists()
