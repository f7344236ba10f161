import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { openDatabase } from '../db/sqlite.js';
import { createSqliteLogStore, toSqliteLogFile } from './sqlite-log-store.js';

test('self-test creates system_logs and reads its event back; batches land with their columns', async ({ tmp }) => {
  const file = tmp.join('logs.db');
  const store = createSqliteLogStore(file);
  await store.selfTest();
  await store.insertBatch([
    { time: '2026-11-22T10:00:00.000Z', level: 'info', msg: 'row finished stage', run_id: 'run_20261122_100000_cli', stage: 'quality', row_id: 4, File_Name: 'A_001.JPG', event: 'row_stage_finished' },
  ]);
  await store.close();
  const db = openDatabase(file);
  const rows = db.prepare('SELECT level, run_id, stage, row_id, file_name, event, msg FROM system_logs ORDER BY id').all();
  db.close();
  expect(rows).toEqual([
    { level: 'info', run_id: null, stage: null, row_id: null, file_name: null, event: 'sink_self_test', msg: 'log sink self-test' },
    { level: 'info', run_id: 'run_20261122_100000_cli', stage: 'quality', row_id: '4', file_name: 'A_001.JPG', event: 'row_stage_finished', msg: 'row finished stage' },
  ]);
});

test('a file that cannot be opened fails the self-test with DB_OPEN_FAILED', async ({ tmp }) => {
  tmp.write('plain-file', 'x');
  await expect(createSqliteLogStore(tmp.join('plain-file/logs.db')).selfTest()).rejects.toMatchObject({ code: 'DB_OPEN_FAILED' });
});

test('sqlite URLs resolve against the project root', () => {
  expect(toSqliteLogFile('sqlite:data/logs.db', '/p')).toBe('/p/data/logs.db');
  expect(toSqliteLogFile('sqlite:///var/logs.db', '/p')).toBe('/var/logs.db');
  expect(toSqliteLogFile('logs.db', '/p')).toBe('/p/logs.db');
});
