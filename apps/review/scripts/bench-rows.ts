/**
 * Review API latency at 50,000 rows (SPEC §14: the review API answers in < 50 ms). Seeds a project
 * through the queue's own functions, starts the real server on an ephemeral port and times, over
 * real HTTP: a filtered, sorted page of 100 at random depths, a text search, and a row's detail.
 * Run: npx tsx apps/review/scripts/bench-rows.ts [rows] [project dir to keep and reuse]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, toProjectPaths } from '@proofsheet/core';
import { completeRowStage, createSet, insertSetRows, openQueueDatabase, runImmediate } from '@proofsheet/queue';
import { createReviewServer } from '../src/index.js';

const ROWS = Number(process.argv[2] ?? 50_000);
const WORDS = ['montaña', 'niebla', 'hayedo', 'costa', 'faro', 'otoño', 'valle', 'cumbre', 'río', 'puerto', 'bosque', 'playa', 'roca', 'nieve', 'lago', 'pueblo'];
const STATUSES = ['Pending', 'Pending', 'Pending', 'Metadata_Needs_Work', 'Approved', 'Rejected'] as const;

function pickWord(i: number, k: number): string {
  return WORDS[(i * 7 + k * 13) % WORDS.length] as string;
}

function seed(dbFile: string): void {
  const db = openQueueDatabase(dbFile);
  const started = Date.now();
  runImmediate(db, () => {
    for (let base = 0; base < ROWS; base += 5000) {
      const set = createSet(db, { folder: `/photos/${base}`, subject: 'Sierra', location: 'País Vasco', category: 'Landscapes' });
      const rows = Array.from({ length: Math.min(5000, ROWS - base) }, (_, j) => {
        const i = base + j;
        return {
          values: {
            Original_File_Name: `IMG_${i}.JPG`,
            content_sha256: i.toString(16).padStart(64, '0'),
            Caption: `Vista de ${pickWord(i, 1)} con ${pickWord(i, 2)} al amanecer, foto ${i}`,
            alt_text: `${pickWord(i, 3)} y ${pickWord(i, 4)}`,
            Keywords: [1, 2, 3, 4, 5].map((k) => pickWord(i, k + 4)).join(', '),
            DateTime: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
          },
          name: { prefix: `Sierra_Pais_Vasco_Landscapes_Photography_${base}`, extension: '.JPG' },
        };
      });
      const inserted = insertSetRows(db, { setId: set.id, runId: null, rows });
      for (const [j, row] of inserted.entries()) {
        const i = base + j;
        const status = STATUSES[i % STATUSES.length] === 'Metadata_Needs_Work' ? 'Metadata_Needs_Work' : 'Pending';
        completeRowStage(db, row.id, { stage: 7, values: { QR: Math.round(((i * 37) % 100) + 1) / 10, QC_Status: 'Good' }, status });
      }
    }
  });
  db.close();
  console.log(`seeded ${ROWS} rows in ${Date.now() - started} ms`);
}

function summarise(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `| ${label} | ${samples.length} | ${at(0).toFixed(1)} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${(sorted.at(-1) as number).toFixed(1)} |`;
}

async function time(n: number, url: (i: number) => string, headers: Record<string, string>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const response = await fetch(url(i), { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url(i)} → ${response.status}`);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<void> {
  const keep = process.argv[3];
  const root = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-review-bench-'));
  try {
    const resolved = resolveConfig({ env: {} });
    if (!resolved.ok) throw new Error('default config does not resolve');
    const paths = toProjectPaths(root, resolved.config.paths);
    fs.mkdirSync(paths.data, { recursive: true });
    if (!fs.existsSync(paths.database)) seed(paths.database);
    const server = await createReviewServer({ root, config: resolved.config, port: 0 });
    try {
      const headers = { authorization: `Bearer ${server.token}` };
      const pages = Math.floor((ROWS * 0.5) / 100);
      await time(20, (i) => `${server.url}/api/rows?status=Pending&sort=-qr&page=${1 + i}`, headers);
      const list = await time(200, (i) => `${server.url}/api/rows?status=Pending&sort=-qr&pageSize=100&page=${1 + ((i * 7919) % pages)}`, headers);
      const deep = await time(50, () => `${server.url}/api/rows?status=Pending&sort=date&pageSize=100&page=${pages}`, headers);
      const search = await time(200, (i) => `${server.url}/api/rows?q=${encodeURIComponent(`${pickWord(i, 1)} ${pickWord(i, 2)}`)}&pageSize=100`, headers);
      const detail = await time(200, (i) => `${server.url}/api/rows/${1 + ((i * 7919) % ROWS)}?status=Pending&sort=-qr`, headers);
      console.log(`\n${ROWS} rows, Node ${process.version}, ${os.cpus().length} cores; times in ms over real HTTP\n`);
      console.log('| request | n | min | median | p95 | max |\n|---|---|---|---|---|---|');
      console.log(summarise('GET /api/rows?status=Pending&sort=-qr (page of 100, random depth)', list));
      console.log(summarise('GET /api/rows?status=Pending&sort=date (last page)', deep));
      console.log(summarise('GET /api/rows?q=<two words> (page of 100)', search));
      console.log(summarise('GET /api/rows/:id (with neighbours in the filter)', detail));
    } finally {
      await server.close();
    }
  } finally {
    if (keep === undefined) fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
