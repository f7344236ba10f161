#!/usr/bin/env bash
# The whole test suite: typecheck, lint (architecture rules included), then every test.
# Ends with the line `N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
echo "== typecheck"
# Each workspace checks its own sources plus the workspace sources it imports, so the task has no
# upstream tasks (the dev-only edges package -> testkit -> publisher would form a cycle) and is not
# cached (a change in an imported workspace must re-check its importers).
npx turbo run typecheck --output-logs=errors-only
echo "== lint"
npx eslint --max-warnings=0 .
echo "== build"
node scripts/build.mjs
echo "== services"
# MariaDB binaries only: the mysql test project starts a private server and stops it at the end.
scripts/ensure-mariadb.sh
echo "== tests"
npx vitest run "$@"
