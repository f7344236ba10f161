import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { openDatabase } from './sqlite.js';
import { migrateDatabase, openQueueDatabase, readSchemaVersion, toLatestSchemaVersion } from './migrate.js';
import { backupDatabase, checkDatabaseFile, replaceDatabaseFile } from './backup-database.js';
import { createSet, listSets } from '../sql/sets.js';

const SET = { folder: '/photos/a', subject: 'Heron', location: 'Delft', category: 'Birds', fileCount: 1 };

describe('pre-migration backup', () => {
  test('opening a database left at an older level copies it first into backups/ beside it; a fresh one gets none', ({ tmp }) => {
    const file = tmp.join('data/proofsheet.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = openDatabase(file);
    migrateDatabase(old, { target: 1 });
    old.close();
    openQueueDatabase(file).close();
    const backups = fs.readdirSync(tmp.join('data/backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^pre-migration-1-to-${toLatestSchemaVersion()}-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.db$`));
    const copy = openDatabase(tmp.join('data/backups', backups[0] as string), { readonly: true });
    expect(readSchemaVersion(copy)).toBe(1);
    copy.close();

    fs.mkdirSync(tmp.join('fresh'));
    openQueueDatabase(tmp.join('fresh/q.db')).close();
    expect(fs.existsSync(tmp.join('fresh/backups'))).toBe(false);
  });
});

describe('backupDatabase / replaceDatabaseFile', () => {
  test('a backup holds what was committed, is one self-contained file, and replaces a database with its WAL folded aside', async ({ tmp }) => {
    const file = tmp.join('q.db');
    const db = openQueueDatabase(file);
    createSet(db, SET);
    await backupDatabase(db, tmp.join('b/copy.db'));
    createSet(db, { ...SET, folder: '/photos/b' });
    expect(fs.existsSync(tmp.join('b/copy.db-wal'))).toBe(false);
    expect(checkDatabaseFile(tmp.join('b/copy.db'))).toEqual({ ok: true, detail: 'ok' });

    // Another connection is open: the WAL cannot be folded in safely.
    expect(() => replaceDatabaseFile(file, tmp.join('b/copy.db'), tmp.join('aside.db'))).toThrow(expect.objectContaining({ code: 'DB_BUSY' }));
    db.close();
    const replaced = replaceDatabaseFile(file, tmp.join('b/copy.db'), tmp.join('aside.db'));
    expect(replaced.aside).toBe(tmp.join('aside.db'));
    expect(fs.existsSync(tmp.join('aside.db-wal'))).toBe(false);
    const restored = openQueueDatabase(file);
    const aside = openDatabase(tmp.join('aside.db'), { readonly: true });
    try {
      expect(listSets(restored).map((s) => s.folder)).toEqual(['/photos/a']);
      expect(listSets(aside).map((s) => s.folder)).toEqual(['/photos/a', '/photos/b']);
    } finally {
      restored.close();
      aside.close();
    }
  });

  test('checkDatabaseFile reports a file that is not a database', ({ tmp }) => {
    fs.writeFileSync(tmp.join('x.db'), 'not a database at all, just text that is long enough to have a header');
    expect(checkDatabaseFile(tmp.join('x.db')).ok).toBe(false);
  });
});
