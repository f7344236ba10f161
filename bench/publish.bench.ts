// Publish (issue 14): upload throughput of the FTP file store to a real pure-ftpd on loopback
// (files/s, MB/s, as a ratio to `curl -T` of the same prepared files in the same run), MySQL catalog
// upserts/s (one transaction per row, as publish does) and the catalog pull of 45,000 rows into the
// local mirror, on a private MariaDB. Needs root (the FTP server's throwaway user). Writes
// bench/results/publish.md.
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

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLES = path.join(ROOT, 'samples/landscapes');
const COPIES = 10;
const UPSERTS = 2000;
const PULL_ROWS = 45_000;
const RUNS = 3;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchFtp(files: string[]): Promise<{ store: number; curl: number }> {
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
    return { store: median(storeTimes), curl: median(curlTimes) };
  } finally {
    await server.dispose();
  }
}

async function benchMysql(): Promise<{ upsertMs: number; pullMs: number; mirrorMs: number }> {
  const mariadb = await startPrivateMariadb();
  const admin = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: mariadb.user, password: null, database: 'mysql' });
  await admin.execute('CREATE DATABASE bench');
  await admin.close();
  const client = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: mariadb.user, password: null, database: 'bench' });
  try {
    const store = createMysqlCatalogStore(client, 'photos_info_revamp');
    await store.ensureTable();
    let started = performance.now();
    for (let i = 0; i < UPSERTS; i += 1) {
      await store.upsert({ File_Name: `Bench_${i}.JPG`, Original_File_Name: `IMG_${i}.JPG`, content_sha256: i.toString(16).padStart(64, '0'), Caption: 'Montañas del norte', alt_text: 'Cumbres', Keywords: 'montaña, niebla', Width: 1500, Height: 1000, Folder: 'Landscapes' });
    }
    const upsertMs = performance.now() - started;
    const rows = Array.from({ length: PULL_ROWS - UPSERTS }, (_, i) => [`Pull_${i}.JPG`, `P_${i}.JPG`, (i + 1e6).toString(16).padStart(64, '0'), 'Birds', '2021:01:01 10:00:00']);
    for (let i = 0; i < rows.length; i += 5000) await client.execute('INSERT INTO photos_info_revamp (File_Name, Original_File_Name, content_sha256, Folder, DateTime) VALUES ?', [rows.slice(i, i + 5000)]);
    const sqlite = openQueueDatabase(path.join(work, 'mirror.db'));
    started = performance.now();
    const entries = await store.pull();
    const pullMs = performance.now() - started;
    started = performance.now();
    const mirrored = replaceCatalogMirror(sqlite, entries, store.target);
    const mirrorMs = performance.now() - started;
    sqlite.close();
    if (mirrored.rows !== PULL_ROWS) throw new Error(`pulled ${mirrored.rows} rows, expected ${PULL_ROWS}`);
    return { upsertMs, pullMs, mirrorMs };
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
  const lines = [
    '## Publish (issue 14)',
    '',
    `Node ${process.version}, ${os.cpus().length} cores. ${files.length} prepared files (web images and thumbnails of the bundled landscapes, ${megabytes.toFixed(1)} MB) to pure-ftpd on loopback; medians of ${RUNS} runs. The store uploads two at a time (as publish does), each under a temporary name, checks its size and renames it; \`curl -T\` uploads the same files one after another on one connection, with no check and no rename.`,
    '',
    '| measure | result | reference |',
    '|---|---|---|',
    `| FTP file store (\`publish\`'s uploads) | ${rate(ftp.store)} | ${(ftp.store / ftp.curl).toFixed(2)}× the time of \`curl -T\` |`,
    `| \`curl -T\` of the same files | ${rate(ftp.curl)} | reference |`,
    `| MySQL catalog upserts (one transaction per row, private MariaDB) | ${(UPSERTS / (mysql.upsertMs / 1000)).toFixed(0)} rows/s | ${UPSERTS} rows |`,
    `| catalog pull of ${PULL_ROWS.toLocaleString('en')} rows | ${((mysql.pullMs + mysql.mirrorMs) / 1000).toFixed(2)} s | read from MySQL ${(mysql.pullMs / 1000).toFixed(2)} s + local mirror replaced ${(mysql.mirrorMs / 1000).toFixed(2)} s |`,
    '',
  ];
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/publish.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
