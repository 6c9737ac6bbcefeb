#!/usr/bin/env bash
# What the console's end-to-end test needs (ConsoleEndToEndTest): Debian's chromium and node, and
# playwright-core from the npm registry into src/test/e2e (the version pinned in its package-lock.json).
# playwright-core drives the installed /usr/bin/chromium; it downloads no browser of its own. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# a CJK font, so that the console's Chinese (承诺时限, case titles) renders in the screenshots instead of boxes
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need_apt+=(fonts-wqy-zenhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
cd "$root/src/test/e2e"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
echo "browser test prerequisites ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)"
