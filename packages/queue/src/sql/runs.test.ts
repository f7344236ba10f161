import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { createFixedClock } from '@proofsheet/core';
import { test } from '../../test/helpers.js';
import fs from 'node:fs';
import { readProcessIdentity } from '@proofsheet/log';
import { assertNoLiveRun, createRun, findInterruptedRuns, findLiveRuns, finishRun, getRun, listRuns, recordRunStageResult, touchRun } from './runs.js';

const at = new Date(2026, 10, 22, 9, 30, 15);

test('createRun builds a run id, suffixes a second run in the same second, and records owner and config', ({ db }) => {
  const clock = createFixedClock(at);
  const first = createRun(db, { trigger: 'cli', clock, setIds: [1, 2], config: { caption: { model: 'm' } } });
  const second = createRun(db, { trigger: 'cli', clock });
  expect([first.id, second.id]).toEqual(['run_20261122_093015_cli', 'run_20261122_093015_cli_2']);
  expect(first).toMatchObject({ status: 'running', pid: process.pid, set_ids: [1, 2], config: { caption: { model: 'm' } }, stage_results: {}, ended_at: null });
  recordRunStageResult(db, first.id, 'validate', { sets: 2 });
  recordRunStageResult(db, first.id, 'stage', { files: 10 });
  const finished = finishRun(db, first.id, { status: 'completed', counts: { files: 10 }, clock });
  expect(finished).toMatchObject({ status: 'completed', counts: { files: 10 }, stage_results: { validate: { sets: 2 }, stage: { files: 10 } } });
  expect(finished.ended_at).toBe(at.toISOString());
  expect(listRuns(db).map((r) => r.id)).toEqual(['run_20261122_093015_cli_2', 'run_20261122_093015_cli']);
  expect(() => finishRun(db, 'run_nope', { status: 'failed' })).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
});

test('findInterruptedRuns: a running run whose process is dead is interrupted; a live or finished one is not', ({ db }) => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const live = createRun(db, { trigger: 'cli' });
  const crashed = createRun(db, { trigger: 'ui', pid: dead });
  const done = createRun(db, { trigger: 'retry', pid: dead });
  finishRun(db, done.id, { status: 'completed' });
  expect(findInterruptedRuns(db).map((r) => r.id)).toEqual([crashed.id]);
  expect(getRun(db, live.id)?.status).toBe('running');
});

test('findInterruptedRuns: a run owned by another host is interrupted once its heartbeat is stale', ({ db }) => {
  const clock = createFixedClock(at);
  const remote = createRun(db, { trigger: 'cli', host: 'other-host', pid: 1, clock });
  clock.advance(60_000);
  expect(findInterruptedRuns(db, { clock, staleAfterMs: 120_000 })).toEqual([]);
  touchRun(db, remote.id, clock);
  clock.advance(119_000);
  expect(findInterruptedRuns(db, { clock, staleAfterMs: 120_000 })).toEqual([]);
  clock.advance(2_000);
  expect(findInterruptedRuns(db, { clock, staleAfterMs: 120_000 }).map((r) => r.id)).toEqual([remote.id]);
});

test('an exclusive createRun refuses while another run is alive, in the same transaction, and starts once only interrupted runs are left', ({ db }) => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const crashed = createRun(db, { trigger: 'cli', pid: dead });
  expect(() => assertNoLiveRun(db)).not.toThrow();
  const first = createRun(db, { trigger: 'cli', exclusive: true });
  expect(first.status).toBe('running');
  expect(() => createRun(db, { trigger: 'cli', exclusive: true })).toThrow(expect.objectContaining({ code: 'RUN_IN_PROGRESS', details: { runs: [first.id] } }));
  expect(listRuns(db).map((r) => r.id).sort()).toEqual([crashed.id, first.id].sort());
  finishRun(db, first.id, { status: 'completed' });
  expect(createRun(db, { trigger: 'cli', exclusive: true }).status).toBe('running');
});

test.runIf(fs.existsSync('/proc/self/stat'))('a run whose pid is alive but now belongs to another process (another start time or boot) is interrupted, not live', ({ db }) => {
  const me = readProcessIdentity(process.pid);
  if (me === null) throw new Error('no /proc identity on Linux');
  const live = createRun(db, { trigger: 'cli' });
  expect([live.pid, live.pid_start_ticks, live.boot_id]).toEqual([process.pid, me.startTicks, me.bootId]);
  // The same pid, but the run was started by an earlier process (this process reused its pid).
  const reused = createRun(db, { trigger: 'cli', identity: { ...me, startTicks: me.startTicks - 1 } });
  const rebooted = createRun(db, { trigger: 'ui', identity: { ...me, bootId: '00000000-0000-0000-0000-000000000000' } });
  expect(findInterruptedRuns(db).map((r) => r.id)).toEqual([reused.id, rebooted.id]);
  expect(findLiveRuns(db).map((r) => r.id)).toEqual([live.id]);
  finishRun(db, live.id, { status: 'completed' });
  expect(() => assertNoLiveRun(db)).not.toThrow();
});

test('without a recorded identity (not Linux, a run from before migration 4) a live pid still counts as the run', ({ db }) => {
  const legacy = createRun(db, { trigger: 'cli', identity: null });
  expect([legacy.pid_start_ticks, legacy.boot_id]).toEqual([null, null]);
  expect(findInterruptedRuns(db)).toEqual([]);
  expect(() => assertNoLiveRun(db)).toThrow(expect.objectContaining({ code: 'RUN_IN_PROGRESS' }));
});

test('finishRun records the error a run ended on; a later finish without one keeps it', ({ db }) => {
  const run = createRun(db, { trigger: 'cli' });
  expect(run).toMatchObject({ error_code: null, error_message: null });
  finishRun(db, run.id, { status: 'aborted', error: { code: 'LOG_SINK_FAILED', message: 'log sink "logs_dir" cannot open /p/logs: EPERM' } });
  expect(finishRun(db, run.id, { status: 'aborted' })).toMatchObject({ status: 'aborted', error_code: 'LOG_SINK_FAILED', error_message: 'log sink "logs_dir" cannot open /p/logs: EPERM' });
});
