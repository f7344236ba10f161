#!/usr/bin/env bash
# The whole test suite: typecheck, lint (architecture rules included), then every test.
# Ends with the line `N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
echo "== typecheck"
npx turbo run typecheck --output-logs=errors-only
echo "== lint"
npx eslint --max-warnings=0 .
echo "== services"
scripts/ensure-mariadb.sh
echo "== tests"
npx vitest run "$@"
