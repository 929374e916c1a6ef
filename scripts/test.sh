#!/usr/bin/env bash
# Install what the tests need, fetch the assets, and run the whole suite (Python + browser).
#   bash scripts/test.sh [pytest arguments]
# Needs Python 3.11+, Node 18+ with npm, and the package registries; installs Debian's browsers if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

"$PY" -m pip install -q --disable-pip-version-check -r requirements-test.txt
# Debian's browsers: Chromium (Playwright), Firefox ESR (Puppeteer over WebDriver BiDi), WebKitGTK
# (Selenium + WebKitWebDriver, on a virtual X display).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] \
   || ! command -v Xvfb >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium firefox-esr webkit2gtk-driver xvfb >/dev/null
fi
# npm: Puppeteer (no browser download: it drives Debian's Firefox) and axe-core.
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
"$PY" scripts/fetch_assets.py --quiet
exec "$PY" -m pytest -q "$@"
