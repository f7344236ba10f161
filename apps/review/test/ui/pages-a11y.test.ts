import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { expectAccessible, openReviewPage, saveScreenshot } from '@proofsheet/testkit';
import { type ServerFixture } from '../helpers.js';
import { BATCH_SIZE, copyBatchProject, eventually, removeBatchTemplate } from './batch-project.js';
import { reviewBrowserTest } from './review-fixture.js';

// Issue "Review client": a screenshot of every page as a test artifact (artifacts/screenshots,
// git-ignored), and axe-core in the same Chromium finding no serious or critical violation on any
// page, over the batch of 12 made by the real pipeline.

afterAll(removeBatchTemplate);

const test = reviewBrowserTest(copyBatchProject);

/** Waits until the page has its heading and no loading line is left (a page still loading is not the page). */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 10_000 });
  await eventually(() => page.locator('main .loading').count()).toBe(0);
  await page.evaluate('Promise.all([...document.images].filter((i) => !i.complete && i.loading !== "lazy").map((i) => new Promise((r) => { i.onload = i.onerror = r; })))');
}

interface PageCase {
  readonly name: string;
  readonly hash: (ids: readonly number[]) => string;
  readonly ready?: (page: Page) => Promise<void>;
}

const PAGES: readonly PageCase[] = [
  { name: 'queue', hash: () => '#/queue', ready: async (page) => void (await eventually(() => page.getByTestId('queue-cell').count()).toBe(BATCH_SIZE)) },
  { name: 'editor', hash: (ids) => `#/rows/${ids[0]}`, ready: (page) => page.getByTestId('editor-preview').waitFor() },
  { name: 'publish', hash: () => '#/publish' },
  { name: 'runs', hash: () => '#/runs' },
  { name: 'sets', hash: () => '#/sets' },
  { name: 'statistics', hash: () => '#/stats' },
];

async function statuses(review: ServerFixture): Promise<string[]> {
  const body = (await (await review.api('/api/rows?sort=id')).json()) as { rows: Array<{ Review_Status: string }> };
  return body.rows.map((r) => r.Review_Status);
}

async function rowIds(review: ServerFixture): Promise<number[]> {
  const body = (await (await review.api('/api/rows?sort=id')).json()) as { rows: Array<{ id: number }> };
  return body.rows.map((r) => r.id);
}

describe('every page of the review client: screenshot and axe-core', () => {
  test.for(PAGES)('$name', { timeout: 60_000 }, async (pageCase, { page, review }) => {
    const ids = await rowIds(review);
    expect(ids).toHaveLength(BATCH_SIZE);
    await openReviewPage(page, review.server, pageCase.hash(ids));
    await pageCase.ready?.(page);
    await settle(page);
    await saveScreenshot(page, `page-${pageCase.name}`);
    await expectAccessible(page, `the ${pageCase.name} page`);
  });

  test('the keyboard shortcuts overlay (?) on the queue and in the editor', { timeout: 60_000 }, async ({ page, review }) => {
    const ids = await rowIds(review);
    for (const [name, hash] of [['queue', '#/queue'], ['editor', `#/rows/${ids[0]}`]] as const) {
      await openReviewPage(page, review.server, hash);
      await settle(page);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await dialog.locator('tr').count()).toBeGreaterThan(5);
      await saveScreenshot(page, `page-${name}-shortcuts`);
      await expectAccessible(page, `the shortcuts overlay on the ${name} page`);
      // While the overlay is open the page behind it takes no command: a decides nothing.
      await page.keyboard.press('a');
      await page.waitForTimeout(300);
      expect(await statuses(review)).toEqual(Array(BATCH_SIZE).fill('Pending'));
      // Esc closes it, and the keys are the page's again.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 2_000 });
    }
  });
});
