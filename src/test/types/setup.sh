#!/usr/bin/env bash
# Prepares the type check of the browser client: typescript from npm (the version package-lock.json
# pins), installed into target/types with npm ci, beside the check of the entry point's exports.
#
#   setup.sh <project-dir>
set -euo pipefail

project=$1
source_dir="$project/src/test/types"
target_dir="$project/target/types"

mkdir -p "$target_dir"
cp "$source_dir"/*.mjs "$source_dir"/package.json "$source_dir"/package-lock.json "$target_dir"/
if ! cmp -s "$source_dir/package-lock.json" "$target_dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    (cd "$target_dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$source_dir/package-lock.json" "$target_dir/node_modules/.package-lock.json.installed"
fi
echo "Type check ready in $target_dir (TypeScript $("$target_dir/node_modules/.bin/tsc" --version | sed 's/^Version //'))"
