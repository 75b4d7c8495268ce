#!/usr/bin/env bash
# The test command: install what is missing, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/python -m pytest "$@"
