// CLI start-up (issue 13): `proofsheet --help` and `proofsheet status` on a database of 50,000 rows,
// as ratios to a bare `node -e 0` measured in the same run (9 runs each after one warm-up, the
// commands taking turns so that machine noise falls on all of them alike; min / median / max).
// For context it also times the way the CLI started before it was compiled (tsx compiling the
// TypeScript sources at every start). Writes bench/results/cli-startup.md.
// BENCH_QUICK=1: 3 runs on 5,000 rows.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSet, insertSetRows, openQueueDatabase } from '@proofsheet/queue';
import { describeMachine, formatStats, packageVersion, QUICK, regenerateLine, toStats, verdict, writeSection } from './lib/report-format.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'apps/orchestrator/bin/proofsheet.mjs');
const RUNS = QUICK ? 3 : 9;
const ROWS = QUICK ? 5_000 : 50_000;

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

/** Wall time in ms of `args` run by this Node; checks the exit code. */
function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - started;
}

/** One warm-up each, then RUNS rounds in which every case runs once, in turn. */
function measure(cases: readonly { args: readonly string[] }[]): number[][] {
  for (const c of cases) timeOnce(c.args);
  const samples = cases.map((): number[] => []);
  for (let run = 0; run < RUNS; run += 1) cases.forEach((c, i) => samples[i]!.push(timeOnce(c.args)));
  return samples;
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
  const measured = measure(cases).map((samples, i) => ({ ...cases[i]!, stats: toStats(samples) }));
  const base = measured[0]!.stats.median;
  writeSection('cli-startup', [
    '## CLI start-up (issue 13)',
    '',
    `${describeMachine([`better-sqlite3 ${packageVersion('better-sqlite3')}`, `tsx ${packageVersion('tsx')}`])}.`,
    `${RUNS} runs of each command after a warm-up, the commands taking turns; wall time of the whole process in ms as min / median / max, and the ratio of its median to the median of a bare Node start measured in the same run. The CLI runs compiled JavaScript (\`npm run build\`); help is answered before the CLI loads, and each command loads only its own modules.`,
    '',
    '| command | n | ms (min / median / max) | ratio of medians to `node -e 0` | target |',
    '|---|---|---|---|---|',
    ...measured.map((m) => {
      const ratio = m.stats.median / base;
      const target = m.target === null ? '' : `median ≤ ${m.target}× — ${verdict(ratio <= m.target)}`;
      return `| ${m.name} | ${m.stats.n} | ${formatStats(m.stats, 0)} | ${ratio.toFixed(2)}× | ${target} |`;
    }),
    '',
    regenerateLine('cli-startup'),
  ]);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
