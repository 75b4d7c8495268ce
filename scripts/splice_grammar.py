"""How often a term in a draft needs grammar around it, and how often the splice changed a draft for it.

    python scripts/splice_grammar.py [--size base] [--cache DIR] [--examples 3] [--reviewed DIR] [--skip-standins]

1. Reviewed translations (``--reviewed``: a folder of ``<lang>.po`` catalogs; by
   default the test fixtures tests/data/reviewed): per language, the glossary
   terms of each reviewed entry and how the translator wrote them: bare, with a
   clitic before them, with an ending after them (a suffix, postposition or
   izafe), or in their construct form.  This is how often a splice needs the
   grammar the draft's replaced word carried.
2. The stand-ins of scripts/bench_glossary.py, drafting its sources with the desk
   glossary twice: with the language profile as it is and with its grammar
   switched off (no endings table, no construct/possessor order).  A unit whose
   two drafts differ needed a suffix, postposition or word order changed at the
   splice.  Stand-ins copy English into the target's script, so Turkish
   suffixes and Sorani postpositions only appear when a real model writes them
   (tests/test_terms_grammar.py has such drafts).
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

import polib  # noqa: E402
from bench_glossary import LANGUAGES, VARIANTS, load_sources, package_for  # noqa: E402
from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.core.languages import get_profile  # noqa: E402
from l10n.core.morphology import NO_ENDINGS  # noqa: E402
from l10n.core.project import EngineSettings  # noqa: E402
from l10n.stages.splice import split_words  # noqa: E402
from l10n.stages.terms import accepted_renderings, draft_with_glossary, read_glossary  # noqa: E402
from l10n.stages.terms.match import normalise, term_windows  # noqa: E402


def changed(plain: str, grammar: str) -> str:
    """What the grammar changed between two drafts of a unit: "ending" when only word ends differ, else "order"."""
    pairs = list(zip(plain.split(), grammar.split()))
    same_words = len(plain.split()) == len(grammar.split())
    return "ending" if same_words and all(a.startswith(b[:2]) or b.startswith(a[:2]) for a, b in pairs) else "order"


def written_as(words, window, term, profile) -> str:
    """How a reviewed translation wrote a term found at ``window``: bare, clitic, ending or construct."""
    first, end = window
    written = [normalise(word.core + (word.tail if profile.apostrophe_suffixes else ""), profile) for word in words[first:end]]
    construct = term.construct.get(profile.code, "")
    if construct and normalise(construct, profile).split() == written:
        return "construct"
    for rendering in accepted_renderings(term, profile.code):
        meant = normalise(rendering, profile).split()
        if meant == written:
            return "bare"
        if len(meant) == len(written) and written[-1] != meant[-1] and written[-1].startswith(meant[-1][:-1]):
            return "ending"
    return "clitic"


def reviewed_table(folder: Path, glossary) -> None:
    print(f"1. Terms in reviewed translations ({folder}): how the translator wrote them")
    print(f"{'lang':4} {'terms':>5} {'bare':>5} {'clitic':>6} {'ending':>6} {'construct':>9}   examples with an ending")
    for path in sorted(folder.glob("*.po")):
        profile = get_profile(path.stem)
        counts, shown = Counter(), []
        for entry in polib.pofile(str(path)):
            if not entry.msgstr or entry.fuzzy:
                continue
            hits = glossary.find_for(entry.msgid, profile.code)
            words = split_words(entry.msgstr)
            renderings = {hit.term.id: accepted_renderings(hit.term, profile.code) for hit in hits}
            terms = {hit.term.id: hit.term for hit in hits}
            for term_id, windows in term_windows(words, renderings, profile).items():
                for window in windows:
                    kind = written_as(words, window, terms[term_id], profile)
                    counts[kind] += 1
                    if kind == "ending" and len(shown) < 4:
                        shown.append(" ".join(w.core + w.tail for w in words[window[0]:window[1]]))
        print(f"{profile.code:4} {sum(counts.values()):>5} {counts['bare']:>5} {counts['clitic']:>6} {counts['ending']:>6} "
              f"{counts['construct']:>9}   {', '.join(shown)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="base")
    parser.add_argument("--cache", type=Path, help="built stand-ins (shared with scripts/bench_glossary.py --cache)")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--reviewed", type=Path, default=ROOT / "tests" / "data" / "reviewed",
                        help="folder of reviewed <lang>.po catalogs")
    parser.add_argument("--skip-standins", action="store_true", help="only the reviewed-translation table")
    args = parser.parse_args()
    glossary, sources = read_glossary(ROOT / "glossary"), load_sources()
    reviewed_table(args.reviewed, glossary)
    if args.skip_standins:
        return
    print(f"\n2. Splices on the stand-ins ({len(sources)} units, glossary of {len(glossary)} terms): "
          "units whose draft the grammar changed")
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
