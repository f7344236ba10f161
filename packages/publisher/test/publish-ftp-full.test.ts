import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { listPublishJobs, openQueueDatabase, requireRow, type SqliteDatabase } from '@proofsheet/queue';
import { ensurePureFtpd, startTestFtpServer, test, type TempDir, type TestFtpServer } from '@proofsheet/testkit';
import { createFtpFileStore, createLocalCatalogStore, runPublish, type FileStore, type MetadataWriter, type RunPublishOptions } from '../src/index.js';
import { createMetadataWriter, localOptions, seedApprovedRows } from './publish-helpers.js';

const installed = ensurePureFtpd();
/** pure-ftpd's quota unit (`-n files:MB`). */
const MB = 1024 * 1024;

let metadata: MetadataWriter;
beforeAll(() => {
  metadata = createMetadataWriter();
});
afterAll(async () => {
  await metadata.close();
});

/** Every file under `dir`, relative and sorted (dot files included, the quota file left out). */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && e.name !== '.ftpquota')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The sizes of the web image and thumbnail this row publishes: the same row published once to a local site. */
async function measureRow(tmp: TempDir): Promise<{ web: number; thumb: number; files: string[] }> {
  const db = openQueueDatabase(tmp.join('measure.db'));
  try {
    await seedApprovedRows(db, tmp, 1);
    const options = localOptions(db, tmp, metadata);
    expect((await runPublish({ ...options, workDir: tmp.join('measure-work') })).published).toBe(1);
    const files = listTree(tmp.join('site'));
    const [thumb, web] = files.map((f) => fs.statSync(tmp.join('site', f)).size);
    return { web: web!, thumb: thumb!, files };
  } finally {
    db.close();
  }
}

/** Publish of `db`'s rows to `store` (files) and the local catalog, one row at a time. */
function ftpOptions(db: SqliteDatabase, tmp: TempDir, files: FileStore): RunPublishOptions {
  const local = localOptions(db, tmp, metadata);
  return { ...local, destination: { name: 'ftp+mysql', files, catalog: createLocalCatalogStore(db) }, workDir: tmp.join('ftp-work'), concurrency: 1 };
}

describe.skipIf(!installed.ok)('publish onto an FTP server whose disk fills between the two files of a row (real pure-ftpd, 552)', () => {
  let server: TestFtpServer;
  beforeAll(async () => {
    server = await startTestFtpServer({ quotaMB: 1 });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** Room for the web image and half the thumbnail: the web image is renamed into place, the thumbnail is refused (552). */
  const fillUpTo = (room: number): void => server.seed('.ftpquota', `1 ${MB - room}\n`);
  const clearServer = (): void => {
    fs.rmSync(path.join(server.root, 'images'), { recursive: true, force: true });
    server.seed('.ftpquota', '0 0\n');
  };

  test('a 552 on the thumbnail withdraws the web image already renamed into place; the row stays Approved and the next publish puts both', { timeout: 120_000 }, async ({ tmp }) => {
    const size = await measureRow(tmp);
    clearServer();
    const db = openQueueDatabase(tmp.join('q.db'));
    const [row] = await seedApprovedRows(db, tmp, 1);
    fillUpTo(size.web + Math.floor(size.thumb / 2));
    const store = createFtpFileStore({ host: server.host, port: server.port, user: server.user, password: server.password, secure: false, allowSelfSigned: false, remoteBase: '/images', timeoutMs: 20_000 });
    const full = await runPublish(ftpOptions(db, tmp, store));
    expect(full.halted?.code).toBe('FTP_REMOTE_FULL');
    expect(full.rows).toMatchObject([{ id: row!.id, status: 'failed', error_code: 'FTP_REMOTE_FULL' }]);
    expect(listTree(server.root)).toEqual([]);
    expect(requireRow(db, row!.id).Review_Status).toBe('Approved');
    expect(listPublishJobs(db, row!.id)).toMatchObject([{ step: 'guarded', status: 'failed', last_error_code: 'FTP_REMOTE_FULL', payload: { leftover_files: [] } }]);

    server.seed('.ftpquota', '0 0\n');
    const freed = await runPublish(ftpOptions(db, tmp, store));
    await store.close();
    expect(freed).toMatchObject({ published: 1, halted: null });
    expect(listTree(server.root)).toEqual(size.files.map((f) => `images/${f}`));
    expect(listPublishJobs(db, row!.id)).toMatchObject([{ status: 'done', step: 'mirrored' }]);
    db.close();
  });

  test('a web image that cannot be removed either is journaled as a leftover; the next publish removes it first, then publishes the row', { timeout: 120_000 }, async ({ tmp, skip }) => {
    const size = await measureRow(tmp);
    clearServer();
    const db = openQueueDatabase(tmp.join('q.db'));
    const [row] = await seedApprovedRows(db, tmp, 1);
    fillUpTo(size.web + Math.floor(size.thumb / 2));
    const real = createFtpFileStore({ host: server.host, port: server.port, user: server.user, password: server.password, secure: false, allowSelfSigned: false, remoteBase: '/images', timeoutMs: 20_000 });
    // Once the web image is in place, its folder becomes immutable on the server: its DELE is refused.
    let locked: string | null = null;
    const store: FileStore = {
      ...real,
      async put(localFile, relativePath) {
        await real.put(localFile, relativePath);
        if (locked !== null || relativePath.includes('/thumbs/')) return;
        locked = path.dirname(path.join(server.root, 'images', relativePath));
        if (spawnSync('chattr', ['+i', locked]).status !== 0) locked = '';
      },
    };
    const lines: string[] = [];
    let failed;
    try {
      failed = await runPublish({ ...ftpOptions(db, tmp, store), log: localOptions(db, tmp, metadata, lines).log });
    } finally {
      if (locked) spawnSync('chattr', ['-i', locked]);
    }
    if (locked === '') return skip('chattr +i is not permitted here');
    expect(failed.halted?.code).toBe('FTP_REMOTE_FULL');
    const webPath = size.files.find((f) => !f.includes('thumbs'))!;
    expect(listTree(server.root)).toEqual([`images/${webPath}`]);
    expect(listPublishJobs(db, row!.id)).toMatchObject([{ step: 'guarded', status: 'failed', payload: { leftover_files: [webPath] } }]);
    expect(lines.map((l) => JSON.parse(l) as { msg: string; file?: string }).filter((l) => l.msg.startsWith('uploaded file of an unfinished publish'))).toMatchObject([{ file: webPath }]);

    server.seed('.ftpquota', '0 0\n');
    const next = await runPublish(ftpOptions(db, tmp, store));
    await real.close();
    expect(next).toMatchObject({ published: 1, halted: null });
    expect(listTree(server.root)).toEqual(size.files.map((f) => `images/${f}`));
    expect(listPublishJobs(db, row!.id)).toMatchObject([{ status: 'done', payload: { leftover_files: [] } }]);
    db.close();
  });
});
