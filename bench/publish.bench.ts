// Publish (issue 14): upload throughput of the FTP file store to a real pure-ftpd on loopback
// (files/s, MB/s, as a ratio to `curl -T` of the same prepared files in the same run), MySQL catalog
// upserts/s (one transaction per row, as publish does) and the catalog pull of 45,000 rows into the
// local mirror, on a private MariaDB. Each is repeated RUNS times and reported as min / median /
// max. Needs root (the FTP server's throwaway user). Writes bench/results/publish.md.
// BENCH_QUICK=1: one copy of each file, 200 upserts, a pull of 5,000 rows, 2 runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFtpFileStore, createMysqlCatalogStore, createMysqlClient } from '@proofsheet/publisher';
import { openQueueDatabase, replaceCatalogMirror } from '@proofsheet/queue';
import { renderPublishImages } from '@proofsheet/stages';
// The helpers directly: testkit's index also loads vitest fixtures, which need the vitest runner.
import { startTestFtpServer } from '../packages/testkit/src/ftp-server.js';
import { startPrivateMariadb } from '../packages/testkit/src/mariadb-instance.js';
import { commandVersion, debianPackageVersion, describeMachine, formatStats, packageVersion, QUICK, regenerateLine, toStats, writeSection, type Stats } from './lib/report-format.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLES = path.join(ROOT, 'samples/landscapes');
const COPIES = QUICK ? 1 : 10;
const UPSERTS = QUICK ? 200 : 2000;
const PULL_ROWS = QUICK ? 5_000 : 45_000;
const RUNS = QUICK ? 2 : 3;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-publish-'));

/** Web image and thumbnail of each bundled landscape, each copied COPIES times under its own name. */
async function prepareFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const name of fs.readdirSync(SAMPLES).filter((n) => n.endsWith('.jpg'))) {
    const stem = path.basename(name, '.jpg');
    const webFile = path.join(work, 'rendered', `${stem}-web.jpg`);
    const thumbFile = path.join(work, 'rendered', `${stem}-thumb.jpg`);
    await renderPublishImages({ source: path.join(SAMPLES, name), webFile, thumbFile, quality: 90, watermark: null });
    for (let i = 0; i < COPIES; i += 1) {
      for (const [kind, file] of [['web', webFile], ['thumb', thumbFile]] as const) {
        const copy = path.join(work, 'files', `${stem}_${kind}_${String(i).padStart(3, '0')}.jpg`);
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(file, copy);
        files.push(copy);
      }
    }
  }
  return files;
}

async function benchFtp(files: string[]): Promise<{ store: Stats; curl: Stats }> {
  const server = await startTestFtpServer();
  try {
    const storeTimes: number[] = [];
    const curlTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const store = createFtpFileStore({ host: server.host, port: server.port, user: server.user, password: server.password, secure: false, allowSelfSigned: false, remoteBase: `/store${run}` });
      let started = performance.now();
      let next = 0;
      // Two at a time, as `publish` uploads (two rows at once).
      await Promise.all([0, 1].map(async () => {
        while (next < files.length) {
          const file = files[next++]!;
          await store.put(file, `2024/landscapes/${path.basename(file)}`);
        }
      }));
      storeTimes.push(performance.now() - started);
      await store.close();
      started = performance.now();
      const curl = spawnSync('curl', ['-sS', '--ftp-create-dirs', '-T', `{${files.join(',')}}`, `ftp://${server.user}:${server.password}@127.0.0.1:${server.port}/curl${run}/2024/landscapes/`], { encoding: 'utf8' });
      curlTimes.push(performance.now() - started);
      if (curl.status !== 0) throw new Error(`curl -T failed: ${curl.stderr}`);
    }
    const count = (dir: string) => fs.readdirSync(path.join(server.root, dir, '2024/landscapes')).filter((n) => !n.startsWith('.')).length;
    if (count('store0') !== files.length || count('curl0') !== files.length) throw new Error('not every file arrived');
    return { store: toStats(storeTimes), curl: toStats(curlTimes) };
  } finally {
    await server.dispose();
  }
}

type MysqlResult = { version: string; upsert: Stats; pull: Stats; read: Stats; mirror: Stats };

/** RUNS passes of UPSERTS upserts, each pass on new keys (inserts, as a first publish does). */
async function benchUpserts(store: ReturnType<typeof createMysqlCatalogStore>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    for (let i = 0; i < UPSERTS; i += 1) {
      const key = run * UPSERTS + i;
      await store.upsert({ File_Name: `Bench_${key}.JPG`, Original_File_Name: `IMG_${key}.JPG`, content_sha256: key.toString(16).padStart(64, '0'), Caption: 'Montañas del norte', alt_text: 'Cumbres', Keywords: 'montaña, niebla', Width: 1500, Height: 1000, Folder: 'Landscapes' });
    }
    times.push(performance.now() - started);
  }
  return times;
}

