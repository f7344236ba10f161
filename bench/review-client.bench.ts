// Review client in Chromium (issue: review client): (a) Next in the editor with the neighbours
// preloaded, until the next row's preview is decoded and its fields show it; (b) the queue grid at
// 50,000 rows scrolled to the bottom: DOM nodes in the grid and long tasks; (c) first load of the
// queue page (token exchange to app-ready and the first thumbnails). (a) and (c) are set against a
// plain static page doing the same with the same images in the same Chromium. Writes
// bench/results/review-client.md. Needs apps/review/dist/client (npm run build) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, toProjectPaths } from '@proofsheet/core';
import { createReviewServer } from '@proofsheet/review';
import { launchChromium, openReviewPage, TEST_VIEWPORT } from '@proofsheet/testkit/chromium';
import type { Browser, Page } from 'playwright-core';
import { describeMachine, formatStats, packageVersion, regenerateLine, toStats, verdict, writeSection, type Stats } from './lib/report-format.js';
import { NEXT_WATCH, FIRST_LOAD_WATCH, DESCRIBE_QUEUE, SCROLL_GRID, REFERENCE_NEXT_PAGE, referenceLoadPage } from './review-client-page.js';

const ROOT = path.resolve(import.meta.dirname, '..');
// A smaller count as the first argument for a quick try (npx tsx bench/review-client.bench.ts 2000).
const ROWS = Number(process.argv[2] ?? 50_000);
const NEXT_PRESSES = 30;
const LOADS = 7;
const SCROLL_PASSES = 3;

const ms = (s: Stats) => formatStats(s, 1);

/** Real derivatives: the bundled landscapes through the pipeline (`run --no-caption`). */
function makeDerivatives(dir: string): string[] {
  const root = path.join(dir, 'landscapes');
  for (const args of [['init'], ['set', 'add', path.join(ROOT, 'samples/landscapes'), '--subject', 'Sierra', '--location', 'Gipuzkoa', '--category', 'Landscapes'], ['run', '--no-caption']]) {
    execFileSync(process.execPath, [path.join(ROOT, 'apps/orchestrator/bin/proofsheet.mjs'), ...args, '--root', root], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
  }
  const derived = path.join(root, 'data/derived');
  return fs.readdirSync(derived).filter((id) => fs.existsSync(path.join(derived, id, 'preview.jpg'))).map((id) => path.join(derived, id));
}

/** 50,000 rows (apps/review/scripts/bench-rows.ts), each given one of the real derivatives by hard link. */
function seedProject(dir: string, sources: string[]): string {
  const root = path.join(dir, 'rows');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/review/scripts/bench-rows.ts'), String(ROWS), root], { cwd: ROOT, maxBuffer: 1 << 22 });
  const resolved = resolveConfig({ env: {} });
  if (!resolved.ok) throw new Error('default config does not resolve');
  const derived = toProjectPaths(root, resolved.config.paths).derived;
  for (let id = 1; id <= ROWS; id += 1) {
    const source = sources[(id - 1) % sources.length] as string;
    fs.mkdirSync(path.join(derived, String(id)), { recursive: true });
    for (const kind of ['thumb.jpg', 'preview.jpg']) fs.linkSync(path.join(source, kind), path.join(derived, String(id), kind));
  }
  return root;
}

/** The static reference pages, and the same image files, from a bare Node server. */
function startReferenceServer(sources: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const image = /^\/img\/(\d+)\/(thumb|preview)\.jpg$/.exec(url);
    if (image) {
      const source = sources[(Number(image[1]) - 1) % sources.length] as string;
      response.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'private, no-cache' }).end(fs.readFileSync(path.join(source, `${image[2]}.jpg`)));
    } else if (url === '/next.html') response.writeHead(200, { 'content-type': 'text/html' }).end(REFERENCE_NEXT_PAGE);
    else if (url.startsWith('/load.html?n=')) response.writeHead(200, { 'content-type': 'text/html' }).end(referenceLoadPage(Number(url.slice(13))));
    else response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
  }));
}

