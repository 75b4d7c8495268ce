#!/usr/bin/env bash
# The test command: install what is missing, then run the suite (long stress tests left out:
# `scripts/test.sh -m stress` runs them; a later -m replaces the default one).
# Two workers, one test file each at a time (pytest-xdist): the suite takes about 6.5 min on one
# core of an AVX2-only AMD EPYC and 4.7 min on two; L10N_TEST_WORKERS=0 runs it in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
workers="${L10N_TEST_WORKERS:-2}"
parallel=()
if [ "$workers" != 0 ]; then parallel=(-n "$workers" --dist loadfile); fi
exec .venv/bin/python -m pytest "${parallel[@]}" -m "not stress" "$@"
