import fs from 'node:fs';
import { afterAll, describe, expect } from 'vitest';
import { exchangeReviewToken, type BrowserError, expectAccessible, openReviewPage, readAccessibilityViolations, saveScreenshot } from '@proofsheet/testkit';
import { SESSION_COOKIE } from '../../src/index.js';
import { listRowIds, removeTemplate } from '../helpers.js';
import { reviewBrowserTest } from './review-fixture.js';

afterAll(removeTemplate);

/** Errors other than Chromium's own request for /favicon.ico (the server has none; a page without an icon link makes Chromium ask). */
function withoutFavicon(errors: readonly BrowserError[]): BrowserError[] {
  return errors.filter((e) => !e.url.endsWith('/favicon.ico'));
}

const test = reviewBrowserTest();

describe('the token exchange in Chromium', () => {
  test('sets an HttpOnly session cookie the page cannot read, lands on / without the token, and the cookie opens the API', { timeout: 120_000 }, async ({ page, review, browserErrors }) => {
    const response = await exchangeReviewToken(page, review.server);
    expect(page.url()).toBe(`${review.server.url}/`);
    expect(response.request().redirectedFrom()?.url()).toContain('?token=');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toContainEqual({ name: SESSION_COOKIE, httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).not.toContain(SESSION_COOKIE);
    const session = await page.evaluate('fetch("/api/session").then(async (r) => ({ status: r.status, body: await r.json() }))');
    expect(session).toMatchObject({ status: 200, body: { auth: 'cookie' } });
    expect(withoutFavicon(browserErrors)).toEqual([]);
  });

  test('the page response carries the Content-Security-Policy, and Chromium enforces it (an inline script is refused and reported)', { timeout: 120_000 }, async ({ page, review, browserErrors }) => {
    const response = await exchangeReviewToken(page, review.server);
    const csp = (await response.allHeaders())['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.append(s); })()`);
    expect(await page.evaluate('window.inlineRan === true')).toBe(false);
    await expect.poll(() => withoutFavicon(browserErrors).map((e) => e.kind)).toContain('console');
    expect(withoutFavicon(browserErrors).find((e) => e.kind === 'console')?.text).toMatch(/Content Security Policy/);
  });

  test('without the token the page answers 401 and no cookie is set', { timeout: 120_000 }, async ({ page, review }) => {
    const response = await page.goto(`${review.server.url}/`);
    expect(response?.status()).toBe(401);
    expect(await page.context().cookies()).toEqual([]);
  });
});

describe('the harness', () => {
  test('axe-core runs in a page under the review server\'s CSP', { timeout: 120_000 }, async ({ page, review }) => {
    await exchangeReviewToken(page, review.server);
    expect(Array.isArray(await readAccessibilityViolations(page))).toBe(true);
  });

  test('expectAccessible fails listing each serious or critical violation, and passes an accessible page', async ({ page }) => {
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><h1>Rows</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></html>');
    const failure = await expectAccessible(page, 'bad page').then(() => null, (error: unknown) => error as Error);
    expect(failure?.message).toMatch(/^bad page: 2 serious or critical accessibility violation\(s\):/);
    expect(failure?.message).toContain('image-alt (critical)');
    expect(failure?.message).toContain('button-name (critical)');
    expect(failure?.message).toMatch(/\n {4}img$/m);
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><h1>Rows</h1><img alt="a hill" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button>Next</button></main></html>');
    await expectAccessible(page, 'good page');
  });

  test('the page has the test viewport, and saveScreenshot writes a PNG under artifacts/screenshots', async ({ page }) => {
    expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
    await page.setContent('<!doctype html><html lang="en"><title>t</title><p>harness</p></html>');
    const file = await saveScreenshot(page, 'testkit-harness');
    expect(file).toMatch(/\/artifacts\/screenshots\/testkit-harness\.png$/);
    expect(fs.readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await expect(saveScreenshot(page, '../escape')).rejects.toThrow(/must be letters/);
  });

  // The page fixture fails the test after it ends, so `fails` passes only when that happened.
  test.fails('an uncaught page error fails the test', async ({ page, browserErrors }) => {
    await page.setContent('<!doctype html><html lang="en"><title>t</title><script>setTimeout(() => { throw new Error("boom"); })</script></html>');
    await expect.poll(() => browserErrors.length).toBe(1);
  });

  describe('with allowPageErrors', () => {
    test.override({ allowPageErrors: true });
    test('console errors and page errors are collected, and an uncaught page error does not fail the test', async ({ page, browserErrors }) => {
      await page.setContent('<!doctype html><html lang="en"><title>t</title><script>console.error("logged"); setTimeout(() => { throw new Error("uncaught here"); })</script></html>');
      await expect.poll(() => browserErrors.length).toBe(2);
      expect(browserErrors[0]).toMatchObject({ kind: 'console', text: 'logged' });
      expect(browserErrors[1]).toMatchObject({ kind: 'pageerror', text: expect.stringContaining('uncaught here') });
    });
  });
});

describe('the review client through the harness', () => {
  test('opens #/queue after the token exchange and renders app-ready and the cells, with no console or page error', { timeout: 120_000 }, async ({ page, review, browserErrors }) => {
    const ids = await listRowIds(review);
    await openReviewPage(page, review.server, '#/queue');
    expect(page.url()).toBe(`${review.server.url}/#/queue`);
    await page.locator('[data-testid="queue-cell"]').first().waitFor();
    expect(await page.locator('[data-testid="queue-cell"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-row-id'))).sort((a, b) => a - b))).toEqual(ids);
    await saveScreenshot(page, 'review-queue');
    expect(browserErrors).toEqual([]);
  });

  test('the queue and the editor have no serious or critical accessibility violation', { timeout: 120_000 }, async ({ page, review }) => {
    const [id] = await listRowIds(review);
    await openReviewPage(page, review.server, '#/queue');
    await page.locator('[data-testid="queue-cell"]').first().waitFor();
    await expectAccessible(page, 'queue');
    await openReviewPage(page, review.server, `#/rows/${id}`);
    await page.locator(`img[data-testid="editor-preview"][data-row-id="${id}"]`).waitFor();
    await expectAccessible(page, 'editor');
  });
});
