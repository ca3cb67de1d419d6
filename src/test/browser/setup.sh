#!/usr/bin/env bash
# Prepares the browser tests: Debian's Chromium (installed with apt-get when missing; never a browser
# downloaded by a test tool), and playwright-core from npm, installed into target/browser.
#
#   setup.sh <project-dir>
set -euo pipefail

project=$1
source_dir="$project/src/test/browser"
target_dir="$project/target/browser"

if [[ ! -x /usr/bin/chromium ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "Chromium is missing: install Debian's package (apt-get install -y chromium) and run again" >&2
        exit 2
    fi
    echo "Installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi

mkdir -p "$target_dir"
cp "$source_dir"/*.mjs "$source_dir"/package.json "$source_dir"/package-lock.json "$target_dir"/
if ! cmp -s "$source_dir/package-lock.json" "$target_dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    (cd "$target_dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$source_dir/package-lock.json" "$target_dir/node_modules/.package-lock.json.installed"
fi
echo "Browser tests ready in $target_dir ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
