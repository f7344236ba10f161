import fs from 'node:fs';
import { afterAll, expect } from 'vitest';
import { expectAccessible, openReviewPage, saveScreenshot } from '@proofsheet/testkit';
import { SAMPLES, removeTemplate } from '../helpers.js';
import { reviewBrowserTest } from './review-fixture.js';

afterAll(removeTemplate);

const test = reviewBrowserTest();

test('sets: a refused folder lists every problem at once, a good one is added, and a batch started on it is followed to its end', { timeout: 180_000 }, async ({ page, review, tmp }) => {
  await openReviewPage(page, review.server, '#/sets');
  const table = page.getByTestId('sets-table');
  await table.waitFor();
  expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-set-id')))).toEqual(['1']);

  const form = page.getByTestId('set-form');
  const empty = tmp.join('empty-folder');
  fs.mkdirSync(empty);
  await form.locator('input[name="folder"]').fill(empty);
  await form.locator('input[name="subject"]').fill(' ');
  await form.locator('input[name="location"]').fill('!!!');
  await form.locator('input[name="category"]').fill('Landscapes');
  await form.getByRole('button', { name: 'Add set' }).click();
  const problems = page.getByTestId('set-problems');
  await problems.waitFor();
  const items = await problems.locator('li').allTextContents();
  expect(items.map((text) => text.split(':')[0]).sort()).toEqual(['files', 'location', 'subject']);
  expect(((await (await review.api('/api/sets')).json()) as unknown[]).length).toBe(1);
  await expectAccessible(page, 'sets page with problems');
  await saveScreenshot(page, 'sets');

  await form.locator('input[name="folder"]').fill(SAMPLES);
  await form.locator('input[name="subject"]').fill('Cumbres');
  await form.locator('input[name="location"]').fill('Gipuzkoa');
  await form.locator('input[name="category"]').fill('Mountains');
  await form.getByRole('button', { name: 'Add set' }).click();
  await expect.poll(() => page.getByTestId('set-added').textContent()).toMatch(/^Set 2 added: 4 photo\(s\)/);
  expect(await problems.count()).toBe(0);
  await table.locator('tr[data-set-id="2"]').waitFor();

  await page.getByRole('checkbox', { name: /Include set 2/ }).check();
  await page.getByTestId('batch-caption').uncheck();
  expect(await page.getByTestId('start-batch').textContent()).toBe('Start a batch on 1 set(s)');
  await page.getByTestId('start-batch').click();
  const progress = page.getByTestId('batch-progress');
  await expect.poll(() => progress.getAttribute('data-run-id'), { timeout: 30_000 }).toMatch(/^run_/);
  await expect.poll(() => progress.getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
  const runId = await progress.getAttribute('data-run-id');
  expect(await progress.getByRole('link').getAttribute('href')).toBe(`#/runs?run=${runId}`);
  const runs = (await (await review.api('/api/runs')).json()) as Array<{ id: string; set_ids: number[] }>;
  expect(runs.find((r) => r.id === runId)?.set_ids).toEqual([2]);
  await expectAccessible(page, 'sets page after a batch');
});
