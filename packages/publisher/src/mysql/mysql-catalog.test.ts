import { afterAll, beforeAll, describe, expect } from 'vitest';
import { countCatalogEntries, getCatalogEntry, openQueueDatabase, readLastCatalogPull, replaceCatalogMirror, upsertCatalogEntries } from '@proofsheet/queue';
import { createTestMysqlDatabase, test, type TestMysqlDatabase } from '@proofsheet/testkit';
import { createMysqlCatalogStore } from './mysql-catalog.js';

let db: TestMysqlDatabase;
beforeAll(async () => {
  db = await createTestMysqlDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('the MySQL catalog store', () => {
  test('creates photos_info_revamp with its unique key (only reports it missing on a dry run), verifies it, refuses a table without the key with the ALTER to run', async () => {
    const store = createMysqlCatalogStore(db.client, 'photos_info_revamp');
    expect(await store.ensureTable({ create: false })).toBe('missing');
    expect(await db.client.query("SHOW TABLES LIKE 'photos_info_revamp'")).toEqual([]);
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
