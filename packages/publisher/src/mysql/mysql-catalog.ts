import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import type { Logger } from '@proofsheet/log';
import type { PulledCatalogEntry } from '@proofsheet/queue';
import type { CatalogStore, CatalogValues } from '../destination/destination.js';
import type { MysqlClient } from './mysql-client.js';

/** The website table's columns (original-system §3.3) + `content_sha256`, with their MySQL types. */
const COLUMN_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['Folder', 'VARCHAR(255) NULL'], ['File_Name', 'VARCHAR(255) NOT NULL'], ['Path', 'VARCHAR(1000) NULL'], ['Thumb_Path', 'VARCHAR(1000) NULL'],
  ['DateTime', 'VARCHAR(32) NULL'], ['Camera', 'VARCHAR(255) NULL'], ['Lens_model', 'VARCHAR(255) NULL'], ['Width', 'INT NULL DEFAULT 0'],
  ['Height', 'INT NULL DEFAULT 0'], ['Exposure', 'VARCHAR(64) NULL'], ['Aperture', 'VARCHAR(64) NULL'], ['ISO', 'INT NULL'], ['Focal_length', 'INT NULL'],
  ['Keywords', 'TEXT NULL'], ['Caption', 'TEXT NULL'], ['alt_text', 'TEXT NULL'], ['Location', 'VARCHAR(255) NULL'], ['QR', 'DOUBLE NULL'],
  ['QC_Status', 'VARCHAR(32) NULL'], ['Original_File_Name', 'VARCHAR(255) NOT NULL'], ['nima_score', 'DOUBLE NULL'], ['blur_score', 'DOUBLE NULL'],
  ['brightness_score', 'DOUBLE NULL'], ['contrast_score', 'DOUBLE NULL'], ['brisque_score', 'DOUBLE NULL'], ['clip_aesthetic_score', 'DOUBLE NULL'],
  ['content_sha256', 'CHAR(64) NULL'],
];
const COLUMNS = COLUMN_TYPES.map(([name]) => name);

