#!/usr/bin/env python3
"""Time user-written patterns on adversarial inputs of growing size: the work must grow linearly.

    .venv/bin/python scripts/bench_patterns.py [--sizes 800 1600 …] [--only NAME] [--code DIR] [--limit 60]

Three patterns a desk can write, each against the input that makes a
backtracking engine blow up (issue 21):

* boilerplate: the share entry ``Facebook Twitter`` (both words are share words
  too) repeated N times on one line, ending in copy (2^N ways to split it);
* adaptation: the regex rule ``(\\d|\\d\\d)+x`` against N digits (Fibonacci(N) ways);
* glossary: the form ``Kirkuk - Erbil road`` against "Kirkuk" and N spaces
  (cubic: three space runs that can share the spaces).

For each it prints the best of 5 timings per size and the ratio of each time to
the one before (doubling N: about 2 for linear work).  ``--code DIR`` runs the
l10n package found in DIR instead (e.g. ``git archive main l10n | tar -x -C DIR``),
to see older code side by side.  ``--limit`` stops a family
after a size took that many seconds (an exponential engine never finishes the
next one).  Exit status 1 when a ratio exceeds ``--max-ratio`` (default 8):
``tests/test_linear_patterns.py`` runs it that way under the stress marker.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def families():
    """(name, run(size)) for each adversarial family; each run does the matching once."""
    from l10n.core.records import Term
    from l10n.stages.adapt import adapt, load_rules
    from l10n.stages.boilerplate import default_boilerplate, parse_boilerplate
    from l10n.stages.terms.match import SourceMatcher

    bar = parse_boilerplate("share Facebook Twitter\n", "boilerplate.txt", default_boilerplate()).share_bar
    folder = Path(tempfile.mkdtemp(prefix="bench-patterns-"))
    (folder / "tk-adaptation.csv").write_text("id,kind,pattern,replacement,note,source\n"
                                              "n,regex,(\\d|\\d\\d)+x,N,nested repetition,bench\n", encoding="utf-8")
    rules = load_rules(folder / "tk-adaptation.csv")
    matcher = SourceMatcher([Term(id="road", forms=("Kirkuk - Erbil road",), targets={"ar": "طريق كركوك - أربيل"})])

    def boilerplate(size: int) -> None:
        line = "Facebook Twitter " * (size // 8) + "the council said."
        bar.fullmatch(line, 0, len(line))

    def adaptation(size: int) -> None:
        adapt("1" * (size // 8) + " ", rules)

    def glossary(size: int) -> None:
        matcher.find("Kirkuk" + " " * size + "x")

    return [("boilerplate", boilerplate), ("adaptation", adaptation), ("glossary", glossary)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[800, 1600, 3200, 6400, 12800])
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--max-ratio", type=float, default=8.0)
    parser.add_argument("--only", choices=("boilerplate", "adaptation", "glossary"), help="time one family")
    parser.add_argument("--code", type=Path, help="a folder holding the l10n package to time instead of this one")
    options = parser.parse_args()
    if options.code:
        sys.meta_path[:] = [finder for finder in sys.meta_path if "editable" not in type(finder).__name__.lower()]
        sys.path.insert(0, str(options.code.resolve()))
    else:
        sys.path.insert(0, str(ROOT))
    worst = 0.0
    for name, run in families():
        if options.only and name != options.only:
            continue
        times = []
        for size in options.sizes:
            times.append(min(_timed(run, size) for _ in range(5)))
            if times[-1] > options.limit:
                break
        ratios = [later / max(earlier, 1e-6) for earlier, later in zip(times, times[1:])]
        worst = max([worst, *ratios])
        cells = ", ".join(f"{size}: {seconds * 1000:.3f} ms" for size, seconds in zip(options.sizes, times))
        print(f"{name:12} {cells}; ratios {', '.join(f'{ratio:.1f}' for ratio in ratios)}", flush=True)
    return 1 if worst > options.max_ratio else 0


def _timed(run, size: int) -> float:
    start = time.perf_counter()
    run(size)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
