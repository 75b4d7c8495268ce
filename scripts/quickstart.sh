#!/usr/bin/env bash
# One command from a clean clone: install everything, then translate the sample article.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
.venv/bin/l10n translate examples/k1-qayyarah-withdrawal.txt