/** The `CREATE TABLE` of the website table, unique key on `File_Name` included. */
export function toCreateCatalogTable(table: string): string {
  return `CREATE TABLE IF NOT EXISTS \`${table}\` (id INT AUTO_INCREMENT PRIMARY KEY, ${COLUMN_TYPES.map(([n, t]) => `\`${n}\` ${t}`).join(', ')}, UNIQUE KEY uq_${table}_file_name (File_Name), KEY idx_${table}_sha (content_sha256)) DEFAULT CHARSET=utf8mb4`;
}

/** The MySQL catalog, with its schema check and the pull of names and hashes. */
export interface MysqlCatalogStore extends CatalogStore {
  /**
   * Creates the table when missing; an existing table must have a single-column unique key on
   * `File_Name` and a `content_sha256` column, else `MYSQL_SCHEMA` with the `ALTER TABLE` to run.
   * With `create: false` (a dry run) a missing table is only reported (`missing`).
   */
  ensureTable(options?: { create?: boolean }): Promise<'created' | 'verified' | 'missing'>;
  /** Every entry's id, `File_Name`, `Original_File_Name`, `content_sha256`, `Folder`, `DateTime`. */
  pull(): Promise<PulledCatalogEntry[]>;
}

/** How a catalog lookup or upsert rides out a lost connection (a restart, a failover). */
export interface MysqlCatalogRetry {
  /** Tries, the first included (default 6; 1 = no retry). */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** About 10 s of retries: enough for a database restart. */
export const DEFAULT_MYSQL_CATALOG_RETRY: MysqlCatalogRetry = { attempts: 6, initialDelayMs: 500, maxDelayMs: 4000 };

/**
 * Runs `work` again after a lost connection (`MYSQL_CONNECT`) or a lock held by another session
 * (`DB_BUSY`: lock wait timeout, deadlock), with backoff. Safe for `find` and for `upsert`: an upsert
 * keyed by `File_Name` that did commit before the connection dropped is the same row again.
 */
async function withReconnect<T>(retry: MysqlCatalogRetry, log: Logger | undefined, what: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const failure = toProofsheetError(error);
      if ((failure.code !== 'MYSQL_CONNECT' && failure.code !== 'DB_BUSY') || attempt >= retry.attempts) throw failure;
      const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
      log?.warn({ statement: what, attempt, delay_ms: delay, error_code: failure.code, err: failure }, 'mysql statement retried');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The website table `table` on `client` as a catalog store (the client stays the caller's to close).
 * `find` and `upsert` ride out a lost connection ({@link DEFAULT_MYSQL_CATALOG_RETRY}).
 */
export function createMysqlCatalogStore(client: MysqlClient, table: string, options: { retry?: MysqlCatalogRetry; log?: Logger } = {}): MysqlCatalogStore {
  const retry = options.retry ?? DEFAULT_MYSQL_CATALOG_RETRY;
  if (!/^[A-Za-z0-9_]+$/.test(table)) throw new ProofsheetError('CONFIG_INVALID', `not a plain table name: ${table}`);
  const t = `\`${table}\``;
  return {
    target: `mysql ${client.target}/${table}`,
    async ensureTable(options = {}) {
      const exists = await client.query('SHOW TABLES LIKE ?', [table]);
      if (exists.length === 0) {
        if (options.create === false) return 'missing';
        await client.execute(toCreateCatalogTable(table));
        return 'created';
      }
      const fixes: string[] = [];
      const columns = new Set((await client.query<{ Field: string }>(`SHOW COLUMNS FROM ${t}`)).map((c) => c.Field));
      if (!columns.has('content_sha256')) fixes.push('ADD COLUMN content_sha256 CHAR(64) NULL');
      const keys = await client.query<{ Key_name: string; Column_name: string; Non_unique: number }>(`SHOW INDEX FROM ${t}`);
      const unique = new Map<string, string[]>();
      for (const k of keys.filter((k) => Number(k.Non_unique) === 0)) unique.set(k.Key_name, [...(unique.get(k.Key_name) ?? []), k.Column_name]);
      if (![...unique.values()].some((cols) => cols.length === 1 && cols[0] === 'File_Name')) fixes.push(`ADD UNIQUE KEY uq_${table}_file_name (File_Name)`);
      if (fixes.length > 0) {
        const statement = `ALTER TABLE ${t} ${fixes.join(', ')};`;
        throw new ProofsheetError('MYSQL_SCHEMA', `${client.target}: table ${table} lacks ${fixes.length === 1 && fixes[0]?.startsWith('ADD UNIQUE') ? 'a unique key on File_Name' : 'what publishing needs'}; publishing there could duplicate or overwrite rows. Remove duplicate File_Name rows first, then run: ${statement}`, {
          details: { table, statement },
        });
      }
      return 'verified';
    },
    async find(fileName) {
      const rows = await withReconnect(retry, options.log, 'find', () => client.query<{ id: number; File_Name: string; Original_File_Name: string | null; content_sha256: string | null }>(
        `SELECT id, File_Name, Original_File_Name, content_sha256 FROM ${t} WHERE File_Name = ?`, [fileName],
      ));
      return rows[0] ?? null;
    },
    async upsert(values: CatalogValues) {
      const record = values as Record<string, unknown>;
      const present = COLUMNS.filter((c) => record[c] !== undefined);
      return withReconnect(retry, options.log, 'upsert', () => client.transaction(async (tx) => {
        await tx.execute(
          `INSERT INTO ${t} (${present.map((c) => `\`${c}\``).join(', ')}) VALUES (${present.map(() => '?').join(', ')}) ON DUPLICATE KEY UPDATE ${present.filter((c) => c !== 'File_Name').map((c) => `\`${c}\` = VALUES(\`${c}\`)`).join(', ')}`,
          present.map((c) => record[c]),
        );
        const [row] = await tx.query<{ id: number }>(`SELECT id FROM ${t} WHERE File_Name = ?`, [values.File_Name]);
        if (!row) throw new ProofsheetError('MYSQL_SCHEMA', `${client.target}: ${values.File_Name} not found in ${table} right after its upsert`, { details: { table } });
        return Number(row.id);
      }));
    },
    async pull() {
      const rows = await client.query<PulledCatalogEntry>(`SELECT id, File_Name, Original_File_Name, content_sha256, Folder, DateTime FROM ${t} ORDER BY id`);
      return rows.map((r) => ({ ...r, id: Number(r.id), Original_File_Name: r.Original_File_Name ?? r.File_Name }));
    },
    async close() {},
  };
}
