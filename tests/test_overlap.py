"""Drafting and catalog work on threads give the catalogs a sequential run gives, byte for byte."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import polib
import pytest

from l10n import pipeline
from l10n.core.project import load_project
from l10n.stages import catalog, engine, pofiles

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "scripts" / "data" / "news_sentences.txt"
FIXED_DATE = "2026-01-01 00:00+0000"


def _news_sentences() -> list[str]:
    lines = (line.strip() for line in SENTENCES.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _project(root: Path, packages: Path) -> tuple[Path, list[Path]]:
    """Five articles of news sentences, the desk glossary, ar and tk, small batches so every language has several chunks."""
    shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "l10n.toml").write_text(f'targets = ["ar", "tk"]\npackages_dir = "{packages}"\n\n[engine]\nmax_batch_size = 2\n',
                                    encoding="utf-8")
    sentences = _news_sentences()
    paths = []
    for index in range(5):
        path = root / f"story-{index}.txt"
        path.write_text("\n\n".join(sentences[index * 7 : index * 7 + 7]) + "\n", encoding="utf-8")
        paths.append(path)
    return root, paths


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "locales").rglob("*.po*"))}


@pytest.fixture
def fixed_dates(monkeypatch):
    monkeypatch.setattr(catalog, "header_date", lambda: FIXED_DATE)
    monkeypatch.setattr(pofiles, "header_date", lambda: FIXED_DATE)


def test_overlapped_drafting_writes_what_sequential_drafting_writes(tmp_path, trained_packages_dir, monkeypatch, fixed_dates):
    written = {}
    for threads in (0, 2):
        monkeypatch.setattr(pipeline, "MODEL_THREADS", threads)
        monkeypatch.setattr(pipeline, "GETTEXT_THREADS", max(1, threads))
        root, paths = _project(tmp_path / f"threads-{threads}", trained_packages_dir / "full")
        project = load_project(root)
        chunk = pipeline.engine_chunk_size(project)
        report = pipeline.translate(project, paths)
        assert sum(language.drafted for language in report.languages) > 2 * chunk  # several chunks per language
        written[threads] = _catalogs(root)
    assert written[0] and written[0] == written[2]


def test_a_model_error_on_a_drafting_thread_stops_the_run_before_any_catalog_is_written(tmp_path, trained_packages_dir, monkeypatch):
    from l10n.errors import ModelError
    from l10n.stages.engine.argos import ArgosEngine

    monkeypatch.setattr(pipeline, "MODEL_THREADS", 2)

    def broken(self, requests, progress=None):
        raise ModelError("the model failed")

    monkeypatch.setattr(ArgosEngine, "translate_batch", broken)
    root, paths = _project(tmp_path, trained_packages_dir / "full")
    with pytest.raises(ModelError, match="the model failed"):
        pipeline.translate(load_project(root), paths)
    assert not (root / "locales").exists() or not any((root / "locales").rglob("*.po"))


def _sequential(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MODEL_THREADS", 0)
    monkeypatch.setattr(pipeline, "GETTEXT_THREADS", 1)
    monkeypatch.setattr(engine, "EARLY_MODEL_LOAD", False)


def test_a_model_loaded_while_the_articles_are_read_writes_what_a_sequential_run_writes(tmp_path, trained_packages_dir,
                                                                                       monkeypatch, fixed_dates):
    from l10n.stages.engine import EngineCache, load_engine
    from l10n.stages.engine.argos import ArgosEngine

    loads, read_so_far = [], []   # loads: (thread name, whether an article had been read by then)
    load_once, read_and_segment = ArgosEngine._load_once, pipeline.read_and_segment

    def recorded_load(self):
        if self._translator is None:
            loads.append((threading.current_thread().name, bool(read_so_far)))
        return load_once(self)

    def recorded_read(*args, **kwargs):
        read_so_far.append(args[1])
        return read_and_segment(*args, **kwargs)

    monkeypatch.setattr(ArgosEngine, "_load_once", recorded_load)
    monkeypatch.setattr(pipeline, "read_and_segment", recorded_read)
    written = {}
    for overlapped in (False, True):
        loads.clear(), read_so_far.clear()
        with monkeypatch.context() as patch:
            if not overlapped:
                _sequential(patch)
            root, paths = _project(tmp_path / f"overlapped-{overlapped}", trained_packages_dir / "full")
            cache = EngineCache(load_engine)   # what the CLI passes
            try:
                pipeline.translate(load_project(root), paths, engine_factory=cache)
            finally:
                cache.close()
        written[overlapped] = _catalogs(root)
        if overlapped:   # both models (ar, tk via tr) began loading on their own thread before the first article was read
            assert sorted(loads) == [("l10n-model-load", False)] * 2
        else:
            assert len(loads) == 2 and all(read_before for _, read_before in loads)
    assert written[False] and written[False] == written[True]


def test_no_model_starts_early_for_catalogs_that_exist_and_none_is_left_when_the_memory_serves_every_unit(
        tmp_path, trained_packages_dir, monkeypatch):
    from l10n.stages.engine import argos
    from l10n.stages.engine.argos import ArgosEngine

    root, paths = _project(tmp_path, trained_packages_dir / "full")
    pipeline.translate(load_project(root), paths)
    loads = []
    load_once = ArgosEngine._load_once
    monkeypatch.setattr(ArgosEngine, "_load_once", lambda self: loads.append(self) or load_once(self))
    pipeline.translate(load_project(root), paths)   # unchanged: every catalog exists, nothing needs a draft
    assert loads == []

    for po in (root / "locales").rglob("*.po"):   # the drafts, reviewed, go to the memory; the catalogs go
        edited = polib.pofile(str(po), wrapwidth=0)
        for entry in edited:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        edited.save(str(po))
    pipeline.translate(load_project(root), paths)
    shutil.rmtree(root / "locales")
    loads.clear()
    report = pipeline.translate(load_project(root), paths)   # new catalogs: the models start early, then nothing drafts
    assert sum(language.drafted for language in report.languages) == 0
    assert sum(language.reused for language in report.languages) > 0
    assert loads and not argos._STARTED   # the models that started were freed, not left for a later run


def test_new_templates_are_checked_by_gettext_while_the_models_draft(tmp_path, trained_packages_dir, monkeypatch):
    from l10n.stages.engine.argos import ArgosEngine

    checked = threading.Event()
    check_ahead, translate_batch = pofiles.check_ahead, ArgosEngine.translate_batch
    seen_while_drafting = []

    def recorded_check(*args):
        check_ahead(*args)
        checked.set()

    def drafting(self, requests, progress=None):
        seen_while_drafting.append(checked.wait(timeout=30))
        return translate_batch(self, requests, progress)

    monkeypatch.setattr(pofiles, "check_ahead", recorded_check)
    monkeypatch.setattr(ArgosEngine, "translate_batch", drafting)
    root, paths = _project(tmp_path, trained_packages_dir / "full")
    pipeline.translate(load_project(root), paths)
    assert seen_while_drafting and all(seen_while_drafting)


def test_a_run_through_the_run_state_starts_the_model_before_it_imports_the_pipeline(tmp_path, trained_packages_dir, monkeypatch):
    from l10n.commands import runs
    from l10n.stages.engine import EngineCache, argos, load_engine

    loading_when_due = []
    translate_due = runs._translate_due
    monkeypatch.setattr(runs, "_translate_due",
                        lambda *args, **kwargs: loading_when_due.append(sorted(key[1] for key in argos._STARTED))
                        or translate_due(*args, **kwargs))
    root, paths = _project(tmp_path, trained_packages_dir / "full")
    cache = EngineCache(load_engine)   # what the CLI passes
    try:
        report = runs.translate_changed(load_project(root), paths, engine_factory=cache)
    finally:
        cache.close()
    assert loading_when_due == [["ar", "tr"]]   # both models loading (tk drafts through en→tr) before the pipeline's import
    assert sum(language.drafted for language in report.languages) > 0 and not argos._STARTED
