"""How often the grammar at the splice changed a draft: per language, units whose splice needed an ending or word order.

    python scripts/splice_grammar.py [--size base] [--cache DIR] [--examples 3]

Drafts the sources of scripts/bench_glossary.py with the desk glossary on its
stand-ins twice: with the language profile as it is, and with its grammar
switched off (no endings table, no construct/possessor order).  A unit whose
two drafts differ needed a suffix, postposition or word order changed at the
splice; the table counts them per language and stand-in, by what changed:
an ending (an apostrophe suffix or glued ending carried or re-fitted) or the
possessor's place (construct form, English 's order undone).  Stand-ins
copy English into the target's script, so Turkish suffixes and Sorani
postpositions only appear when a real model writes them; see
tests/test_terms_grammar.py for those.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_glossary import LANGUAGES, VARIANTS, load_sources, package_for  # noqa: E402
from l10n.engine.argos import ArgosEngine  # noqa: E402
from l10n.engine.packages import read_package  # noqa: E402
from l10n.languages import get_profile  # noqa: E402
from l10n.morphology import NO_ENDINGS  # noqa: E402
from l10n.project import EngineSettings  # noqa: E402
from l10n.terms import draft_with_glossary, read_glossary  # noqa: E402


def changed(plain: str, grammar: str) -> str:
    """What the grammar changed between two drafts of a unit: "ending" when only word ends differ, else "order"."""
    pairs = list(zip(plain.split(), grammar.split()))
    same_words = len(plain.split()) == len(grammar.split())
    return "ending" if same_words and all(a.startswith(b[:2]) or b.startswith(a[:2]) for a, b in pairs) else "order"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="base")
    parser.add_argument("--cache", type=Path, help="built stand-ins (shared with scripts/bench_glossary.py --cache)")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    glossary, sources = read_glossary(ROOT / "glossary"), load_sources()
    print(f"{len(sources)} units, glossary of {len(glossary)} terms")
    print(f"{'lang':4} {'stand-in':12} {'spliced units':>13} {'grammar changed':>15} {'ending':>6} {'order':>5}")
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        for variant, label in VARIANTS.items():
            for lang, to_code in LANGUAGES.items():
                profile = get_profile(lang)
                bare = replace(profile, endings=NO_ENDINGS, genitive_follows=False)
                engine = ArgosEngine(read_package(package_for(variant, to_code, args.size, cache)), to_code, EngineSettings())
                with_grammar = draft_with_glossary(engine, sources, profile, glossary)
                without = draft_with_glossary(engine, sources, bare, glossary)
                engine.close()
                spliced = [(a, b) for a, b in zip(with_grammar, without) if a.strategy in ("aligned", "prefix")]
                kinds = Counter(changed(b.text, a.text) for a, b in spliced if a.text != b.text)
                print(f"{lang:4} {label:12} {len(spliced):>13} {sum(kinds.values()):>15} {kinds['ending']:>6} {kinds['order']:>5}")
                for a, b in [(a, b) for a, b in spliced if a.text != b.text][: args.examples]:
                    print(f"{'':18}without: {b.text}\n{'':18}with:    {a.text}")


if __name__ == "__main__":
    main()
