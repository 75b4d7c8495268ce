#!/usr/bin/env python3
"""Where `l10n translate` spends its own time, per stage: first run, unchanged re-run, merge after an edit.

    PYTHONPATH=. .venv/bin/python scripts/profile_translate.py [--articles 12] [--sentences 8] [--model full]
                                                               [--targets ar tk] [--empty-glossary] [--threads]

A temporary project (desk glossary, or none with ``--empty-glossary``; targets ar and tk) drafts
``--articles`` articles of ``--sentences`` news sentences each (scripts/data/news_sentences.txt) with
the TRAINED stand-ins of tests/data/trained/<model> (``full`` or ``early``; en→ar, en→tr; they write
synthetic languages, not Arabic or Turkish), or with ``--model wired`` the hand-wired Transformer-base
"script" stand-ins that scripts/bench_translate.py builds (cached under bench-out/wired).
``pipeline.translate`` runs in this process three times:

* first run: every unit drafted;
* unchanged re-run: the run-state fingerprints are bypassed (the library call has none), so every
  stage runs again over catalogs that do not change: what a re-run without fingerprints costs;
* merge after edit: one sentence of one article changed, so its catalogs merge and one unit redrafts.

Before each run the gettext answers l10n keeps per process are forgotten, so every run costs what
it would in a fresh `l10n` process (the model stays loaded only if the code keeps it: it does not).

Stage times are wall seconds inside the named functions, wrapped here (nested stages are
counted in both; "model" is CTranslate2's ``translate_batch`` with tokenisation, also inside
"terms+model").  "l10n's own work" is the run's wall time minus the model's.  So that the stages
add up, the run is sequential (``pipeline.MODEL_THREADS = 0``, ``GETTEXT_THREADS = 1``, ``engine.EARLY_MODEL_LOAD = False`` where the
code has them); ``--threads`` keeps the threads, and then a stage's time is summed over threads.
The counts column says how many calls each stage made (gettext: subprocesses); "from" and "to"
are the seconds into the run when the stage was first entered and last left, so with
``--threads`` they show which stages overlap.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]   # l10n itself comes from PYTHONPATH, so main's code can be profiled too
SENTENCES = ROOT / "scripts" / "data" / "news_sentences.txt"
TRAINED = ROOT / "tests" / "data" / "trained"

#: (stage label, module, attribute): wrapped when present, so the script runs on older and newer code alike.
STAGES = (
    ("read+segment", "l10n.stages.articles", "read_and_segment"),
    ("read", "l10n.stages.read", "read_article_and_digest"),
    ("detect language", "l10n.stages.read", "not_english_reason"),
    ("segment", "l10n.stages.segment", "segment_article"),
    ("merge (msgmerge)", "l10n.stages.pofiles", "update_catalog_file"),
    ("memory lookup", "l10n.stages.memory", "TranslationMemory.lookup"),
    ("memory sync", "l10n.stages.memory", "TranslationMemory.sync"),
    ("terms+model", "l10n.stages.terms", "draft_with_glossary"),
    ("model", "l10n.stages.engine.argos", "ArgosEngine.translate_batch"),
    ("model load", "l10n.stages.engine.argos", "ArgosEngine._load"),
    ("QA", "l10n.stages.qa", "check_entry"),
    ("QA of fills", "l10n.stages.qa", "check_prefill"),
    ("comments", "l10n.stages.catalog", "refresh_comments"),
    ("write catalogs", "l10n.stages.pofiles", "save_catalog"),
    ("write templates", "l10n.stages.pofiles", "write_catalog"),
    ("subprocesses (gettext)", "subprocess", "run"),
)


class StageClock:
    """Wall seconds, calls, first start and last end per stage, from any thread; a stage re-entered on one thread counts once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.spans: dict[str, tuple[float, float]] = {}
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._inside = threading.local()

    def wrap(self, label: str, function):
        clock = self

        def timed(*args, **kwargs):
            depth = getattr(clock._inside, label, 0)
            setattr(clock._inside, label, depth + 1)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                setattr(clock._inside, label, depth)
                if depth == 0:
                    ended = time.perf_counter()
                    with clock._lock:
                        clock.seconds[label] += ended - started
                        clock.calls[label] += 1
                        first, _ = clock.spans.get(label, (started, ended))
                        clock.spans[label] = (min(first, started), ended)

        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()
        self.spans.clear()
        self.started = time.perf_counter()


def install(clock: StageClock) -> list[str]:
    """Wrap every stage function that exists; the labels of those that do not (left out of the table)."""
    import importlib

    absent = []
    for label, module_name, attribute in STAGES:
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            absent.append(label)
            continue
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, name):
            absent.append(label)
            continue
        original = getattr(owner, name)
        wrapped = clock.wrap(label, original)
        setattr(owner, name, wrapped)
        if not path:  # a module that imported the function by name calls it through its own binding
            for module in list(sys.modules.values()):
                if getattr(module, "__name__", "").startswith("l10n") and getattr(module, name, None) is original:
                    setattr(module, name, wrapped)
    return absent


