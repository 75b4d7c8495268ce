#!/usr/bin/env bash
# One command from a clean clone: install the runtime (no test tools, no browser), then translate the sample article.
set -euo pipefail
cd "$(dirname "$0")/.."
L10N_EXTRAS="${L10N_EXTRAS-}" L10N_SKIP_BROWSER="${L10N_SKIP_BROWSER:-1}" scripts/install.sh
.venv/bin/l10n translate examples/k1-qayyarah-withdrawal.txt
