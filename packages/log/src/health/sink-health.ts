import fs from 'node:fs';
import path from 'node:path';

/**
 * Health of one log sink (file, mirror directory, database), as `proofsheet status`, `doctor` and
 * the review UI show it. Field names are snake_case: they are part of the `status --json` contract.
 */
export interface SinkHealth {
  readonly name: string;
  readonly required: boolean;
  readonly alive: boolean;
  readonly lines: number;
  readonly errors: number;
  /** ISO time of the last successful write, or null. */
  readonly last_write: string | null;
  /** The last failure, redacted, or null. */
  readonly last_error: string | null;
  /** Stretches during which the sink could not write, with how many lines it missed. */
  readonly gaps: ReadonlyArray<{ readonly from: string; readonly to: string | null; readonly lost: number }>;
}

/** The file under `logs/` where the latest process records its sinks' health. */
export const SINK_HEALTH_FILE = 'sink_health.json';

/**
 * Reads the sink health recorded by the latest process that logged under `logsDir`. Returns an
 * empty list when nothing was recorded yet; an unreadable record is reported as a sink entry of
 * its own rather than hidden.
 */
export function readSinkHealth(logsDir: string): SinkHealth[] {
  const file = path.join(logsDir, SINK_HEALTH_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [unreadable(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)];
  }
  try {
    const parsed = JSON.parse(text) as { sinks?: unknown };
    return Array.isArray(parsed.sinks) ? (parsed.sinks as SinkHealth[]) : [unreadable(`${file} has no "sinks" list`)];
  } catch {
    return [unreadable(`${file} is not valid JSON`)];
  }
}

/** Records `sinks` atomically (temp file + rename), so a reader never sees half a record. */
export function writeSinkHealth(logsDir: string, sinks: readonly SinkHealth[]): void {
  const file = path.join(logsDir, SINK_HEALTH_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify({ updated_at: new Date().toISOString(), pid: process.pid, sinks }, null, 2)}\n`);
  fs.renameSync(temp, file);
}

function unreadable(reason: string): SinkHealth {
  return { name: 'sink_health_record', required: false, alive: false, lines: 0, errors: 1, last_write: null, last_error: reason, gaps: [] };
}
