#!/usr/bin/env python3
"""Nightly-style property runs: the suite's hypothesis tests with many more examples.

    .venv/bin/python scripts/fuzz_all.py --examples 5000

Runs each property test of tests/test_segment_properties.py,
tests/test_catalog_properties.py and tests/test_enforce.py with its own
strategies and ``--examples`` examples (the catalog one, which runs msgmerge
and msgfmt per step, gets a tenth), and prints one line per test.  Exits 1
with hypothesis's minimal failing example when an invariant breaks.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

import test_catalog_properties  # noqa: E402
import test_enforce  # noqa: E402
import test_segment_properties  # noqa: E402

#: (test, share of --examples): slow tests get fewer examples.
PROPERTY_TESTS = (
    (test_segment_properties.test_units_cover_the_text_exactly, 1.0),
    (test_segment_properties.test_very_long_lines_keep_the_properties, 0.02),
    (test_catalog_properties.test_human_work_survives_any_sequence_of_edits_and_runs, 0.1),
    (test_enforce.test_contract_holds_for_any_engine_output, 1.0),
)


def with_examples(test, examples: int):
    """The same property with the same strategies, run for ``examples`` examples."""
    handle = test.hypothesis
    relaxed = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
    return given(**handle._given_kwargs)(relaxed(handle.inner_test))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property test (default 2000)")
    args = parser.parse_args()
    failed = 0
    for test, share in PROPERTY_TESTS:
        examples = max(1, int(args.examples * share))
        started = time.perf_counter()
        try:
            with_examples(test, examples)()
        except Exception:  # a broken invariant: show hypothesis's minimal example and go on
            traceback.print_exc()
            failed += 1
            outcome = "FAILED"
        else:
            outcome = "held"
        print(f"{test.__module__}.{test.__name__}: {outcome} for {examples} examples in {time.perf_counter() - started:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
