import fs from 'node:fs';
import { afterAll, describe, expect } from 'vitest';
import { expectAccessible, openReviewPage, readProjectRows, saveScreenshot } from '@proofsheet/testkit';
import { removeTemplate, type ServerFixture } from '../helpers.js';
import { reviewBrowserTest } from './review-fixture.js';

afterAll(removeTemplate);

const test = reviewBrowserTest();

/** Gives rows their text and approves them through the API, as an operator would in the editor. */
async function approve(review: ServerFixture, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
    expect((await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, Caption: `Cumbres al amanecer ${id}.`, alt_text: 'Montañas verdes', Keywords: 'montaña, niebla' } })).status).toBe(200);
  }
  expect(await (await review.api('/api/rows/decision', { method: 'POST', json: { ids, decision: 'approve' } })).json()).toMatchObject({ updated: ids.length });
}

describe('the Publish page', () => {
  test('lists the approved rows, publishes them from the keyboard with per-row progress, and ends with one summary naming the failed row and why', { timeout: 180_000 }, async ({ page, review }) => {
    await approve(review, [1, 2, 3]);
    // Row 3's staged original disappears: it must fail on its own while 1 and 2 publish.
    const rows = await readProjectRows<{ id: number; incoming_path: string | null }>(review.root);
    const gone = rows.find((r) => r.id === 3)?.incoming_path;
    expect(gone).toBeTruthy();
    fs.rmSync(gone as string);

    await openReviewPage(page, review.server, '#/publish');
    const progress = page.getByTestId('publish-progress');
    await expect.poll(() => progress.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-row-id')))).toEqual(['1', '2', '3']);
    expect(await page.getByTestId('publish-start').getAttribute('title')).toBe('Publish every approved row (P)');
    await expectAccessible(page, 'publish page');

    await page.keyboard.press('p');
    const summary = page.getByTestId('publish-summary');
    await summary.waitFor({ state: 'visible', timeout: 120_000 });
    await expect.poll(() => page.getByRole('dialog', { name: 'Publish summary' }).isVisible()).toBe(true);
    expect(await page.getByTestId('publish-count-published').textContent()).toBe('Published 2');
    expect(await page.getByTestId('publish-count-failed').textContent()).toBe('failed 1');
    const failed = summary.locator('li[data-row-id="3"]');
    expect(await failed.textContent()).toContain('SOURCE_MISSING');
    expect(await failed.locator('a').getAttribute('href')).toBe('#/rows/3');
    expect(await summary.locator('li').count()).toBe(1);
    expect(await progress.locator('li').evaluateAll((items) => items.map((li) => [li.getAttribute('data-row-id'), li.getAttribute('data-state')]))).toEqual([
      ['1', 'published'], ['2', 'published'], ['3', 'failed'],
    ]);
    expect((await (await review.api('/api/rows?status=Published')).json()) as { total: number }).toMatchObject({ total: 2 });
    await expectAccessible(page, 'publish summary');
    await saveScreenshot(page, 'publish');

    await page.keyboard.press('Escape');
    await expect.poll(() => summary.isVisible()).toBe(false);
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('Publish every approved row');
  });

  test('with no approved row, Publish is disabled and the page says what to do', { timeout: 120_000 }, async ({ page, review }) => {
    await openReviewPage(page, review.server, '#/publish');
    await page.getByText('No approved row is waiting').waitFor();
    expect(await page.getByTestId('publish-start').isDisabled()).toBe(true);
    await page.keyboard.press('p');
    expect(await page.getByTestId('publish-summary').count()).toBe(0);
  });
});
