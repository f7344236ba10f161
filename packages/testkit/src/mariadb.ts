import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createMysqlClient, type MysqlClient } from '@proofsheet/publisher';

/**
 * Names an existing MariaDB/MySQL server for the tests instead of the private one
 * (`mysql://user[:password]@host[:port]`; the account must be allowed to create and drop databases).
 */
export const TEST_MYSQL_URL_ENV = 'PROOFSHEET_TEST_MYSQL_URL';

/** The server the test run hands to its MySQL tests (vitest `provide`/`inject` key `proofsheetMysql`). */
export type TestMysqlServer =
  /** A throwaway `mariadbd` this run started on its own datadir under `dir`, stopped at the end. */
  | { readonly kind: 'private'; readonly address: MysqlServerAddress; readonly dir: string }
  /** The server a developer named in {@link TEST_MYSQL_URL_ENV}. */
  | { readonly kind: 'external'; readonly address: MysqlServerAddress }
  /** No server could be had, and why. */
  | { readonly kind: 'none'; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    proofsheetMysql: TestMysqlServer;
  }
}

/**
 * The MariaDB of this test run, from `tooling/mariadb-global-setup.ts` (the `mysql` project in
 * vitest.config.ts). Throws in a test file outside that project or when no server could be had.
 */
export function testMysqlServer(): MysqlServerAddress {
  const server = inject('proofsheetMysql') as TestMysqlServer | undefined;
  if (!server) throw new Error('no test MariaDB in this run: list the test file in the mysql project of vitest.config.ts');
  if (server.kind === 'none') throw new Error(`no test MariaDB: ${server.reason}; or set ${TEST_MYSQL_URL_ENV}`);
  return server.address;
}

/** A throwaway database on a MariaDB server, dropped by `drop()`. */
export interface TestMysqlDatabase {
  readonly name: string;
  /** `mysql://user[:password]@host:port/name`. */
  readonly url: string;
  /** A client on the database (closed by `drop()`). */
  readonly client: MysqlClient;
  drop(): Promise<void>;
}

/** Server address for {@link createTestMysqlDatabase} (default: {@link testMysqlServer}). */
export interface MysqlServerAddress {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** `mysql://user[:password]@host:port/database`. */
export function toMysqlUrl(server: MysqlServerAddress, database: string): string {
  const auth = server.password ? `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}` : encodeURIComponent(server.user);
  return `mysql://${auth}@${server.host}:${server.port}/${database}`;
}

/** Creates a uniquely named database (`pst_<random>`) on `server`; `drop()` removes it. */
export async function createTestMysqlDatabase(server: MysqlServerAddress = testMysqlServer()): Promise<TestMysqlDatabase> {
  const name = `pst_${randomBytes(6).toString('hex')}`;
  const admin = createMysqlClient({ ...server, password: server.password || null, database: 'mysql', connectTimeoutMs: 3000 });
  try {
    await admin.execute(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.close();
  }
  const url = toMysqlUrl(server, name);
  const client = createMysqlClient(url);
  return {
    name,
    url,
    client,
    async drop() {
      await client.close();
      const dropper = createMysqlClient({ ...server, password: server.password || null, database: 'mysql', connectTimeoutMs: 3000 });
      try {
        await dropper.execute(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await dropper.close();
      }
    },
  };
}
