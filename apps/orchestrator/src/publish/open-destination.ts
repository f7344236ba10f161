import path from 'node:path';
import { ProofsheetError, type ProjectPaths, type ResolvedConfig, type Secrets } from '@proofsheet/core';
import type { Logger } from '@proofsheet/log';
import {
  createFtpFileStore, createLocalDestination, createMysqlCatalogStore, createMysqlClient, type CatalogStore, type FtpConnectionOptions, type MysqlClient, type PublishDestination,
} from '@proofsheet/publisher';
import { replaceCatalogMirror, type SqliteDatabase } from '@proofsheet/queue';

/** Where `local` publishes files: `data/site/`. */
export function toSiteDir(paths: ProjectPaths): string {
  return path.join(paths.data, 'site');
}

/** Where prepared files wait until they are published: `data/publish/<row_id>/`. */
export function toPublishWorkDir(paths: ProjectPaths): string {
  return path.join(paths.data, 'publish');
}

/** The settings `remote` needs that are empty, as dotted paths. */
export function findMissingRemoteSettings(config: ResolvedConfig): string[] {
  const { ftp, mysql } = config.publish;
  const required: Array<[string, string]> = [['publish.ftp.host', ftp.host], ['publish.ftp.user', ftp.user], ['publish.mysql.host', mysql.host], ['publish.mysql.user', mysql.user], ['publish.mysql.database', mysql.database]];
  return required.filter(([, value]) => value.trim() === '').map(([key]) => key);
}

/** The FTP connection of `publish.ftp` with the password from the environment. */
export function toFtpConnection(config: ResolvedConfig, secrets: Secrets): FtpConnectionOptions {
  const { ftp } = config.publish;
  return { host: ftp.host, port: ftp.port, user: ftp.user, password: secrets.ftpPassword, secure: ftp.secure, allowSelfSigned: ftp.allowSelfSigned };
}

/** A MySQL client on `publish.mysql` with the password from the environment. */
export function openCatalogClient(config: ResolvedConfig, secrets: Secrets): MysqlClient {
  const { mysql } = config.publish;
  return createMysqlClient({ host: mysql.host, port: mysql.port, user: mysql.user, password: secrets.mysqlPassword, database: mysql.database });
}

/** Options of {@link openDestination}. */
export interface OpenDestinationInput {
  readonly config: ResolvedConfig;
  readonly secrets: Secrets;
  readonly paths: ProjectPaths;
  readonly db: SqliteDatabase;
  readonly log: Logger;
  /** A dry run: nothing is created remotely and the local mirror is left as it is. */
  readonly dryRun: boolean;
}

/**
 * The destination `publish.destination` names. `local` needs nothing. `remote` is the FTP file store
 * and the MySQL catalog (passwords from the environment only): the table is checked (created when
 * missing, refused without its unique key) and the live catalog is pulled into the local mirror
 * first, so naming never hands out a name the website holds. A dry run creates nothing and pulls
 * nothing; a missing table then reads as empty.
 */
export async function openDestination(input: OpenDestinationInput): Promise<PublishDestination> {
  const { config, secrets, db, log } = input;
  if (config.publish.destination === 'local') return createLocalDestination({ siteDir: toSiteDir(input.paths), db });
  const missing = findMissingRemoteSettings(config);
  if (missing.length > 0) {
    throw new ProofsheetError('CONFIG_INVALID', `publish.destination "remote" needs ${missing.join(', ')}`, { details: { path: missing[0], missing } });
  }
  const client = openCatalogClient(config, secrets);
  try {
    const store = createMysqlCatalogStore(client, config.publish.mysql.table, { log });
    const table = await store.ensureTable({ create: !input.dryRun });
    if (!input.dryRun) {
      const pulled = replaceCatalogMirror(db, await store.pull(), store.target);
      log.info({ table, rows: pulled.rows, removed: pulled.removed, source: store.target }, 'catalog pulled');
    }
    const catalog: CatalogStore = {
      target: store.target,
      find: (fileName) => (table === 'missing' ? Promise.resolve(null) : store.find(fileName)),
      upsert: (values) => store.upsert(values),
      close: () => client.close(),
    };
    const files = createFtpFileStore({ ...toFtpConnection(config, secrets), remoteBase: config.publish.ftp.remoteBase, log });
    return { name: 'ftp+mysql', files, catalog };
  } catch (error) {
    await client.close();
    throw error;
  }
}
