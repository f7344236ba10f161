import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProofsheetError } from '@proofsheet/core';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './sqlite.js';
import { runImmediate } from './transaction.js';
import { copyDatabaseSync, toBackupStamp } from './backup-database.js';
import { nowIso } from '../internal/time.js';

/** One numbered migration: `migrations/0001_init.sql` → `{ version: 1, name: 'init', sql }`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations shipped with this package, in version order (read once). */
export function readMigrations(dir: string = MIGRATIONS_DIR): readonly Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2] as string, sql: fs.readFileSync(path.join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new ProofsheetError('INTERNAL', `migration numbering has a gap or duplicate at ${migration.version}_${migration.name}`);
  });
  return migrations;
}

let shipped: readonly Migration[] | undefined;
function shippedMigrations(): readonly Migration[] {
  shipped ??= readMigrations();
  return shipped;
}

/** The schema level this code expects (the highest shipped migration). */
export function toLatestSchemaVersion(): number {
  return shippedMigrations().length;
}

/** The migration level recorded in `db` (0 for a fresh database). */
export function readSchemaVersion(db: SqliteDatabase): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return 0;
  const version = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
  return version ?? 0;
}

/** Options of {@link migrateDatabase}. */
export interface MigrateOptions {
  /** Stop at this level (tests build older databases with it). Default: the latest. */
  readonly target?: number;
  /** Override the migration list (tests). Default: the shipped migrations. */
  readonly migrations?: readonly Migration[];
  /**
   * Where the copy taken before migrating a database that already has a schema goes
   * (`pre-migration-<from>-to-<to>-<stamp>.db`). Default: `backups/` beside the database file;
   * `null` takes none. An in-memory database is never copied.
   */
  readonly backupDir?: string | null;
}

/**
 * Brings `db` up to the latest schema: each pending migration runs in its own `BEGIN IMMEDIATE`
 * transaction together with its `schema_migrations` row, so a crash leaves the database at a whole
 * level. A database that already has a schema is copied first (see {@link MigrateOptions.backupDir}).
 * A database from a newer version of Proofsheet is refused with `DB_SCHEMA_TOO_NEW`;
 * nothing is written when the database is already current. Returns the versions applied.
 */
export function migrateDatabase(db: SqliteDatabase, options: MigrateOptions = {}): number[] {
  const migrations = options.migrations ?? shippedMigrations();
  const target = options.target ?? migrations.length;
  const current = readSchemaVersion(db);
  assertNotTooNew(current, migrations.length);
  if (current >= target) return [];
  if (current > 0) backUpBeforeMigrating(db, current, target, options.backupDir);
  return runImmediate(db, () => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied: number[] = [];
    // Re-read inside the lock: another process may have migrated since the first look.
    for (const migration of migrations.slice(readSchemaVersion(db), target)) {
      applyMigration(db, migration);
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * Copies a database with a schema before it is migrated, so an upgrade that goes wrong can be undone
 * with `proofsheet restore`. A fresh (empty) database has nothing worth keeping.
 */
function backUpBeforeMigrating(db: SqliteDatabase, from: number, to: number, backupDir: string | null | undefined): void {
  if (backupDir === null || db.memory || db.name === '' || db.inTransaction) return;
  const dir = backupDir ?? path.join(path.dirname(path.resolve(db.name)), 'backups');
  const base = path.join(dir, `pre-migration-${from}-to-${to}-${toBackupStamp()}`);
  // Two processes opening the same old database in the same millisecond each keep their own copy.
  copyDatabaseSync(db, fs.existsSync(`${base}.db`) ? `${base}-${process.pid}.db` : `${base}.db`);
}

function applyMigration(db: SqliteDatabase, migration: Migration): void {
  try {
    db.exec(migration.sql);
  } catch (error) {
    throw new ProofsheetError('DB_MIGRATION_FAILED', `migration ${migration.version}_${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, nowIso());
}

function assertNotTooNew(current: number, known: number): void {
  if (current <= known) return;
  throw new ProofsheetError(
    'DB_SCHEMA_TOO_NEW',
    `the database is at schema level ${current}, but this version of Proofsheet knows only up to level ${known}; upgrade Proofsheet (the database was not changed)`,
    { details: { schema_version: current, known_version: known } },
  );
}

/**
 * Opens the queue database at `file` (WAL, busy timeout, foreign keys; see `openDatabase`) and
 * migrates it to the latest schema. Throws `DB_SCHEMA_TOO_NEW` (and closes the connection) for a
 * database written by a newer Proofsheet.
 */
export function openQueueDatabase(file: string, options: Omit<OpenDatabaseOptions, 'readonly'> = {}): SqliteDatabase {
  const db = openDatabase(file, options);
  try {
    migrateDatabase(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
