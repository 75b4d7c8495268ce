"""Glossary enforcement vs plain drafting, per language, on the sample article and scripts/data sentences.

    python scripts/bench_glossary.py [--packages DIR] [--size tiny|base]   (base needs scripts/standin.py's base corpus)

Uses the Argos-format packages in DIR.  Without DIR (or with no package for a
language there), it builds the stand-in COPY packages with scripts/standin.py: they
copy the source and never translate, so every figure they give is labelled
"stand-in" and only measures the enforcement machinery, not translation quality.

Columns per language and mode: term occurrences (hits with an approved
rendering), rendered with the approved term, flagged, silently wrong (term
missing or forbidden rendering present, and not flagged: must be 0 with
enforcement), seconds.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from l10n.engine.argos import ArgosEngine
from l10n.languages import get_profile
from l10n.records import EngineRequest
from l10n.engine.packages import list_packages, select_package
from l10n.project import EngineSettings
from l10n.segment import segment_article
from standin import build_copy_package
from l10n.terms import draft_with_glossary, read_glossary
from l10n.terms.check import forbidden_present, missing_terms

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
SENTENCES = ROOT / "scripts" / "data" / "glossary_sentences.txt"
LANGUAGES = ("ar", "ckb", "tk")
STANDIN = {"ar": {"to_code": "ar"}, "tk": {"to_code": "tr"}, "ckb": {"to_code": "ckb"}}


def load_sources() -> list[str]:
    article = segment_article(SAMPLE.read_text(encoding="utf-8"), slug="sample", source_path=str(SAMPLE))
    lines = [line.strip() for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    return [unit.source for unit in article.units] + [line for line in lines if line and not line.startswith("#")]


def find_engine(lang: str, packages_dir: Path | None, standin_dir: Path, size: str) -> tuple[ArgosEngine, bool]:
    """The engine for ``lang`` from ``packages_dir``, else a freshly built stand-in (True when stand-in)."""
    profile = get_profile(lang)
    chosen = select_package(profile, list_packages(packages_dir)) if packages_dir else None
    standin = chosen is None
    if standin:
        build_copy_package(standin_dir / lang, size=size, **STANDIN[lang])
        chosen = select_package(profile, list_packages(standin_dir / lang))
    package, to_code = chosen
    return ArgosEngine(package, to_code, EngineSettings()), standin


def flagged_terms(draft) -> set[str]:
    """Terms a reviewer is told about: every term of a unit that carries findings."""
    return {hit.term.id for hit in draft.term_hits} if draft.findings else set()


def score(sources, texts, flagged_ids, profile, glossary) -> dict[str, int]:
    counts = {"occurrences": 0, "approved": 0, "flagged": 0, "silently wrong": 0}
    for source, text, flagged in zip(sources, texts, flagged_ids):
        hits = glossary.find_for(source, profile.code)
        missing = {hit.term.id for hit in missing_terms(text, hits, profile)}
        forbidden = {hit.term.id for hit, _ in forbidden_present(source, text, glossary.find(source), profile)}
        for hit in hits:
            counts["occurrences"] += 1
            wrong = hit.term.id in missing or hit.term.id in forbidden
            counts["approved"] += hit.term.id not in missing
            counts["flagged"] += wrong and hit.term.id in flagged
            counts["silently wrong"] += wrong and hit.term.id not in flagged
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, help="directory of installed Argos packages")
    parser.add_argument("--size", default="tiny", choices=("tiny", "base"), help="stand-in size when one is built")
    parser.add_argument("--examples", type=int, default=0, help="print plain and enforced drafts of N units with terms")
    args = parser.parse_args()
    glossary = read_glossary(ROOT / "glossary")
    sources = load_sources()
    print(f"{len(sources)} units ({SAMPLE.name} + {SENTENCES.name}), glossary of {len(glossary)} terms")
    header = f"{'lang':5} {'mode':8} {'occurrences':>11} {'approved':>8} {'flagged':>7} {'silently wrong':>14} {'seconds':>7}  engine"
    print(header)
    with tempfile.TemporaryDirectory() as scratch:
        for lang in LANGUAGES:
            profile = get_profile(lang)
            engine, standin = find_engine(lang, args.packages, Path(scratch), args.size)
            label = f"{engine.id}" + (f" (STAND-IN copy model, {args.size}: copies, does not translate)" if standin else "")
            start = time.perf_counter()
            plain = [h[0].text if h else "" for h in engine.translate_batch([EngineRequest(s) for s in sources])]
            plain_time = time.perf_counter() - start
            start = time.perf_counter()
            drafts = draft_with_glossary(engine, sources, profile, glossary)
            enforced_time = time.perf_counter() - start
            flagged = [flagged_terms(d) for d in drafts]
            rows = [
                ("plain", score(sources, plain, [set()] * len(sources), profile, glossary), plain_time),
                ("enforced", score(sources, [d.text for d in drafts], flagged, profile, glossary), enforced_time),
            ]
            for mode, counts, seconds in rows:
                print(
                    f"{lang:5} {mode:8} {counts['occurrences']:>11} {counts['approved']:>8} {counts['flagged']:>7} "
                    f"{counts['silently wrong']:>14} {seconds:>7.2f}  {label}"
                )
            strategies = {}
            for d in drafts:
                strategies[d.strategy] = strategies.get(d.strategy, 0) + 1
            print(f"{lang:5} strategies: {dict(sorted(strategies.items()))}")
            with_terms = [i for i, source in enumerate(sources) if glossary.find_for(source, lang)]
            for i in with_terms[: args.examples]:
                print(f"   source:   {sources[i]}\n   plain:    {plain[i]}\n   enforced: {drafts[i].text}  [{drafts[i].strategy}]")


if __name__ == "__main__":
    main()
