import type { Locator } from 'playwright-core';
import { afterAll, expect } from 'vitest';
import { browserTest, createOllamaStandIn, expectAccessible, openReviewPage, saveScreenshot } from '@proofsheet/testkit';
import { copySeededProject, listRowIds, removeTemplate, startReviewServer, type ServerFixture } from '../helpers.js';

afterAll(removeTemplate);

const test = browserTest.extend<{ review: ServerFixture }>({
  review: async ({ tmp }, use) => {
    const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1 }] });
    const fixture = await startReviewServer(await copySeededProject(tmp), { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
    try {
      await use(fixture);
    } finally {
      await fixture.server.close();
      await ollama.close();
    }
  },
});

async function edit(review: ServerFixture, id: number, fields: Record<string, string>): Promise<void> {
  const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
  expect((await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, ...fields } })).status).toBe(200);
}

/** The text of each cell of each row the locator finds. */
const cells = (rows: Locator): Promise<string[][]> => rows.evaluateAll((found) => found.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));

test('statistics: decisions, median time per row, and the share of AI text approved unedited per field and per model, as tables', { timeout: 180_000 }, async ({ page, review }) => {
  await openReviewPage(page, review.server, '#/stats');
  await expect.poll(() => page.getByTestId('stats-decisions').textContent()).toBe('0');
  await page.getByText('No decision in this window.').waitFor();

  const [a, b, c, d] = (await listRowIds(review)).slice(0, 4) as [number, number, number, number];
  for (const id of [a, b, c, d]) expect((await review.api(`/api/rows/${id}/generate`, { method: 'POST' })).status).toBe(200);
  await edit(review, b, { Caption: 'A reviewer wrote this caption about the mountain ridge at dusk.' });
  await edit(review, c, { Keywords: 'mountains, ridge, dusk, landscape, valley' });
  await edit(review, d, { alt_text: 'Snow on a mountain ridge under a pale evening sky, seen from the valley.', Caption: 'Another caption the reviewer preferred over the drafted one here.' });
  for (const id of [a, b, c, d]) expect((await review.api(`/api/rows/${id}/decision`, { method: 'POST', json: { decision: 'approve' } })).status).toBe(200);

  await page.keyboard.press('r');
  await expect.poll(() => page.getByTestId('stats-decisions').textContent()).toBe('4');
  expect(await page.getByTestId('stats-reviewed').textContent()).toBe('4');
  expect(await page.getByTestId('stats-median').textContent()).toMatch(/^\d+\.\d$/);
  expect(await cells(page.getByTestId('stats-acceptance').locator('tbody tr'))).toEqual([
    ['Caption', '4', '2', '50.0 %'],
    ['alt_text', '4', '3', '75.0 %'],
    ['Keywords', '4', '3', '75.0 %'],
  ]);
  const byModel = await cells(page.getByTestId('stats-by-model').locator('tbody tr'));
  expect(byModel.find((row) => row[2] === 'Caption')).toEqual(['qwen2.5vl:7b', expect.stringMatching(/^[0-9a-f]{8,}$/), 'Caption', '4', '2', '50.0 %']);
  const perHour = await cells(page.getByTestId('stats-per-hour').locator('tbody tr'));
  expect(perHour.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(4);
  expect(perHour.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(4);
  expect(await page.locator('table caption').allTextContents()).toEqual(['Decisions per hour', 'AI text approved unedited, per field', 'AI text approved unedited, per model and prompt']);
  await expectAccessible(page, 'statistics page');
  await saveScreenshot(page, 'stats');

  await page.keyboard.press('w');
  expect(await page.getByTestId('stats-window').inputValue()).toBe(String(24 * 7));
  await expect.poll(() => page.getByTestId('stats-decisions').textContent()).toBe('4');
});
