#!/usr/bin/env bash
# The main job on the bundled sample set with the embedded defaults (SQLite, local publish target,
# no servers): make this checkout a project, add samples/landscapes as a set (once), run the
# pipeline, and show where things stand. With Ollama reachable (OLLAMA_HOST) the rows are captioned;
# without it the run ends "waiting" (rows scored and derived, waiting for captions), and the demo
# then sends them to review without captions (run --no-caption), saying so, so there are rows to review.
# In a terminal it ends by serving the review page on the demo project (proofsheet review prints the
# URL with its access token; Ctrl+C stops it); otherwise (piped, CI) it exits after the status.
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
  3)
    echo
    echo "Ollama did not answer, so the demo sends the waiting rows to review without captions:"
    echo "  proofsheet run --no-caption"
    echo "(In a real batch you would start Ollama and run 'proofsheet resume' to have them captioned.)"
    proofsheet run --no-caption
    ;;
  *) exit "$status" ;;
esac
proofsheet status
if [ -t 1 ]; then
  echo
  echo "Starting the review server on the demo project (Ctrl+C stops it):"
  exec node apps/orchestrator/bin/proofsheet.mjs review
fi