/** Resolves once no request of the page has been in flight for `quietMs`. */
async function waitForQuietNetwork(page: Page, inFlight: Set<unknown>, quietMs = 300): Promise<void> {
  let quietSince = Date.now();
  for (;;) {
    await page.waitForTimeout(50);
    if (inFlight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
  }
}

async function openApp(browser: Browser, server: { url: string; token: string }, hash: string) {
  const context = await browser.newContext({ viewport: { ...TEST_VIEWPORT } });
  const page = await context.newPage();
  const inFlight = new Set<unknown>();
  const requested: string[] = [];
  page.on('request', (r) => { inFlight.add(r); requested.push(r.url()); });
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  await openReviewPage(page, server, hash, 15_000);
  return { context, page, inFlight, requested };
}

/** (a) Next in the editor; each press after the network went quiet (the neighbours preloaded). */
async function measureNext(browser: Browser, server: { url: string; token: string }, startId: number) {
  const { context, page, inFlight, requested } = await openApp(browser, server, `#/rows/${startId}`);
  const samples: number[] = [];
  let preloaded = 0;
  let wrongFields = 0;
  try {
    await page.locator(`img[data-testid="editor-preview"][data-row-id="${startId}"]`).waitFor({ timeout: 15_000 });
    for (let i = 0; i < NEXT_PRESSES; i += 1) {
      await page.keyboard.press('Escape');
      await waitForQuietNetwork(page, inFlight);
      const seen = requested.length;
      await page.evaluate(NEXT_WATCH);
      await page.keyboard.press('j');
      const result = await page.evaluate<{ ms: number; id: string; name: string }>('window.__benchNext');
      samples.push(result.ms);
      if (!requested.slice(0, seen).some((u) => u.endsWith(`/api/images/${result.id}/preview`))) continue;
      preloaded += 1;
      const detail = (await (await fetch(`${server.url}/api/rows/${result.id}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as { row: { File_Name: string | null } };
      if (detail.row.File_Name !== result.name) wrongFields += 1;
    }
  } finally {
    await context.close();
  }
  return { stats: toStats(samples), preloaded, wrongFields };
}

async function measureReferenceNext(browser: Browser, reference: string): Promise<Stats> {
  const context = await browser.newContext({ viewport: { ...TEST_VIEWPORT } });
  const page = await context.newPage();
  const samples: number[] = [];
  try {
    await page.goto(`${reference}/next.html`);
    for (let i = 0; i < NEXT_PRESSES; i += 1) {
      await page.evaluate('window.__preloadNext()');
      await page.evaluate(NEXT_WATCH);
      await page.keyboard.press('j');
      samples.push((await page.evaluate<{ ms: number }>('window.__benchNext')).ms);
    }
  } finally {
    await context.close();
  }
  return toStats(samples);
}

/** (b) Scroll the queue grid to the bottom; the most DOM nodes seen in it and the long tasks. */
async function measureScroll(browser: Browser, server: { url: string; token: string }) {
  const nodes: number[] = [];
  const longest: number[] = [];
  const over50: number[] = [];
  let lastCell = 0;
  for (let pass = 0; pass < SCROLL_PASSES; pass += 1) {
    const { context, page } = await openApp(browser, server, '#/queue');
    try {
      await page.locator('[data-testid="queue-cell"]').first().waitFor({ timeout: 15_000 });
      const result = await page.evaluate<{ maxNodes: number; longTasks: number[]; lastRowId: number }>(SCROLL_GRID);
      nodes.push(result.maxNodes);
      longest.push(Math.max(0, ...result.longTasks));
      over50.push(result.longTasks.filter((d) => d > 50).length);
      lastCell = Math.max(lastCell, result.lastRowId);
    } finally {
      await context.close();
    }
  }
  return { nodes: toStats(nodes), longest: toStats(longest), over50: toStats(over50), lastCell };
}

/** (c) First load in a fresh context (cold cache): app-ready and the first thumbnails, from navigation start. */
async function measureFirstLoad(browser: Browser, server: { url: string; token: string }) {
  const ready: number[] = [];
  const thumbs: number[] = [];
  let cells = 0;
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { ...TEST_VIEWPORT } });
    try {
      const page = await context.newPage();
      await page.addInitScript(FIRST_LOAD_WATCH);
      await page.goto(`${server.url}/?token=${encodeURIComponent(server.token)}#/queue`);
      // A function, not a string: the page's CSP (no unsafe-eval) refuses strings in waitForFunction.
      await page.waitForFunction(() => (globalThis as { __firstLoad?: unknown }).__firstLoad !== undefined, undefined, { timeout: 15_000 }).catch(async (error: unknown) => {
        throw new Error(`first load did not finish at ${page.url()}: ${await page.evaluate(DESCRIBE_QUEUE)}`, { cause: error });
      });
      const result = await page.evaluate<{ ready: number; thumbs: number; cells: number }>('window.__firstLoad');
      ready.push(result.ready);
      thumbs.push(result.thumbs);
      cells = result.cells;
    } finally {
      await context.close();
    }
  }
  return { ready: toStats(ready), thumbs: toStats(thumbs), cells };
}

async function measureReferenceLoad(browser: Browser, reference: string, cells: number): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { ...TEST_VIEWPORT } });
    try {
      const page = await context.newPage();
      await page.goto(`${reference}/load.html?n=${cells}`);
      samples.push(await page.waitForFunction(() => (globalThis as { __loaded?: number }).__loaded, undefined, { timeout: 15_000 }).then((h) => h.jsonValue() as Promise<number>));
    } finally {
      await context.close();
    }
  }
  return toStats(samples);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-client-'));
try {
  if (!fs.existsSync(path.join(ROOT, 'apps/review/dist/client/index.html'))) throw new Error('the review client is not built: run npm run build');
  const sources = makeDerivatives(dir);
  const root = seedProject(dir, sources);
  const resolved = resolveConfig({ env: {} });
  if (!resolved.ok) throw new Error('default config does not resolve');
  const server = await createReviewServer({ root, config: resolved.config, port: 0 });
  const reference = await startReferenceServer(sources);
  const browser = await launchChromium();
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const next = await measureNext(browser, server, 1);
    const refNext = await measureReferenceNext(browser, reference.url);
    const scroll = await measureScroll(browser, server);
    const load = await measureFirstLoad(browser, server);
    const refLoad = await measureReferenceLoad(browser, reference.url, load.cells);
    const section = [
      `## Review client in Chromium (${ROWS.toLocaleString('en')} rows)`,
      '',
      `${describeMachine([`Chromium ${browser.version()} headless (/usr/bin/chromium, playwright-core ${packageVersion('playwright-core')})`])}.`,
      `Viewport ${TEST_VIEWPORT.width}×${TEST_VIEWPORT.height}; the review server in this process on 127.0.0.1 over ${ROWS.toLocaleString('en')} rows (apps/review/scripts/bench-rows.ts), each with a real thumbnail and preview from the pipeline. Times in ms (min / median / max), measured in the page with \`performance.now()\`. The reference is a plain static page from a bare Node server doing the same with the same image files in the same Chromium.`,
      '',
      '| measurement | n | min / median / max | reference (static page) | ratio (median) | target |',
      '|---|---|---|---|---|---|',
      `| (a) Next (\`j\`) in the editor until the next preview is decoded and the fields show the row | ${next.stats.n} | ${ms(next.stats)} ms | ${ms(refNext)} ms (swap a preloaded image and a field) | ${(next.stats.median / refNext.median).toFixed(2)}× | median ≤ 100 ms — ${verdict(next.stats.median <= 100)} |`,
      `| (b) DOM nodes in the queue grid, most seen while scrolling to the bottom (${SCROLL_PASSES} passes) | ${scroll.nodes.n} | ${ms(scroll.nodes)} | | | < 500 — ${verdict(scroll.nodes.max < 500)} |`,
      `| (b) longest task during the scroll | ${scroll.longest.n} | ${ms(scroll.longest)} ms | | | none over 50 ms — ${verdict(scroll.over50.max === 0)} (tasks over 50 ms per pass: ${formatStats(scroll.over50, 0)}) |`,
      `| (c) first load of \`#/queue\`: navigation (with the token exchange) to app-ready | ${load.ready.n} | ${ms(load.ready)} ms | | | |`,
      `| (c) first load: to the ${load.cells} visible thumbnails loaded | ${load.thumbs.n} | ${ms(load.thumbs)} ms | ${ms(refLoad)} ms (${load.cells} images in a static page) | ${(load.thumbs.median / refLoad.median).toFixed(2)}× | < 1000 ms — ${verdict(load.thumbs.max < 1000)} |`,
      '',
      `Load average (1 min) ${loadBefore.toFixed(1)} before and ${(os.loadavg()[0] ?? 0).toFixed(1)} after the measurements: a load well above the core count means other work shared the CPUs, and the times are inflated.`,
      '',
      `(a): the next row's preview had been requested before the key press in ${next.preloaded} of ${next.stats.n} presses; the File_Name field matched the row's in all but ${next.wrongFields} of those. (b): the last cell reached was row ${scroll.lastCell}. (c): a fresh browser context each time (cold cache).`,
      '',
      regenerateLine('review-client'),
    ];
    writeSection('review-client', section);
  } finally {
    await browser.close();
    await reference.close();
    await server.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
