#!/usr/bin/env bash
# The whole test suite: typecheck, lint (architecture rules included), then every test.
# Ends with the line `N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
echo "== typecheck"
# The whole repository as one program (tsconfig.json): every file is checked once, about 20 s
# (per workspace with turbo, `npm run typecheck:workspaces`, re-checks shared sources: about 90 s).
npx tsc -p tsconfig.json --noEmit
# The review page runs in the browser: its own program (DOM types, JSX), sharing the API types.
npx tsc -p apps/review/client/tsconfig.json --noEmit
echo "== lint"
npx eslint --max-warnings=0 .
echo "== build"
node scripts/build.mjs
echo "== services"
# MariaDB binaries: the mysql test project starts a private server and stops it at the end.
scripts/ensure-mariadb.sh
# Chromium at /usr/bin/chromium for the browser tests (playwright-core downloads no browser).
scripts/ensure-chromium.sh
echo "== tests"
npx vitest run "$@"
