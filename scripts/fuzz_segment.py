#!/usr/bin/env python3
"""Nightly-style fuzzing of the segmenter: the property tests' invariants (plain text and Markdown), with many more examples.

    .venv/bin/python scripts/fuzz_segment.py --examples 20000

Exits non-zero with hypothesis's minimal failing text when an invariant breaks.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from test_paste import _MARKDOWN_TEXT, check_markdown_properties  # noqa: E402
from test_segment_properties import _LONG_LINE, _TEXT, check_properties  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="texts to try (default 5000)")
    args = parser.parse_args()
    relaxed = settings(max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck))
    started = time.perf_counter()
    given(_TEXT)(relaxed(check_properties))()
    given(_TEXT, _LONG_LINE)(settings(relaxed, max_examples=max(1, args.examples // 50))(
        lambda before, line: check_properties(before + "\n" + line)))()
    given(_MARKDOWN_TEXT)(relaxed(check_markdown_properties))()
    print(f"segment properties held for {args.examples} plain and {args.examples} Markdown texts in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
