import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createMysqlClient } from '@proofsheet/publisher';
import { hasMariadbBinaries, openTestMysqlServer, TEST_MYSQL_URL_ENV } from '@proofsheet/testkit';

// The MySQL tests must never use or weaken a server installed on the machine: the run starts its own
// throwaway MariaDB (tooling/mariadb-global-setup.ts) and stops it at the end.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = inject('proofsheetMysql');

/** Where the server at `address` keeps its data, listens and records its pid, by its own account. */
async function serverFacts(address: { host: string; port: number; user: string; password: string }): Promise<{ datadir: string; port: number; socket: string; pidFile: string }> {
  const client = createMysqlClient({ ...address, password: address.password || null, database: 'mysql', connectTimeoutMs: 3000 });
  try {
    const [row] = await client.query<{ datadir: string; port: number; socket: string; pidFile: string }>('SELECT @@datadir AS datadir, @@port AS port, @@socket AS socket, @@pid_file AS pidFile');
    return row!;
  } finally {
    await client.close();
  }
}

describe.skipIf(server.kind === 'external')('the MySQL tests run against a private throwaway MariaDB', () => {
  it('is the server this run started in a temp folder, not one installed on the machine', async () => {
    expect(server.kind, server.kind === 'none' ? server.reason : '').toBe('private');
    if (server.kind !== 'private') return;
    expect(path.relative(os.tmpdir(), server.dir).startsWith('..')).toBe(false);
    expect(await serverFacts(server.address)).toEqual({
      datadir: `${server.dir}/data/`,
      port: server.address.port,
      socket: `${server.dir}/mysqld.sock`,
      pidFile: `${server.dir}/mysqld.pid`,
    });
  });

  it.skipIf(!hasMariadbBinaries())('is stopped, its process gone and its files removed, when the run closes it', async () => {
    const opened = await openTestMysqlServer({});
    if (opened.server.kind !== 'private') throw new Error(`expected a private server, got ${opened.server.kind}`);
    const { address, dir } = opened.server;
    const pid = Number(fs.readFileSync(path.join(dir, 'mysqld.pid'), 'utf8'));
    expect((await serverFacts(address)).datadir).toBe(`${dir}/data/`);
    await opened.close();
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(fs.existsSync(dir)).toBe(false);
    await expect(serverFacts(address)).rejects.toMatchObject({ code: 'MYSQL_CONNECT' });
  }, 60_000);
});

it(`uses the server named in ${TEST_MYSQL_URL_ENV} as given and starts nothing`, async () => {
  const opened = await openTestMysqlServer({ [TEST_MYSQL_URL_ENV]: 'mysql://dev:p%40ss@db.internal:3310' });
  expect(opened.server).toEqual({ kind: 'external', address: { host: 'db.internal', port: 3310, user: 'dev', password: 'p@ss' } });
  await opened.close();
});

it('the test scripts start no server and change no users or grants', () => {
  for (const script of ['scripts/ensure-mariadb.sh', 'scripts/test.sh']) {
    const code = fs.readFileSync(path.join(root, script), 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(code, script).not.toMatch(/\b(?:GRANT|CREATE USER|ALTER USER|SET PASSWORD|mysqld_safe|systemctl|init\.d|nohup)\b|\b(?:mariadb|mysql|mariadb-admin|mysqladmin)\s+-/i);
  }
});
