import type { ProjectPaths, ResolvedConfig } from '@proofsheet/core';
import type { RunLogger } from '@proofsheet/log';
import type { ReviewRow, SqliteDatabase } from '@proofsheet/queue';

/** What every stage handler of a run shares. */
export interface RunContext {
  readonly db: SqliteDatabase;
  readonly paths: ProjectPaths;
  readonly config: ResolvedConfig;
  readonly runId: string;
  /** Trace and run-log events; optional so the runner also works without a log directory (tests). */
  readonly runLog?: Pick<RunLogger, 'stageStart' | 'stageProgress' | 'stageComplete' | 'stageError' | 'rowFinished' | 'info' | 'warn'>;
  /** Human progress lines (`[STAGE n/8] …`, notices). */
  readonly say: (line: string) => void;
}

/** A queued row as the stage handlers read it. */
export type QueueRow = ReviewRow;

/** Per-outcome counts of stages 5–7 (merged into the `run --json` counts). */
export interface RowStageCounts {
  pending: number;
  needs_work: number;
  quarantined: number;
  errors: number;
  /** Rows left `Queued` (caption stage skipped or stopped, or the run was interrupted). */
  waiting: number;
}
