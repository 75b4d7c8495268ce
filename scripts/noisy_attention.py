"""Stand-ins whose attention is bent the way learned heads bend it, and what glossary enforcement does on them.

    python scripts/noisy_attention.py [--size small] [--cache DIR] [--kinds clean,spread,shift,end,flat,mixed]

A head that learned its attention without supervision is spread over
neighbours, shifted by one token, parked on the end of the sentence or flat.
``NoisyAttention`` is an ArgosEngine whose attention rows are bent that way
(deterministically, from a seed) before they become word alignments; the
drafts are the stand-in's own, so the clean stand-in's alignment (> 99% on
the right token) is the truth to count against.  Used by
tests/test_enforce_noisy.py, and run as a script it prints, per stand-in,
language and kind of noise, over the sources of scripts/bench_glossary.py:
term occurrences, approved, flagged, silently wrong, words damaged (words of
the model's draft that its true alignment gives to non-term source words and
that the enforced draft lost, out of all such words), the strategies chosen
and the seconds of enforcement against plain drafting.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from l10n.core.languages import get_profile
from l10n.core.records import EngineRequest, Hypothesis
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.splice import split_words
from l10n.stages.terms.enforce import find_occurrences
from l10n.stages.terms.evidence import word_key

KINDS = ("spread", "shift", "end", "flat", "mixed")


class NoisyAttention(ArgosEngine):
    """The stand-in, its attention rows bent as learned heads bend them (set ``kind`` and ``seed`` before drafting)."""

    kind, seed = "spread", 0

    def _hypothesis(self, tokenizer, tokens, rows, source_pieces, source_text):
        if rows is not None and self.kind != "clean":
            rng = random.Random(f"{self.seed}:{source_text}:{len(tokens)}")
            rows = [bend(list(row), self.kind if self.kind != "mixed" else rng.choice(KINDS[:-1]), rng) for row in rows]
        return super()._hypothesis(tokenizer, tokens, rows, source_pieces, source_text)


def bend(row: list[float], kind: str, rng: random.Random) -> list[float]:
    """One attention row bent: spread over neighbours, shifted by one, parked on the end, or flat.

    >>> bend([0.0, 1.0, 0.0], "flat", random.Random(0)), bend([0.0, 1.0, 0.0], "end", random.Random(0))
    ([0.3333333333333333, 0.3333333333333333, 0.3333333333333333], [0.0, 0.3, 0.7])
    """
    size = len(row)
    if kind == "shift":
        step = rng.choice((1, -1))
        return [row[(i - step) % size] for i in range(size)]
    if kind == "end":
        parked = [0.3 * value for value in row]
        parked[-1] += 0.7
        return parked
    if kind == "flat":
        return [1 / size] * size
    own = rng.uniform(0.2, 0.5)
    before = rng.uniform(0, 1 - own)
    return [own * row[i] + before * row[min(size - 1, i + 1)] + (1 - own - before) * row[max(0, i - 1)] for i in range(size)]


def non_term_words(source: str, model: Hypothesis, glossary, lang: str) -> Counter:
    """Words of the model's draft that its (true) alignment gives to source words outside every term."""
    profile = get_profile(lang)
    term_words = {n for o in find_occurrences(source, glossary.find_for(source, lang), lang) for n in o.words}
    return Counter(key for word, aligned in zip(split_words(model.text), model.alignment or ())
                   if aligned not in term_words and (key := word_key(word, profile)))


def words_damaged(source: str, model: Hypothesis, enforced: str, glossary, lang: str) -> list[str]:
    """Words the model wrote for non-term source words (by its true alignment) that ``enforced`` lost."""
    profile = get_profile(lang)
    have = Counter(word_key(word, profile) for word in split_words(enforced))
    return sorted((non_term_words(source, model, glossary, lang) - have).elements())


def main() -> None:
    from bench_glossary import LANGUAGES, ROOT, load_sources, package_for, score

    from l10n.core.project import EngineSettings
    from l10n.stages.engine.packages import read_package
    from l10n.stages.terms import draft_with_glossary, read_glossary

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", help="stand-in size (scripts/standin.py SIZES)")
    parser.add_argument("--cache", type=Path, help="keep built stand-ins here and reuse them")
    parser.add_argument("--kinds", default="clean," + ",".join(KINDS), help="comma-separated kinds of noise")
    parser.add_argument("--variants", default="script,symbols,reorder")
    args = parser.parse_args()
    glossary, sources = read_glossary(ROOT / "glossary"), load_sources()
    print(f"{len(sources)} units; stand-ins ({args.size}) with their attention bent; words damaged out of non-term words")
    print(f"{'stand-in':9} {'lang':4} {'noise':7} {'occurrences':>11} {'approved':>15} {'flagged':>7} {'silently wrong':>14} "
          f"{'words damaged':>17} {'enforce/draft s':>15}  strategies")
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        for variant in args.variants.split(","):
            for lang, to_code in LANGUAGES.items():
                profile = get_profile(lang)
                package = read_package(package_for(variant, to_code, args.size, cache))
                clean, noisy = ArgosEngine(package, to_code, EngineSettings()), NoisyAttention(package, to_code, EngineSettings())
                started = time.perf_counter()
                truth = [h[0] for h in clean.translate_batch([EngineRequest(s, with_alignment=True) for s in sources])]
                drafting = time.perf_counter() - started
                for kind in args.kinds.split(","):
                    noisy.kind, noisy.seed = kind, 1
                    started = time.perf_counter()
                    drafts = draft_with_glossary(noisy, sources, profile, glossary)
                    seconds = time.perf_counter() - started
                    counts = score(sources, [d.text for d in drafts], [bool(d.findings) for d in drafts], profile, glossary)
                    outside = sum(sum(non_term_words(s, m, glossary, lang).values()) for s, m in zip(sources, truth))
                    damaged = sum(len(words_damaged(s, m, d.text, glossary, lang)) for s, m, d in zip(sources, truth, drafts))
                    share = 100 * counts["approved"] / max(1, counts["occurrences"])
                    strategies = dict(sorted(Counter(d.strategy for d in drafts).items()))
                    print(f"{variant:9} {lang:4} {kind:7} {counts['occurrences']:>11} {counts['approved']:>6} ({share:5.1f}%) "
                          f"{counts['flagged']:>7} {counts['silently wrong']:>14} {damaged:>6}/{outside:<5} ({100 * damaged / max(1, outside):.1f}%)"
                          f" {seconds / drafting:>14.2f}x  {strategies}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
