import { QC_STATUSES, REVIEW_STATUSES } from '@proofsheet/core';
import { readSinkHealth, type SinkHealth } from '@proofsheet/log';
import { countRows, findInterruptedRuns, listRuns, type RunRecord } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/** How many recent runs `status` lists (interrupted runs are listed in addition). */
const RECENT_RUNS = 5;

/** One run as `status --json` reports it (docs/cli-json.md). */
export interface StatusRun {
  readonly run_id: string;
  readonly trigger: string;
  readonly status: string;
  readonly interrupted: boolean;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly counts: Record<string, number> | null;
  readonly log_dir: string | null;
  /** The error the run ended on (null when it ended normally). */
  readonly error_code: string | null;
}

/** The `status --json` document (docs/cli-json.md). */
export interface StatusReport {
  readonly rows_total: number;
  readonly review_status: Record<string, number>;
  readonly qc_status: Record<string, number>;
  readonly runs: StatusRun[];
  readonly sinks: SinkHealth[];
}

/** Every known status with its count (0 when absent), then any legacy value found in the data. */
function withAllKeys(known: readonly string[], counts: Record<string, number>): Record<string, number> {
  return { ...Object.fromEntries(known.map((k) => [k, 0])), ...counts };
}

function toStatusRun(run: RunRecord, interrupted: ReadonlySet<string>): StatusRun {
  return {
    run_id: run.id,
    trigger: run.trigger,
    status: run.status,
    interrupted: interrupted.has(run.id),
    started_at: run.started_at,
    ended_at: run.ended_at,
    counts: run.counts,
    log_dir: run.log_dir,
    error_code: run.error_code,
  };
}

function toCountsLine(counts: Record<string, number>): string {
  return Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** `proofsheet status`: counts by Review_Status and QC_Status, recent runs, log sink health. */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'counts by Review_Status and QC_Status, recent runs, log sink health',
  synopsis: 'proofsheet status',
  async run(ctx) {
    const report = await withQueueDatabase(ctx, (db, paths): StatusReport => {
      const counts = countRows(db);
      const interruptedRuns = findInterruptedRuns(db);
      const interrupted = new Set(interruptedRuns.map((r) => r.id));
      const recent = listRuns(db, { limit: RECENT_RUNS });
      // An interrupted run is always listed, however old: it blocks `proofsheet run` until resumed.
      const runs = [...recent, ...interruptedRuns.filter((run) => !recent.some((r) => r.id === run.id))];
      return {
        rows_total: counts.total,
        review_status: withAllKeys(REVIEW_STATUSES, counts.reviewStatus),
        qc_status: withAllKeys(QC_STATUSES, counts.qcStatus),
        runs: runs.map((run) => toStatusRun(run, interrupted)),
        sinks: readSinkHealth(paths.logs),
      };
    });
    ctx.say(`rows           ${report.rows_total}`);
    ctx.say(`Review_Status  ${toCountsLine(report.review_status)}`);
    ctx.say(`QC_Status      ${toCountsLine(report.qc_status)}`);
    ctx.say(report.runs.length === 0 ? 'runs           none yet' : 'runs');
    for (const run of report.runs) {
      ctx.say(`  ${run.run_id}  ${run.interrupted ? 'INTERRUPTED (proofsheet resume)' : run.status}  started ${run.started_at}${run.ended_at ? `  ended ${run.ended_at}` : ''}${run.error_code ? `  ${run.error_code} ("proofsheet triage ${run.run_id}")` : ''}`);
    }
    ctx.say(report.sinks.length === 0 ? 'log sinks      none recorded yet' : 'log sinks');
    for (const sink of report.sinks) {
      ctx.say(`  ${sink.name.padEnd(12)} ${sink.alive ? 'alive' : 'DOWN'}${sink.required ? ' (required)' : ''}  errors ${sink.errors}  last write ${sink.last_write ?? 'never'}`);
    }
    ctx.emit(report);
    return EXIT.ok;
  },
};
