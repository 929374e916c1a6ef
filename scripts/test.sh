#!/usr/bin/env bash
# Install what the tests need, fetch the assets, and run the whole suite (Python + browser).
#   bash scripts/test.sh [pytest arguments]
# Needs Python 3.11+, npm, and the package registries; installs Debian's Chromium if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

"$PY" -m pip install -q --disable-pip-version-check -r requirements-test.txt
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
"$PY" scripts/fetch_assets.py --quiet
exec "$PY" -m pytest -q "$@"
