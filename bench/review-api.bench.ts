// Review API at 50,000 rows (issue 15): request latency over real HTTP (apps/review/scripts/bench-rows.ts),
// then load: 200 requests/s for 60 s from a second process (autocannon) against the list, search
// and detail routes, counting errors and sampling the server's memory. Writes bench/results/review-api.md.
// The latency table gives min / median / p95 / max over each request's samples; the load run is
// done once (n=1: it takes a minute), and the section says so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '@proofsheet/core';
import { createReviewServer } from '@proofsheet/review';
import { runAutocannon, type AutocannonResult } from '@proofsheet/testkit/autocannon';
import { describeMachine, packageVersion, regenerateLine, verdict, writeSection } from './lib/report-format.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = 50_000;
const RATE = 200;
const SECONDS = 60;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-review-'));
try {
  const latency = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/review/scripts/bench-rows.ts'), String(ROWS), dir], { cwd: ROOT, maxBuffer: 1 << 20 }).toString();
  const table = latency.split('\n').filter((line) => line.startsWith('|')).join('\n');
  const resolved = resolveConfig({ env: {} });
  if (!resolved.ok) throw new Error('default config does not resolve');
  const server = await createReviewServer({ root: dir, config: resolved.config, port: 0 });
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
  let load: AutocannonResult;
  try {
    load = await runAutocannon(`${server.url}/api/rows?status=Pending&sort=-qr&pageSize=100&page=37`, server.token, { rate: RATE, seconds: SECONDS });
  } finally {
    clearInterval(sampler);
    await server.close();
  }
  const mb = (n: number) => (n / 1024 ** 2).toFixed(0);
  const early = rss[Math.min(9, rss.length - 1)] ?? 0;
  const late = rss.at(-1) ?? 0;
  const failures = load.errors + load.timeouts + load.non2xx;
  const tools = [`fastify ${packageVersion('fastify')}`, `better-sqlite3 ${packageVersion('better-sqlite3')}`, `autocannon ${packageVersion('autocannon')}`];
  writeSection('review-api', [
    '## Review API at 50,000 rows (issue 15)',
    '',
    `${describeMachine(tools)}.`,
    `The server in this process, requests over real HTTP on 127.0.0.1. Latency (ms) from \`apps/review/scripts/bench-rows.ts\`: each request type timed n times one after another (after 20 untimed requests), as min / median / p95 / max over those samples; targets: a filtered page of 100 median < 20 ms and p95 < 50 ms, text search median < 50 ms, a row's detail median < 10 ms.`,
    '',
    table,
    '',
    `Load: one run (n=1; it takes ${SECONDS} s, so it is not repeated), ${RATE} requests/s for ${SECONDS} s from a second process (autocannon, 8 connections) on a filtered, sorted page of 100. The figures below are that single run's, not min / median / max.`,
    '',
    '| measurement (n=1) | value | target |',
    '|---|---|---|',
    `| requests answered | ${load.requests.total} (${load.requests.average.toFixed(0)}/s) | |`,
    `| errors, timeouts, non-2xx | ${load.errors}, ${load.timeouts}, ${load.non2xx} | 0 — ${verdict(failures === 0)} |`,
    `| latency p50 / p99 / max (autocannon, one run) | ${load.latency.p50} / ${load.latency.p99} / ${load.latency.max} ms | |`,
    `| server RSS after 10 s / at the end | ${mb(early)} / ${mb(late)} MB | stable — ${verdict(late <= early * 1.25)} (within 25%) |`,
    '',
    regenerateLine('review-api'),
  ]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
