#!/usr/bin/env node
// Compiles every workspace's src/ to dist/ (ES modules for Node 20+), file by file with esbuild:
// no bundling, same folder layout, so paths a module computes from its own location (the queue's
// migrations, the quality models, the ONNX worker) hold in dist/ as in src/. Type checking is
// separate (`npm run typecheck`, tsc); tsconfig's isolatedModules + verbatimModuleSyntax make a
// per-file transpile exact. Tests (*.test.ts) are not shipped; the testkit is test-only and stays
// TypeScript. Other files under src/ that Node runs as they are (the .mjs worker) are copied.
// Only files whose content changed are written, each through a temporary file and a rename, and
// files whose source is gone are removed: a build never leaves a half-written module where a CLI
// started by a test (or by another build running at the same moment) could load it.
// The review page (apps/review/client, React) is bundled by Vite into apps/review/dist/client,
// skipped when none of its inputs changed since the last build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT = path.join(root, 'apps/review/client');
const CLIENT_OUT = path.join(root, 'apps/review/dist/client');
const WORKSPACES = ['packages/core', 'packages/log', 'packages/queue', 'packages/ingest', 'packages/stages', 'packages/publisher', 'packages/pipeline', 'apps/orchestrator', 'apps/review'];

function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Writes `contents` to `file` unless it already holds exactly that; atomically (temporary file + rename). */
function writeIfChanged(file, contents) {
  try {
    if (Buffer.compare(fs.readFileSync(file), contents) === 0) return;
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

async function buildWorkspace(workspace) {
  const src = path.join(root, workspace, 'src');
  const dist = path.join(root, workspace, 'dist');
  if (!fs.existsSync(src)) return 0;
  const files = listFiles(src);
  const entryPoints = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
  const result = await build({ entryPoints, outdir: dist, outbase: src, bundle: false, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', write: false });
  const outputs = new Map(result.outputFiles.map((f) => [f.path, Buffer.from(f.contents)]));
  for (const file of files.filter((f) => f.endsWith('.mjs') || f.endsWith('.json'))) outputs.set(path.join(dist, path.relative(src, file)), fs.readFileSync(file));
  for (const [file, contents] of outputs) writeIfChanged(file, contents);
  if (fs.existsSync(dist)) {
    const kept = (f) => outputs.has(f) || f.endsWith('.tmp') || f.startsWith(CLIENT_OUT + path.sep);
    for (const stale of listFiles(dist).filter((f) => !kept(f))) fs.rmSync(stale, { force: true });
  }
  return entryPoints.length;
}

/** The newest modification time among the client's inputs (its sources and the API types it imports). */
function newestClientInput() {
  const inputs = [...listFiles(CLIENT), ...listFiles(path.join(root, 'apps/review/src/schemas')), path.join(root, 'apps/review/src/api-types.ts'), path.join(root, 'package-lock.json')];
  return Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
}

/** Bundles the review page with Vite, unless its last build is newer than every input. */
async function buildClient() {
  const stamp = path.join(CLIENT_OUT, '.built');
  if (!process.argv.includes('--force') && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestClientInput()) return false;
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(CLIENT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return true;
}

const started = performance.now();
let total = 0;
for (const workspace of WORKSPACES) total += await buildWorkspace(workspace);
const client = await buildClient();
if (!process.argv.includes('--quiet')) console.log(`built ${total} modules in ${WORKSPACES.length} workspaces${client ? ' and the review page' : ''} (${Math.round(performance.now() - started)} ms)`);
