import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { createMysqlCatalogStore, createMysqlClient, type MysqlClient } from '@proofsheet/publisher';
import { getRow, openQueueDatabase, updateRowFields } from '@proofsheet/queue';
import {
  createTestMysqlDatabase, ensurePureFtpd, hasMariadbBinaries, runProofsheet, startPrivateMariadb, startTestFtpServer, test, testMysqlServer, type MysqlServerAddress, type TempDir, type TestFtpServer, type TestFtpServerOptions,
} from '@proofsheet/testkit';
import { REVIEWED, createRemoteProject, listTree, publishLogHas, seedApprovedRows, spawnPublish, waitFor } from './publish-remote-helpers.js';

const BASE = 'https://photos.example.org/images';
type Row = { id: number; File_Name: string };
type PublishJson = { published: number; failed: number; skipped: number; dry_run: boolean; rows: Array<{ id: number; File_Name: string; status: string; error_code: string | null }> };

interface Remote {
  readonly ftp: TestFtpServer;
  readonly client: MysqlClient;
  readonly root: string;
  readonly env: Record<string, string>;
  readonly rows: Row[];
}

/** A fresh FTP server, MySQL database and remote project with `count` Approved rows; all removed when the test ends. */
async function setUpRemote(tmp: TempDir, count: number, server: MysqlServerAddress = testMysqlServer(), ftpOptions: TestFtpServerOptions = {}): Promise<Remote> {
  const ftp = await startTestFtpServer(ftpOptions);
  onTestFinished(() => ftp.dispose());
  const database = await createTestMysqlDatabase(server);
  onTestFinished(() => database.drop());
  const { root, env } = await createRemoteProject(tmp, ftp, { ...server, database: database.name });
  return { ftp, client: database.client, root, env, rows: seedApprovedRows(root, tmp, count) };
}

const webPath = (name: string) => `images/2024/landscapes/${name}`;
const thumbPath = (name: string) => `images/2024/thumbs/landscapes/${name}`;

/**
 * Every row Published; exactly one MySQL row per row with the reviewed text and public paths; on the
 * FTP server exactly the web image and thumbnail of each (no temporary files), byte-identical to the prepared files.
 */
async function expectPublishedExactlyOnce(remote: Remote, rows: Row[], others: { names: string[]; files: string[] } = { names: [], files: [] }): Promise<void> {
  const db = openQueueDatabase(path.join(remote.root, 'data/proofsheet.db'));
  try {
    expect(rows.map((r) => getRow(db, r.id)?.Review_Status)).toEqual(rows.map(() => 'Published'));
  } finally {
    db.close();
  }
  const catalog = await remote.client.query<{ File_Name: string }>('SELECT File_Name, Caption, alt_text, Keywords, Path, Thumb_Path FROM photos_info_revamp ORDER BY File_Name');
  const expected = [
    ...rows.map((r) => ({ File_Name: r.File_Name, ...REVIEWED, Path: `${BASE}/2024/landscapes/${r.File_Name}`, Thumb_Path: `${BASE}/2024/thumbs/landscapes/${r.File_Name}` })),
  ];
  expect(catalog.filter((c) => !others.names.includes(c.File_Name))).toEqual(expected.sort((a, b) => a.File_Name.localeCompare(b.File_Name)));
  expect(catalog.filter((c) => others.names.includes(c.File_Name)).map((c) => c.File_Name).sort()).toEqual([...others.names].sort());
  expect(listTree(remote.ftp.root)).toEqual([...rows.flatMap((r) => [webPath(r.File_Name), thumbPath(r.File_Name)]), ...others.files].sort());
  for (const row of rows) {
    const prepared = path.join(remote.root, 'data/publish', String(row.id));
    expect(fs.readFileSync(path.join(remote.ftp.root, webPath(row.File_Name))).equals(fs.readFileSync(path.join(prepared, 'web.jpg'))), row.File_Name).toBe(true);
    expect(fs.readFileSync(path.join(remote.ftp.root, thumbPath(row.File_Name))).equals(fs.readFileSync(path.join(prepared, 'thumb.jpg'))), row.File_Name).toBe(true);
  }
}

