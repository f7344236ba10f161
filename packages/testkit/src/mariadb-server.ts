import { hasMariadbBinaries, startPrivateMariadb } from './mariadb-instance.js';
import { TEST_MYSQL_URL_ENV, type MysqlServerAddress, type TestMysqlServer } from './mariadb.js';

/** A test run's server and how to let it go. */
export interface OpenedTestMysqlServer {
  readonly server: TestMysqlServer;
  /** Stops and removes a private server (nothing for the others). */
  close(): Promise<void>;
}

/**
 * Opens the MariaDB the MySQL tests use: the server in `env[PROOFSHEET_TEST_MYSQL_URL]` when set,
 * else a private throwaway instance (its own datadir, socket and free port on 127.0.0.1; stack notes
 * §4 option B). Never touches a server installed on the machine: no users, grants or data of it.
 */
export async function openTestMysqlServer(env: Readonly<Record<string, string | undefined>>): Promise<OpenedTestMysqlServer> {
  const url = env[TEST_MYSQL_URL_ENV];
  if (url) return { server: { kind: 'external', address: parseServerUrl(url) }, close: async () => {} };
  if (!hasMariadbBinaries()) {
    return { server: { kind: 'none', reason: 'mariadbd and mariadb-install-db are not installed (scripts/ensure-mariadb.sh installs them)' }, close: async () => {} };
  }
  const instance = await startPrivateMariadb();
  const { host, port, user, password } = instance;
  return { server: { kind: 'private', address: { host, port, user, password }, dir: instance.dir }, close: () => instance.dispose() };
}

function parseServerUrl(text: string): MysqlServerAddress {
  const url = new URL(text);
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') throw new Error(`${TEST_MYSQL_URL_ENV} must be a mysql:// URL`);
  return { host: url.hostname, port: url.port ? Number(url.port) : 3306, user: decodeURIComponent(url.username) || 'root', password: decodeURIComponent(url.password) };
}
