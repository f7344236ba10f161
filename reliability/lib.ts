// Shared plumbing of the reliability harness: case results, the CLI as a child process, photo
// batches, timing. Test-only code (it imports the testkit helpers directly, as bench/ does).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { PROOFSHEET_BIN, runProofsheet, type CliRun } from '../packages/testkit/src/cli.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SAMPLES = path.join(ROOT, 'samples/landscapes');

export type Verdict = 'PASS' | 'FAIL' | 'SKIP' | 'NOT BUILT';

/** One line of the report: a case (or a repeated case, with one duration per repetition). */
export interface CaseResult {
  readonly family: string;
  readonly name: string;
  readonly verdict: Verdict;
  readonly detail: string;
  /** Seconds, one per repetition. */
  readonly durations: readonly number[];
}

const results: CaseResult[] = [];

export function allResults(): readonly CaseResult[] {
  return results;
}

/** Records a case and prints its one line: `PASS|FAIL|SKIP <case> (<reason/time>)`. */
export function record(result: CaseResult): void {
  results.push(result);
  const time = result.durations.length > 0 ? `, ${formatDurations(result.durations)}` : '';
  console.log(`${result.verdict} ${result.family}/${result.name} (${result.detail}${time})`);
}

/** Thrown by a case that cannot run here (missing tool, not root …): recorded as SKIP with the reason. */
export class Skip extends Error {}

/**
 * Runs one case: PASS when `body` returns (its string is the detail), SKIP on {@link Skip}, FAIL on
 * any other error (the message is the detail). Problems found by the invariants are errors.
 */
export async function runCase(family: string, name: string, body: () => Promise<string>): Promise<void> {
  const started = performance.now();
  try {
    const detail = await body();
    record({ family, name, verdict: 'PASS', detail, durations: [(performance.now() - started) / 1000] });
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    if (error instanceof Skip) record({ family, name, verdict: 'SKIP', detail: error.message, durations: [] });
    else record({ family, name, verdict: 'FAIL', detail: oneLine(error instanceof Error ? error.message : String(error)), durations: [seconds] });
  }
}

export function notBuilt(family: string, name: string, reason: string): void {
  record({ family, name, verdict: 'NOT BUILT', detail: reason, durations: [] });
}

export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 600 ? `${flat.slice(0, 600)}…` : flat;
}

export function stats(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}

export function formatDurations(values: readonly number[]): string {
  if (values.length === 1) return `${values[0]!.toFixed(1)} s`;
  const { min, median, max } = stats(values);
  return `${values.length}× min ${min.toFixed(1)} / median ${median.toFixed(1)} / max ${max.toFixed(1)} s`;
}

/** A fresh folder for one family's projects; removed by {@link cleanUp} unless RELIABILITY_KEEP=1. */
export function workDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `proofsheet-reliability-${name}-`));
  created.push(dir);
  return dir;
}
const created: string[] = [];
export function cleanUp(): void {
  if (process.env.RELIABILITY_KEEP === '1') return;
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
}

/** The CLI (`proofsheet <args>`) as a child process; fails loudly when `expectCode` is given and differs. */
export async function cli(args: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number; expectCode?: number } = {}): Promise<CliRun> {
  const run = await runProofsheet(args, { ...(options.env ? { env: options.env } : {}), timeoutMs: options.timeoutMs ?? 300_000 });
  if (options.expectCode !== undefined && run.code !== options.expectCode) {
    throw new Error(`proofsheet ${args.join(' ')} exited ${run.code ?? run.signal} (expected ${options.expectCode}): ${oneLine(run.stderr).slice(-400)}`);
  }
  return run;
}

/** A running `proofsheet <args>` the harness can kill; `stdout` grows as output arrives. */
export interface Spawned {
  readonly child: ChildProcess;
  stdout(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnProofsheet(args: readonly string[], env: Record<string, string> = {}): Spawned {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(PROOFSHEET_|OLLAMA_HOST$|FTP_PASSWORD$|MYSQL_PASSWORD$)/.test(key)) clean[key] = value;
  }
  const child = spawn(process.execPath, [PROOFSHEET_BIN, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, exited };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** `count` distinct photographs (different for each `offset`) (crops, flips and tints of the bundled samples), `photoWidth` px wide (default 800), as JPEG files in `dir`. */
export async function makePhotos(dir: string, count: number, offset = 0, photoWidth = 800): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const sources = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.jpg')).sort();
  const names: string[] = [];
  for (let k = 0; k < count; k += 1) {
    const i = k + offset;
    const source = path.join(SAMPLES, sources[i % sources.length]!);
    const { width = 1200, height = 800 } = await sharp(source).metadata();
    const crop = { left: (i * 37) % Math.max(1, width - 900), top: (i * 23) % Math.max(1, height - 600), width: Math.min(900, width), height: Math.min(600, height) };
    let image = sharp(source).extract(crop).resize(photoWidth).modulate({ hue: (i * 47) % 360, brightness: 0.8 + (i % 5) * 0.1 });
    if (i % 2 === 1) image = image.flop();
    const name = `photo_${String(i).padStart(2, '0')}.jpg`;
    await image.jpeg({ quality: 85 }).toFile(path.join(dir, name));
    names.push(name);
  }
  return names;
}

/**
 * A project folder saved once and put back at the same path for each copy (absolute paths in the
 * database stay right): cheaper than building every copy with the CLI. Every CLI process on it must
 * have exited before {@link ProjectSnapshot.save}.
 */
export interface ProjectSnapshot {
  save(): void;
  restore(): void;
}

export function createProjectSnapshot(root: string, saved: string): ProjectSnapshot {
  return {
    save() {
      fs.rmSync(saved, { recursive: true, force: true });
      fs.cpSync(root, saved, { recursive: true });
    },
    restore() {
      fs.rmSync(root, { recursive: true, force: true });
      fs.cpSync(saved, root, { recursive: true });
    },
  };
}

/** `init` and `set add <photos>` into a new project at `root`, then `config` merged into its config file. */
export async function createProject(root: string, photos: string, config: Record<string, unknown> = {}): Promise<void> {
  await cli(['init', '--root', root], { expectCode: 0 });
  const file = path.join(root, 'proofsheet.config.json');
  fs.writeFileSync(file, JSON.stringify({ ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>), ...config }, null, 2));
  await cli(['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root], { expectCode: 0 });
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}
