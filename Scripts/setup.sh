#!/usr/bin/env bash
# Sets up a fresh Debian machine that has Swift 6: installs the system libraries giconvert links
# (libxml2, libzip, poppler-glib) and what its tests use (openpyxl, chromium), builds giconvert, and converts a sample report.
#   Scripts/setup.sh              everything
#   Scripts/setup.sh --deps-only  only the packages (what CI needs before `swift test`)
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends libxml2-dev libzip-dev libpoppler-glib-dev pkg-config >/dev/null
# Headless Chromium renders the audit page in the end-to-end tests.
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
if ! python3 -m pip --version >/dev/null 2>&1; then
  $sudo apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check openpyxl 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages openpyxl

if [ "${1:-}" = "--deps-only" ]; then exit 0; fi

# The Swift runtime and Foundation linked in: each run starts in about half the time (no symbol
# lookups through their shared libraries), which a shell loop over many files pays per file.
swift build -c release --static-swift-stdlib
# Put giconvert on PATH: /usr/local/bin for root, ~/.local/bin otherwise.
bin_dir=/usr/local/bin
if [ "$(id -u)" != 0 ]; then bin_dir="$HOME/.local/bin"; mkdir -p "$bin_dir"; fi
install -m 0755 .build/release/giconvert "$bin_dir/giconvert"
echo "== installed $bin_dir/giconvert ($("$bin_dir/giconvert" --version))"
case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "   add $bin_dir to PATH: export PATH=\"$bin_dir:\$PATH\"" ;; esac
echo "== giconvert Samples/seeds/000_71c8ded71e417266.txt -o - (first rows of the long CSV)"
"$bin_dir/giconvert" Samples/seeds/000_71c8ded71e417266.txt -o - --to csv | head -n 8
