#!/usr/bin/env bash
# The main job on the bundled sample set with the embedded defaults (SQLite, local publish target,
# no servers): make this checkout a project, add samples/landscapes as a set (once), run the
# pipeline, and show where things stand. Without Ollama the caption stage is skipped with a notice
# and the rows wait in the queue; with Ollama reachable (OLLAMA_HOST) they are captioned.
set -euo pipefail
cd "$(dirname "$0")/.."
proofsheet() { node apps/orchestrator/bin/proofsheet.mjs "$@"; }
samples="$PWD/samples/landscapes"

proofsheet init
proofsheet doctor || echo "(doctor reported problems; see above)"
if ! proofsheet set list --json 2>/dev/null | grep -q "\"folder\": \"$samples\""; then
  proofsheet set add "$samples" --subject "Basque Mountains" --location "Gipuzkoa, Spain" --category Landscape
fi
status=0
proofsheet run || status=$?
case "$status" in
  0) ;;
  3) echo "The run stopped with rows waiting (usually: Ollama not reachable). Start Ollama, then: node apps/orchestrator/bin/proofsheet.mjs resume" ;;
  *) exit "$status" ;;
esac
proofsheet status