/** RUNS pulls of the whole catalog, each into a fresh local mirror. */
async function benchPulls(store: ReturnType<typeof createMysqlCatalogStore>): Promise<{ read: number[]; mirror: number[] }> {
  const read: number[] = [];
  const mirror: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const sqlite = openQueueDatabase(path.join(work, `mirror${run}.db`));
    let started = performance.now();
    const entries = await store.pull();
    read.push(performance.now() - started);
    started = performance.now();
    const mirrored = replaceCatalogMirror(sqlite, entries, store.target);
    mirror.push(performance.now() - started);
    sqlite.close();
    if (mirrored.rows !== PULL_ROWS) throw new Error(`pulled ${mirrored.rows} rows, expected ${PULL_ROWS}`);
  }
  return { read, mirror };
}

async function benchMysql(): Promise<MysqlResult> {
  const mariadb = await startPrivateMariadb();
  const admin = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: mariadb.user, password: null, database: 'mysql' });
  await admin.execute('CREATE DATABASE bench');
  await admin.close();
  const client = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: mariadb.user, password: null, database: 'bench' });
  try {
    const version = (await client.query<{ version: string }>('SELECT VERSION() AS version'))[0]?.version ?? 'unknown';
    const store = createMysqlCatalogStore(client, 'photos_info_revamp');
    await store.ensureTable();
    const upsert = await benchUpserts(store);
    const rows = Array.from({ length: PULL_ROWS - UPSERTS * RUNS }, (_, i) => [`Pull_${i}.JPG`, `P_${i}.JPG`, (i + 1e6).toString(16).padStart(64, '0'), 'Birds', '2021:01:01 10:00:00']);
    for (let i = 0; i < rows.length; i += 5000) await client.execute('INSERT INTO photos_info_revamp (File_Name, Original_File_Name, content_sha256, Folder, DateTime) VALUES ?', [rows.slice(i, i + 5000)]);
    const pulls = await benchPulls(store);
    return { version, upsert: toStats(upsert), pull: toStats(pulls.read.map((r, i) => r + pulls.mirror[i]!)), read: toStats(pulls.read), mirror: toStats(pulls.mirror) };
  } finally {
    await client.close();
    await mariadb.dispose();
  }
}

try {
  const files = await prepareFiles();
  const megabytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0) / 1e6;
  const ftp = await benchFtp(files);
  const mysql = await benchMysql();
  const rate = (ms: number) => `${(files.length / (ms / 1000)).toFixed(1)} files/s, ${(megabytes / (ms / 1000)).toFixed(1)} MB/s`;
  const s = (stats: Stats) => `${formatStats(stats, 2, 1 / 1000)} s`;
  const tools = [`pure-ftpd ${debianPackageVersion('pure-ftpd')}`, commandVersion('curl').split(' ').slice(0, 2).join(' '), `MariaDB ${mysql.version.replace(/-MariaDB.*$/, '')}`, `basic-ftp ${packageVersion('basic-ftp')}`, `mysql2 ${packageVersion('mysql2')}`, `better-sqlite3 ${packageVersion('better-sqlite3')}`];
  writeSection('publish', [
    '## Publish (issue 14)',
    '',
    `${describeMachine(tools)}.`,
    `${files.length} prepared files (web images and thumbnails of the bundled landscapes, ${megabytes.toFixed(1)} MB) to pure-ftpd on loopback. The store uploads two at a time (as publish does), each under a temporary name, checks its size and renames it; \`curl -T\` uploads the same files one after another on one connection, with no check and no rename. ` +
      `Every measure is repeated ${RUNS} times (the upserts on new keys each time, each pull into a fresh local mirror); times as min / median / max, rates at the median.`,
    '',
    '| measure | n | time (min / median / max) | at the median | reference |',
    '|---|---|---|---|---|',
    `| FTP file store (\`publish\`'s uploads) | ${ftp.store.n} | ${s(ftp.store)} | ${rate(ftp.store.median)} | ${(ftp.store.median / ftp.curl.median).toFixed(2)}× the time of \`curl -T\` (medians) |`,
    `| \`curl -T\` of the same files | ${ftp.curl.n} | ${s(ftp.curl)} | ${rate(ftp.curl.median)} | reference |`,
    `| MySQL catalog upserts, ${UPSERTS.toLocaleString('en')} rows (one transaction per row, private MariaDB) | ${mysql.upsert.n} | ${s(mysql.upsert)} | ${(UPSERTS / (mysql.upsert.median / 1000)).toFixed(0)} rows/s | |`,
    `| catalog pull of ${PULL_ROWS.toLocaleString('en')} rows | ${mysql.pull.n} | ${s(mysql.pull)} | | the two parts below |`,
    `| … read from MySQL | ${mysql.read.n} | ${s(mysql.read)} | | |`,
    `| … local mirror replaced | ${mysql.mirror.n} | ${s(mysql.mirror)} | | |`,
    '',
    regenerateLine('publish'),
  ]);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
