import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { completeRowStage, createSet, insertSetRows, openQueueDatabase, runImmediate } from '@proofsheet/queue';
import { openReviewPage, type TempDir } from '@proofsheet/testkit';
import { copySeededProject } from '../helpers.js';
import { reviewBrowserTest } from './review-fixture.js';

// The queue grid over thousands of rows: a fling through the grid must not fetch the pages it only
// passes (each would cost a request, a render and thumbnails nobody sees), and the view it stops
// on must fill in, with its thumbnails.

const EXTRA_ROWS = 3000;

/** The seeded project plus EXTRA_ROWS Pending rows, each with a real thumbnail (a hard link to a seeded row's). */
async function copyLargeProject(tmp: TempDir): Promise<string> {
  const root = await copySeededProject(tmp);
  const derived = path.join(root, 'data', 'derived');
  const source = fs.readdirSync(derived).map((id) => path.join(derived, id)).find((dir) => fs.existsSync(path.join(dir, 'thumb.jpg')));
  if (source === undefined) throw new Error('the seeded project has no thumbnail');
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  try {
    runImmediate(db, () => {
      const set = createSet(db, { folder: '/photos/many', subject: 'Sierra', location: 'Gipuzkoa', category: 'Landscapes' });
      const rows = Array.from({ length: EXTRA_ROWS }, (_, i) => ({
        values: { Original_File_Name: `IMG_${i}.JPG`, content_sha256: (i + 1).toString(16).padStart(64, 'f'), Caption: `Ridge at dawn ${i}` },
        name: { prefix: 'Sierra_Gipuzkoa_Landscapes_Photography', extension: '.JPG' },
      }));
      for (const row of insertSetRows(db, { setId: set.id, runId: null, rows })) {
        completeRowStage(db, row.id, { stage: 7, values: { QR: 5, QC_Status: 'Good' }, status: 'Pending' });
        fs.mkdirSync(path.join(derived, String(row.id)), { recursive: true });
        fs.linkSync(path.join(source, 'thumb.jpg'), path.join(derived, String(row.id), 'thumb.jpg'));
      }
    });
  } finally {
    db.close();
  }
  return root;
}

const test = reviewBrowserTest(copyLargeProject);

/** Scrolls the grid from top to bottom in `steps` jumps, one animation frame apart (a fling); resolves with the scroll height. */
const fling = (steps: number) => `(async () => {
  const grid = document.querySelector('[data-testid="queue-grid"]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (let step = 1; step <= ${steps}; step += 1) {
    grid.scrollTop = ((grid.scrollHeight - grid.clientHeight) * step) / ${steps};
    await frame();
  }
  return grid.scrollHeight;
})()`;

/** The last cell of the grid: its position in the list, the list size, and whether its thumbnail has loaded. */
const LAST_CELL = `(() => {
  const cell = [...document.querySelectorAll('[data-testid="queue-cell"]')].at(-1);
  const img = cell?.querySelector('img');
  return cell ? { posinset: Number(cell.getAttribute('aria-posinset')), setsize: Number(cell.getAttribute('aria-setsize')), loaded: Boolean(img?.complete && img.naturalWidth > 0) } : null;
})()`;

describe('queue grid over thousands of rows', () => {
  test('a fling to the bottom fetches only the pages the view stops on, then shows the last rows with their thumbnails', { timeout: 120_000 }, async ({ page, review, browserErrors }) => {
    const pageRequests: number[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/rows') pageRequests.push(Number(url.searchParams.get('page')));
    });
    await openReviewPage(page, review.server, '#/queue');
    await page.locator('[data-testid="queue-cell"]').first().waitFor();
    const { total } = (await (await review.api('/api/rows?pageSize=1')).json()) as { total: number };
    expect(total).toBeGreaterThan(EXTRA_ROWS);
    const before = pageRequests.length;

    await page.evaluate(fling(40));
    await expect.poll(() => page.evaluate(LAST_CELL), { timeout: 20_000 }).toEqual({ posinset: total, setsize: total, loaded: true });

    // 30 pages of 100 lie between the top and the bottom; only the few the view rests on are asked for (at the end, or where a slow frame made it pause).
    const fetched = pageRequests.slice(before);
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.length).toBeLessThanOrEqual(6);
    expect(Math.min(...fetched)).toBeGreaterThanOrEqual(Math.floor((total - 100) / 100));
    expect(browserErrors.filter((e) => e.kind === 'pageerror')).toEqual([]);
  });

  test('scrolling at reading speed fills in every page the view rests on', { timeout: 120_000 }, async ({ page, review }) => {
    await openReviewPage(page, review.server, '#/queue');
    await page.locator('[data-testid="queue-cell"]').first().waitFor();
    // Down three pages' worth of lines (100 rows a page), resting on each view: rows come in, no placeholder stays.
    for (let view = 1; view <= 3; view += 1) {
      await page.evaluate(`(() => { const grid = document.querySelector('[data-testid="queue-grid"]'); grid.scrollTop += grid.clientHeight * 2; })()`);
      await expect.poll(() => page.locator('.queue-cell.placeholder').count(), { timeout: 10_000 }).toBe(0);
      expect(await page.locator('[data-testid="queue-cell"]').count()).toBeGreaterThan(0);
    }
  });
});
