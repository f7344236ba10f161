import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { listRows, openDatabase } from '@proofsheet/queue';
import { expectAccessible, openReviewPage, saveScreenshot } from '@proofsheet/testkit';
import { startReviewServer } from '../helpers.js';
import { BATCH_SIZE, copyBatchProject, eventually, removeBatchTemplate, type BatchRow } from './batch-project.js';
import { reviewBrowserTest } from './review-fixture.js';

// Issue "Review client", the acceptance test: a batch of 12 photos put through the real pipeline
// (captions from the Ollama stand-in), reviewed in headless Chromium against the real server with
// the keyboard only. Every outcome is checked twice: on the page and in the database.

afterAll(removeBatchTemplate);

const test = reviewBrowserTest(copyBatchProject);

const HOSTILE_CAPTION = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

/** The rows as the database holds them now (read directly, beside the server's own connection). */
function rowsById(root: string): Map<number, BatchRow> {
  const db = openDatabase(path.join(root, 'data', 'proofsheet.db'), { readonly: true });
  try {
    return new Map(listRows(db).map((row) => [row.id, row as unknown as BatchRow]));
  } finally {
    db.close();
  }
}

const editor = (page: Page) => page.getByTestId('editor');

/** Waits until the editor shows row `id` (its data and its preview). */
async function expectEditorOn(page: Page, id: number): Promise<void> {
  await eventually(() => editor(page).getAttribute('data-row-id')).toBe(String(id));
  await page.getByTestId('editor-preview').and(page.locator(`[data-row-id="${id}"]`)).waitFor();
}

/** The id of the element that has the keyboard focus ('' for none). */
const focusedId = (page: Page): Promise<string> => page.evaluate('document.activeElement?.id ?? ""');

/** What identifies the focused element: its id, else its role in the navigation with its text. */
const FOCUSED = 'document.activeElement?.id || (document.activeElement?.closest("nav") ? `nav-${document.activeElement.textContent}` : "")';

