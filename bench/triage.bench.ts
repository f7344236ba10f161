// Triage of a 200 MB run log (issue 17): wall time and peak RSS of `triageLogFiles` in a fresh
// process, against `grep -c` reading the same file in the same run (the floor for one pass over
// the bytes). Targets: under 10 s and under 256 MB. Both are run RUNS times, taking turns;
// min / median / max. Writes bench/results/triage.md. BENCH_QUICK=1: a 20 MB log, 2 runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandVersion, describeMachine, formatStats, QUICK, regenerateLine, toStats, verdict, writeSection } from './lib/report-format.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TARGET_BYTES = (QUICK ? 20 : 200) * 1024 * 1024;
const RUNS = QUICK ? 2 : 3;

/** A realistic mix: trace events, row results, warnings, errors of a few kinds with stacks, human lines. */
function writeLog(file: string): { bytes: number; lines: number } {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let lines = 0;
  const stack = 'ProofsheetError: image is corrupt\\n    at toMediaError (file:///app/packages/stages/dist/media/media-errors.js:31:10)\\n    at decode (file:///app/packages/stages/dist/media/sharp-media.js:170:13)';
  try {
    for (let i = 0; bytes < TARGET_BYTES; i += 1) {
      const time = new Date(Date.UTC(2026, 0, 1) + i * 10).toISOString();
      const chunk: string[] = [];
      for (let j = 0; j < 1000; j += 1, i += 1) {
        const row = i % 50_000;
        const kind = i % 100;
        if (kind < 80) chunk.push(JSON.stringify({ level: 'info', time, run_id: 'run_20260101_000000_cli', stage: 'quality', event: 'row_stage_finished', row_id: row, File_Name: `Heron_${row}.JPG`, outcome: 'done', duration_ms: i % 900, msg: 'row finished stage' }));
        else if (kind < 90) chunk.push(`${time} [INFO] row finished stage run_id=run_20260101_000000_cli stage=caption row_id=${row} outcome=done duration_ms=${i % 4000}`);
        else if (kind < 95) chunk.push(JSON.stringify({ level: 'warn', time, stage: 'caption', row_id: row, msg: 'caption_request_failed', reason: 'idle_timeout' }));
        else if (kind < 99) chunk.push(`{"level":"error","time":"${time}","stage":"quality","row_id":${row},"File_Name":"Heron_${row}.JPG","error_code":"IMAGE_CORRUPT","msg":"image is corrupt: /photos/IMG_${row}.JPG","err":{"message":"image is corrupt","stack":"${stack}"}}`);
        else chunk.push(`${time} [ERROR] upload failed stage=publish error_code=FTP_CONNECT File_Name=Heron_${row}.JPG\n    Error: connect ECONNREFUSED 10.0.0.${i % 250}:21 (control socket)\n        at afterConnect (node:net:1595:16)`);
      }
      const text = `${chunk.join('\n')}\n`;
      fs.writeSync(fd, text);
      bytes += Buffer.byteLength(text);
      lines += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, lines };
}

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

type TriageRun = { ms: number; rss: number; errors: number; counts: number[]; lines: number; type: string };

/** `triageLogFiles` over `file` in a fresh Node process (the compiled log package): its own time and peak RSS. */
function runTriage(file: string): TriageRun {
  const script = `import { triageLogFiles } from '@proofsheet/log';
const t = performance.now();
const r = await triageLogFiles([${JSON.stringify(file)}]);
process.stdout.write(JSON.stringify({ ms: performance.now() - t, rss: process.resourceUsage().maxRSS * 1024, errors: r.errors.length, counts: r.errors.map((e) => e.count), lines: r.lines_read, type: r.analysis?.error_type }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 1 << 20 }).toString()) as TriageRun;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-triage-'));
try {
  const file = path.join(dir, 'trace.jsonl');
  const written = writeLog(file);
  fs.readFileSync(file).subarray(0, 1); // warm the page cache for both sides
  const grepMs: number[] = [];
  const runs: TriageRun[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    grepMs.push(timeIt(() => execFileSync('grep', ['-c', 'error', file]).toString().trim()).ms);
    runs.push(runTriage(file));
  }
  const triage = toStats(runs.map((r) => r.ms));
  const rss = toStats(runs.map((r) => r.rss));
  const grep = toStats(grepMs);
  const last = runs.at(-1)!;
  const mb = (n: number) => (n / 1024 ** 2).toFixed(0);
  const section = [
    `## Triage of a ${mb(TARGET_BYTES)} MB run log (issue 17)`,
    '',
    `${describeMachine([commandVersion('grep').replace(/^grep \(GNU grep\)/, 'GNU grep')])}.`,
    `${mb(written.bytes)} MB, ${written.lines.toLocaleString('en')} log lines (JSON events, human lines, warnings, errors with Node stacks). \`triageLogFiles\` in a fresh process (the compiled log package), streaming; reference: \`grep -c error\` over the same file in the same run. ` +
      `${RUNS} runs of each, taking turns, after one read of the file to warm the page cache; min / median / max.`,
    '',
    '| measurement | n | min / median / max | target |',
    '|---|---|---|---|',
    `| triage wall time | ${triage.n} | ${formatStats(triage, 2, 1 / 1000)} s | median < 10 s — ${verdict(triage.median < 10_000)} (slowest run ${(triage.max / 1000).toFixed(2)} s) |`,
    `| peak RSS of the triage process | ${rss.n} | ${formatStats(rss, 0, 1 / 1024 ** 2)} MB | max < 256 MB — ${verdict(rss.max < 256 * 1024 ** 2)} |`,
    `| reference: \`grep -c error\` | ${grep.n} | ${formatStats(grep, 2, 1 / 1000)} s | |`,
    `| ratio triage / grep (medians) | | ${(triage.median / grep.median).toFixed(1)}× | |`,
    '',
    `Result${runs.every((r) => JSON.stringify(r.counts) === JSON.stringify(last.counts) && r.lines === last.lines) ? `, the same in all ${RUNS} runs` : ' of the last run (**the runs disagreed**)'}: ${last.errors} distinct errors (counts ${last.counts.join(', ')}), first classified as \`${last.type}\`; ${last.lines.toLocaleString('en')} lines read.`,
    '',
    regenerateLine('triage'),
  ];
  writeSection('triage', section);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
