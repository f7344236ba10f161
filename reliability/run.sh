#!/usr/bin/env bash
# `npm run reliability [-- family…]`: the reliability harness (see reliability/README.md).
# Writes reliability/REPORT.md; exits non-zero when a case fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
exec npx tsx reliability/main.ts "$@"
