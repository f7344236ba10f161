import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ProofsheetError } from '@proofsheet/core';
import { toSystemLogRow, type LogRecord, type LogRecordStore } from '@proofsheet/log';
import { openDatabase, type SqliteDatabase } from '../db/sqlite.js';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS system_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts TEXT NOT NULL,
  level TEXT NOT NULL,
  run_id TEXT,
  stage TEXT,
  row_id TEXT,
  file_name TEXT,
  event TEXT,
  msg TEXT NOT NULL,
  fields TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS system_logs_run_id ON system_logs (run_id, id);`;

const INSERT = `INSERT INTO system_logs (ts, level, run_id, stage, row_id, file_name, event, msg, fields)
  VALUES (@ts, @level, @run_id, @stage, @row_id, @file_name, @event, @msg, @fields)`;

/**
 * Resolves a `logging.database.url` of kind `sqlite` to a file: `sqlite:///abs/file.db`,
 * `sqlite:relative.db`, `file:…` or a plain path; relative paths resolve against `baseDir`.
 */
export function toSqliteLogFile(url: string, baseDir: string): string {
  const stripped = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return path.resolve(baseDir, stripped);
}

/**
 * The SQLite implementation of the log core's {@link LogRecordStore}: `system_logs` in the file
 * `file` (created, with its directory and the table, when missing). Opens lazily, so a file that cannot be opened
 * fails the self-test rather than the constructor.
 */
export function createSqliteLogStore(file: string): LogRecordStore {
  let db: SqliteDatabase | null = null;
  const connect = (): SqliteDatabase => {
    if (db) return db;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new ProofsheetError('DB_OPEN_FAILED', `cannot create the directory of ${file}: ${(error as Error).message}`, { cause: error });
    }
    // A short busy timeout: a write lock held by another connection must not stall the event loop;
    // the batch fails, stays queued and is retried with backoff.
    const opened = openDatabase(file, { busyTimeoutMs: 50 });
    try {
      opened.exec(CREATE_TABLE);
    } catch (error) {
      opened.close();
      throw new ProofsheetError('DB_OPEN_FAILED', `cannot create system_logs in ${file}: ${(error as Error).message}`, { cause: error });
    }
    db = opened;
    return opened;
  };
  const insertRows = (records: readonly LogRecord[]): void => {
    const conn = connect();
    const insert = conn.prepare(INSERT);
    conn.transaction((rows: readonly LogRecord[]) => rows.forEach((record) => insert.run(toSystemLogRow(record))))(records);
  };
  return {
    target: `sqlite:${file}`,
    async selfTest() {
      const token = randomUUID();
      insertRows([{ time: new Date().toISOString(), level: 'info', msg: 'log sink self-test', event: 'sink_self_test', token }]);
      const found = connect().prepare(`SELECT count(*) AS n FROM system_logs WHERE event = 'sink_self_test' AND fields LIKE ?`).get(`%${token}%`) as { n: number };
      if (found.n !== 1) throw new ProofsheetError('DB_OPEN_FAILED', `self-test event not read back from ${file}`);
    },
    async insertBatch(records) {
      try {
        insertRows(records);
      } catch (error) {
        db?.close();
        db = null;
        throw error instanceof ProofsheetError ? error : new ProofsheetError('DB_OPEN_FAILED', `cannot write system_logs in ${file}: ${(error as Error).message}`, { cause: error });
      }
    },
    async close() {
      db?.close();
      db = null;
    },
  };
}
