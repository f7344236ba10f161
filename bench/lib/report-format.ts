// What every benchmark section shares: min / median / max of repeated runs, the machine line
// (cores, CPU model, memory, Node and tool versions), the command that regenerates the section,
// the quick mode (BENCH_QUICK=1) and writing bench/results/<name>.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** BENCH_QUICK=1: reduced counts, to check that a benchmark runs end to end; its numbers are not for the report. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** The 1-minute load average when the benchmark started (imported modules load before any measurement). */
const LOAD_AT_START = os.loadavg()[0] ?? 0;

export type Stats = { readonly min: number; readonly median: number; readonly max: number; readonly n: number };

/** Min, median (the mean of the middle two for an even count) and max of the samples. */
export function toStats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { min: sorted[0] ?? NaN, median: median ?? NaN, max: sorted.at(-1) ?? NaN, n: sorted.length };
}

/** `min / median / max` with `digits` decimals, each value multiplied by `scale` first (e.g. 1/1000 for ms to s). */
export function formatStats(stats: Stats, digits = 1, scale = 1): string {
  return [stats.min, stats.median, stats.max].map((v) => (v * scale).toFixed(digits)).join(' / ');
}

/** Min, median and max each multiplied by `factor` (> 0), e.g. 1 / ideal for ratios to an ideal. */
export function scaleStats(stats: Stats, factor: number): Stats {
  return { min: stats.min * factor, median: stats.median * factor, max: stats.max * factor, n: stats.n };
}

export const verdict = (ok: boolean): string => `**${ok ? 'met' : 'NOT met'}**`;

/** Version of an installed npm package (the root node_modules), or `unknown`. */
export function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The first line a command prints for `args` (e.g. `grep --version`), or `unknown`. */
export function commandVersion(command: string, args: readonly string[] = ['--version']): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const line = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '');
  return result.error || !line ? 'unknown' : line.trim();
}

/** The Debian package's version (dpkg), or `unknown`. */
export function debianPackageVersion(name: string): string {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : 'unknown';
}

/** Cores, CPU model, memory, OS, Node and the given tool versions, as one sentence without the full stop. */
export function describeMachine(tools: readonly string[] = []): string {
  const cpus = os.cpus();
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory`;
  const busy = LOAD_AT_START > cpus.length ? ' (more than the cores: other work shared the CPUs and the times are inflated)' : '';
  const load = `load average ${LOAD_AT_START.toFixed(1)} at the start${busy}`;
  return [`${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'})`, memory, os.type(), `Node ${process.version}`, ...tools, load].join(', ');
}

/** The closing line of a section: how to regenerate it, and a warning on a quick run. */
export function regenerateLine(name: string): string {
  const command = `Regenerate with \`npx tsx bench/${name}.bench.ts\` (or \`npm run bench -- bench/${name}.bench.ts\`, which also reassembles REPORT.md).`;
  return QUICK ? `${command} **Quick run (BENCH_QUICK=1): reduced counts, not for the report.**` : command;
}

/** Writes bench/results/<name>.md and prints it. */
export function writeSection(name: string, lines: readonly string[]): void {
  const text = `${lines.join('\n').trimEnd()}\n`;
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results', `${name}.md`), text);
  process.stdout.write(text);
}
