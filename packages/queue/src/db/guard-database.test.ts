import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { openDatabase } from './sqlite.js';
import { runImmediate } from './transaction.js';

/** Two connections to one file, the first holding the write lock (as the review server or a second CLI would). */
function lockedPair(file: string, busyTimeoutMs = 20) {
  const holder = openDatabase(file);
  holder.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
  const db = openDatabase(file, { busyTimeoutMs });
  holder.exec('BEGIN IMMEDIATE');
  return {
    holder,
    db,
    close() {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      db.close();
    },
  };
}

describe('SQLite failures are translated at the queue boundary', () => {
  test('every way of running SQL turns a held lock into DB_BUSY (operational), not a raw driver error', ({ tmp }) => {
    const pair = lockedPair(tmp.join('q.db'));
    try {
      const { db } = pair;
      const attempts: Array<[string, () => unknown]> = [
        ['statement run', () => db.prepare("INSERT INTO t (v) VALUES ('x')").run()],
        ['exec', () => db.exec("INSERT INTO t (v) VALUES ('y')")],
        ['transaction', () => db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('z')").run()).immediate()],
        ['pragma', () => db.pragma('wal_checkpoint(RESTART)')],
      ];
      for (const [name, attempt] of attempts) {
        let thrown: unknown;
        try {
          const result = attempt();
          // wal_checkpoint reports a busy checkpoint as a value rather than throwing: it must say so.
          if (name === 'pragma') expect(result).toEqual([expect.objectContaining({ busy: 1 })]);
        } catch (error) {
          thrown = error;
        }
        if (name === 'pragma') continue;
        expect(thrown, name).toMatchObject({ name: 'ProofsheetError', code: 'DB_BUSY', kind: 'operational', details: { sqlite_code: expect.stringMatching(/^SQLITE_BUSY/) } });
      }
      // Reads still work in WAL mode while another connection writes.
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
      // Iteration is guarded too (a read never meets the lock in WAL; the iterator still works).
      expect([...(db.prepare('SELECT id FROM t').iterate() as Iterable<unknown>)]).toEqual([]);
    } finally {
      pair.close();
    }
  });

  test('a bug in SQL stays a driver error (INTERNAL at the process boundary), never disguised as an environment failure', ({ tmp }) => {
    const db = openDatabase(tmp.join('q.db'));
    try {
      expect(() => db.prepare('SELEC nonsense').run()).toThrow(expect.objectContaining({ code: 'SQLITE_ERROR' }));
      db.exec('CREATE TABLE u (id INTEGER PRIMARY KEY)');
      db.prepare('INSERT INTO u (id) VALUES (1)').run();
      expect(() => db.prepare('INSERT INTO u (id) VALUES (1)').run()).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }));
    } finally {
      db.close();
    }
  });

  test('runImmediate waits out a lock released by another process while it waits, and gives up with DB_BUSY on one that stays', async ({ tmp }) => {
    const file = tmp.join('q.db');
    const setup = openDatabase(file);
    setup.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    setup.close();
    // Another process holds the write lock for about 300 ms: longer than one busy timeout (100 ms), shorter than the retries.
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `const D=require(${JSON.stringify(driver)});const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');process.stdout.write('locked');setTimeout(()=>{d.exec('ROLLBACK');d.close()},300)`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout, 'data');
    const db = openDatabase(file, { busyTimeoutMs: 100 });
    try {
      runImmediate(db, () => db.prepare("INSERT INTO t (v) VALUES ('after the lock')").run());
      expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'after the lock' }]);
      await once(child, 'exit');
      const pair = lockedPair(file, 10);
      try {
        let ran = 0;
        expect(() => runImmediate(pair.db, () => (ran += 1))).toThrow(expect.objectContaining({ code: 'DB_BUSY' }));
        expect(ran).toBe(0);
      } finally {
        pair.close();
      }
    } finally {
      db.close();
      child.kill();
    }
  });
});
