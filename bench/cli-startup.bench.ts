// CLI start-up (issue 13): `proofsheet --help` and `proofsheet status` on a database of 50,000 rows,
// as ratios to a bare `node -e 0` measured in the same run (medians of 9, after one warm-up each).
// For context it also times the way the CLI started before it was compiled (tsx compiling the
// TypeScript sources at every start). Writes bench/results/cli-startup.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSet, insertSetRows, openQueueDatabase } from '@proofsheet/queue';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'apps/orchestrator/bin/proofsheet.mjs');
const RUNS = 9;
const ROWS = 50_000;

function seedProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-startup-'));
  execFileSync(process.execPath, [BIN, 'init', '--root', root], { stdio: 'ignore' });
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const set = createSet(db, { folder: path.join(root, 'photos'), subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
  for (let batch = 0; batch < ROWS / 500; batch += 1) {
    const rows = Array.from({ length: 500 }, (_, i) => ({
      values: { Original_File_Name: `IMG_${batch}_${i}.JPG`, content_sha256: `${batch}-${i}`.padStart(64, '0') },
      name: { prefix: `Grey_Heron_Amsterdam_Birds_Photography_${batch}`, extension: '.JPG' },
    }));
    insertSetRows(db, { setId: set.id, runId: null, rows });
  }
  db.close();
  return root;
}

/** Median wall time in ms of `args` run by this Node, after one warm-up; checks the exit code. */
function median(args: readonly string[]): number {
  const once = (): number => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return performance.now() - started;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

const root = seedProject();
try {
  const cases = [
    { name: 'bare Node: `node -e 0` (reference)', args: ['-e', '0'], target: null },
    { name: '`proofsheet --help`', args: [BIN, '--help'], target: 3 },
    { name: `\`proofsheet status\` (${ROWS.toLocaleString('en')} rows)`, args: [BIN, 'status', '--root', root], target: 5 },
    { name: '`proofsheet rows --status Error` (same database)', args: [BIN, 'rows', '--status', 'Error', '--root', root], target: null },
    { name: 'for comparison: `status` run from the TypeScript sources through tsx (how every start worked before the build)', args: ['--import', 'tsx', path.join(ROOT, 'apps/orchestrator/src/main.ts'), 'status', '--root', root], target: null },
  ];
  const measured = cases.map((c) => ({ ...c, ms: median(c.args) }));
  const base = measured[0]!.ms;
  const lines = [
    '## CLI start-up (issue 13)',
    '',
    `Medians of ${RUNS} runs after a warm-up, Node ${process.version}, ${os.cpus().length} cores; ratios to bare Node start measured in the same run. The CLI runs compiled JavaScript (\`npm run build\`); help is answered before the CLI loads, and each command loads only its own modules.`,
    '',
    '| command | median ms | ratio to `node -e 0` | target |',
    '|---|---|---|---|',
    ...measured.map((m) => {
      const ratio = m.ms / base;
      const target = m.target === null ? '' : `≤ ${m.target}× — **${ratio <= m.target ? 'met' : 'NOT met'}**`;
      return `| ${m.name} | ${m.ms.toFixed(0)} | ${ratio.toFixed(2)}× | ${target} |`;
    }),
    '',
  ];
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/cli-startup.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
