"""What drafting in chunks (for a progress display that tracks the work) costs, on the base STAND-IN model.

    .venv/bin/python scripts/bench_progress_chunks.py [--rounds 3] [--size base|small] [--out bench-out]

``pipeline.translate`` hands the engine ``ENGINE_CHUNK_BATCHES`` batches per
worker at a time, shortest sentences first, and enforces the glossary and
runs QA on each chunk, so progress follows the drafting.  This times, in one
process on one warm engine and in alternating order, the same run over the
sentences of scripts/data/news_sentences.txt (one article each, en→ar, empty
glossary) with the shipped chunk size and with one chunk for everything (what
the pipeline did before), and prints the ratio.  The stand-in copies its
input (scripts/standin.py "base": Transformer-base compute per token, int8),
so figures show l10n's overhead, not a real model's speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SENTENCES = ROOT / "scripts" / "data" / "news_sentences.txt"
ONE_CHUNK = 10**9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", choices=("base", "small"), default="base")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)
    from standin import build_copy_package

    from l10n import pipeline
    from l10n.core.project import load_project
    from l10n.stages.engine import EngineCache, load_engine

    packages = args.out / ("packages" if args.size == "base" else f"packages-{args.size}")
    if not (packages / "translate-en_ar" / "metadata.json").is_file():
        build_copy_package(packages, to_code="ar", size=args.size)
    sentences = [s.strip() for s in SENTENCES.read_text(encoding="utf-8").splitlines() if s.strip() and not s.startswith("#")]
    engines = EngineCache(load_engine)
    timings: dict[str, list[tuple[float, float]]] = {"chunks": [], "one call": []}
    shipped = pipeline.ENGINE_CHUNK_BATCHES
    try:
        with tempfile.TemporaryDirectory(prefix="l10n-bench-chunks-") as scratch:
            for round_ in range(args.rounds + 1):       # round 0 warms the engine and the caches
                for name in (("chunks", "one call") if round_ % 2 else ("one call", "chunks")):
                    root = Path(scratch) / f"{name.replace(' ', '-')}-{round_}"
                    (root / "articles").mkdir(parents=True)
                    (root / "l10n.toml").write_text(f'targets = ["ar"]\npackages_dir = "{packages}"\n', encoding="utf-8")
                    for index, sentence in enumerate(sentences):
                        (root / "articles" / f"a{index:04d}.txt").write_text(f"Story {index}\n\n{sentence}\n", encoding="utf-8")
                    pipeline.ENGINE_CHUNK_BATCHES = shipped if name == "chunks" else ONE_CHUNK
                    steps: list[int] = []
                    wall, cpu = time.perf_counter(), time.process_time()
                    pipeline.translate(load_project(root), [root / "articles"], engine_factory=engines,
                                       progress=lambda lang, done, total: steps.append(done))
                    if round_:
                        timings[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                    print(f"round {round_} {name}: {len(steps)} progress calls", file=sys.stderr)
                    shutil.rmtree(root)
    finally:
        pipeline.ENGINE_CHUNK_BATCHES = shipped
        engines.close()
    units = 2 * len(sentences)
    print(f"{units} units (title + sentence per article), en→ar, {args.size} stand-in, median of {args.rounds} rounds")
    print("| contender | wall s | CPU s | units/s |")
    print("| --- | --- | --- | --- |")
    medians = {}
    for name, runs in timings.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        medians[name] = (wall, cpu)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {units / wall:.1f} |")
    (w1, c1), (w2, c2) = medians["chunks"], medians["one call"]
    print(f"chunks / one call: wall {w1 / w2:.2f}x, CPU {c1 / c2:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
