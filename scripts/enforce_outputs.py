"""Enforced drafts unit for unit, and a profile of enforcement's own Python, on the trained and hand-wired stand-ins.

    python scripts/enforce_outputs.py --write drafts.json        # every stand-in's enforced drafts
    python scripts/enforce_outputs.py --compare drafts.json      # same drafts as that file? (exit 1 if not)
    python scripts/enforce_outputs.py --profile profile.txt      # cProfile of draft_with_glossary, engine replayed

A change meant to make enforcement cheaper must not change what it writes:
write the drafts before the change, compare after.  Sources and glossary are
those of scripts/bench_glossary.py (the sample, the glossary sentences and
150 generated sentences; the desk glossary).  Each stand-in drafts once; the
profile then runs enforcement again over a replay of those engine answers,
so it shows enforcement's Python and none of the model's time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_glossary import BENCH_SEED, LANGUAGES, TRAINED, load_sources, package_for  # noqa: E402
from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.core.languages import get_profile  # noqa: E402
from l10n.core.project import EngineSettings  # noqa: E402
from l10n.stages.terms import draft_with_glossary, read_glossary  # noqa: E402
from synthetic_news import generate  # noqa: E402

HAND_WIRED = ("script", "symbols", "reorder")


class Replay:
    """The engine's answers recorded on first asking and replayed after, so a second run costs no model time."""

    def __init__(self, engine):
        self.engine, self.answers = engine, {}

    def translate_batch(self, requests, progress=None):
        missing = [request for request in requests if request not in self.answers]
        if missing:
            for request, hypotheses in zip(missing, self.engine.translate_batch(missing), strict=True):
                self.answers[request] = hypotheses
        if progress:
            progress(len(requests))
        return [self.answers[request] for request in requests]


def stand_ins(size: str, cache: Path):
    """(name, package dir, to-code, our language, sources) for every stand-in."""
    bench = load_sources()
    for variant in ("full", "early"):
        for lang, to_code in LANGUAGES.items():
            generated = [example.source for example in generate(to_code, 150, BENCH_SEED, with_terms=True)]
            yield f"trained-{variant}-{lang}", TRAINED / variant / f"translate-en_{to_code}", to_code, lang, bench + generated
    for variant in HAND_WIRED:
        for lang, to_code in LANGUAGES.items():
            yield f"hand-{variant}-{size}-{lang}", package_for(variant, to_code, size, cache), to_code, lang, bench


def drafts_of(size: str, cache: Path, profiler: cProfile.Profile | None) -> dict[str, list[dict]]:
    glossary = read_glossary(ROOT / "glossary")
    result, timings = {}, []
    for name, package_dir, to_code, lang, sources in stand_ins(size, cache):
        profile = get_profile(lang)
        engine = ArgosEngine(read_package(package_dir), to_code, EngineSettings())
        replay = Replay(engine)
        drafts = draft_with_glossary(replay, sources, profile, glossary)
        if profiler is not None:
            _clear_caches()
            started = time.process_time()
            profiler.enable()
            again = draft_with_glossary(_fresh(replay), sources, profile, glossary)
            profiler.disable()
            timings.append((name, time.process_time() - started, len(sources)))
            assert again == drafts, f"{name}: a replayed run wrote other drafts"
        engine.close()
        result[name] = [asdict(draft) for draft in drafts]
    for name, seconds, units in timings:
        print(f"{name:28} enforcement {seconds:6.2f} s CPU over {units} units (engine replayed)")
    return result


def _clear_caches() -> None:
    """Every functools cache of l10n emptied, so the profiled run starts as cold as a real one."""
    for name, module in list(sys.modules.items()):
        if name == "l10n" or name.startswith("l10n."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _fresh(replay: Replay) -> Replay:
    """Same recorded answers under a new engine object, so per-engine caches start empty as in a real run."""
    copy = Replay(replay.engine)
    copy.answers = replay.answers
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", help="hand-wired stand-in size (scripts/standin.py SIZES)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/l10n-standins"), help="built hand-wired stand-ins")
    parser.add_argument("--write", type=Path, help="write the enforced drafts here (JSON)")
    parser.add_argument("--compare", type=Path, help="compare the enforced drafts with this file, unit for unit")
    parser.add_argument("--profile", type=Path, help="write a cProfile of enforcement (engine replayed) here")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    result = json.loads(json.dumps(drafts_of(args.size, args.cache, profiler), ensure_ascii=False))
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
        args.profile.write_text(text.getvalue(), encoding="utf-8")
    if args.write:
        args.write.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare:
        expected = json.loads(args.compare.read_text(encoding="utf-8"))
        differing = 0
        for name in expected.keys() | result.keys():
            old, new = expected.get(name, []), result.get(name, [])
            changed = [i for i in range(max(len(old), len(new))) if i >= len(old) or i >= len(new) or old[i] != new[i]]
            print(f"{name:28} {len(new):4} units, {len(changed)} differ")
            for i in changed[:3]:
                print(f"   unit {i}: before {old[i]['text'] if i < len(old) else None!r}\n   {'':7} after  {new[i]['text'] if i < len(new) else None!r}")
            differing += len(changed)
        sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
