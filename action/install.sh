#!/usr/bin/env bash
# The install step of action.yml: installs and builds this action's own copy of sls-lint (the
# version is the tag the workflow pinned), in the action's folder. Nothing is fetched by name
# from the registry at run time but the locked dependencies of package-lock.json.
# Any failure exits 2: sls-lint never ran, which is not a finding (1).
set -uo pipefail

fail() {
  echo "::error title=sls-lint::$1"
  [ -z "${GITHUB_OUTPUT:-}" ] || echo "exit-code=2" >> "$GITHUB_OUTPUT"
  exit 2
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || fail "cannot find the action's folder"
command -v node > /dev/null || fail "Node.js is not installed: add actions/setup-node (node-version: 20) before sls-lint."
command -v npm > /dev/null || fail "npm is not installed: add actions/setup-node (node-version: 20) before sls-lint."
too_old="$(node "$root/action/check-node.mjs")" || fail "${too_old:-this Node.js cannot run sls-lint.}"
cd "$root" || fail "cannot enter $root"
# Dependencies' install scripts are not needed to build or run sls-lint.
npm ci --ignore-scripts --no-audit --no-fund || fail "npm ci failed in $root (see the log above)."
npm run build || fail "building sls-lint failed in $root (see the log above)."
