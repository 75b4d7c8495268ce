#!/usr/bin/env python3
"""``l10n eval`` on 1,000 reviewed entries vs drafting the same entries, side by side in one run.

    .venv/bin/python scripts/bench_eval.py [--entries 1000] [--rounds 3] [--size base]

No real model can be downloaded where l10n is built, so this runs the base-size
STAND-IN en→ar package (scripts/standin.py: Transformer-base 6+6 layers,
d_model 512, 8 heads, 32k SentencePiece vocabulary, int8; it COPIES its input),
built once into bench-out/packages.  The entries are distinct news sentences
(scripts/data, numbers shifted for variants), reviewed in one catalog; the
desk glossary (glossary/terms.csv) is on.

Contenders, on one warm engine (the model is loaded before timing), in
alternating order, ``--rounds`` times each; medians of wall and CPU time:

* l10n translate: ``pipeline.translate`` drafting the same sentences written as
  articles (25 a paragraph each) into a fresh project: segmenting, glossary
  enforcement, QA, catalogs written and checked — what drafting them costs a desk;
* engine stage: ``terms.draft_with_glossary`` with the desk glossary, the part
  of ``l10n translate`` that drafts;
* plain drafting: one ``translate_batch`` over the units, no glossary;
* eval: ``l10n.commands.evaluate.evaluate`` — reading the catalog, drafting with the
  glossary and without it (units holding no term drafted once for both),
  scoring chrF, chrF++, the 1,000-resample bootstrap, terms, numbers, edits.

Target: eval ≤ 1.3× drafting, judged on CPU time (this process and its
CTranslate2 threads; translate's msgfmt/msgmerge children are not counted, which
favours translate): other jobs on a shared machine make wall times noisy.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SENTENCE_FILES = (ROOT / "scripts" / "data" / "news_sentences.txt", ROOT / "scripts" / "data" / "glossary_sentences.txt")
TARGET_RATIO = 1.3


def distinct_sentences(count: int) -> list[str]:
    """``count`` distinct sentences: the data files, then variants with every number shifted by 1, 2, …"""
    lines = [line.strip() for path in SENTENCE_FILES for line in path.read_text(encoding="utf-8").splitlines()]
    base = [line for line in lines if line and not line.startswith("#")]
    found: dict[str, None] = {}
    shift = 0
    while len(found) < count:
        for sentence in base:
            found.setdefault(re.sub(r"\d+", lambda m: str(int(m.group()) + shift), sentence))
            if len(found) == count:
                break
        shift += 1
    return list(found)


def write_articles(folder: Path, sources: list[str], per_article: int = 25) -> list[Path]:
    """The sentences as articles of ``per_article`` paragraphs, one sentence each."""
    folder.mkdir(parents=True)
    paths = []
    for index in range(0, len(sources), per_article):
        path = folder / f"story-{index // per_article:03d}.txt"
        path.write_text("\n\n".join(sources[index : index + per_article]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_reviewed_catalog(path: Path, sources: list[str]) -> None:
    """One reviewed catalog; each reference is its source with the approved terms put in (a desk-like edit)."""
    import polib

    from l10n.stages.terms import approved_rendering, read_glossary

    glossary = read_glossary(ROOT / "glossary")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    for source in sources:
        reference = source
        for hit in reversed(glossary.find_for(source, "ar")):
            reference = reference[: hit.start] + approved_rendering(hit.term, "ar") + reference[hit.end :]
        po.append(polib.POEntry(msgid=source, msgstr=reference))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


class SharedEngine:
    """The warm engine under every contender; eval's ``close`` must not unload it between rounds."""

    def __init__(self, engine):
        self.engine = engine
        self.id, self.target, self.fingerprint = engine.id, engine.target, engine.fingerprint

    def translate_batch(self, requests, progress=None):
        return self.engine.translate_batch(requests, progress)

    def close(self) -> None:
        pass


def timed(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", choices=("tiny", "base"), default="base")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)

    from standin import build_copy_package

    from l10n.commands.evaluate import evaluate
    from l10n.core.languages import get_profile
    from l10n.core.project import load_project
    from l10n.core.records import EngineRequest
    from l10n.pipeline import translate
    from l10n.stages import terms
    from l10n.stages.engine.argos import ArgosEngine
    from l10n.stages.engine.packages import read_package

    packages = args.out / ("packages" if args.size == "base" else "packages-tiny")
    if not (packages / "translate-en_ar" / "metadata.json").is_file():
        build_copy_package(packages, to_code="ar", size=args.size)
    sources = distinct_sentences(args.entries)
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "glossary", root / "glossary")
        (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\ntargets = ["ar"]\n', encoding="utf-8")
        write_reviewed_catalog(root / "locales" / "ar" / "LC_MESSAGES" / "bench.po", sources)
        project = load_project(root)
        profile = get_profile("ar")
        glossary = terms.read_glossary(project.glossary_dir)
        engine = SharedEngine(ArgosEngine(read_package(packages / "translate-en_ar"), "ar", project.engine))
        engine.translate_batch([EngineRequest("Warm-up.")])
        articles = write_articles(root / "articles", sources)
        fresh = root / "fresh"

        def translate_articles() -> None:
            report = translate(load_project(fresh), articles, engine_factory=lambda *_: engine)
            drafted.append(sum(row.drafted for row in report.languages))

        contenders = {
            "l10n translate (whole command, warm engine)": translate_articles,
            "engine stage of l10n translate (desk glossary)":
                lambda: terms.draft_with_glossary(engine, sources, profile, glossary),
            "plain drafting (one translate_batch, no glossary)":
                lambda: engine.translate_batch([EngineRequest(source) for source in sources]),
            "l10n eval (glossary on + off, all metrics)":
                lambda: evaluate(project, engine_for=lambda *_: engine),
        }
        drafted: list[int] = []
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
        for _ in range(args.rounds):
            for name, run in contenders.items():
                shutil.rmtree(fresh, ignore_errors=True)  # translate starts from nothing: empty memory, no catalogs
                shutil.copytree(root / "glossary", fresh / "glossary")
                (fresh / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
                times[name].append(timed(run))
        with_terms = sum(bool(glossary.find_for(source, "ar")) for source in sources)

    print(f"stand-in: {args.size} copy model en→ar (scripts/standin.py; it copies, it does not translate)")
    print(f"{len(sources)} reviewed entries, {with_terms} holding a desk glossary term; {args.rounds} rounds, medians")
    medians = {name: (statistics.median(t[0] for t in runs), statistics.median(t[1] for t in runs))
               for name, runs in times.items()}
    print(f"l10n translate drafted {drafted[0]} units from {len(articles)} articles")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:<50} {wall:7.2f} s wall  {cpu:7.2f} s CPU  {len(sources) / wall:6.1f} entries/s")
    evaluating = medians["l10n eval (glossary on + off, all metrics)"]
    for name, (wall, cpu) in list(medians.items())[:3]:
        ratio = evaluating[1] / cpu  # CPU time: wall time on a shared machine measures the neighbours too
        print(f"eval / {name}: {evaluating[0] / wall:.2f}× wall, {ratio:.2f}× CPU"
              f" (≤ {TARGET_RATIO}× CPU: {'yes' if ratio <= TARGET_RATIO else 'no'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