/** Holds every insert into the website table (a locking read in an open transaction) until `release()`. */
async function holdCatalogWrites(client: MysqlClient): Promise<{ release: () => Promise<void> }> {
  await createMysqlCatalogStore(client, 'photos_info_revamp').ensureTable();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  const done = client.transaction(async (tx) => {
    await tx.query('SELECT id FROM photos_info_revamp FOR UPDATE');
    locked();
    await released;
  }).catch(() => undefined);
  await holding;
  return { release: async () => (release(), await done) };
}

/** Whether an upload is in flight: a temporary file with some bytes on the server. */
function uploadInFlight(remote: Remote): boolean {
  return listTree(remote.ftp.root).some((f) => f.endsWith('.partial') && fs.statSync(path.join(remote.ftp.root, f)).size > 0);
}

const ready = ensurePureFtpd();

describe.skipIf(!ready.ok)('publish to a remote destination (real pure-ftpd, real MariaDB)', () => {
  test('--dry-run changes nothing remotely; publish puts the files and rows there exactly once; the passwords appear nowhere', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 3);
    const store = createMysqlCatalogStore(remote.client, 'photos_info_revamp');
    await store.ensureTable();
    await store.upsert({ File_Name: 'Older_Photo_001.JPG', Original_File_Name: 'IMG_9.JPG', content_sha256: 'f'.repeat(64), Caption: 'older' });
    remote.ftp.seed('images/2019/birds/Older_Photo_001.JPG', 'older');
    const catalogBefore = await remote.client.query('SELECT * FROM photos_info_revamp');

    const dry = await runProofsheet(['publish', '--dry-run', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 60_000 });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ published: 3, failed: 0, dry_run: true });
    expect(await remote.client.query('SELECT * FROM photos_info_revamp')).toEqual(catalogBefore);
    expect(listTree(remote.ftp.root)).toEqual(['images/2019/birds/Older_Photo_001.JPG']);

    const run = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ published: 3, failed: 0, skipped: 0 });
    await expectPublishedExactlyOnce(remote, remote.rows, { names: ['Older_Photo_001.JPG'], files: ['images/2019/birds/Older_Photo_001.JPG'] });

    const logs = listTree(path.join(remote.root, 'logs')).map((f) => fs.readFileSync(path.join(remote.root, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('catalog pulled');
    for (const text of [logs, run.stdout, run.stderr, dry.stdout, dry.stderr]) expect(text).not.toContain(remote.ftp.password);
  });

  test('the live catalog is pulled before publishing: --new-name never hands out a name the website holds', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 2);
    const [first, second] = remote.rows as [Row, Row];
    const store = createMysqlCatalogStore(remote.client, 'photos_info_revamp');
    await store.ensureTable();
    const held = [first.File_Name, first.File_Name.replace(/_001\.JPG$/, '_003.JPG')];
    for (const name of held) await store.upsert({ File_Name: name, Original_File_Name: `OTHER_${name}`, content_sha256: 'e'.repeat(64) });

    const run = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as PublishJson).rows.map((r) => [r.id, r.status, r.error_code])).toEqual([[first.id, 'failed', 'PUBLISH_NAME_TAKEN'], [second.id, 'published', null]]);

    const renamed = await runProofsheet(['publish', '--row', String(first.id), '--new-name', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(renamed.code, renamed.stderr).toBe(0);
    const newName = first.File_Name.replace(/_001\.JPG$/, '_004.JPG');
    expect(JSON.parse(renamed.stdout)).toMatchObject({ published: 1, rows: [{ id: first.id, File_Name: newName, status: 'published' }] });
    await expectPublishedExactlyOnce(remote, [{ id: first.id, File_Name: newName }, second], { names: held, files: [] });
  });

  test('an edited Published row is published again: same name, same MySQL id, new text, files replaced', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 1);
    const [row] = remote.rows as [Row];
    expect((await runProofsheet(['publish', '--root', remote.root], { env: remote.env, timeoutMs: 120_000 })).code).toBe(0);
    const [before] = await remote.client.query<{ id: number }>('SELECT id FROM photos_info_revamp');
    const firstWeb = fs.readFileSync(path.join(remote.ftp.root, webPath(row.File_Name)));
    const db = openQueueDatabase(path.join(remote.root, 'data/proofsheet.db'));
    updateRowFields(db, row.id, { Caption: 'Otra luz sobre las montañas.' }, { kind: 'operator' });
    db.close();
    const again = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: 1, rows: [{ id: row.id, File_Name: row.File_Name, status: 'published', reason: 'republish' }] });
    expect(await remote.client.query('SELECT id, File_Name, Caption FROM photos_info_revamp')).toEqual([{ id: before?.id, File_Name: row.File_Name, Caption: 'Otra luz sobre las montañas.' }]);
    expect(listTree(remote.ftp.root)).toEqual([webPath(row.File_Name), thumbPath(row.File_Name)].sort());
    const secondWeb = fs.readFileSync(path.join(remote.ftp.root, webPath(row.File_Name)));
    expect(secondWeb.equals(fs.readFileSync(path.join(remote.root, 'data/publish', String(row.id), 'web.jpg')))).toBe(true);
    expect(secondWeb.equals(firstWeb)).toBe(false);
  });

  test('kill -9 of publish between upload and upsert: publish again puts every row there exactly once', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 3);
    const hold = await holdCatalogWrites(remote.client);
    const publish = spawnPublish(remote.root, remote.env);
    try {
      await waitFor(() => publishLogHas(remote.root, 'publish step started', 'step=cataloged'), 'a row to reach the catalog upsert');
      publish.child.kill('SIGKILL');
      expect((await publish.exited).signal).toBe('SIGKILL');
    } finally {
      publish.child.kill('SIGKILL');
      await hold.release();
    }
    expect(await remote.client.query('SELECT File_Name FROM photos_info_revamp')).toEqual([]);
    expect(listTree(remote.ftp.root).length).toBeGreaterThanOrEqual(2);

    const again = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: 3, failed: 0 });
    await expectPublishedExactlyOnce(remote, remote.rows);
  });

  test('kill -9 of publish between upsert and mirror: publish again keeps the same MySQL ids and mirrors every row once', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 3);
    const hold = await holdCatalogWrites(remote.client);
    const publish = spawnPublish(remote.root, remote.env);
    const local = openQueueDatabase(path.join(remote.root, 'data/proofsheet.db'));
    try {
      await waitFor(() => publishLogHas(remote.root, 'publish step started', 'step=cataloged'), 'a row to reach the catalog upsert');
      // The journal write after the upsert now waits for this lock: the kill lands after the MySQL commit, before the mirror.
      local.exec('BEGIN IMMEDIATE');
      await hold.release();
      await waitFor(async () => (await remote.client.query('SELECT id FROM photos_info_revamp')).length > 0, 'the upsert to commit');
      publish.child.kill('SIGKILL');
      expect((await publish.exited).signal).toBe('SIGKILL');
    } finally {
      publish.child.kill('SIGKILL');
      if (local.inTransaction) local.exec('ROLLBACK');
      local.close();
      await hold.release();
    }
    const upserted = await remote.client.query<{ id: number; File_Name: string }>('SELECT id, File_Name FROM photos_info_revamp ORDER BY id');
    expect(upserted.length).toBeGreaterThan(0);
    const check = openQueueDatabase(path.join(remote.root, 'data/proofsheet.db'));
    expect(upserted.map((u) => remote.rows.find((r) => r.File_Name === u.File_Name)).map((r) => getRow(check, r?.id ?? 0)?.Review_Status)).toEqual(upserted.map(() => 'Approved'));
    check.close();

    const again = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    await expectPublishedExactlyOnce(remote, remote.rows);
    const after = await remote.client.query<{ id: number; File_Name: string }>('SELECT id, File_Name FROM photos_info_revamp ORDER BY id');
    expect(after.filter((a) => upserted.some((u) => u.File_Name === a.File_Name))).toEqual(upserted);
  });

  test.skipIf(!hasMariadbBinaries())('MariaDB restarted mid-publish: the upsert reconnects and publish finishes; publish again has nothing left to do; the MySQL password appears nowhere', { timeout: 180_000 }, async ({ tmp }) => {
    const mariadb = await startPrivateMariadb();
    onTestFinished(() => mariadb.dispose());
    // This server is the test's own: publish logs in as an account with a password, which must appear nowhere.
    const admin = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: 'root', password: null, database: 'mysql' });
    await admin.execute("CREATE USER 'publisher'@'127.0.0.1' IDENTIFIED BY 'Db-Secret-7431'");
    await admin.execute("GRANT ALL ON *.* TO 'publisher'@'127.0.0.1'");
    await admin.close();
    const remote = await setUpRemote(tmp, 3, { ...mariadb, user: 'publisher', password: 'Db-Secret-7431' });
    expect(remote.env.PROOFSHEET_MYSQL_PASSWORD).toBe('Db-Secret-7431');
    const hold = await holdCatalogWrites(remote.client);
    const publish = spawnPublish(remote.root, remote.env);
    try {
      await waitFor(() => publishLogHas(remote.root, 'publish step started', 'step=cataloged'), 'a row to reach the catalog upsert');
      await mariadb.kill('SIGKILL');
      await mariadb.start();
    } finally {
      await hold.release();
    }
    const first = await publish.exited;
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ published: 3, failed: 0, halted: null });
    expect(publishLogHas(remote.root, 'mysql statement retried', 'statement=upsert')).toBe(true);
    await expectPublishedExactlyOnce(remote, remote.rows);

    const again = await runProofsheet(['publish', '--root', remote.root, '--json'], { env: remote.env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: 0, failed: 0, skipped: 0 });
    await expectPublishedExactlyOnce(remote, remote.rows);
    const logs = listTree(path.join(remote.root, 'logs')).map((f) => fs.readFileSync(path.join(remote.root, 'logs', f), 'utf8')).join('\n');
    for (const text of [logs, first.stdout, first.stderr, again.stdout, again.stderr]) expect(text).not.toContain('Db-Secret-7431');
  });

  test('the FTP connection dropped mid-upload: publish reconnects and finishes, every row exactly once', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 2, testMysqlServer(), { bandwidthKBps: 150 });
    const publish = spawnPublish(remote.root, remote.env);
    try {
      await waitFor(() => uploadInFlight(remote), 'an upload to be in flight');
      expect(remote.ftp.dropSessions()).toBeGreaterThan(0);
    } finally {
      const done = await publish.exited;
      expect(done.code, done.stderr).toBe(0);
    }
    expect(publishLogHas(remote.root, 'ftp transfer retried')).toBe(true);
    await expectPublishedExactlyOnce(remote, remote.rows);
  });

  test('the FTP server stopped for 10 s mid-publish: publish retries until it is back and finishes, every row exactly once', { timeout: 180_000 }, async ({ tmp }) => {
    const remote = await setUpRemote(tmp, 2, testMysqlServer(), { bandwidthKBps: 150 });
    const publish = spawnPublish(remote.root, remote.env);
    try {
      await waitFor(() => uploadInFlight(remote), 'an upload to be in flight');
      await remote.ftp.stop();
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expect(publish.child.exitCode).toBeNull();
      await remote.ftp.start();
    } finally {
      const done = await publish.exited;
      expect(done.code, done.stderr).toBe(0);
    }
    await expectPublishedExactlyOnce(remote, remote.rows);
  });
});
