import { afterAll, beforeAll, describe, expect } from 'vitest';
import { countCatalogEntries, getCatalogEntry, openQueueDatabase, readLastCatalogPull, replaceCatalogMirror, upsertCatalogEntries } from '@proofsheet/queue';
import { createTestMysqlDatabase, test, testMysqlServer, type TestMysqlDatabase } from '@proofsheet/testkit';
import { createMysqlClient, parseMysqlUrl } from './mysql-client.js';
import { createMysqlCatalogStore } from './mysql-catalog.js';

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

// The MySQL website table (catalog store). These live here because this file runs in the vitest
// `mysql` project (the private MariaDB); a file of their own needs an entry in vitest.config.ts.
describe('the MySQL catalog store', () => {
  test('creates photos_info_revamp with its unique key, verifies it, refuses a table without the key with the ALTER to run', async () => {
    const store = createMysqlCatalogStore(db.client, 'photos_info_revamp');
    expect(await store.ensureTable()).toBe('created');
    expect(await store.ensureTable()).toBe('verified');
    await db.client.execute('CREATE TABLE old_site (id INT AUTO_INCREMENT PRIMARY KEY, File_Name VARCHAR(255), Original_File_Name VARCHAR(255), content_sha256 CHAR(64))');
    const refused = await createMysqlCatalogStore(db.client, 'old_site').ensureTable().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'MYSQL_SCHEMA', details: { statement: 'ALTER TABLE `old_site` ADD UNIQUE KEY uq_old_site_file_name (File_Name);' } });
  });

  test('upsert inserts, then updates in place (same id); find and pull read it back', async () => {
    const store = createMysqlCatalogStore(db.client, 'site_a');
    await store.ensureTable();
    const values = { File_Name: 'Heron_001.JPG', Original_File_Name: 'IMG_1.JPG', content_sha256: 'a'.repeat(64), Caption: 'Ein Reiher – früh', Width: 667, Height: 1000, Folder: 'Birds' };
    const id = await store.upsert(values);
    expect(await store.upsert({ ...values, Caption: 'Zweiter Text' })).toBe(id);
    expect(await store.upsert({ ...values, Caption: 'Zweiter Text' })).toBe(id);
    expect(await db.client.query('SELECT id, Caption, Width FROM site_a')).toEqual([{ id, Caption: 'Zweiter Text', Width: 667 }]);
    expect(await store.find('heron_001.jpg')).toEqual({ id, File_Name: 'Heron_001.JPG', Original_File_Name: 'IMG_1.JPG', content_sha256: 'a'.repeat(64) });
    expect(await store.find('Other.JPG')).toBeNull();
    expect(await store.pull()).toEqual([{ id, File_Name: 'Heron_001.JPG', Original_File_Name: 'IMG_1.JPG', content_sha256: 'a'.repeat(64), Folder: 'Birds', DateTime: null }]);
  });

  test('catalog pull of 45,000 rows replaces the local mirror (names, hashes, folder, date)', async () => {
    const store = createMysqlCatalogStore(db.client, 'site_big');
    await store.ensureTable();
    const rows = Array.from({ length: 45_000 }, (_, i) => [`Name_${i}.JPG`, `IMG_${i}.JPG`, i.toString(16).padStart(64, '0'), 'Birds', '2021:01:01 10:00:00']);
    for (let i = 0; i < rows.length; i += 5000) {
      await db.client.execute('INSERT INTO site_big (File_Name, Original_File_Name, content_sha256, Folder, DateTime) VALUES ?', [rows.slice(i, i + 5000)]);
    }
    const sqlite = openQueueDatabase(':memory:');
    upsertCatalogEntries(sqlite, [{ id: 999_999, File_Name: 'Gone_From_Site.JPG', Original_File_Name: 'x.JPG' }]);
    const started = performance.now();
    const result = replaceCatalogMirror(sqlite, await store.pull(), store.target);
    const seconds = (performance.now() - started) / 1000;
    expect(result).toEqual({ rows: 45_000, removed: 1 });
    expect(countCatalogEntries(sqlite)).toBe(45_000);
    expect(getCatalogEntry(sqlite, 'Name_44999.JPG')).toMatchObject({ Original_File_Name: 'IMG_44999.JPG', Folder: 'Birds', DateTime: '2021:01:01 10:00:00' });
    expect(readLastCatalogPull(sqlite)).toMatchObject({ row_count: 45_000, source: store.target });
    process.stdout.write(`catalog pull of 45,000 rows: ${seconds.toFixed(2)} s\n`);
    sqlite.close();
  });
});
