import type { LogRecord } from '../format/human-line.js';

/**
 * The port between the logging core and a database holding `system_logs`. The SQLite
 * implementation lives in `@proofsheet/queue`, the MySQL one in `@proofsheet/publisher`; the
 * orchestrator picks one from `logging.database` and hands it to the log runtime.
 */
export interface LogRecordStore {
  /** A redacted description for messages and health (e.g. `mysql://app:***@127.0.0.1:3306/logs`). */
  readonly target: string;
  /**
   * Connects, creates `system_logs` when missing, writes a test event and reads it back. Throws a
   * `ProofsheetError` (e.g. `MYSQL_CONNECT`, `DB_OPEN_FAILED`) when any step fails.
   */
  selfTest(): Promise<void>;
  /** Inserts the records in one statement or transaction. Throws when the database is unusable. */
  insertBatch(records: readonly LogRecord[]): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** The columns of `system_logs` every store writes (the full record is kept in `fields`). */
export interface SystemLogRow {
  readonly ts: string;
  readonly level: string;
  readonly run_id: string | null;
  readonly stage: string | null;
  readonly row_id: string | null;
  readonly file_name: string | null;
  readonly event: string | null;
  readonly msg: string;
  readonly fields: string;
}

/** Maps a log record to the `system_logs` columns (shared by every store implementation). */
export function toSystemLogRow(record: LogRecord): SystemLogRow {
  const text = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));
  return {
    ts: record.time,
    level: record.level,
    run_id: text(record.run_id),
    stage: text(record.stage),
    row_id: text(record.row_id),
    file_name: text(record.File_Name),
    event: text(record.event),
    msg: record.msg ?? '',
    fields: JSON.stringify(record),
  };
}
