#!/usr/bin/env bash
# The type check of the browser client (after setup.sh):
#  1. tsc --noEmit with checkJs over the modules of src/main/webapp/js/surewire/ and surewire.d.ts,
#     which surewire-api.ts holds against each other (tsconfig.json);
#  2. the entry point src/main/webapp/js/surewire.js exports exactly the values surewire.d.ts
#     declares (exports.mjs).
# Fails (non-zero) on any error of either.
#
#   check.sh <project-dir>
set -euo pipefail

project=$1
target_dir="$project/target/types"

"$target_dir/node_modules/.bin/tsc" --noEmit -p "$project/src/test/types/tsconfig.json"
echo "tsc --noEmit: the client's modules and surewire.d.ts agree"
node "$target_dir/exports.mjs" "$project"
