#!/usr/bin/env bash
# Fails when the committed dist/ differs from what `npm run build` produces from the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run build' and commit dist/. Differences:" >&2
  git status --porcelain -- dist >&2
  git --no-pager diff --stat -- dist >&2
  exit 1
fi
echo 'dist/ is fresh'
