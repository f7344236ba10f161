import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createRun, openQueueDatabase } from '@proofsheet/queue';
import { browserTest, createOllamaStandIn, createSampleProject, deadPid, expectAccessible, openReviewPage, runProofsheet, saveScreenshot } from '@proofsheet/testkit';
import { startReviewServer, type ServerFixture } from '../helpers.js';

/** A project whose run captioned through an Ollama stand-in that lacks the configured model (issue 17), and a server over it. */
const test = browserTest.extend<{ review: ServerFixture & { runId: string } }>({
  review: async ({ tmp }, use) => {
    const standIn = await createOllamaStandIn({ models: [{ name: 'llava:7b', parallel: 1 }] });
    try {
      const { root } = await createSampleProject(tmp);
      const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: standIn.url, slots: 1 }]), PROOFSHEET_CAPTION__MODEL: 'qwen2.5vl:7b' };
      const run = await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(3);
      const runId = (JSON.parse(run.stdout) as { run_id: string }).run_id;
      const fixture = await startReviewServer(root);
      try {
        await use({ ...fixture, runId });
      } finally {
        await fixture.server.close();
      }
    } finally {
      await standIn.close();
    }
  },
});

test('a run made without the model shows model_missing, the first fatal line and the ollama pull command; the report copies; the nav badge counts the errors', { timeout: 180_000 }, async ({ page, review }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: review.server.url });
  await openReviewPage(page, review.server, '#/runs');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${review.runId}"]`);
  await row.waitFor();
  expect(await row.getAttribute('aria-current')).toBe('true');
  expect(await page.getByTestId('run-stages').locator('tbody tr').count()).toBeGreaterThan(0);

  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  expect(await panel.getByTestId('analysis').textContent()).toContain('model_missing');
  expect(await panel.locator('.suggestions').textContent()).toContain('ollama pull qwen2.5vl:7b');
  const fatal = panel.getByTestId('first-fatal');
  expect(await fatal.textContent()).toMatch(/trace\.jsonl line \d+/);
  expect(await fatal.locator('pre').textContent()).toMatch(/qwen2\.5vl:7b/);
  const entries = panel.getByTestId('error-entry');
  expect(await entries.count()).toBeGreaterThan(0);
  expect(await entries.first().textContent()).toMatch(/×\d+/);

  const badge = page.getByTestId('runs-badge');
  await badge.waitFor();
  expect(Number(await badge.textContent())).toBeGreaterThan(0);
  expect(await badge.getAttribute('aria-label')).toBe(`${await badge.textContent()} errors`);

  expect(await page.getByTestId('run-log').textContent()).toMatch(/\[STAGE \d\/8\]/);

  await page.getByTestId('copy-report').click();
  await page.getByText('Report copied.').waitFor();
  const report = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(report).toContain(`# Incident report: ${review.runId}`);
  expect(report).toContain('**model_missing**');
  expect(report).toContain('- ollama pull qwen2.5vl:7b');

  await expectAccessible(page, 'runs page');
  await saveScreenshot(page, 'runs');
});

test('a completed run without errors: no error panel, no badge; an unknown run in the address says so; a stage error with a stack shows it collapsed, file:line per frame', { timeout: 180_000 }, async ({ page, tmp }) => {
  const { root } = await createSampleProject(tmp);
  expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 120_000 })).code).toBe(0);
  const review = await startReviewServer(root);
  try {
    await openReviewPage(page, review.server, '#/runs');
    await page.getByTestId('no-errors').waitFor();
    expect(await page.getByTestId('error-panel').count()).toBe(0);
    expect(await page.getByTestId('runs-badge').count()).toBe(0);
    expect(await page.getByTestId('run-stages').textContent()).toContain('derive');
    await page.goto(`${review.server.url}/#/runs?run=run_20000101_000000_cli`);
    await page.getByText('There is no run run_20000101_000000_cli among the recent runs.').waitFor();

    // A stage error with a Node stack, written to the trace as the run logger writes one: the panel shows it collapsed, file:line per frame.
    const [run] = (await (await review.api('/api/runs')).json()) as Array<{ id: string }>;
    const stack = "TypeError: Cannot read properties of undefined (reading 'width')\n    at scoreRow (file:///app/dist/stages/quality/score-row.js:41:17)\n    at runStage (file:///app/dist/pipeline/runner/run-row-stages.js:120:9)";
    const event = { level: 50, time: new Date().toISOString(), run_id: run?.id, stage: 'quality', event: 'stage_error', error_code: 'INTERNAL', err: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'width')", stack }, msg: 'stage failed' };
    fs.appendFileSync(path.join(root, 'logs', 'runs', run?.id ?? '', 'trace.jsonl'), `${JSON.stringify(event)}\n`);
    await page.goto(`${review.server.url}/#/runs`);
    await page.reload();
    const details = page.getByTestId('stack-trace');
    await details.waitFor();
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    expect(await details.locator('.frames li code').allTextContents()).toEqual(['file:///app/dist/stages/quality/score-row.js:41', 'file:///app/dist/pipeline/runner/run-row-stages.js:120']);
    expect(await page.getByTestId('error-entry').first().textContent()).toContain('stage quality');
    await expect.poll(() => page.getByTestId('runs-badge').getAttribute('aria-label')).toBe('1 errors');
  } finally {
    await review.server.close();
  }
});

test('an interrupted run (its process gone) is marked so, and Resume (R) continues it through POST /api/runs/resume', { timeout: 180_000 }, async ({ page, tmp }) => {
  const { root } = await createSampleProject(tmp);
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const crashed = createRun(db, { trigger: 'cli', pid: deadPid() }).id;
  db.close();
  const review = await startReviewServer(root);
  try {
    await openReviewPage(page, review.server, '#/runs');
    const row = page.locator(`[data-testid="run-row"][data-run-id="${crashed}"]`);
    await row.waitFor();
    expect(await row.locator('.run-status').textContent()).toBe('interrupted');
    const resume = page.getByTestId('resume-runs');
    expect(await resume.getAttribute('title')).toBe('Continue every interrupted run (R)');
    await page.keyboard.press('r');
    await page.getByText(/^Resume started \(process \d+\)\.$/).waitFor();
    await expect.poll(async () => ((await (await review.api('/api/runs')).json()) as Array<{ id: string; interrupted: boolean }>).find((r) => r.id === crashed)?.interrupted, { timeout: 120_000 }).toBe(false);
    await expect.poll(() => row.locator('.run-status').textContent(), { timeout: 30_000 }).not.toBe('interrupted');
    await expect.poll(() => resume.count()).toBe(0);
  } finally {
    await review.server.close();
  }
});
