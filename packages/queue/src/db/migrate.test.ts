import fs from 'node:fs';
import { describe, expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { openDatabase } from './sqlite.js';
import { migrateDatabase, openQueueDatabase, readMigrations, readSchemaVersion, toLatestSchemaVersion } from './migrate.js';
import { ORIGINAL_REVIEW_COLUMN_COUNT, REVIEW_QUEUE_COLUMNS } from '../schema/review-columns.js';
import { CATALOG_COLUMNS } from '../sql/catalog-mirror.js';

function tableColumns(file: string, table: string): string[] {
  const db = openDatabase(file);
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  test('a fresh database is migrated to the latest level, one schema_migrations row per migration', ({ tmp }) => {
    const db = openQueueDatabase(tmp.join('q.db'));
    try {
      expect(readSchemaVersion(db)).toBe(toLatestSchemaVersion());
      expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(readMigrations().map((m) => ({ version: m.version, name: m.name })));
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
      expect(tables).toEqual(['caption_attempts', 'catalog_pulls', 'filename_reservations', 'photos_info_revamp', 'publish_jobs', 'republish_marks', 'review_queue',
        'review_queue_fts', 'review_queue_fts_config', 'review_queue_fts_data', 'review_queue_fts_docsize', 'review_queue_fts_idx', 'review_row_versions', 'row_events', 'runs', 'schema_migrations', 'sets']);
    } finally {
      db.close();
    }
  });

  test('review_queue keeps the original 52 columns first, in order, and the TS column list matches the table', ({ tmp }) => {
    openQueueDatabase(tmp.join('q.db')).close();
    const columns = tableColumns(tmp.join('q.db'), 'review_queue');
    expect(columns).toEqual([...REVIEW_QUEUE_COLUMNS]);
    expect(columns.slice(0, ORIGINAL_REVIEW_COLUMN_COUNT).at(-1)).toBe('metadata_version');
    expect(columns.slice(0, 4)).toEqual(['id', 'Folder', 'File_Name', 'Path']);
    expect(tableColumns(tmp.join('q.db'), 'photos_info_revamp')).toEqual([...CATALOG_COLUMNS]);
  });

  test('a database at an older level is upgraded on open and keeps its data', ({ tmp }) => {
    const old = openDatabase(tmp.join('q.db'));
    migrateDatabase(old, { target: 1 });
    old.prepare("INSERT INTO sets (folder, subject, location, category, created_at, updated_at) VALUES ('/f', 's', 'l', 'c', 'x', 'x')").run();
    expect(readSchemaVersion(old)).toBe(1);
    expect(old.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'idx_review_queue_status'").pluck().get()).toBe(0);
    old.close();

    const db = openQueueDatabase(tmp.join('q.db'));
    try {
      expect(readSchemaVersion(db)).toBe(toLatestSchemaVersion());
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'idx_review_queue_status'").pluck().get()).toBe(1);
      expect(db.prepare('SELECT folder FROM sets').pluck().all()).toEqual(['/f']);
    } finally {
      db.close();
    }
  });

  test('a database from a newer Proofsheet is refused with DB_SCHEMA_TOO_NEW and left unchanged', ({ tmp }) => {
    const db = openQueueDatabase(tmp.join('q.db'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', 'x')").run(toLatestSchemaVersion() + 5);
    db.close();
    const before = fs.readFileSync(tmp.join('q.db'));
    let thrown: unknown;
    try {
      openQueueDatabase(tmp.join('q.db')).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'DB_SCHEMA_TOO_NEW' });
    expect((thrown as Error).message.replace(/\d+/g, 'N')).toMatchInlineSnapshot(`"the database is at schema level N, but this version of Proofsheet knows only up to level N; upgrade Proofsheet (the database was not changed)"`);
    expect(fs.readFileSync(tmp.join('q.db')).equals(before)).toBe(true);
  });

  test('opening a current database writes nothing', ({ tmp }) => {
    openQueueDatabase(tmp.join('q.db')).close();
    const before = fs.statSync(tmp.join('q.db'));
    const bytes = fs.readFileSync(tmp.join('q.db'));
    const db = openQueueDatabase(tmp.join('q.db'));
    expect(migrateDatabase(db)).toEqual([]);
    db.close();
    expect(fs.statSync(tmp.join('q.db')).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readFileSync(tmp.join('q.db')).equals(bytes)).toBe(true);
  });

  test('a failing migration rolls back whole, leaving the previous level', ({ tmp }) => {
    const db = openDatabase(tmp.join('q.db'));
    try {
      const migrations = [
        { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);' },
      ];
      expect(() => migrateDatabase(db, { migrations })).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }));
      expect(readSchemaVersion(db)).toBe(0);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([]);
      migrateDatabase(db, { migrations: migrations.slice(0, 1) });
      expect(() => migrateDatabase(db, { migrations })).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }));
      expect(readSchemaVersion(db)).toBe(1);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
