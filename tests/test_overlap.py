"""Drafting and catalog work on threads give the catalogs a sequential run gives, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from l10n import pipeline
from l10n.core.project import load_project
from l10n.stages import catalog, pofiles

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
