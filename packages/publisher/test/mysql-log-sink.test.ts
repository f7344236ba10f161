import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openLogRuntime, readSinkHealth } from '@proofsheet/log';
import { createTestMysqlDatabase, hasMariadbBinaries, startPrivateMariadb, test, toMysqlUrl, type PrivateMariadb } from '@proofsheet/testkit';
import { createMysqlClient, createMysqlLogStore } from '../src/index.js';

const RUN = 'run_20261122_120000_cli';
const FAST = { retry: { initialMs: 50, maxMs: 400 }, databaseIntervalMs: 50, healthRefreshMs: 0 };

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the MySQL store self-tests and writes batches into system_logs', async () => {
  const db = await createTestMysqlDatabase();
  try {
    const store = createMysqlLogStore(db.url);
    await store.selfTest();
    await store.insertBatch([{ time: '2026-11-22T12:00:00.000Z', level: 'warn', msg: 'row finished stage', run_id: RUN, stage: 'derive', row_id: 9, File_Name: 'B_002.JPG', event: 'row_stage_finished' }]);
    await store.close();
    expect(await db.client.query('SELECT level, run_id, stage, row_id, file_name, event FROM system_logs ORDER BY id')).toEqual([
      { level: 'info', run_id: null, stage: null, row_id: null, file_name: null, event: 'sink_self_test' },
      { level: 'warn', run_id: RUN, stage: 'derive', row_id: '9', file_name: 'B_002.JPG', event: 'row_stage_finished' },
    ]);
  } finally {
    await db.drop();
  }
});

test('a required database sink that cannot be reached stops startup with LOG_SINK_FAILED', async ({ tmp }) => {
  const store = createMysqlLogStore('mysql://app:s3cret-pw@127.0.0.1:1/logs');
  const failure = await openLogRuntime({ logsDir: tmp.join('logs'), database: { store, required: true }, ...FAST }).catch((error: unknown) => error);
  expect(failure).toMatchObject({ code: 'LOG_SINK_FAILED', message: expect.stringMatching(/^log sink "database" cannot open mysql:\/\/app@127\.0\.0\.1:1\/logs: .*ECONNREFUSED/) });
  expect(String((failure as Error).message)).not.toContain('s3cret-pw');
  expect(readSinkHealth(tmp.join('logs'))).toEqual([expect.objectContaining({ name: 'database', required: true, alive: false, errors: 1 })]);
});

test('an optional database sink that cannot be reached warns, is recorded as down, and the run goes on', async ({ tmp }) => {
  const warnings: string[] = [];
  const store = createMysqlLogStore('mysql://app@127.0.0.1:1/logs');
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), database: { store, required: false }, warn: (line) => warnings.push(line), ...FAST });
  const run = runtime.openRunLogger({ runId: RUN });
  run.info('the run goes on');
  run.close();
  await runtime.close(200);
  expect(warnings).toEqual([expect.stringMatching(/^warning: optional log sink "database" \(mysql:\/\/app@127\.0\.0\.1:1\/logs\) is unavailable: .*ECONNREFUSED/)]);
  expect(readSinkHealth(tmp.join('logs')).find((s) => s.name === 'database')).toMatchObject({ required: false, alive: false });
  const runLog = fs.readFileSync(tmp.join('logs/runs', RUN, 'run.log'), 'utf8');
  expect(runLog).toContain('the run goes on');
  expect(runLog).toMatch(/\[WARN\] log sink unavailable run_id=\S+ sink=database required=false reason=.*ECONNREFUSED/);
});

describe.skipIf(!hasMariadbBinaries())('database killed mid-run', () => {
  let server: PrivateMariadb;
  beforeAll(async () => {
    server = await startPrivateMariadb();
    const admin = createMysqlClient({ ...server, password: null, database: 'mysql' });
    await admin.execute('CREATE DATABASE logs');
    await admin.close();
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
  });

  test('is detected, logged to the file sinks, and recovered when the database returns, with the gap recorded', async ({ tmp }) => {
    const logsDir = tmp.join('logs');
    const runtime = await openLogRuntime({ logsDir, database: { store: createMysqlLogStore(toMysqlUrl(server, 'logs')), required: true }, ...FAST });
    const run = runtime.openRunLogger({ runId: RUN });
    const database = () => runtime.health().find((s) => s.name === 'database');
    for (let i = 0; i < 5; i += 1) run.info('before outage', { seq: i });
    await waitFor(() => (database()?.lines ?? 0) >= 6, 'first batch written');

    await server.kill('SIGKILL');
    for (let i = 5; i < 10; i += 1) run.info('during outage', { seq: i });
    await waitFor(() => database()?.alive === false, 'the failure to be detected');
    expect(readSinkHealth(logsDir).find((s) => s.name === 'database')).toMatchObject({ alive: false, gaps: [expect.objectContaining({ to: null })] });

    await server.start();
    await waitFor(() => database()?.alive === true, 'recovery');
    await runtime.flush();
    run.close();
    await runtime.close();

    const runLog = fs.readFileSync(tmp.join('logs/runs', RUN, 'run.log'), 'utf8');
    expect(runLog).toMatch(/\[WARN\] log sink failed; retrying with backoff run_id=\S+ sink=database target=mysql:\/\/root@127\.0\.0\.1:\d+\/logs/);
    expect(runLog).toMatch(/\[INFO\] log sink recovered run_id=\S+ sink=database .*gap=\{"from":"[^"]+","to":"[^"]+","lost":0\}/);
    const health = readSinkHealth(logsDir).find((s) => s.name === 'database');
    expect(health).toMatchObject({ alive: true, gaps: [{ from: expect.any(String), to: expect.any(String), lost: 0 }] });
    expect(health?.errors).toBeGreaterThan(0);

    const check = createMysqlClient({ ...server, password: null, database: 'logs' });
    const rows = await check.query<{ seq: number | null }>(`SELECT JSON_VALUE(fields, '$.seq') AS seq FROM system_logs WHERE run_id = ? AND msg LIKE '%outage%' ORDER BY id`, [RUN]);
    await check.close();
    expect(rows.map((r) => Number(r.seq))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
