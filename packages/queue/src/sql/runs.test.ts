import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { createFixedClock } from '@proofsheet/core';
import { test } from '../../test/helpers.js';
import { assertNoLiveRun, createRun, findInterruptedRuns, finishRun, getRun, listRuns, recordRunStageResult, touchRun } from './runs.js';

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
