"""ArgosEngine on the stand-in copy packages: a copy model's draft equals its source (l10n/stages/engine/argos.py)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import ctranslate2
import pytest

from l10n.core.languages import get_profile, target_profile
from l10n.core.project import EngineSettings, Project
from l10n.core.records import EngineRequest, Hypothesis
from l10n.errors import ModelError
from l10n.stages.engine.argos import ArgosEngine, load_engine, resolve_compute_type, resolve_device
from l10n.stages.engine.packages import list_packages, read_package

SENTENCES = [
    "Iraqi forces withdrew from Qayyarah on 12 May, officials said.",
    "The ISF's ⟦T0⟧ convoy reached Kirkuk.",
    "Short.",
    "Kerkük'te İstanbul ışığı, Sorani: ڕۆژ لە کەرکووک.",
    "A longer sentence about the 3rd brigade, 1,250 troops and the road to Mosul (Route 1).",
]
SETTINGS = EngineSettings(max_batch_size=2, beam_size=2)


@pytest.fixture(scope="module")
def packages(standin_packages_dir):
    return {package.name: package for package in list_packages(standin_packages_dir)}


@pytest.fixture(scope="module")
def ar_engine(packages):
    return ArgosEngine(packages["translate-en_ar"], "ar", SETTINGS)


@pytest.fixture(scope="module")
def mul_engine(packages):
    return ArgosEngine(packages["translate-en_mul"], "ckb", SETTINGS)


def test_batch_drafts_come_back_in_request_order(ar_engine):
    drafts = ar_engine.translate_batch([EngineRequest(s) for s in SENTENCES])
    assert drafts == [[Hypothesis(s)] for s in SENTENCES]
    assert ar_engine.id == "argos translate-en_ar 0.0.1"


def test_n_best_gives_that_many_drafts_best_first(ar_engine):
    drafts = ar_engine.translate_batch([EngineRequest(SENTENCES[0], n_best=3), EngineRequest(SENTENCES[2])])
    assert len(drafts[0]) == 3 and drafts[0][0].text == SENTENCES[0]
    assert drafts[1] == [Hypothesis(SENTENCES[2])]


def test_hard_target_prefix_is_forced_then_the_model_continues(ar_engine):
    (drafts,) = ar_engine.translate_batch([EngineRequest("One two three four", target_prefix="Two")])
    assert [h.text for h in drafts] == ["Two two three four"]  # the copy model resumes at the source position after the prefix


def test_soft_prefix_bias_only_wins_when_strong(ar_engine):
    weak, strong = ar_engine.translate_batch([
        EngineRequest("One two three four", target_prefix="Two", prefix_bias=0.05),
        EngineRequest("One two three four", target_prefix="Two", prefix_bias=0.95),
    ])
    assert weak == [Hypothesis("One two three four")]
    assert strong == [Hypothesis("Two two three four")]


def test_multilingual_prefix_tokens_never_leak(mul_engine, packages):
    package = packages["translate-en_mul"]
    assert package.source_prefix and package.target_prefix
    drafts = mul_engine.translate_batch([EngineRequest(s, n_best=2) for s in SENTENCES])
    assert [d[0].text for d in drafts] == SENTENCES
    for draft in (h.text for group in drafts for h in group):
        assert package.source_prefix not in draft and package.target_prefix not in draft


def test_a_copied_source_prefix_is_removed_from_the_draft(packages):
    """Without a target prefix the copy model echoes the source prefix token; the draft must not show it."""
    package = packages["translate-en_mul"]
    echoing = dataclasses.replace(package, per_target=(("tk", package.source_prefix, ""),))
    drafts = ArgosEngine(echoing, "tk", SETTINGS).translate_batch([EngineRequest(SENTENCES[1])])
    assert drafts == [[Hypothesis(SENTENCES[1])]]


def test_progress_reports_each_finished_chunk(ar_engine):
    steps: list[int] = []
    requests = [EngineRequest(s) for s in SENTENCES] + [EngineRequest(SENTENCES[0], n_best=2)]
    ar_engine.translate_batch(requests, progress=steps.append)
    assert sum(steps) == len(requests)
    assert steps == [2, 2, 1, 1]  # five 1-best requests in chunks of 2, then the 2-best group


def test_no_requests_load_nothing(packages, tmp_path):
    missing = dataclasses.replace(packages["translate-en_ar"], path=tmp_path / "gone")
    assert ArgosEngine(missing, "ar", SETTINGS).translate_batch([]) == []


def test_compute_type_auto_is_int8_on_a_cpu_that_has_it(monkeypatch):
    monkeypatch.setattr(ctranslate2, "get_supported_compute_types", lambda device: {"int8", "float32"})
    assert resolve_compute_type("auto", "cpu") == "int8"
    monkeypatch.setattr(ctranslate2, "get_supported_compute_types", lambda device: {"float32"})
    assert resolve_compute_type("auto", "cpu") == "default"
    assert resolve_compute_type("auto", "cuda") == "default"
    assert resolve_compute_type("int16", "cpu") == "int16"


def test_device_auto_uses_a_gpu_only_when_there_is_one(monkeypatch):
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert resolve_device("auto") == "cpu"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert resolve_device("auto") == "cuda"


def test_cuda_without_a_gpu_is_a_one_line_model_error(packages, monkeypatch):
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    engine = ArgosEngine(packages["translate-en_ar"], "ar", EngineSettings(device="cuda"))
    with pytest.raises(ModelError, match="no CUDA GPU") as caught:
        engine.translate_batch([EngineRequest("Hello.")])
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("broken", ["model/model.bin", "sentencepiece.model"])
def test_corrupt_model_files_become_one_line_model_errors(standin_packages_dir, tmp_path, broken):
    copy = shutil.copytree(standin_packages_dir / "translate-en_ar", tmp_path / "translate-en_ar")
    (copy / broken).write_bytes(b"\x00garbage\xff" * 10)
    engine = ArgosEngine(read_package(copy), "ar", SETTINGS)
    with pytest.raises(ModelError, match="loading the model failed") as caught:
        engine.translate_batch([EngineRequest("Hello.")])
    assert "\n" not in str(caught.value) and str(copy) in str(caught.value)
    assert isinstance(caught.value.__cause__, (RuntimeError, OSError, ValueError))


def test_unknown_compute_type_is_mapped_at_the_boundary(packages):
    engine = ArgosEngine(packages["translate-en_ar"], "ar", EngineSettings(compute_type="int3"))
    with pytest.raises(ModelError, match="loading the model failed"):
        engine.translate_batch([EngineRequest("Hello.")])


def test_load_engine_follows_the_profile_and_the_pivot(standin_packages_dir, tmp_path):
    project = Project(root=tmp_path, packages_dir=standin_packages_dir)
    assert load_engine(project, get_profile("ar")).target == "ar"
    tk = load_engine(project, get_profile("tk"))  # en→tr first: the multilingual en→tk model only on the tk route
    assert (tk.package.name, tk.target) == ("translate-en_tr", "tr")
    tk_route = load_engine(project, target_profile("tk", "tk"))
    assert (tk_route.package.name, tk_route.target) == ("translate-en_mul", "tk")

    only_tr = tmp_path / "only-tr"
    shutil.copytree(standin_packages_dir / "translate-en_tr", only_tr / "translate-en_tr")
    pivot = load_engine(Project(root=tmp_path, packages_dir=only_tr), get_profile("tk"))
    assert pivot.target == "tr"
    assert load_engine(Project(root=tmp_path, packages_dir=only_tr), get_profile("ckb")) is None


def test_installed_built_archive_drafts(standin_packages_dir, tmp_path):
    """A package we build and install ourselves drafts through the engine."""
    from l10n.stages.engine import packages as models

    source = standin_packages_dir / "translate-en_tr"
    archive = models.build_package_archive(source / "model", source / "sentencepiece.model", tmp_path / "tr.argosmodel",
                                           from_code="en", to_code="tr", version="2.0")
    installed = models.install_archive(archive, tmp_path / "packages")
    assert ArgosEngine(installed, "tr", SETTINGS).translate_batch([EngineRequest(SENTENCES[3])]) == [[Hypothesis(SENTENCES[3])]]


def test_importing_engine_and_models_loads_no_ml_library():
    code = (
        "import sys, l10n.stages.engine, l10n.stages.engine.argos, l10n.stages.engine.packages\n"
        "print(sorted(m for m in ('ctranslate2', 'sentencepiece', 'torch', 'argostranslate') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_long_segment_is_drafted_whole(ar_engine):
    """Longer than CTranslate2's default 256-token decoding limit in the tiny package's small vocabulary."""
    long_source = " ".join(SENTENCES * 2)
    assert ar_engine.translate_batch([EngineRequest(long_source)]) == [[Hypothesis(long_source)]]


def test_alignment_is_returned_only_when_asked(ar_engine, mul_engine):
    source = "The Iraqi Security Forces took over K1, the base near Kirkuk."
    (plain,), (aligned,) = ar_engine.translate_batch([EngineRequest(source), EngineRequest(source, with_alignment=True)])
    assert plain.alignment is None and aligned.text == source
    words = len(source.split())
    assert len(aligned.alignment) == words and all(0 <= index < words for index in aligned.alignment)
    ((multilingual,),) = mul_engine.translate_batch([EngineRequest(source, with_alignment=True)])
    assert len(multilingual.alignment) == words  # the package's prefix tokens are no words


def test_word_alignment_sums_pieces_into_words():
    from l10n.stages.engine.argos import word_alignment

    source = ["▁Kir", "kuk", "▁is", "▁calm"]
    target = ["▁hadi", "▁Ker", "kük"]
    rows = [[0.0, 0.0, 0.1, 0.9], [0.6, 0.0, 0.4, 0.0], [0.0, 0.5, 0.5, 0.0]]
    alignment, confidence = word_alignment(target, rows, source, 2, 3)
    assert alignment == (2, 0) and confidence == pytest.approx((0.9, 0.55))  # Kirkuk gets 1.1 of "Kerkük"'s 2 rows
    assert word_alignment(target, rows, source, 3, 3) is None  # counts disagree: no alignment at all
