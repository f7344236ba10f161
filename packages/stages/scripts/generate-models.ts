/**
 * Generates the committed ONNX models under packages/stages/models/ from the LIVE model data in
 * models/opencv-live/. Deterministic: running it again writes the same bytes.
 *
 *   npx tsx packages/stages/scripts/generate-models.ts [--check] [--refresh-gamma-tables]
 *
 * `--check` regenerates in memory and exits 1 if a committed model differs.
 * `--refresh-gamma-tables` first recomputes the committed Γ tables (onnx/gamma-tables.f64) with this
 * engine's Math functions; their last bits depend on the JavaScript engine, which is why they are
 * committed data rather than recomputed each time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeGammaTables, writeGammaTables } from './onnx/gamma-tables.js';
import { readLiveModel } from './onnx/live-model.js';
import { buildQualityFinishModel, buildQualityStripModel } from './onnx/quality-graph.js';

const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../models');

/** Builds every model: file name → bytes. */
export function buildModels(): Map<string, Uint8Array> {
  const live = readLiveModel(
    path.join(MODELS_DIR, 'opencv-live/brisque_model_live.yml'),
    path.join(MODELS_DIR, 'opencv-live/brisque_range_live.yml'),
  );
  return new Map([
    ['quality-strip.onnx', buildQualityStripModel()],
    ['quality-finish.onnx', buildQualityFinishModel(live)],
  ]);
}

function main(check: boolean): number {
  let stale = 0;
  for (const [name, bytes] of buildModels()) {
    const file = path.join(MODELS_DIR, name);
    if (check) {
      const same = Buffer.from(readFileSync(file)).equals(Buffer.from(bytes));
      if (!same) stale++;
      process.stdout.write(`${same ? 'up to date' : 'DIFFERS'}: ${name}\n`);
    } else {
      writeFileSync(file, bytes);
      process.stdout.write(`wrote ${name} (${bytes.length} bytes)\n`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--refresh-gamma-tables')) writeGammaTables(computeGammaTables());
  process.exitCode = main(process.argv.includes('--check'));
}
