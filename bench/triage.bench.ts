// Triage of a 200 MB run log (issue 17): wall time and peak RSS of `triageLogFiles` in a fresh
// process, against `grep -c` reading the same file in the same run (the floor for one pass over
// the bytes). Targets: under 10 s and under 256 MB. Writes bench/results/triage.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const TARGET_BYTES = 200 * 1024 * 1024;

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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-triage-'));
try {
  const file = path.join(dir, 'trace.jsonl');
  const written = writeLog(file);
  fs.readFileSync(file).subarray(0, 1); // warm the page cache for both sides
  const reference = timeIt(() => execFileSync('grep', ['-c', 'error', file]).toString().trim());
  const script = `import { triageLogFiles } from '@proofsheet/log';
const t = performance.now();
const r = await triageLogFiles([${JSON.stringify(file)}]);
process.stdout.write(JSON.stringify({ ms: performance.now() - t, rss: process.resourceUsage().maxRSS * 1024, errors: r.errors.length, counts: r.errors.map((e) => e.count), lines: r.lines_read, type: r.analysis?.error_type }));`;
  const run = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 1 << 20 }).toString()) as { ms: number; rss: number; errors: number; counts: number[]; lines: number; type: string };
  const mb = (n: number) => (n / 1024 ** 2).toFixed(0);
  const section = [
    '## Triage of a 200 MB run log (issue 17)',
    '',
    `${mb(written.bytes)} MB, ${written.lines.toLocaleString('en')} log lines (JSON events, human lines, warnings, errors with Node stacks), Node ${process.version}, ${os.cpus().length} cores. \`triageLogFiles\` in a fresh process (the compiled log package), streaming; reference: \`grep -c error\` over the same file in the same run.`,
    '',
    '| measurement | value | target |',
    '|---|---|---|',
    `| triage wall time | ${(run.ms / 1000).toFixed(2)} s | < 10 s — **${run.ms < 10_000 ? 'met' : 'NOT met'}** |`,
    `| peak RSS of the triage process | ${mb(run.rss)} MB | < 256 MB — **${run.rss < 256 * 1024 ** 2 ? 'met' : 'NOT met'}** |`,
    `| reference: \`grep -c error\` | ${(reference.ms / 1000).toFixed(2)} s | |`,
    `| ratio triage / grep | ${(run.ms / reference.ms).toFixed(1)}× | |`,
    '',
    `Result: ${run.errors} distinct errors (counts ${run.counts.join(', ')}), first classified as \`${run.type}\`; ${run.lines.toLocaleString('en')} lines read.`,
    '',
  ].join('\n');
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/triage.md'), section);
  process.stdout.write(section);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