def packages_of(model: str) -> Path:
    """The folder of ``model``'s en→ar and en→tr packages: trained ones, or hand-wired ones built once under bench-out."""
    if model != "wired":
        return TRAINED / model
    packages = ROOT / "bench-out" / "wired"
    for code in ("ar", "tr"):
        if not (packages / f"translate-en_{code}" / "metadata.json").is_file():
            sys.path.insert(0, str(ROOT / "scripts"))
            from standin import build_standin_package

            build_standin_package(packages, variant="script", to_code=code, size="base")
    return packages


def make_project(folder: Path, model: str, articles: int, per_article: int, *, targets: list[str], glossary: bool) -> list[Path]:
    """A project with the desk glossary (or only the adaptation rules) and ``model``'s stand-ins; the article paths."""
    (folder / "glossary").mkdir(parents=True)
    for name in ("terms.csv", "tk-adaptation.csv") if glossary else ("tk-adaptation.csv",):
        shutil.copy(ROOT / "glossary" / name, folder / "glossary")
    packages = packages_of(model)
    codes = ", ".join(f'"{code}"' for code in targets)
    (folder / "l10n.toml").write_text(f'targets = [{codes}]\npackages_dir = "{packages}"\n', encoding="utf-8")
    lines = [line.strip() for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    sentences = [line for line in lines if line and not line.startswith("#")]
    paths = []
    for index in range(articles):
        group = [sentences[(index * per_article + j) % len(sentences)] for j in range(per_article)]
        path = folder / f"story-{index:03d}.txt"
        path.write_text("\n\n".join(group) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def forget_process_caches() -> None:
    """Clear what l10n keeps per process (gettext answers), so each run costs what a fresh `l10n` process pays."""
    from l10n.stages import pofiles

    getattr(pofiles, "_MSGFMT_PASSED", {}).clear()
    if hasattr(pofiles, "_msgcat_cached"):
        pofiles._msgcat_cached.cache_clear()


def one_run(clock: StageClock, label: str, project_dir: Path, paths: list[Path]) -> None:
    from l10n import pipeline
    from l10n.core.project import load_project

    forget_process_caches()
    clock.reset()
    started = time.perf_counter()
    pipeline.translate(load_project(project_dir), paths)
    wall = time.perf_counter() - started
    model = clock.seconds.get("model", 0.0)
    print(f"\n{label}: run {wall:.2f} s, model {model:.2f} s, l10n's own work {wall - model:.2f} s")
    print(f"  {'stage':<22} {'wall s':>7} {'calls':>6}  {'from':>6} {'to':>6}  (seconds into the run)")
    for stage, _, _ in STAGES:
        if stage in clock.calls:
            first, last = (moment - clock.started for moment in clock.spans[stage])
            print(f"  {stage:<22} {clock.seconds[stage]:7.3f} {clock.calls[stage]:6d}  {first:6.3f} {last:6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--sentences", type=int, default=8, help="sentences per article")
    parser.add_argument("--model", choices=("full", "early", "wired"), default="full",
                        help="trained stand-ins (full, early) or the hand-wired Transformer-base ones (wired)")
    parser.add_argument("--targets", nargs="+", choices=("ar", "tk"), default=["ar", "tk"])
    parser.add_argument("--empty-glossary", action="store_true", help="no desk terms (the adaptation rules only)")
    parser.add_argument("--threads", action="store_true", help="keep drafting and gettext threads (stages then overlap)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    import l10n.pipeline  # noqa: F401  (the import cost is printed, not counted in the runs)
    imported = time.perf_counter() - started
    clock = StageClock()
    absent = install(clock)
    if not args.threads:
        import l10n.stages.engine

        for module, name, sequential in ((l10n.pipeline, "MODEL_THREADS", 0), (l10n.pipeline, "GETTEXT_THREADS", 1),
                                         (l10n.stages.engine, "EARLY_MODEL_LOAD", False)):
            if hasattr(module, name):
                setattr(module, name, sequential)
    import l10n

    stand_ins = "hand-wired stand-ins" if args.model == "wired" else f"trained stand-ins ({args.model})"
    print(f"l10n from {Path(l10n.__file__).parent}; {stand_ins} en→ar, en→tr; {args.articles} articles × "
          f"{args.sentences} sentences, targets {', '.join(args.targets)}, {'empty' if args.empty_glossary else 'desk'} glossary"
          f"{', threads kept' if args.threads else ', sequential'}")
    print(f"import l10n.pipeline: {imported:.2f} s" + (f"; stages absent in this code: {', '.join(absent)}" if absent else ""))
    with tempfile.TemporaryDirectory(prefix="l10n-profile-") as scratch:
        folder = Path(scratch)
        paths = make_project(folder, args.model, args.articles, args.sentences, targets=args.targets,
                             glossary=not args.empty_glossary)
        one_run(clock, "first run", folder, paths)
        one_run(clock, "unchanged re-run (no fingerprints)", folder, paths)
        edited = paths[0].read_text(encoding="utf-8").replace(".", " on Sunday.", 1)
        paths[0].write_text(edited, encoding="utf-8")
        one_run(clock, "merge after edit (one sentence of one article)", folder, paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
