import { afterAll, beforeAll, expect } from 'vitest';
import { createTestMysqlDatabase, test, testMysqlServer, type TestMysqlDatabase } from '@proofsheet/testkit';
import { createMysqlClient, parseMysqlUrl } from './mysql-client.js';

let db: TestMysqlDatabase;
beforeAll(async () => {
  db = await createTestMysqlDatabase();
});
afterAll(async () => {
  await db?.drop();
});

test('parses URLs with encoded credentials and defaults', () => {
  expect(parseMysqlUrl('mysql://app:p%40ss@db.example:3307/catalog')).toEqual({ host: 'db.example', port: 3307, user: 'app', password: 'p@ss', database: 'catalog' });
  expect(parseMysqlUrl('mariadb://127.0.0.1/logs')).toEqual({ host: '127.0.0.1', port: 3306, user: 'root', password: null, database: 'logs' });
  expect(() => parseMysqlUrl('mysql://u:hunter2@h/')).toThrow('MySQL URL names no database: mysql://u:***@h/');
});

test('runs statements, bulk inserts and transactions against a real MariaDB', async () => {
  await db.client.execute('CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) UNIQUE)');
  expect(await db.client.execute('INSERT INTO t (name) VALUES ?', [[['a'], ['b']]])).toMatchObject({ affectedRows: 2 });
  await expect(db.client.transaction(async (tx) => {
    await tx.execute('INSERT INTO t (name) VALUES (?)', ['c']);
    await tx.execute('INSERT INTO t (name) VALUES (?)', ['a']);
  })).rejects.toMatchObject({ code: 'MYSQL_SCHEMA' });
  expect(await db.client.query('SELECT name FROM t ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }]);
});

test('translates driver errors into MYSQL_CONNECT, MYSQL_AUTH and MYSQL_SCHEMA without the password', async () => {
  const closed = createMysqlClient({ host: '127.0.0.1', port: 1, user: 'root', password: 'hunter2', database: 'x', connectTimeoutMs: 1000 });
  const refused = await closed.query('SELECT 1').catch((error: unknown) => error);
  await closed.close();
  expect(refused).toMatchObject({ code: 'MYSQL_CONNECT', message: expect.stringContaining('ECONNREFUSED') });

  const { host, port } = testMysqlServer();
  const wrong = createMysqlClient(`mysql://no_such_user:hunter2@${host}:${port}/${db.name}`);
  const denied = await wrong.query('SELECT 1').catch((error: unknown) => error);
  await wrong.close();
  expect(denied).toMatchObject({ code: 'MYSQL_AUTH' });
  expect(String((denied as Error).message)).not.toContain('hunter2');

  await expect(db.client.query('SELECT * FROM missing_table')).rejects.toMatchObject({ code: 'MYSQL_SCHEMA', message: expect.stringContaining('ER_NO_SUCH_TABLE') });
});
