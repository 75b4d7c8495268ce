"""Measure back-fill throughput on this machine with the base stand-in model (every figure is stand-in).

    .venv/bin/python scripts/bench_backfill.py [--units 400] [--sizes 10 100 1000]

1. engine rate, same 400 units: one translator on one core, one translator
   using all cores (intra_threads=0, the plain ArgosEngine default), the pool
   (one single-thread translator per core: 1, 2, all cores), and the Ray engine
   on a local cluster with one actor per core;
2. back-fill of 10, 100 and 1,000 generated articles (title + 3 sentences each,
   target ar only) with the default local engine: seconds per unit should stay flat;
3. the same 100-article back-fill with the local and the Ray engine side by side.

The stand-in (scripts/standin.py, size "base") has Transformer-base compute per token
but copies its input, so drafts are as long as sources; real packages' rates differ.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from l10n.commands.backfill import backfill  # noqa: E402
from l10n.stages.engine.argos import ArgosEngine, available_cores, load_engine  # noqa: E402
from l10n.core.records import EngineRequest  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.core.project import EngineSettings, load_project  # noqa: E402
from standin import build_copy_package  # noqa: E402

SENTENCES = [line.strip() for line in (ROOT / "scripts/data/glossary_sentences.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]


def sentence(n: int) -> str:
    """A distinct news sentence (the pipeline drafts a repeated sentence once, so repeats would flatter the rate)."""
    base = SENTENCES[n % len(SENTENCES)].rstrip(".")
    return f"{base}, officials said in report {n}."


def write_archive(folder: Path, count: int) -> int:
    """``count`` articles of a title and three body sentences; returns the number of units."""
    folder.mkdir(parents=True)
    for a in range(count):
        title = sentence(4 * a).rstrip(".")
        body = " ".join(sentence(4 * a + k) for k in (1, 2, 3))
        (folder / f"story-{a:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return 4 * count


def rate(engine, requests) -> float:
    engine.translate_batch(requests[:8])  # load the model outside the timing
    started = time.perf_counter()
    engine.translate_batch(requests)
    return len(requests) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    args = parser.parse_args()
    cores = available_cores()
    work = Path(tempfile.mkdtemp(prefix="bench-backfill-"))
    started = time.perf_counter()
    build_copy_package(work / "packages", to_code="ar", size="base")
    print(f"stand-in base en->ar built in {time.perf_counter() - started:.1f} s; {cores} cores; all figures: stand-in model")
    package = read_package(work / "packages" / "translate-en_ar")
    requests = [EngineRequest(sentence(n)) for n in range(args.units)]

    print(f"\n1. engine rate on the same {len(requests)} units (stand-in, units/second)")
    rows = [(f"one worker using {cores} threads", cores, EngineSettings(inter_threads=1, intra_threads=cores))]
    rows += [(f"{workers} single-thread worker(s) (default on {workers} core(s))", workers,
              EngineSettings(inter_threads=workers, intra_threads=1)) for workers in sorted({1, 2, cores})]
    worker_rate = {}
    for label, workers, settings in rows:
        measured = rate(ArgosEngine(package, "ar", settings), requests)
        print(f"   {label:<46} {measured:7.1f}")
        if settings.intra_threads == 1:
            worker_rate[workers] = measured
    if not args.no_ray:
        import ray

        from l10n.stages.engine.ray_pool import RayEngine, RayPool

        ray_started = time.perf_counter()
        ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False)
        pool = RayPool(EngineSettings())
        measured = rate(RayEngine(pool, package, "ar"), requests)
        print(f"   {'Ray engine, ' + str(len(pool.actors)) + ' actors (local cluster)':<46} {measured:7.1f}"
              f"   (cluster start + model loads: {time.perf_counter() - ray_started:.1f} s)")
        pool.close()
    print(f"   speed-up all cores vs 1: {worker_rate[cores] / worker_rate[1]:.2f}x")

    project_toml = f'targets = ["ar"]\npackages_dir = "{work / "packages"}"\n'
    print("\n2. back-fill cost per unit (stand-in, local engine, all cores, target ar)")
    factory = load_engine
    for count in args.sizes:
        root = work / f"desk-{count}"
        units = write_archive(root / "archive", count)
        (root / "l10n.toml").write_text(project_toml, encoding="utf-8")
        report = backfill(load_project(root), [root / "archive"], engine_factory=factory)
        print(f"   {count:>5} articles, {units:>5} units: {report.seconds:7.1f} s, {1000 * report.seconds / units:6.1f} ms/unit,"
              f" {units / report.seconds:5.1f} units/s ({report.drafted} drafted, {len(report.failed)} failed)")

    if not args.no_ray:
        print("\n3. the same 100 articles, local engine vs Ray engine (stand-in, model loads excluded for both)")
        for label in ("local", "ray"):
            root = work / f"desk-100-{label}"
            units = write_archive(root / "archive", 100)
            (root / "l10n.toml").write_text(project_toml, encoding="utf-8")
            pool = RayPool(EngineSettings()) if label == "ray" else None
            engines = pool.factory if pool else load_engine
            warm = engines(load_project(root), _ar())
            warm.translate_batch(requests[:8])
            report = backfill(load_project(root), [root / "archive"], engine_factory=lambda project, profile, e=warm: e)
            print(f"   {label:<6} {units} units: {report.seconds:6.1f} s, {units / report.seconds:5.1f} units/s")
            if pool:
                pool.close()
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def _ar():
    from l10n.core.languages import get_profile

    return get_profile("ar")


if __name__ == "__main__":
    main()
