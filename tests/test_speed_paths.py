"""The paths that make l10n fast, checked for behaviour (no timing asserts; timings are in scripts/bench_translate.py).

* a run over several articles loads each model once and sends all their units in one batched call;
* reviewed units and units the memory serves never reach the model; a second run loads no model;
* commands that need no model import no ML library;
* the engine's overlapping batches give the same drafts, in order, as one batch at a time;
* the progress bar shows on a terminal only, and never with --quiet.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from terminal import run_on_terminal

from l10n.core.project import EngineSettings, load_project
from l10n.core.records import EngineRequest
from l10n.errors import ExitCode
from l10n.pipeline import translate
from l10n.stages.engine import load_engine
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.packages import list_packages

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("ctranslate2", "sentencepiece", "torch", "argostranslate.translate")
STORIES = {
    "budget.txt": "Erbil approves the new budget\n\nThe council met on Monday.\n\nIt voted 20 to 5 for the plan.\n",
    "water.txt": "Water shortages hit Daquq\n\nFarmers lost half of the harvest.\n\nThe council met on Monday.\n",
    "power.txt": "Power cuts last 12 hours\n\nTemperatures reached 50 degrees Celsius in Basra.\n",
}
# what l10n runs: the CLI's main(), then the ML modules it imported, as JSON on stderr's last line
CLI = ("import json, sys; from l10n.cli import main; code = main(sys.argv[1:]); "
       f"sys.stderr.write(json.dumps([m for m in {HEAVY!r} if m in sys.modules]) + '\\n'); sys.exit(code)")


def make_desk(root: Path, packages: Path, *, glossary: bool = False) -> Path:
    """A project on the tiny stand-ins with three stories; no glossary unless asked (one engine pass per unit)."""
    (root / "stories").mkdir(parents=True)
    for name, text in STORIES.items():
        (root / "stories" / name).write_text(text, encoding="utf-8")
    if glossary:  # configured folders stay inside the project
        shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    return root


def sources_of(root: Path) -> set[str]:
    """Distinct unit sources of the three stories (the council sentence is shared by two)."""
    return {block.strip() for text in STORIES.values() for block in text.split("\n\n")}


class Recorder:
    """engine_factory wrapping the real one: which languages were loaded, and every batched call made."""

    def __init__(self):
        self.loaded: list[str] = []
        self.calls: dict[str, list[list[str]]] = {}

    def __call__(self, project, profile):
        engine = load_engine(project, profile)
        if engine is None:
            return None
        self.loaded.append(profile.code)
        calls = self.calls.setdefault(profile.code, [])

        class Recording:
            id, target, fingerprint = engine.id, engine.target, ""

            def translate_batch(self, requests, progress=None):
                calls.append([r.source for r in requests])
                return engine.translate_batch(requests, progress)

        return Recording()


def run_cli(args: list[str], cwd: Path, **options) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The CLI in a fresh interpreter; its result and the ML modules it had imported by the end."""
    done = subprocess.run([sys.executable, "-c", CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120, **options)
    return done, json.loads(done.stderr.strip().splitlines()[-1])


def test_a_folder_of_articles_loads_each_model_once_and_batches_all_their_units(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    recorder = Recorder()
    report = translate(load_project(root), [root / "stories"], engine_factory=recorder)
    assert sorted(report.articles) == ["budget", "power", "water"]
    assert sorted(recorder.loaded) == ["ar", "ckb", "tk"]
    for lang, calls in recorder.calls.items():
        assert len(calls) == 1, lang                           # one batched call per language, all articles in it
        assert sorted(calls[0]) == sorted(sources_of(root))     # the shared sentence is drafted once


def test_several_files_in_one_run_are_batched_like_a_folder(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    recorder = Recorder()
    translate(load_project(root), sorted((root / "stories").iterdir()), langs=["ar"], engine_factory=recorder)
    assert recorder.loaded == ["ar"] and len(recorder.calls["ar"]) == 1


def test_reviewed_and_memory_units_never_reach_the_model(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    translate(load_project(root), [root / "stories" / "budget.txt"], langs=["ar"])
    path = root / "locales" / "ar" / "LC_MESSAGES" / "budget.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid == "The council met on Monday.":
            entry.msgstr, entry.flags = "اجتمع المجلس يوم الاثنين.", []   # reviewed by a translator
        else:
            entry.msgstr, entry.flags = "", []                           # emptied: needs a draft again
    po.save(str(path))

    recorder = Recorder()
    translate(load_project(root), [root / "stories" / "budget.txt"], langs=["ar"], engine_factory=recorder)
    assert recorder.calls["ar"] == [["Erbil approves the new budget", "It voted 20 to 5 for the plan."]]

    recorder = Recorder()   # water.txt shares the reviewed sentence: the memory serves it
    translate(load_project(root), [root / "stories" / "water.txt"], langs=["ar"], engine_factory=recorder)
    assert sorted(recorder.calls["ar"][0]) == ["Farmers lost half of the harvest.", "Water shortages hit Daquq"]


def test_second_run_over_unchanged_articles_loads_no_model(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir, glossary=True)
    translate(load_project(root), [root / "stories"])
    recorder = Recorder()
    translate(load_project(root), [root / "stories"], engine_factory=recorder)
    assert recorder.loaded == []
    done, heavy = run_cli(["translate", "stories", "--quiet"], cwd=root)   # end to end: not even imported
    assert done.returncode == 0 and heavy == []


@pytest.mark.parametrize("command, code", [
    (["status"], ExitCode.OK),
    (["check"], ExitCode.FINDINGS),                # copy drafts: English text in Arabic entries
    (["models", "list"], ExitCode.OK),
    (["publish", "stories/budget.txt", "--min-reviewed", "0"], ExitCode.PUBLISH_BLOCKED),   # only ar was drafted
])
def test_commands_that_need_no_model_import_no_ml_library(tmp_path, standin_packages_dir, command, code):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    translate(load_project(root), [root / "stories"], langs=["ar"])
    done, heavy = run_cli(command, cwd=root)
    assert done.returncode == code, done.stderr
    assert heavy == []


def test_overlapping_batches_keep_request_order_and_count_progress(standin_packages_dir):
    (package,) = [p for p in list_packages(standin_packages_dir) if p.path.name == "translate-en_ar"]
    sentences = [f"Story {i}: the council met {'again ' * (i % 5)}on Monday." for i in range(23)]
    requests = [EngineRequest(s, n_best=1 + i % 2) for i, s in enumerate(sentences)]
    one_at_a_time = ArgosEngine(package, "ar", EngineSettings(inter_threads=1, intra_threads=1, max_batch_size=3))
    overlapping = ArgosEngine(package, "ar", EngineSettings(inter_threads=2, intra_threads=1, max_batch_size=3))
    steps: list[int] = []
    drafts = overlapping.translate_batch(requests, progress=steps.append)
    assert drafts == one_at_a_time.translate_batch(requests)
    assert [hypotheses[0].text for hypotheses in drafts] == sentences            # the copy stand-in echoes each source
    assert sum(steps) == len(requests) and max(steps) <= 3


def _translate_on_a_terminal(root: Path, *extra: str) -> str:
    """Run `l10n translate` with stdout and stderr on a pseudo-terminal; what the terminal showed."""
    return run_on_terminal([sys.executable, "-c", CLI, "translate", "stories", "--lang", "ar", *extra], root)


def test_progress_bar_on_a_terminal_only_and_never_with_quiet(tmp_path, standin_packages_dir):
    root = make_desk(tmp_path / "desk", standin_packages_dir)
    assert "drafting ar" in _translate_on_a_terminal(root)
    (root / "locales").rename(root / "first-run")
    assert "drafting" not in _translate_on_a_terminal(root, "--quiet")
    (root / "locales").rename(root / "second-run")
    done, _ = run_cli(["translate", "stories", "--lang", "ar"], cwd=root)   # piped: not a terminal
    assert done.returncode == 0 and "drafting" not in done.stderr


@pytest.mark.parametrize("glossary", [False, True], ids=["empty glossary", "desk glossary"])
def test_the_bench_s_own_work_run_replays_the_real_run(tmp_path, trained_packages_dir, glossary):
    """scripts/bench_translate.py --own-work times l10n with the model's answers replayed: a ceiling on its ratio
    only if that run is the real job, so its catalogs must be the real run's, terms enforced and all."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench_translate as bench
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    articles = bench.write_articles(tmp_path / "articles", bench.read_sentences()[:20])
    package = trained_packages_dir / "full" / "translate-en_tr"
    real = bench.make_project(tmp_path / "real", package, glossary=glossary, beam=1, articles=articles)
    replayed = bench.make_project(tmp_path / "replayed", package, glossary=glossary, beam=1, articles=articles)
    engine = bench.record_answers(replayed, tmp_path / "answers.pkl")
    assert engine["target"] == "tr" and engine["fingerprint"]
    (tmp_path / "own.json").write_text(json.dumps({"answers": str(tmp_path / "answers.pkl"), **engine}), encoding="utf-8")
    bench.run_l10n(real)
    bench.run_own_work(replayed, tmp_path / "own.json")
    assert len(bench.catalog_texts(real)) == 2
    bench.check_replayed(real, replayed)
    if glossary:
        hints = re.findall(r"^#\. (?:l10n: )?glossary:", "".join(bench.catalog_texts(replayed).values()), re.MULTILINE)
        assert len(hints) >= 3  # terms were enforced in the replayed drafts
    (tmp_path / "answers.pkl").write_bytes(__import__("pickle").dumps({}))  # a replay missing the answers fails
    with pytest.raises(SystemExit):
        bench.run_own_work(replayed, tmp_path / "own.json")