/** Presses `key` until the focus is on the element `target` (an id, or `nav-<link text>`), at most `limit` presses. */
async function tabTo(page: Page, key: 'Tab' | 'Shift+Tab', target: string, limit = 8): Promise<void> {
  const focused = (): Promise<string> => page.evaluate(FOCUSED);
  for (let i = 0; i < limit && (await focused()) !== target; i += 1) await page.keyboard.press(key);
  expect(await focused()).toBe(target);
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

/** Replaces the whole value of the focused text field by typing. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

describe('reviewing a batch of 12 in Chromium, keyboard only', () => {
  test('approve, reject, edit a caption, rename into a collision, bulk-approve a selection, undo, publish to the local destination and see the summary', { timeout: 180_000 }, async ({ page, review }) => {
    const before = rowsById(review.root);
    const ids = [...before.keys()];
    expect(ids).toHaveLength(BATCH_SIZE);
    const [first, second, third, fourth] = ids as [number, number, number, number];

    // The queue: every photo of the batch, Pending.
    await openReviewPage(page, review.server, '#/queue');
    await eventually(() => page.getByTestId('queue-cell').count()).toBe(BATCH_SIZE);
    await eventually(() => page.getByTestId('count-Pending').textContent()).toContain(String(BATCH_SIZE));
    await eventually(() => page.getByTestId('selection-count').textContent()).toBe(`${BATCH_SIZE} photos`);
    await saveScreenshot(page, 'review-batch-01-queue');
    await expectAccessible(page, 'queue');

    // g focuses the grid, Enter opens the photo under the cursor (the first) in the editor.
    await page.keyboard.press('g');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('queue-grid');
    await page.keyboard.press('Enter');
    await expectEditorOn(page, first);
    await eventually(() => page.getByTestId('editor-title').textContent()).toBe(before.get(first)?.File_Name);
    expect(await page.getByTestId('field-Caption').inputValue()).toBe(before.get(first)?.Caption);
    await saveScreenshot(page, 'review-batch-02-editor');
    await expectAccessible(page, 'editor');

    // a approves and moves on; x rejects and moves on.
    await page.keyboard.press('a');
    await expectEditorOn(page, second);
    await page.keyboard.press('x');
    await expectEditorOn(page, third);
    let rows = rowsById(review.root);
    expect(rows.get(first)?.Review_Status).toBe('Approved');
    expect(rows.get(second)?.Review_Status).toBe('Rejected');
    expect(rows.get(third)?.Review_Status).toBe('Pending');
    // u undoes the rejection from the next row's editor; Back (k) shows the row Pending again, x rejects it again.
    await page.keyboard.press('u');
    await eventually(() => page.getByTestId('decision-outcome').textContent()).toBe('undone: 1 row put back');
    expect(rowsById(review.root).get(second)?.Review_Status).toBe('Pending');
    await page.keyboard.press('k');
    await expectEditorOn(page, second);
    await eventually(() => page.getByTestId('editor-status').textContent()).toBe('Pending');
    await page.keyboard.press('x');
    await expectEditorOn(page, third);
    expect(rowsById(review.root).get(second)?.Review_Status).toBe('Rejected');

    // e goes to the caption; typing there is text, not commands; Ctrl+S saves.
    const caption = 'Autumn beech forest on the ridge of Aitzgorri, mist lifting from the valley below at dawn.';
    await page.keyboard.press('e');
    expect(await focusedId(page)).toBe('field-Caption');
    await retype(page, caption);
    await eventually(() => page.getByTestId('save').textContent()).toBe('Save 1');
    await page.keyboard.press('ControlOrMeta+s');
    await eventually(() => page.getByTestId('save').textContent()).toBe('Saved');
    expect(await editor(page).getAttribute('data-row-id')).toBe(String(third));
    rows = rowsById(review.root);
    expect(rows.get(third)?.Caption).toBe(caption);
    expect(rows.get(third)?.Review_Status).toBe('Pending');

    // Rename into a collision: the first row's name. The server refuses (409) naming the row that holds it.
    const taken = before.get(first)?.File_Name ?? '';
    const own = before.get(third)?.File_Name ?? '';
    await tabTo(page, 'Shift+Tab', 'field-File_Name');
    await retype(page, taken);
    const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/rows/${third}`));
    await page.keyboard.press('ControlOrMeta+s');
    const refused = await answer;
    const body = (await refused.json()) as { error: { code: string; message: string; hint: string } };
    expect({ status: refused.status(), code: body.error.code }).toEqual({ status: 409, code: 'FILENAME_COLLISION' });
    expect(body.error.message).toContain(`row ${first}`);
    const saveError = page.getByTestId('save-error');
    await saveError.waitFor();
    const explained = (await saveError.textContent()) ?? '';
    expect(explained).toContain('Your edits were not saved');
    expect(explained).toContain(taken);
    expect(explained).toContain(`row ${first}`);
    expect(explained).toContain('choose another file name');
    await saveScreenshot(page, 'review-batch-03-editor-name-collision');
    await expectAccessible(page, 'editor with a refused save');
    rows = rowsById(review.root);
    expect(rows.get(third)?.File_Name).toBe(own);
    expect(rows.get(first)?.File_Name).toBe(taken);

    // Put the own name back (nothing left to save), leave the field with Esc, approve: on to the fourth.
    await retype(page, own);
    await eventually(() => page.getByTestId('save').textContent()).toBe('Saved');
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await expectEditorOn(page, fourth);
    rows = rowsById(review.root);
    expect(rows.get(third)).toMatchObject({ Review_Status: 'Approved', File_Name: own, Caption: caption });

    // An edit left unsaved is saved by Next (j), which then moves on; the row keeps its status.
    const fifth = ids[4] ?? 0;
    const tweaked = `${before.get(fourth)?.Caption ?? ''} Seen from the old shepherds' path.`;
    await page.keyboard.press('e');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(" Seen from the old shepherds' path.");
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expectEditorOn(page, fifth);
    rows = rowsById(review.root);
    expect(rows.get(fourth)).toMatchObject({ Caption: tweaked, Review_Status: before.get(fourth)?.Review_Status });

    // q: back to the queue. Select the 4th to 7th photo with Shift+arrows, approve them with a.
    await page.keyboard.press('q');
    await eventually(() => page.getByTestId('queue-cell').count()).toBe(BATCH_SIZE);
    await page.keyboard.press('g');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift+ArrowRight');
    await eventually(() => page.getByTestId('selection-count').textContent()).toBe(`4 of ${BATCH_SIZE} selected`);
    const selected = ids.slice(3, 7);
    expect(await page.locator('[data-testid="queue-cell"][aria-selected="true"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-row-id'))))).toEqual(selected);
    await saveScreenshot(page, 'review-batch-04-queue-selection');
    await page.keyboard.press('a');
    await eventually(() => page.getByTestId('decision-outcome').textContent()).toBe('4 rows approved');
    await eventually(() => page.getByTestId('count-Approved').textContent()).toContain('6');
    rows = rowsById(review.root);
    expect(selected.map((id) => rows.get(id)?.Review_Status)).toEqual(['Approved', 'Approved', 'Approved', 'Approved']);
    await expectAccessible(page, 'queue after a bulk decision');

    // u undoes the bulk decision: the four are Pending again, the others keep theirs.
    await page.keyboard.press('u');
    await eventually(() => page.getByTestId('decision-outcome').textContent()).toBe('undone: 4 rows put back');
    await eventually(() => page.getByTestId('count-Approved').textContent()).toContain('2');
    rows = rowsById(review.root);
    expect(selected.map((id) => rows.get(id)?.Review_Status)).toEqual(selected.map((id) => before.get(id)?.Review_Status));
    expect([first, second, third].map((id) => rows.get(id)?.Review_Status)).toEqual(['Approved', 'Rejected', 'Approved']);
    await saveScreenshot(page, 'review-batch-05-queue-undone');

    // To the Publish page through the navigation with the keyboard; p publishes the two approved rows.
    await tabTo(page, 'Shift+Tab', 'nav-Publish', 40);
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('publish-progress');
    await eventually(() => progress.locator('li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-row-id'))))).toEqual([first, third]);
    await saveScreenshot(page, 'review-batch-06-publish');
    await page.keyboard.press('p');
    const summary = page.getByTestId('publish-summary');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByTestId('publish-count-published').textContent()).toBe('Published 2');
    expect(await page.getByTestId('publish-count-failed').textContent()).toBe('failed 0');
    expect(await summary.textContent()).toContain('Every row was published.');
    expect(await progress.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-state')))).toEqual(['published', 'published']);
    await saveScreenshot(page, 'review-batch-07-publish-summary');
    await expectAccessible(page, 'publish summary');
    rows = rowsById(review.root);
    expect(ids.map((id) => rows.get(id)?.Review_Status)).toEqual(ids.map((id) => (id === first || id === third ? 'Published' : id === second ? 'Rejected' : before.get(id)?.Review_Status)));
    // The local destination holds each published photo and its thumbnail under its reviewed name.
    const site = listFiles(path.join(review.root, 'data', 'site'));
    for (const name of [taken, own]) expect(site.filter((file) => path.basename(file) === name)).toHaveLength(2);
    expect(site).toHaveLength(4);
    // Esc closes the summary; the keys are the page's again.
    await page.keyboard.press('Escape');
    await summary.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  test('a hostile caption is shown as text: no element, no script, no CSP refusal', { timeout: 60_000 }, async ({ page, review, browserErrors }) => {
    const [, , , , , , , target] = [...(rowsById(review.root)).keys()] as number[];
    const id = target ?? 0;
    const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
    const patched = await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, Caption: HOSTILE_CAPTION, alt_text: HOSTILE_CAPTION } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((rowsById(review.root)).get(id)?.Caption).toBe(HOSTILE_CAPTION);

    await openReviewPage(page, review.server, `#/rows/${id}`);
    await expectEditorOn(page, id);
    expect(await page.getByTestId('field-Caption').inputValue()).toBe(HOSTILE_CAPTION);
    expect(await page.getByTestId('field-alt_text').inputValue()).toBe(HOSTILE_CAPTION);
    // The queue searched for it shows the row, and nothing of the text became markup there either.
    await page.goto(`${review.server.url}/#/queue?q=${encodeURIComponent('onerror')}`);
    await eventually(() => page.getByTestId('selection-count').textContent()).toBe('1 photo');
    await eventually(() => page.locator(`[data-testid="queue-cell"][data-row-id="${id}"]`).textContent()).toContain(HOSTILE_CAPTION);
    expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
    await page.goto(`${review.server.url}/#/rows/${id}`);
    await expectEditorOn(page, id);
    await saveScreenshot(page, 'review-batch-08-editor-hostile-caption');
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
    expect(browserErrors.filter((e) => /Content Security Policy/i.test(e.text))).toEqual([]);
  });

  describe('errors', () => {
    // Failed requests are logged to the console by Chromium; that is expected here.
    test('a row that is not there and a server that is gone each show a message with a retry, not a blank page', { timeout: 60_000 }, async ({ page, review }) => {
      await openReviewPage(page, review.server, '#/rows/999999');
      const missing = page.getByRole('alert');
      await missing.waitFor();
      expect(await missing.textContent()).toContain('Row 999999 could not be loaded');
      expect(await missing.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      await eventually(() => page.locator('nav[aria-label="Pages"] a').count()).toBe(5);
      await saveScreenshot(page, 'review-batch-09-error-no-such-row');
      await expectAccessible(page, 'editor of a row that does not exist');

      // The server stops under an open page: the next page asked for says it cannot reach it.
      await review.server.close();
      await page.goto(`${review.server.url}/#/queue?status=Rejected`);
      const gone = page.getByRole('alert').filter({ hasText: 'The queue could not be loaded' });
      await gone.waitFor({ timeout: 15_000 });
      expect(await gone.textContent()).toContain('the review server cannot be reached');
      expect(await gone.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      await saveScreenshot(page, 'review-batch-10-error-server-gone');
      await expectAccessible(page, 'queue with the server gone');
    });

    test('a decision refused because another process holds the database (503) says so, and pressing the key again once it is free goes on', { timeout: 60_000 }, async ({ page, tmp }) => {
      const review = await startReviewServer(await copyBatchProject(tmp), undefined, 300);
      const holder = openDatabase(path.join(review.root, 'data', 'proofsheet.db'));
      try {
        const [first, second] = [...rowsById(review.root).keys()] as [number, number];
        await openReviewPage(page, review.server, `#/rows/${first}`);
        await expectEditorOn(page, first);
        // Another process takes the write lock and keeps it past the server's busy timeout.
        holder.exec('BEGIN IMMEDIATE');
        const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rows/decision'));
        await page.keyboard.press('a');
        const refused = await answer;
        expect({ status: refused.status(), code: ((await refused.json()) as { error: { code: string } }).error.code }).toEqual({ status: 503, code: 'DB_BUSY' });
        const outcome = page.getByTestId('decision-outcome').getByRole('alert');
        await outcome.waitFor();
        const shown = (await outcome.textContent()) ?? '';
        expect(shown).toContain('The decision was not saved');
        expect(shown).toContain('another process holds the database');
        expect(shown).toContain('DB_BUSY');
        expect(await editor(page).getAttribute('data-row-id')).toBe(String(first));
        await saveScreenshot(page, 'review-batch-11-error-database-busy');
        holder.exec('ROLLBACK');
        expect(rowsById(review.root).get(first)?.Review_Status).toBe('Pending');

        // The lock is gone: the same key approves and moves on, and the message goes.
        await page.keyboard.press('a');
        await expectEditorOn(page, second);
        expect(rowsById(review.root).get(first)?.Review_Status).toBe('Approved');
        expect(await page.getByTestId('decision-outcome').getByRole('alert').count()).toBe(0);
      } finally {
        if (holder.inTransaction) holder.exec('ROLLBACK');
        holder.close();
        await review.server.close();
      }
    });
  });

});
