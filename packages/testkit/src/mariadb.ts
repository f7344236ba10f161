import { randomBytes } from 'node:crypto';
import { createMysqlClient, type MysqlClient } from '@proofsheet/publisher';

/** The shared MariaDB the machines run for tests (`scripts/ensure-mariadb.sh` starts it). */
export const TEST_MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;

/** A throwaway database on a MariaDB server, dropped by `drop()`. */
export interface TestMysqlDatabase {
  readonly name: string;
  /** `mysql://user[:password]@host:port/name`. */
  readonly url: string;
  /** A client on the database (closed by `drop()`). */
  readonly client: MysqlClient;
  drop(): Promise<void>;
}

/** Server address for {@link createTestMysqlDatabase} (default: {@link TEST_MYSQL}). */
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
export async function createTestMysqlDatabase(server: MysqlServerAddress = TEST_MYSQL): Promise<TestMysqlDatabase> {
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
