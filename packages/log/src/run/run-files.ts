import fs from 'node:fs';
import path from 'node:path';
import { STAGES, type StageName } from '@proofsheet/core';

/** The directory holding every run's logs under `logsDir`. */
export const RUNS_DIR = 'runs';
/** `logs/latest_run.log`: the current or last run's `run.log`. */
export const LATEST_RUN_LOG = 'latest_run.log';
/** `logs/crash.log`: uncaught exceptions and unhandled rejections. */
export const CRASH_LOG = 'crash.log';

/** The files of one run directory. */
export interface RunFiles {
  readonly dir: string;
  readonly runLog: string;
  readonly trace: string;
  stageLog(stage: StageName): string;
}

/** The paths of run `runId` under `logsDir` (`logs/runs/<run_id>/…`). */
export function toRunFiles(logsDir: string, runId: string): RunFiles {
  const dir = path.join(logsDir, RUNS_DIR, runId);
  return {
    dir,
    runLog: path.join(dir, 'run.log'),
    trace: path.join(dir, 'trace.jsonl'),
    stageLog: (stage) => path.join(dir, `stage_${STAGES[stage].number}.log`),
  };
}

/**
 * Points `logs/latest_run.log` at the run's `run.log` with a relative symlink, replaced
 * atomically (so it follows the live run). Returns false when symlinks are not possible here; the
 * caller then keeps a copy current instead.
 */
export function linkLatestRun(logsDir: string, runId: string): boolean {
  const link = path.join(logsDir, LATEST_RUN_LOG);
  const temp = `${link}.${process.pid}.tmp`;
  try {
    fs.rmSync(temp, { force: true });
    fs.symlinkSync(path.join(RUNS_DIR, runId, 'run.log'), temp);
    fs.renameSync(temp, link);
    return true;
  } catch {
    fs.rmSync(temp, { force: true });
    return false;
  }
}
