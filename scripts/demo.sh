#!/usr/bin/env bash
# The main job on the bundled defaults: prepare this checkout as a project root and check it.
# (The pipeline run on the bundled sample set joins here when the runner lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=apps/orchestrator/bin/proofsheet.mjs
node "$bin" init
node "$bin" doctor
