#!/usr/bin/env bash
# Install l10n into .venv (idempotent; a re-run with nothing new is quick).
# L10N_EXTRAS picks the extras (default "dev,ray": tests and benchmarks; "" for the runtime alone);
# L10N_SKIP_BROWSER=1 skips Chromium (only the browser tests need it).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
if [ "${L10N_SKIP_BROWSER:-0}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${need_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "please install these Debian packages first: ${need_apt[*]}" >&2
    exit 1
  fi
fi

extras="${L10N_EXTRAS-dev,ray}"
stamp=.venv/.l10n-installed
want="$( (cat pyproject.toml; echo "extras=$extras") | sha1sum | cut -c1-40)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet -e ".${extras:+[$extras]}"
echo "$want" > "$stamp"
