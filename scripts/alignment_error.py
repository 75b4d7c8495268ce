"""Alignment error rate of a trained stand-in's alignment head against the generator's true alignment.

    python scripts/alignment_error.py [--packages tests/data/trained] [--count 300]

For each package of the trained set (full and early, ar and tr), the model is
forced (hard ``target_prefix``, beam 1) to write the training-style target of
``count`` held-out synthetic sentences (scripts/synthetic_news.py, from the
glossary snapshot the set was trained on), and
l10n's engine reads its word alignment the way enforcement does (the
converter's head, attention summed per word, the source word with the most
weight per target word).  Against the generator's true links (all sure):

    AER = 1 - 2 |A ∩ S| / (|A| + |S|)        (Och and Ney 2003, with P = S)

and "word hit": the share of target words whose chosen source word is one of
their true ones.  Published unsupervised Transformer attention sits in the tens
of percent of AER (Garg et al. 2019; Zenkel et al. 2019).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.core.project import EngineSettings  # noqa: E402
from l10n.core.records import EngineRequest  # noqa: E402
from synthetic_news import Example, generate  # noqa: E402
from train_standin import GLOSSARY_SNAPSHOT  # noqa: E402

TRAINED = ROOT / "tests" / "data" / "trained"
HELD_OUT_SEED = 909


@dataclass(frozen=True)
class AlignmentScore:
    """How one alignment head agrees with the true alignment over a set of sentences."""

    aer: float
    word_hit: float
    sentences: int     # sentences measured (the engine could align them)
    skipped: int       # sentences whose alignment the engine could not read (piece/word mismatch)


def alignment_error_rate(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> float:
    """AER with every gold link sure.

    >>> alignment_error_rate({(0, 0), (1, 1)}, {(0, 0), (1, 2)})
    0.5
    """
    if not predicted and not gold:
        return 0.0
    return 1 - 2 * len(predicted & gold) / (len(predicted) + len(gold))


def measure(package_dir: Path, lang: str, examples: list[Example]) -> AlignmentScore:
    """Force each example's training-style target through the package and score the head's word alignment."""
    engine = ArgosEngine(read_package(package_dir), lang, EngineSettings(beam_size=1))
    requests = [EngineRequest(e.source, target_prefix=e.train, with_alignment=True) for e in examples if e.train]
    kept = [e for e in examples if e.train]
    outputs = engine.translate_batch(requests)
    engine.close()
    predicted, gold, hits, words, skipped = set(), set(), 0, 0, 0
    for number, (example, hypotheses) in enumerate(zip(kept, outputs)):
        alignment = hypotheses[0].alignment if hypotheses else None
        target_words = len(example.train.split())
        if alignment is None or len(alignment) < target_words:
            skipped += 1
            continue
        true_links = {(number, source, target) for source, target in example.train_alignment}
        chosen = {(number, alignment[target], target) for target in range(target_words)}
        predicted |= chosen
        gold |= true_links
        hits += len(chosen & true_links)
        words += target_words
    return AlignmentScore(alignment_error_rate(predicted, gold), hits / max(1, words), len(kept) - skipped, skipped)


def held_out(lang: str, count: int, packages: Path = TRAINED) -> list[Example]:
    """Held-out sentences from the glossary terms the set at ``packages`` was trained on."""
    return generate(lang, count, HELD_OUT_SEED, glossary=packages / GLOSSARY_SNAPSHOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, default=TRAINED, help="the trained set: VARIANT/translate-en_LANG")
    parser.add_argument("--count", type=int, default=300, help="held-out sentences per language")
    args = parser.parse_args()
    print(f"{'stand-in':10} {'lang':4} {'AER':>6} {'word hit':>8} {'sentences':>9} {'skipped':>7}")
    for variant in ("full", "early"):
        for lang in ("ar", "tr"):
            package = args.packages / variant / f"translate-en_{lang}"
            score = measure(package, lang, held_out(lang, args.count, args.packages))
            print(f"{variant:10} {lang:4} {100 * score.aer:5.1f}% {100 * score.word_hit:7.1f}% {score.sentences:>9} {score.skipped:>7}")


if __name__ == "__main__":
    main()
