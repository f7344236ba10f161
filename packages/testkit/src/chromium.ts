// Chromium for tests and benchmarks, without vitest: launching, the review page, axe-core and
// screenshots. The vitest fixtures over it are in browser.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Response } from 'playwright-core';

/** Where the Debian package `chromium` installs the browser (scripts/ensure-chromium.sh installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, sandbox-less, and quiet on the network: nothing but the page under test is fetched. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** The viewport of every test page: a common laptop screen. */
export const TEST_VIEWPORT = { width: 1366, height: 768 } as const;

/** The element the review client renders once its session is loaded. */
export const APP_READY = '[data-testid="app-ready"]';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// playwright-core and axe-core are imported when first used: importing them costs about 0.9 s,
// which every test file that imports the testkit index would otherwise pay.

/** Starts headless Chromium from {@link CHROMIUM_PATH}; fails naming the fix when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run scripts/ensure-chromium.sh (as root) or apt-get install chromium`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** A console error (`console.error`, a failed resource, a CSP refusal) or an uncaught page error. */
export interface BrowserError {
  readonly kind: 'console' | 'pageerror';
  readonly text: string;
  /** The document or resource it came from ('' when Chromium names none). */
  readonly url: string;
}

/** Where the review server listens and the access token it printed (`createReviewServer`'s result fits). */
export interface ReviewAddress {
  readonly url: string;
  readonly token: string;
}

/**
 * Exchanges the access token for the session cookie the way a user does, by opening
 * `<url>/?token=…` (the server sets the cookie and redirects to `/`). A `hash` (`#/queue`,
 * `#/rows/12`) rides along: the redirect keeps the fragment. Returns the response of `/`.
 */
export async function exchangeReviewToken(page: Page, server: ReviewAddress, hash = ''): Promise<Response> {
  const fragment = hash === '' || hash.startsWith('#') ? hash : `#${hash}`;
  const response = await page.goto(`${server.url}/?token=${encodeURIComponent(server.token)}${fragment}`);
  if (response === null) throw new Error('the token exchange gave no response');
  if (!response.ok()) throw new Error(`the token exchange ended with ${response.status()} at ${response.url()}`);
  return response;
}

/**
 * Opens the review client: the token exchange (with `hash` when given), then waits until the
 * client has rendered {@link APP_READY}. Returns the response of `/`.
 */
export async function openReviewPage(page: Page, server: ReviewAddress, hash?: string, timeoutMs = 10_000): Promise<Response> {
  const response = await exchangeReviewToken(page, server, hash);
  try {
    await page.locator(APP_READY).waitFor({ state: 'attached', timeout: timeoutMs });
  } catch (error) {
    throw new Error(`the review client did not render ${APP_READY} within ${timeoutMs} ms at ${page.url()} (is apps/review/dist/client built?)`, { cause: error });
  }
  return response;
}

/** One axe-core rule violation, as {@link expectAccessible} lists it. */
export interface AccessibilityViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

// Runs in the page (a string, since this package is compiled without the DOM library).
const RUN_AXE = `(async () => {
  const result = await window.axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
})()`;

/** Runs axe-core in the page and returns every violation (all impacts). */
export async function readAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy (no inline script) does not block it.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate((await import('axe-core')).default.source);
  return page.evaluate<AccessibilityViolation[]>(RUN_AXE);
}

/** Fails, listing id, impact, help and targets of each, when axe-core finds a serious or critical violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const severe = (await readAccessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (severe.length === 0) return;
  const lines = severe.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`);
  throw new Error(`${label}: ${severe.length} serious or critical accessibility violation(s):\n${lines.join('\n')}`);
}

/** Saves a full-page PNG as artifacts/screenshots/<name>.png at the repository root; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new Error(`screenshot name "${name}" must be letters, digits, dots, dashes or underscores`);
  const file = path.join(REPO_ROOT, 'artifacts', 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
