"""Benchmark the translation memory: build 100,000 units, then time 1,000 lookups.

Usage: .venv/bin/python scripts/bench_memory.py [--units 100000] [--lookups 1000] [--seed 7]

Sentences are generated news-like English from a seeded generator, so runs are
repeatable.  Lookups are a third exact (re-spaced and re-cased), a third near
(one word changed) and a third new sentences, then as many of common words only
(no place, number or date: the rarest words of each are held by thousands of
entries, the costliest fuzzy lookup); times are per lookup.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from l10n.stages.memory import TranslationMemory

PLACES = "Kirkuk Nineveh Mosul Erbil Baghdad Qayyarah Sulaimani Duhok Tuz Hawija Sinjar Makhmour Daquq Basra Anbar Diyala Tikrit Samarra Kalar Khanaqin".split()
ACTORS = [
    "the US-led coalition", "the Iraqi Security Forces", "the Peshmerga", "the provincial council", "the federal government",
    "the Popular Mobilization Forces", "local police", "the health ministry", "the United Nations", "a parliamentary committee",
    "the electoral commission", "the governor", "tribal leaders", "the Kurdistan Regional Government", "the municipality",
]
VERBS = [
    "withdrew from", "handed over", "inspected", "reopened", "closed", "visited", "rebuilt", "evacuated",
    "secured", "funded", "announced plans for", "suspended work at", "delivered aid to", "surveyed", "expanded",
]
OBJECTS = [
    "the military base", "the water treatment plant", "the main hospital", "two schools", "the old bridge",
    "the border crossing", "the grain silos", "the power station", "a displacement camp", "the airport road",
    "the oil field", "the market", "three villages", "the courthouse", "the university campus",
]
REASONS = [
    "because of the coronavirus outbreak", "after weeks of negotiations", "following rocket attacks",
    "due to budget shortfalls", "at the request of residents", "under a new security plan",
    "despite objections from lawmakers", "as part of the relocation plan", "after heavy rainfall", "for the first time since 2014",
]
MONTHS = "January February March April May June July August September October November December".split()


def news_sentence(rng: random.Random) -> str:
    """One varied news-like sentence: actor, action, place, number, date and reason."""
    shape = rng.randrange(3)
    actor, verb, obj = rng.choice(ACTORS), rng.choice(VERBS), rng.choice(OBJECTS)
    place, number = rng.choice(PLACES), rng.randrange(2, 5000)
    date = f"{rng.choice(MONTHS)} {rng.randrange(1, 29)}, {rng.randrange(2003, 2025)}"
    if shape == 0:
        text = f"On {date}, {actor} {verb} {obj} in {place} {rng.choice(REASONS)}."
    elif shape == 1:
        text = f"{actor} said {number} people were affected when it {verb} {obj} near {place} on {date}."
    else:
        text = f"In {place}, {actor} {verb} {obj} worth {number} million dinars {rng.choice(REASONS)}."
    return text[0].upper() + text[1:]


def near_variant(sentence: str, rng: random.Random) -> str:
    """The sentence with one word replaced, as an editor's small correction would."""
    words = sentence.split()
    index = rng.randrange(len(words))
    words[index] = rng.choice(["recently", "officially", "reportedly", "again", str(rng.randrange(10, 99))])
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    sources: dict[str, None] = {}
    while len(sources) < args.units:
        sources[news_sentence(rng)] = None
    stored = list(sources)
    third = args.lookups // 3
    exact = ["  ".join(source.upper().split()) for source in rng.sample(stored, third)]
    near = [near_variant(source, rng) for source in rng.sample(stored, third)]
    fresh_rng = random.Random(args.seed + 1)
    new = [near_variant(near_variant(news_sentence(fresh_rng), fresh_rng), fresh_rng) for _ in range(args.lookups - 2 * third)]
    common = [f"{fresh_rng.choice(ACTORS)} said people were affected when it {fresh_rng.choice(VERBS)} {fresh_rng.choice(OBJECTS)}."
              .capitalize() for _ in range(third)]

    with tempfile.TemporaryDirectory() as tmp, TranslationMemory(Path(tmp, "memory.sqlite")) as memory:
        started = time.perf_counter()
        memory.add("ar", ((source, f"ترجمة {index}", "bench") for index, source in enumerate(stored)))
        build = time.perf_counter() - started

        timings = {}
        hits = {}
        for name, batch in (("exact", exact), ("near", near), ("new", new), ("common", common)):
            started = time.perf_counter()
            found = memory.lookup(batch, "ar")
            timings[name] = (time.perf_counter() - started) * 1000 / len(batch)
            hits[name] = sum(1 for source in batch if source in found)
        size = Path(tmp, "memory.sqlite").stat().st_size / 1e6

    print(f"build: {args.units:,} units in {build:.2f} s ({size:.1f} MB)")
    for name, batch in (("exact", exact), ("near", near), ("new", new), ("common", common)):
        kind = "exact" if name == "exact" else "fuzzy"
        print(f"{name:>6} ({kind}): {timings[name]:.3f} ms per lookup, {hits[name]}/{len(batch)} matched")


if __name__ == "__main__":
    main()
