import mysql from 'mysql2/promise';
import { ProofsheetError, redactText, type ErrorCode } from '@proofsheet/core';

/** Where and how to connect to MySQL/MariaDB. */
export interface MysqlConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | null;
  readonly database: string;
  /** Milliseconds to wait for a connection (default 5000). */
  readonly connectTimeoutMs?: number;
  /** Pool size (default 4). */
  readonly connectionLimit?: number;
}

/** The result of a write statement. */
export interface MysqlWriteResult {
  readonly affectedRows: number;
  readonly insertId: number;
}

/**
 * A pooled MySQL connection. This module is the only importer of mysql2; every failure comes
 * out as a `ProofsheetError` with code `MYSQL_CONNECT`, `MYSQL_AUTH` or `MYSQL_SCHEMA`.
 */
export interface MysqlClient {
  /** `user@host:port/database` (never the password). */
  readonly target: string;
  /** Runs a read statement and returns its rows. `?` placeholders (arrays expand for bulk inserts). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a write statement. */
  execute(sql: string, params?: readonly unknown[]): Promise<MysqlWriteResult>;
  /** Runs `work` in one transaction on one connection (commit on success, rollback on throw). */
  transaction<T>(work: (tx: Pick<MysqlClient, 'query' | 'execute'>) => Promise<T>): Promise<T>;
  /** Closes the pool. */
  close(): Promise<void>;
}

/** Parses `mysql://user:password@host:port/database` (also `mariadb://`). */
export function parseMysqlUrl(url: string): MysqlConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProofsheetError('CONFIG_INVALID', `not a MySQL URL: ${redactText(url)}`);
  }
  if (!/^(mysql|mariadb):$/.test(parsed.protocol)) throw new ProofsheetError('CONFIG_INVALID', `not a MySQL URL: ${redactText(url)}`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new ProofsheetError('CONFIG_INVALID', `MySQL URL names no database: ${redactText(url)}`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    database,
  };
}

/** Creates a client (the pool connects lazily, on the first statement). */
export function createMysqlClient(input: MysqlConnectionOptions | string): MysqlClient {
  const options = typeof input === 'string' ? parseMysqlUrl(input) : input;
  const target = `${options.user}@${options.host}:${options.port}/${options.database}`;
  const secrets = options.password ? [options.password] : [];
  const pool = mysql.createPool({
    host: options.host,
    port: options.port,
    user: options.user,
    ...(options.password ? { password: options.password } : {}),
    database: options.database,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    connectionLimit: options.connectionLimit ?? 4,
    waitForConnections: true,
    queueLimit: 0,
  });
  pool.on('connection', (conn) => conn.on('error', () => undefined));
  const translate = (error: unknown) => toMysqlError(error, target, secrets);
  const on = (runner: mysql.Pool | mysql.PoolConnection): Pick<MysqlClient, 'query' | 'execute'> => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        const [rows] = await runner.query(sql, params as unknown[]);
        return rows as T[];
      } catch (error) {
        throw translate(error);
      }
    },
    async execute(sql, params = []) {
      try {
        const [result] = await runner.query(sql, params as unknown[]);
        const header = result as mysql.ResultSetHeader;
        return { affectedRows: header.affectedRows, insertId: header.insertId };
      } catch (error) {
        throw translate(error);
      }
    },
  });
  return {
    target,
    ...on(pool),
    async transaction(work) {
      let conn: mysql.PoolConnection;
      try {
        conn = await pool.getConnection();
      } catch (error) {
        throw translate(error);
      }
      try {
        await conn.beginTransaction();
        const result = await work(on(conn));
        await conn.commit();
        return result;
      } catch (error) {
        await conn.rollback().catch(() => undefined);
        throw error instanceof ProofsheetError ? error : translate(error);
      } finally {
        conn.release();
      }
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}

const AUTH_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE', 'ER_TABLEACCESS_DENIED_ERROR']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS', 'POOL_CLOSED',
]);

/** Another session holds the rows or the table: transient, worth a retry, never a schema problem. */
const BUSY_CODES = new Set(['ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK']);

/**
 * Translates a mysql2 error into a `ProofsheetError`: access denied → `MYSQL_AUTH`; network,
 * shutdown and protocol failures → `MYSQL_CONNECT`; a lock wait timeout or deadlock → `DB_BUSY`;
 * other SQL errors about tables, columns, keys or the database → `MYSQL_SCHEMA`. The message names
 * the target and the driver code, never the password.
 */
export function toMysqlError(error: unknown, target: string, secrets: readonly string[] = []): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const driverCode = String((error as { code?: unknown }).code ?? '');
  const sqlState = (error as { sqlState?: unknown }).sqlState;
  const message = redactText(error instanceof Error ? error.message || driverCode : String(error), secrets);
  const code: ErrorCode = AUTH_CODES.has(driverCode)
    ? 'MYSQL_AUTH'
    : BUSY_CODES.has(driverCode)
      ? 'DB_BUSY'
      : CONNECT_CODES.has(driverCode) || typeof sqlState !== 'string'
        ? 'MYSQL_CONNECT'
        : 'MYSQL_SCHEMA';
  return new ProofsheetError(code, `MySQL ${target}: ${message}${driverCode ? ` (${driverCode})` : ''}`, { cause: error, details: { target, driver_code: driverCode || null } });
}
