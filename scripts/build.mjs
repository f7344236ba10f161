#!/usr/bin/env node
// Compiles every workspace's src/ to dist/ (ES modules for Node 20+), file by file with esbuild:
// no bundling, same folder layout, so paths a module computes from its own location (the queue's
// migrations, the quality models, the ONNX worker) hold in dist/ as in src/. Type checking is
// separate (`npm run typecheck`, tsc); tsconfig's isolatedModules + verbatimModuleSyntax make a
// per-file transpile exact. Tests (*.test.ts) are not shipped; the testkit is test-only and stays
// TypeScript. Other files under src/ that Node runs as they are (the .mjs worker) are copied.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACES = ['packages/core', 'packages/log', 'packages/queue', 'packages/ingest', 'packages/stages', 'packages/publisher', 'packages/pipeline', 'apps/orchestrator', 'apps/review'];

function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function buildWorkspace(workspace) {
  const src = path.join(root, workspace, 'src');
  const dist = path.join(root, workspace, 'dist');
  if (!fs.existsSync(src)) return 0;
  fs.rmSync(dist, { recursive: true, force: true });
  const files = listFiles(src);
  const entryPoints = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
  await build({ entryPoints, outdir: dist, outbase: src, bundle: false, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' });
  for (const file of files.filter((f) => f.endsWith('.mjs') || f.endsWith('.json'))) {
    const target = path.join(dist, path.relative(src, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  return entryPoints.length;
}

const started = performance.now();
let total = 0;
for (const workspace of WORKSPACES) total += await buildWorkspace(workspace);
if (!process.argv.includes('--quiet')) console.log(`built ${total} modules in ${WORKSPACES.length} workspaces (${Math.round(performance.now() - started)} ms)`);
