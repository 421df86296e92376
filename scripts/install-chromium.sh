#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/Kassa.BrowserTests) if it is missing and prints its path
# on the last line. Playwright drives this browser; it downloads none of its own. Needs root (apt-get). Safe to run twice.
set -euo pipefail

path="${KASSA_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$path" ]; then
  echo "installing chromium..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
"$path" --version >&2
echo "$path"
