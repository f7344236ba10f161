import os from 'node:os';
import { ProofsheetError, createRunId, systemClock, type Clock, type RunTrigger } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { isProcessAlive, isSameProcessAlive, readProcessIdentity, type ProcessIdentity } from '@proofsheet/log';

/**
 * Run statuses: `running` until the process finishes it (a `running` run whose process is gone is
 * interrupted); `completed`; `waiting` (it did all it could, but rows wait for a service such as
 * Ollama: safe to resume); `aborted` (stopped on request or by an operational error); `failed` (a bug).
 */
export type RunStatus = 'running' | 'completed' | 'waiting' | 'failed' | 'aborted';

/** A `runs` row, JSON columns parsed. */
export interface RunRecord {
  readonly id: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly pid: number | null;
  readonly host: string | null;
  readonly heartbeat_at: string | null;
  /** The owner's start time (clock ticks since boot) and boot id, where `/proc` told them; see {@link ProcessIdentity}. */
  readonly pid_start_ticks: number | null;
  readonly boot_id: string | null;
  readonly set_ids: number[];
  readonly config: unknown;
  readonly stage_results: Record<string, unknown>;
  readonly counts: Record<string, number> | null;
  readonly log_dir: string | null;
  /** Why the run ended, when it ended on an error (see {@link finishRun}); null otherwise. */
  readonly error_code: string | null;
  readonly error_message: string | null;
}

type RunRow = Omit<RunRecord, 'set_ids' | 'config' | 'stage_results' | 'counts'> & {
  set_ids_json: string | null;
  config_json: string | null;
  stage_results_json: string | null;
  counts_json: string | null;
};

const parse = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

function toRunRecord(row: RunRow): RunRecord {
  const { set_ids_json: setIds, config_json: config, stage_results_json: stages, counts_json: counts, ...rest } = row;
  return { ...rest, set_ids: parse(setIds, []), config: parse(config, null), stage_results: parse(stages, {}), counts: parse(counts, null) };
}

/** Input of {@link createRun}. `config` must already have its secrets removed. */
export interface CreateRunInput {
  readonly trigger: RunTrigger;
  readonly setIds?: readonly number[];
  readonly config?: unknown;
  readonly logDir?: string;
  readonly clock?: Clock;
  /** The owning process (default: this one). */
  readonly pid?: number;
  readonly host?: string;
  /**
   * The owner's process identity (default: read from `/proc` for `pid`; null where it cannot be
   * read). Recorded so that a later process reusing the pid is not mistaken for the run.
   */
  readonly identity?: ProcessIdentity | null;
  /**
   * Refuse with `RUN_IN_PROGRESS` while another run is alive ({@link assertNoLiveRun}), checked in
   * the same transaction as the insert, so two processes starting at once cannot both start.
   */
  readonly exclusive?: boolean;
}

/** Starts a run: a fresh `run_…` id (suffixed when one exists for the same second), status `running`, this process as owner. */
export function createRun(db: SqliteDatabase, input: CreateRunInput): RunRecord {
  const clock = input.clock ?? systemClock;
  return runImmediate(db, () => {
    if (input.exclusive === true) assertNoLiveRun(db);
    const taken = db.prepare('SELECT 1 FROM runs WHERE id = ?');
    const id = createRunId(input.trigger, clock, (candidate) => taken.get(candidate) !== undefined);
    const now = clock.now().toISOString();
    const pid = input.pid ?? process.pid;
    const identity = input.identity === undefined ? readProcessIdentity(pid) : input.identity;
    db.prepare(
      `INSERT INTO runs (id, trigger, status, started_at, pid, pid_start_ticks, boot_id, host, heartbeat_at, set_ids_json, config_json, stage_results_json, log_dir)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)`,
    ).run(id, input.trigger, now, pid, identity?.startTicks ?? null, identity?.bootId ?? null, input.host ?? os.hostname(), now, JSON.stringify(input.setIds ?? []), JSON.stringify(input.config ?? null), input.logDir ?? null);
    return requireRun(db, id);
  });
}

/** The run `id`, or null. */
export function getRun(db: SqliteDatabase, id: string): RunRecord | null {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRunRecord(row) : null;
}

/** The run `id`; throws `RUN_NOT_FOUND`. */
export function requireRun(db: SqliteDatabase, id: string): RunRecord {
  const run = getRun(db, id);
  if (!run) throw new ProofsheetError('RUN_NOT_FOUND', `no run with id ${id}`, { details: { run_id: id } });
  return run;
}

/** Refreshes the run's heartbeat (the runner calls this periodically; see {@link findInterruptedRuns}). */
export function touchRun(db: SqliteDatabase, id: string, clock: Clock = systemClock): void {
  db.prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'").run(clock.now().toISOString(), id);
}

