"""Where the desk glossary's extra time goes in `l10n translate` on the trained stand-ins: a cProfile per cell.

    python scripts/profile_glossary_cost.py [--out FILE] [--variants full early] [--beams 4 1] [--top 25]

The same call as scripts/bench_glossary.py's cost table (section 6): one engine
per language and beam, ``pipeline.translate`` in-process over the sample and
the generated sentences, the desk glossary and an empty one.  The pipeline's
threads are turned off (``MODEL_THREADS = 0``, ``GETTEXT_THREADS = 1``) so the
profiler sees all of l10n's work on one thread.  Per cell: the empty run, the
desk run on a fresh engine (cold: nothing cached), and the desk run again on
the same engine (warm: what the bench's best-of-N measures), with CPU seconds
and the top functions (cumulative and own time) of each.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_glossary import BENCH_SEED, LANGUAGES, SAMPLE, TRAINED, write_project  # noqa: E402
from l10n import pipeline  # noqa: E402
from l10n.core.project import EngineSettings, load_project  # noqa: E402
from l10n.core.records import EngineRequest  # noqa: E402
from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from synthetic_news import generate  # noqa: E402


def timed(root: Path, lang: str, desk: bool, beam: int, paragraphs: list[str], engine, top: int) -> tuple[float, str]:
    """CPU seconds of one ``translate`` and its profile (cumulative, ``top`` rows) as text."""
    article = write_project(root, lang, desk, beam, paragraphs)
    project = load_project(root)
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.enable()
    pipeline.translate(project, [article], langs=[lang], engine_factory=lambda p, profile: engine)
    profiler.disable()
    used = time.process_time() - started
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    return used, text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the report here too")
    parser.add_argument("--variants", nargs="+", default=["full", "early"])
    parser.add_argument("--langs", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--beams", nargs="+", type=int, default=[4, 1])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--generated", type=int, default=150)
    args = parser.parse_args()
    pipeline.MODEL_THREADS, pipeline.GETTEXT_THREADS = 0, 1
    sample = SAMPLE.read_text(encoding="utf-8").strip()
    paragraphs = [sample, *(e.source for e in generate("ar", args.generated, BENCH_SEED, with_terms=True))]
    summary, details = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for variant in args.variants:
            for lang in args.langs:
                to_code = LANGUAGES[lang]
                package = read_package(TRAINED / variant / f"translate-en_{to_code}")
                for beam in args.beams:
                    def fresh():
                        engine = ArgosEngine(package, to_code, EngineSettings(beam_size=beam))
                        engine.translate_batch([EngineRequest("Warm up the model.")])
                        return engine
                    cell = f"{variant} {lang} beam {beam}"
                    engine = fresh()
                    base = Path(scratch) / f"{variant}-{lang}-{beam}"
                    empty, empty_profile = timed(base / "empty", lang, False, beam, paragraphs, engine, args.top)
                    engine.close()
                    engine = fresh()
                    cold, cold_profile = timed(base / "cold", lang, True, beam, paragraphs, engine, args.top)
                    warm, warm_profile = timed(base / "warm", lang, True, beam, paragraphs, engine, args.top)
                    engine.close()
                    line = (f"{cell:18} empty {empty:5.2f} s  desk cold {cold:5.2f} s ({cold / empty:4.2f}x)  "
                            f"desk warm {warm:5.2f} s ({warm / empty:4.2f}x)  CPU, profiler on, one thread")
                    print(line, flush=True)
                    summary.append(line)
                    details.append(f"\n===== {cell}: empty glossary =====\n{empty_profile}"
                                   f"\n===== {cell}: desk glossary, cold engine =====\n{cold_profile}"
                                   f"\n===== {cell}: desk glossary, warm engine =====\n{warm_profile}")
    report = "\n".join(summary) + "\n" + "".join(details)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
