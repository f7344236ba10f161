import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError, isRunId } from '@proofsheet/core';
import type { LogRecord } from '../format/human-line.js';
import { RUNS_DIR, toRunFiles } from '../run/run-files.js';

/** The newest run id under `logs/runs/` (run ids sort by time), or null when there is none. */
export function findLatestRunId(logsDir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(logsDir, RUNS_DIR));
  } catch {
    return null;
  }
  const runs = names.filter(isRunId).sort(compareRunIds);
  return runs.at(-1) ?? null;
}

function compareRunIds(a: string, b: string): number {
  const key = (id: string) => id.replace(/_(cli|ui|resume|retry)(?:_(\d+))?$/, (_m, _t, n: string | undefined) => `_${String(n ?? 1).padStart(4, '0')}`);
  return key(a).localeCompare(key(b));
}

/** Resolves `runId` (default: the latest run) and checks that its directory exists. */
export function resolveRunId(logsDir: string, runId?: string): string {
  const id = runId ?? findLatestRunId(logsDir);
  if (id === null) throw new ProofsheetError('RUN_NOT_FOUND', `no runs logged under ${path.join(logsDir, RUNS_DIR)}`);
  if (!isRunId(id) || !fs.existsSync(toRunFiles(logsDir, id).dir)) {
    throw new ProofsheetError('RUN_NOT_FOUND', `no logs for run "${id}" under ${path.join(logsDir, RUNS_DIR)}`, { details: { run_id: id } });
  }
  return id;
}

/** The last `n` lines of run `runId`'s `run.log` (without trailing newline characters). */
export function readRunLogTail(logsDir: string, runId: string, n: number): string[] {
  return lastLines(readIfExists(toRunFiles(logsDir, runId).runLog), n);
}

/** The last `n` events of run `runId`'s `trace.jsonl` as objects (a malformed line is reported as such). */
export function readTraceTail(logsDir: string, runId: string, n: number): LogRecord[] {
  return lastLines(readIfExists(toRunFiles(logsDir, runId).trace), n).map(toTraceRecord);
}

/** Every event of run `runId`'s `trace.jsonl`. */
export function readTrace(logsDir: string, runId: string): LogRecord[] {
  return lastLines(readIfExists(toRunFiles(logsDir, runId).trace), Number.POSITIVE_INFINITY).map(toTraceRecord);
}

function toTraceRecord(line: string): LogRecord {
  try {
    return JSON.parse(line) as LogRecord;
  } catch {
    return { time: '', level: 'warn', msg: 'malformed trace line', event: 'malformed', line };
  }
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function lastLines(text: string, n: number): string[] {
  if (n <= 0 || text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return Number.isFinite(n) ? lines.slice(-n) : lines;
}

/** Options for {@link followRunLog}. */
export interface FollowOptions {
  readonly pollMs?: number;
  /** Stops following when aborted (Ctrl+C). */
  readonly signal?: AbortSignal;
}

/**
 * Calls `onLine` for every line appended to the run's `run.log` after `fromByte`, polling until
 * the run's trace holds `run_end` (and its last lines were delivered) or `signal` aborts.
 */
export async function followRunLog(logsDir: string, runId: string, fromByte: number, onLine: (line: string) => void, options: FollowOptions = {}): Promise<void> {
  const files = toRunFiles(logsDir, runId);
  let offset = fromByte;
  let partial = '';
  for (;;) {
    const ended = hasRunEnded(files.trace);
    const chunk = readAppended(files.runLog, offset);
    offset += chunk.length;
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
    if (ended || options.signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

/** The current size of a run's `run.log` (the offset to follow from). */
export function readRunLogSize(logsDir: string, runId: string): number {
  try {
    return fs.statSync(toRunFiles(logsDir, runId).runLog).size;
  } catch {
    return 0;
  }
}

/** Reads what was appended to `file` after byte `offset` (nothing when it does not exist yet or has not grown). */
export function readAppended(file: string, offset: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
}

function hasRunEnded(traceFile: string): boolean {
  let size: number;
  try {
    size = fs.statSync(traceFile).size;
  } catch {
    return false;
  }
  return readAppended(traceFile, Math.max(0, size - 8192)).toString('utf8').includes('"event":"run_end"');
}
