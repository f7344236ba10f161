import type { Browser, Page } from 'playwright-core';
import { launchChromium, TEST_VIEWPORT, type BrowserError } from './chromium.js';
import { test } from './fixtures.js';

interface BrowserFixtures {
  /** Collected errors of this test's page, in order. */
  browserErrors: BrowserError[];
  /** When true, an uncaught page error does not fail the test (override it with `browserTest.override`). */
  allowPageErrors: boolean;
  /** A page in a fresh browser context (its own cookies), {@link TEST_VIEWPORT}; closed after the test. */
  page: Page;
}

/**
 * testkit's `test` (with `tmp`) plus real Chromium: `browser` (one per worker, closed at the end,
 * failing when a test left a context open), `page` (a fresh context per test) and `browserErrors`.
 * A test fails when its page had an uncaught error, unless `allowPageErrors` is overridden:
 * `browserTest.override({ allowPageErrors: true })` inside a describe block.
 */
export const browserTest = test.extend<{ $test: BrowserFixtures; $worker: { browser: Browser } }>({
  browser: [async ({}, use) => {
    const browser = await launchChromium();
    try {
      await use(browser);
      const open = browser.contexts().length;
      if (open > 0) throw new Error(`${open} browser context(s) left open by the tests`);
    } finally {
      await browser.close();
    }
  }, { scope: 'worker' }],
  browserErrors: async ({}, use) => use([]),
  allowPageErrors: false,
  page: async ({ browser, browserErrors, allowPageErrors }, use) => {
    const context = await browser.newContext({ viewport: { ...TEST_VIEWPORT } });
    try {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') browserErrors.push({ kind: 'console', text: message.text(), url: message.location().url });
      });
      page.on('pageerror', (error) => browserErrors.push({ kind: 'pageerror', text: error.stack ?? error.message, url: page.url() }));
      await use(page);
    } finally {
      await context.close();
    }
    const uncaught = browserErrors.filter((e) => e.kind === 'pageerror');
    if (uncaught.length > 0 && !allowPageErrors) {
      throw new Error(`uncaught error(s) in the page:\n${uncaught.map((e) => `  ${e.url}: ${e.text}`).join('\n')}`);
    }
  },
});

