import fs from 'node:fs';
import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { openDatabase, probeDatabase } from './sqlite.js';

test('opens a new file in WAL mode with foreign keys and a busy timeout', ({ tmp }) => {
  const db = openDatabase(tmp.join('q.db'), { busyTimeoutMs: 1234 });
  try {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  } finally {
    db.close();
  }
  expect(fs.existsSync(tmp.join('q.db'))).toBe(true);
});

test('a second connection reads committed data while the first holds a write transaction', ({ tmp }) => {
  const writer = openDatabase(tmp.join('q.db'));
  const reader = openDatabase(tmp.join('q.db'));
  try {
    writer.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);');
    writer.exec('BEGIN IMMEDIATE; UPDATE t SET v = 2;');
    expect(reader.prepare('SELECT v FROM t').pluck().get()).toBe(1);
    writer.exec('COMMIT');
    expect(reader.prepare('SELECT v FROM t').pluck().get()).toBe(2);
  } finally {
    writer.close();
    reader.close();
  }
});

test('probeDatabase reports a missing or corrupt file instead of throwing', ({ tmp }) => {
  expect(probeDatabase(tmp.join('missing.db'))).toMatchObject({ ok: false, detail: expect.stringContaining('cannot open database') });
  const corrupt = tmp.write('corrupt.db', 'not sqlite at all '.repeat(300));
  expect(probeDatabase(corrupt)).toMatchObject({ ok: false, detail: expect.stringMatching(/not a database/) });
  openDatabase(tmp.join('good.db')).close();
  expect(probeDatabase(tmp.join('good.db'))).toMatchObject({ ok: true });
});

test('openDatabase refuses a path it cannot create, with DB_OPEN_FAILED', ({ tmp }) => {
  expect(() => openDatabase(tmp.join('no/such/dir/q.db'))).toThrow(expect.objectContaining({ code: 'DB_OPEN_FAILED' }));
});
