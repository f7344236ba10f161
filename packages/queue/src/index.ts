/**
 * @proofsheet/queue — the SQLite store. The only user of better-sqlite3.
 * This first slice opens and probes the database file; migrations, the review queue, sets, runs
 * and filename reservations follow.
 */
export { openDatabase, probeDatabase, type SqliteDatabase, type OpenDatabaseOptions, type DatabaseProbe } from './db/sqlite.js';