/** Records one stage's result (any JSON) on the run, merged into its per-stage results. */
export function recordRunStageResult(db: SqliteDatabase, id: string, stage: string, result: unknown): void {
  runImmediate(db, () => {
    const run = requireRun(db, id);
    db.prepare('UPDATE runs SET stage_results_json = ? WHERE id = ?').run(JSON.stringify({ ...run.stage_results, [stage]: result }), id);
  });
}

/** What ended a run on an error: its code and message (secrets already masked by the caller). */
export interface RunError {
  readonly code: string;
  readonly message: string;
}

/**
 * Ends a run with its final status (and counts). `error` records why it ended when it ended on an
 * error, in the database itself: the run's own log may be the thing that could not be written.
 */
export function finishRun(db: SqliteDatabase, id: string, outcome: { status: Exclude<RunStatus, 'running'>; counts?: Record<string, number>; error?: RunError; clock?: Clock }): RunRecord {
  return runImmediate(db, () => {
    requireRun(db, id);
    const now = (outcome.clock ?? systemClock).now().toISOString();
    db.prepare('UPDATE runs SET status = ?, ended_at = ?, counts_json = coalesce(?, counts_json), error_code = coalesce(?, error_code), error_message = coalesce(?, error_message) WHERE id = ?').run(
      outcome.status,
      now,
      outcome.counts ? JSON.stringify(outcome.counts) : null,
      outcome.error?.code ?? null,
      outcome.error?.message ?? null,
      id,
    );
    return requireRun(db, id);
  });
}

/** The most recent runs, newest first. */
export function listRuns(db: SqliteDatabase, options: { limit?: number } = {}): RunRecord[] {
  return (db.prepare('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?').all(options.limit ?? 20) as RunRow[]).map(toRunRecord);
}

/** How {@link findInterruptedRuns} decides that a `running` run has no live process. */
export interface InterruptedRunOptions {
  /** This machine's host name (default `os.hostname()`). */
  readonly host?: string;
  /** For a run owned by another host: a heartbeat older than this means its process is gone (default 120 000 ms). */
  readonly staleAfterMs?: number;
  readonly clock?: Clock;
  /** Whether a pid is alive on this host (default: signal 0); the recorded process identity is checked on top. */
  readonly isProcessAlive?: (pid: number) => boolean;
}

/** The recorded identity of a run's owner, or null when the run has none (not Linux, an older run). */
function toRecordedIdentity(run: RunRecord): ProcessIdentity | null {
  return run.pid_start_ticks !== null && run.boot_id !== null ? { startTicks: run.pid_start_ticks, bootId: run.boot_id } : null;
}

/**
 * Runs left `running` by a process that no longer exists: owned by this host, its pid is not
 * alive, or the pid now belongs to another process (a different start time or boot than the one
 * recorded with the run: a reboot, a container restart, a later CLI given the same pid); owned by another host (a shared data folder), its heartbeat ({@link touchRun}) is older
 * than `staleAfterMs`. `proofsheet run` refuses to start while one
 * exists; `resume` continues them.
 */
export function findInterruptedRuns(db: SqliteDatabase, options: InterruptedRunOptions = {}): RunRecord[] {
  const interrupted = toInterruptedTest(options);
  return runningRuns(db).filter(interrupted);
}

/** Whether a `running` run has no live process (the rule of {@link findInterruptedRuns}). */
function toInterruptedTest(options: InterruptedRunOptions): (run: RunRecord) => boolean {
  const host = options.host ?? os.hostname();
  const alive = options.isProcessAlive ?? isProcessAlive;
  const now = (options.clock ?? systemClock).now().getTime();
  const staleAfter = options.staleAfterMs ?? 120_000;
  return (run) => {
    if (run.host === host && run.pid !== null) return !isSameProcessAlive(run.pid, toRecordedIdentity(run), alive);
    return now - Date.parse(run.heartbeat_at ?? run.started_at) > staleAfter;
  };
}

/** Runs `running` with a live process (the opposite of {@link findInterruptedRuns}), oldest first. */
export function findLiveRuns(db: SqliteDatabase, options: InterruptedRunOptions = {}): RunRecord[] {
  const interrupted = toInterruptedTest(options);
  return runningRuns(db).filter((run) => !interrupted(run));
}

function runningRuns(db: SqliteDatabase): RunRecord[] {
  return (db.prepare("SELECT * FROM runs WHERE status = 'running' ORDER BY started_at").all() as RunRow[]).map(toRunRecord);
}

/**
 * Throws `RUN_IN_PROGRESS` while a run is alive (`running` and not interrupted): two runs over the
 * same sets and rows would ingest and caption them twice.
 */
export function assertNoLiveRun(db: SqliteDatabase, options: InterruptedRunOptions = {}): void {
  const live = findLiveRuns(db, options);
  if (live.length === 0) return;
  throw new ProofsheetError('RUN_IN_PROGRESS', `run ${live.map((r) => `${r.id} (pid ${r.pid ?? '?'})`).join(', ')} is still running; wait for it or stop it with Ctrl+C`, {
    details: { runs: live.map((r) => r.id) },
  });
}
