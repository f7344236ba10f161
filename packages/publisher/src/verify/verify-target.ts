import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { getCatalogEntry, type SqliteDatabase } from '@proofsheet/queue';
import { openFtpSession, type FtpConnectionOptions, type FtpSession } from '../ftp/ftp-client.js';
import type { MysqlClient } from '../mysql/mysql-client.js';

/** What `verify` reads from a destination. */
export interface VerifyTarget {
  readonly kind: 'local' | 'remote';
  /** `local`, or the FTP and MySQL targets (never a password). */
  readonly target: string;
  /** The size of `relativePath` (site layout) in bytes, or null when it does not exist. */
  fileSize(relativePath: string): Promise<number | null>;
  /** The catalog row named `fileName`, every column, or null. */
  readCatalogRow(fileName: string): Promise<Record<string, unknown> | null>;
  /** Temporary upload files (`.<name>.partial`) left in `dirs` (site-relative folders). */
  listTemporaryFiles(dirs: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

const isPartial = (name: string): boolean => name.startsWith('.') && name.endsWith('.partial');

/** The local destination: files under `siteDir`, catalog rows in the local `photos_info_revamp`. */
export function createLocalVerifyTarget(input: { siteDir: string; db: SqliteDatabase }): VerifyTarget {
  return {
    kind: 'local',
    target: 'local',
    async fileSize(relativePath) {
      const info = await stat(path.join(input.siteDir, ...relativePath.split('/'))).catch(() => null);
      return info?.isFile() ? info.size : null;
    },
    async readCatalogRow(fileName) {
      return getCatalogEntry(input.db, fileName);
    },
    async listTemporaryFiles(dirs) {
      const found: string[] = [];
      for (const dir of dirs) {
        const names = await readdir(path.join(input.siteDir, ...dir.split('/'))).catch(() => [] as string[]);
        found.push(...names.filter(isPartial).map((n) => `${dir}/${n}`));
      }
      return found;
    },
    async close() {},
  };
}

/**
 * The remote destination: one FTP session (SIZE, LIST) under `remoteBase` and the MySQL table
 * `table` on `client` (the client stays the caller's to close).
 */
export function createRemoteVerifyTarget(input: { ftp: FtpConnectionOptions; remoteBase: string; client: MysqlClient; table: string }): VerifyTarget {
  const base = `/${input.remoteBase.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  let session: Promise<FtpSession> | null = null;
  const ftp = (): Promise<FtpSession> => (session ??= openFtpSession(input.ftp));
  return {
    kind: 'remote',
    target: `ftp+mysql ${input.client.target}/${input.table}`,
    async fileSize(relativePath) {
      return (await ftp()).size(`${base}/${relativePath}`);
    },
    async readCatalogRow(fileName) {
      const rows = await input.client.query(`SELECT * FROM \`${input.table.replace(/[^A-Za-z0-9_]/g, '')}\` WHERE File_Name = ?`, [fileName]);
      return rows[0] ?? null;
    },
    async listTemporaryFiles(dirs) {
      const found: string[] = [];
      for (const dir of dirs) found.push(...(await (await ftp()).list(`${base}/${dir}`)).filter(isPartial).map((n) => `${dir}/${n}`));
      return found;
    },
    async close() {
      if (session) (await session.catch(() => null))?.close();
    },
  };
}
