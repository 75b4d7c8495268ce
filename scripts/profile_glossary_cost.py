"""Where the desk glossary's extra time goes in `l10n translate` on the trained stand-ins, per stage and per function.

    python scripts/profile_glossary_cost.py [--out FILE] [--variants full early] [--langs ar tk] [--beams 4 1]

The same call as scripts/bench_glossary.py's cost table (section 6): one engine
per language and beam, ``pipeline.translate`` in-process over the sample and
the generated sentences, the desk glossary against an empty one.  The
pipeline's threads are turned off (``MODEL_THREADS = 0``, ``GETTEXT_THREADS =
1``) so every stage runs, and is timed, on this thread.  Per cell:

- stages, without a profiler: CPU seconds per stage (best of ``--repeats``,
  interleaved), empty and desk, and the desk's first run on a fresh engine
  (cold: nothing cached in memory, as in a new ``l10n translate`` process);
- the functions whose cumulative CPU time grows most from the empty run to the
  desk run (cProfile, warm).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_glossary import BENCH_SEED, LANGUAGES, SAMPLE, TRAINED, write_project  # noqa: E402
from l10n import pipeline  # noqa: E402
from l10n.core.project import EngineSettings, load_project  # noqa: E402
from l10n.core.records import EngineRequest  # noqa: E402
from l10n.stages import adapt, catalog, terms  # noqa: E402
from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.stages.terms import enforce  # noqa: E402
from synthetic_news import generate  # noqa: E402

#: (module, function, stage label): the stages timed; a stage inside another is timed on its own too.
STAGES = (
    (adapt, "load_desk_rules", "glossary and rules loaded"),
    (pipeline, "read_and_segment", "read and segment"),
    (pipeline, "glossary_fills", "glossary fills (first term search)"),
    (terms, "draft_with_glossary", "drafting and enforcement"),
    (enforce, "own_renderings", "  of which the terms' own renderings"),
    (pipeline, "_engine_draft", "QA of the drafts"),
    (pipeline, "_apply_drafts", "drafts into catalogs"),
    (catalog, "refresh_comments", "catalog notes"),
)
ENGINE = "  of which model calls"
PYTHON = "  of which enforcement's Python"
_spent: dict[str, float] = defaultdict(float)


def _timed(function, label: str):
    running = [0]

    @functools.wraps(function)
    def timed(*args, **kwargs):
        running[0] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            running[0] -= 1
            if not running[0]:
                _spent[label] += time.process_time() - started

    return timed


class TimedEngine:
    """The engine with its ``translate_batch`` calls timed (the model's share of drafting)."""

    def __init__(self, engine):
        self.engine, self.target, self.id, self.skipped = engine, engine.target, engine.id, engine.skipped
        self.fingerprint = ""  # the stages are timed as a first run: nothing kept from an earlier one

    def translate_batch(self, requests, progress=None):
        started = time.process_time()
        try:
            return self.engine.translate_batch(requests, progress)
        finally:
            _spent[ENGINE] += time.process_time() - started


def run(root: Path, lang: str, desk: bool, beam: int, paragraphs: list[str], engine,
        profiler: cProfile.Profile | None = None) -> dict[str, float]:
    """CPU seconds per stage of one ``translate``."""
    article = write_project(root, lang, desk, beam, paragraphs)
    project = load_project(root)
    _spent.clear()
    started = time.process_time()
    if profiler is not None:
        profiler.enable()
    pipeline.translate(project, [article], langs=[lang], engine_factory=lambda p, profile: engine)
    if profiler is not None:
        profiler.disable()
    spent = dict(_spent, total=time.process_time() - started)
    spent[PYTHON] = spent.get("drafting and enforcement", 0.0) - spent.get(ENGINE, 0.0)
    return spent


def grown(empty: pstats.Stats, desk: pstats.Stats, top: int) -> list[str]:
    """The ``top`` functions whose cumulative time grows most from ``empty`` to ``desk``."""
    before, after = empty.stats, desk.stats  # type: ignore[attr-defined]
    rows = []
    for key in before.keys() | after.keys():
        old, new = before.get(key, (0, 0, 0, 0)), after.get(key, (0, 0, 0, 0))
        rows.append((new[3] - old[3], old[3], new[3], old[1], new[1], key))
    rows.sort(key=lambda row: -row[0])
    lines = [f"{'+cum s':>7} {'empty':>7} {'desk':>7} {'calls':>13}  function (cProfile, warm; times inflated by the profiler)"]
    for extra, old, new, old_calls, new_calls, (path, line, name) in rows[:top]:
        where = path.replace(str(ROOT) + "/", "")
        lines.append(f"{extra:7.3f} {old:7.3f} {new:7.3f} {old_calls:6}>{new_calls:<6}  {where}:{line}({name})")
    return lines


def cell(variant: str, lang: str, beam: int, paragraphs: list[str], repeats: int, top: int, scratch: Path) -> list[str]:
    to_code = LANGUAGES[lang]
    package = read_package(TRAINED / variant / f"translate-en_{to_code}")

    def fresh() -> TimedEngine:
        engine = ArgosEngine(package, to_code, EngineSettings(beam_size=beam))
        engine.translate_batch([EngineRequest("Warm up the model.")])
        return TimedEngine(engine)

    base = scratch / f"{variant}-{lang}-{beam}"
    engine = fresh()
    run(base / "warm-up", lang, False, beam, paragraphs, engine)  # the process's first run pays for imports and compiling
    cold = run(base / "cold", lang, True, beam, paragraphs, engine)
    best: dict[bool, dict[str, float]] = {False: {}, True: {}}
    for repeat in range(repeats):
        for desk in ((False, True) if repeat % 2 == 0 else (True, False)):
            spent = run(base / f"{repeat}-{desk}", lang, desk, beam, paragraphs, engine)
            for stage, seconds in spent.items():
                best[desk][stage] = min(best[desk].get(stage, float("inf")), seconds)
    profiles = {}
    for desk in (False, True):
        profiler = cProfile.Profile()
        run(base / f"profiled-{desk}", lang, desk, beam, paragraphs, engine, profiler)
        profiles[desk] = pstats.Stats(profiler)
    engine.engine.close()
    empty, desk = best[False], best[True]
    lines = [f"\n== {variant} {lang} beam {beam}: CPU s per stage, no profiler, best of {repeats} (cold: the desk's first run "
             f"on a fresh engine)",
             f"{'stage':40} {'empty':>7} {'desk':>7} {'extra':>7} {'cold':>7}"]
    order = ["total", *(label for _, _, label in STAGES[:4]), ENGINE, PYTHON, *(label for _, _, label in STAGES[4:])]
    for stage in order:
        lines.append(f"{stage:40} {empty.get(stage, 0):7.3f} {desk.get(stage, 0):7.3f} "
                     f"{desk.get(stage, 0) - empty.get(stage, 0):+7.3f} {cold.get(stage, 0):7.3f}")
    lines.append(f"ratio desk/empty {desk['total'] / empty['total']:.2f}x warm, {cold['total'] / empty['total']:.2f}x cold")
    return lines + grown(profiles[False], profiles[True], top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the report here too")
    parser.add_argument("--variants", nargs="+", default=["full", "early"])
    parser.add_argument("--langs", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--beams", nargs="+", type=int, default=[4, 1])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--generated", type=int, default=150)
    args = parser.parse_args()
    pipeline.MODEL_THREADS, pipeline.GETTEXT_THREADS = 0, 1
    for module, name, label in STAGES:
        setattr(module, name, _timed(getattr(module, name), label))
    sample = SAMPLE.read_text(encoding="utf-8").strip()
    paragraphs = [sample, *(e.source for e in generate("ar", args.generated, BENCH_SEED, with_terms=True))]
    report = [f"python scripts/profile_glossary_cost.py {' '.join(sys.argv[1:])}  ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})"]
    with tempfile.TemporaryDirectory() as scratch:
        for variant in args.variants:
            for lang in args.langs:
                for beam in args.beams:
                    lines = cell(variant, lang, beam, paragraphs, args.repeats, args.top, Path(scratch))
                    print("\n".join(lines), flush=True)
                    report += lines
    if args.out:
        args.out.write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
