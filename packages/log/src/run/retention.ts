import fs from 'node:fs';
import path from 'node:path';
import { RUNS_DIR } from './run-files.js';

/** Folder name of the doctor's preflight reports under the logs directory. */
export const PREFLIGHT_DIR = 'preflight';

/** What {@link pruneLogs} removed. */
export interface PruneResult {
  readonly runs: readonly string[];
  readonly preflight: readonly string[];
}

function listByAge(dir: string): string[] {
  try {
    // Run ids and report names start with their time (run_YYYYMMDD_HHMMSS…, YYYY-MM-DDTHH…): name order is age order.
    return fs.readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/**
 * Applies `logging.keepRuns`: keeps the newest `keep` run log folders and the newest `keep`
 * preflight reports, and removes older ones — never the folder of a run in `protectedRunIds` (a
 * run that is still running or whose rows still wait: its log is what triage and resume read).
 * With `protectedRunIds` null (a caller that cannot tell), run folders are left alone.
 * Removal failures are skipped (the next prune tries again); logging never fails a run.
 */
export function pruneLogs(logsDir: string, keep: number, protectedRunIds: ReadonlySet<string> | null): PruneResult {
  const runsDir = path.join(logsDir, RUNS_DIR);
  const runs = protectedRunIds === null ? [] : listByAge(runsDir);
  const oldRuns = runs.slice(0, Math.max(0, runs.length - keep)).filter((id) => !protectedRunIds?.has(id));
  const reportsDir = path.join(logsDir, PREFLIGHT_DIR);
  const reports = listByAge(reportsDir);
  const oldReports = reports.slice(0, Math.max(0, reports.length - keep));
  const removed = (dir: string, names: string[]) =>
    names.filter((name) => {
      try {
        fs.rmSync(path.join(dir, name), { recursive: true, force: true });
        return true;
      } catch {
        return false;
      }
    });
  return { runs: removed(runsDir, oldRuns), preflight: removed(reportsDir, oldReports) };
}

/** Writes one preflight report (`doctor`'s result) as `logs/preflight/<time>.json`; returns its path. */
export function writePreflightReport(logsDir: string, report: unknown, at: Date = new Date()): string {
  const dir = path.join(logsDir, PREFLIGHT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${at.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
