#!/usr/bin/env bash
# The test command: install what is missing, then run the suite (long stress tests left out:
# `scripts/test.sh -m stress` runs them; a later -m replaces the default one).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/python -m pytest -m "not stress" "$@"
