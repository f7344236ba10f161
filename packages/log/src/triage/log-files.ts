import fs from 'node:fs';
import path from 'node:path';
import { toRunFiles } from '../run/run-files.js';

/** Options of {@link toTriageLogFiles}. */
export interface TriageLogFileOptions {
  /** Add `logs/publish.log` (`proofsheet triage --publish`). */
  readonly publish?: boolean;
}

/**
 * The log files a run's triage reads (SPEC §8), those that exist, in this order: the run's
 * `trace.jsonl`, the process-wide `crash.log` when the run failed (a crash is written there, not to
 * the run), and `publish.log` when `options.publish` is set. `proofsheet triage` and the review
 * server's `GET /api/runs/:id/errors` both choose through this function.
 */
export function toTriageLogFiles(logsDir: string, run: { readonly id: string; readonly status: string }, options: TriageLogFileOptions = {}): string[] {
  const candidates = [
    toRunFiles(logsDir, run.id).trace,
    ...(run.status === 'failed' ? [path.join(logsDir, 'crash.log')] : []),
    ...(options.publish === true ? [path.join(logsDir, 'publish.log')] : []),
  ];
  return candidates.filter((file) => fs.existsSync(file));
}
