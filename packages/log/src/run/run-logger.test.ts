import fs from 'node:fs';
import { expect } from 'vitest';
import { ProofsheetError } from '@proofsheet/core';
import { test } from '@proofsheet/testkit';
import { openLogRuntime } from '../runtime/log-runtime.js';
import { readSinkHealth } from '../health/sink-health.js';

const RUN = 'run_20261122_101500_cli';

test('a run writes run.log, trace.jsonl, stage logs, latest_run.log and the mirror with every event', async ({ tmp }) => {
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), sharedDir: tmp.join('shared'), healthRefreshMs: 0 });
  const run = runtime.openRunLogger({ runId: RUN, start: { trigger: 'cli' } });
  run.stageStart('quality', 2);
  run.stageProgress('quality', { done: 1, total: 2 });
  run.rowFinished({ stage: 'quality', row_id: 1, File_Name: 'A_001.JPG', outcome: 'done', duration_ms: 12 });
  run.rowFinished({ stage: 'quality', row_id: 2, File_Name: 'A_002.JPG', outcome: 'failed', duration_ms: 7, error_code: 'SCORING_FAILED' });
  run.stageError('quality', new ProofsheetError('SCORING_FAILED', 'model crashed'));
  run.stageComplete('quality', { processed: 2 });
  run.warn('disk getting full', { free_gib: 3 });
  run.runEnd({ files: 2, errors: 1 }, 'completed');
  run.close();
  await runtime.close();

  const dir = tmp.join('logs/runs', RUN);
  expect(fs.readdirSync(dir).sort()).toEqual(['run.log', 'stage_5.log', 'trace.jsonl']);
  const trace = fs.readFileSync(`${dir}/trace.jsonl`, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(trace.every((e) => e.run_id === RUN && typeof e.time === 'string')).toBe(true);
  expect(trace.map((e) => e.event ?? e.level)).toEqual([
    'run_start', 'stage_start', 'stage_progress', 'row_stage_finished', 'row_stage_finished', 'stage_error', 'stage_complete', 'warn', 'run_end',
  ]);
  expect(trace[1]).toMatchObject({ stage: 'quality', pending: 2 });
  expect(trace[6]).toMatchObject({ stage: 'quality', processed: 2, elapsed_ms: expect.any(Number) });
  for (const row of trace.filter((e) => e.event === 'row_stage_finished')) {
    expect(row).toMatchObject({ stage: 'quality', row_id: expect.any(Number), outcome: expect.any(String), duration_ms: expect.any(Number) });
  }
  expect(trace[8]).toMatchObject({ counts: { files: 2, errors: 1 }, status: 'completed' });

  const runLog = fs.readFileSync(`${dir}/run.log`, 'utf8');
  expect(runLog).toMatch(/Z \[STAGE 5\/8\] Quality scoring run_id=\S+ stage=quality pending=2\n/);
  expect(runLog).toMatch(/\[INFO\] row finished stage .*File_Name=A_001.JPG/);
  expect(runLog).toMatch(/\[WARN\] disk getting full/);
  expect(runLog).toMatch(/\[ERROR\] stage failed .*error_code=SCORING_FAILED\n {4}\[SCORING_FAILED\] ProofsheetError: model crashed/);
  expect(fs.readFileSync(`${dir}/stage_5.log`, 'utf8')).not.toContain('run started');
  expect(fs.readFileSync(tmp.join('logs/latest_run.log'), 'utf8')).toBe(runLog);
  for (const file of ['trace.jsonl', 'run.log', 'stage_5.log']) {
    expect(fs.readFileSync(tmp.join('shared/runs', RUN, file), 'utf8')).toBe(fs.readFileSync(`${dir}/${file}`, 'utf8'));
  }
  expect(readSinkHealth(tmp.join('logs')).map((s) => [s.name, s.alive])).toEqual([
    ['mirror', true], ['run_log', true], ['trace', true], ['stage_5_log', true],
  ]);
});

test('trace events are written even when logging.level is above info; other info lines are not', async ({ tmp }) => {
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), level: 'warn', healthRefreshMs: 0 });
  const run = runtime.openRunLogger({ runId: RUN });
  run.stageStart('derive', 1);
  run.info('chatty detail');
  run.stage('derive').info('chatty stage detail');
  run.rowFinished({ stage: 'derive', row_id: 1, outcome: 'done', duration_ms: 5 });
  run.warn('kept warning');
  run.runEnd({ files: 1 });
  run.close();
  await runtime.close();
  const trace = fs.readFileSync(tmp.join('logs/runs', RUN, 'trace.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { event?: string; msg: string });
  expect(trace.map((e) => e.event ?? e.msg)).toEqual(['run_start', 'stage_start', 'row_stage_finished', 'kept warning', 'run_end']);
});

test('latest_run.log follows the live run and then the next run', async ({ tmp }) => {
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), healthRefreshMs: 0 });
  const first = runtime.openRunLogger({ runId: RUN });
  first.info('first run line');
  expect(fs.readFileSync(tmp.join('logs/latest_run.log'), 'utf8')).toContain('first run line');
  first.close();
  const second = runtime.openRunLogger({ runId: 'run_20261122_101501_cli' });
  second.info('second run line');
  const latest = fs.readFileSync(tmp.join('logs/latest_run.log'), 'utf8');
  expect(latest).toContain('second run line');
  expect(latest).not.toContain('first run line');
  second.close();
  await runtime.close();
});

test('a logs directory that cannot be written stops startup with LOG_SINK_FAILED naming the sink and reason', async ({ tmp }) => {
  tmp.write('not-a-dir', 'x');
  await expect(openLogRuntime({ logsDir: tmp.join('not-a-dir/logs') })).rejects.toThrow(/log sink "logs_dir" cannot open .*not-a-dir\/logs: ENOTDIR/);
});

test('an unwritable mirror directory is an optional sink: a warning and a health record, the run goes on', async ({ tmp }) => {
  tmp.write('blocked', 'x');
  const warnings: string[] = [];
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), sharedDir: tmp.join('blocked/shared'), warn: (line) => warnings.push(line), healthRefreshMs: 0 });
  const run = runtime.openRunLogger({ runId: RUN });
  run.info('still logged');
  run.close();
  await runtime.close();
  expect(warnings[0]).toMatch(/^warning: optional log sink "mirror" is unavailable: .*ENOTDIR/);
  expect(readSinkHealth(tmp.join('logs')).find((s) => s.name === 'mirror')).toMatchObject({ alive: false, required: false, errors: expect.any(Number) });
  expect(fs.readFileSync(tmp.join('logs/runs', RUN, 'run.log'), 'utf8')).toContain('still logged');
});
