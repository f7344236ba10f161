import { afterAll, describe, expect } from 'vitest';
import { browserTest, closedPort, createOllamaStandIn, expectAccessible, openReviewPage, readProjectRows, saveScreenshot, type OllamaStandIn } from '@proofsheet/testkit';
import { copySeededProject, removeTemplate, startReviewServer, type ServerFixture } from '../helpers.js';

afterAll(removeTemplate);

interface Row {
  readonly id: number;
  readonly File_Name: string | null;
  readonly Caption: string | null;
  readonly Review_Status: string;
}

/** The browser harness, a caption stand-in, and a review server over a seeded project that captions through it. */
const test = browserTest.extend<{ ollama: OllamaStandIn; review: ServerFixture }>({
  ollama: async ({}, use) => {
    const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1, latencyMs: 400 }] });
    try {
      await use(ollama);
    } finally {
      await ollama.close();
    }
  },
  review: async ({ tmp, ollama }, use) => {
    const fixture = await startReviewServer(await copySeededProject(tmp), { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
    try {
      await use(fixture);
    } finally {
      await fixture.server.close();
    }
  },
});

const editorOf = (id: number) => `[data-testid="editor"][data-row-id="${id}"]`;

describe('the editor in Chromium', () => {
  test('Generate shows its progress, then the new caption in the field and in the database', { timeout: 120_000 }, async ({ page, review, ollama }) => {
    await openReviewPage(page, review.server, '#/rows/2');
    await page.waitForSelector(editorOf(2));
    expect(await page.inputValue('[data-testid="field-Caption"]')).toBe('');
    await page.keyboard.press('g');
    await expect.poll(() => page.locator('[data-testid="generate-progress"]').textContent()).toMatch(/asking|checking|waiting/);
    await expect.poll(() => page.inputValue('[data-testid="field-Caption"]'), { timeout: 20_000 }).not.toBe('');
    const row = (await readProjectRows<Row>(review.root)).find((r) => r.id === 2);
    expect(await page.inputValue('[data-testid="field-Caption"]')).toBe(row?.Caption);
    expect(ollama.inferences().length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('[data-testid="ai-Caption"]').textContent()).toContain('unedited');
    await expectAccessible(page, 'editor');
    await saveScreenshot(page, 'editor-generated');
  });

  test('with Ollama down, Generate says why and what to do, and the row keeps its values', { timeout: 120_000 }, async ({ page, tmp }) => {
    const port = await closedPort();
    const review = await startReviewServer(await copySeededProject(tmp), { caption: { hosts: [{ url: `http://127.0.0.1:${port}`, slots: 1 }], unavailableAfterSec: 1 } });
    try {
      const before = (await readProjectRows<Row>(review.root)).find((r) => r.id === 1);
      await openReviewPage(page, review.server, '#/rows/1');
      await page.waitForSelector(editorOf(1));
      await page.keyboard.press('g');
      const error = page.locator('[data-testid="generate-error"]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toContain('OLLAMA_UNREACHABLE');
      expect(await error.textContent()).toContain(`127.0.0.1:${port}`);
      expect((await readProjectRows<Row>(review.root)).find((r) => r.id === 1)).toEqual(before);
    } finally {
      await review.server.close();
    }
  });

  test('fast Next and Back never show one row\'s photo or fields under another row', { timeout: 120_000 }, async ({ page, review }) => {
    const rows = await readProjectRows<Row>(review.root);
    const names = Object.fromEntries(rows.map((r) => [String(r.id), r.File_Name]));
    await openReviewPage(page, review.server, `#/rows/${rows[0]?.id ?? 1}`);
    await page.waitForSelector(editorOf(rows[0]?.id ?? 1));
    // Every DOM change is checked: the editor, its preview, its title and its file-name field always belong to the same
    // row (the address may lead the page by a frame; what matters is that nothing shown mixes two rows).
    await page.evaluate(`(() => {
      const expected = ${JSON.stringify(names)};
      const mismatches = [];
      window.mismatches = mismatches;
      const check = () => {
        const editor = document.querySelector('[data-testid="editor"]');
        if (editor === null) return;
        const id = editor.dataset.rowId;
        const preview = document.querySelector('[data-testid="editor-preview"]')?.dataset.rowId;
        const name = document.querySelector('[data-testid="field-File_Name"]')?.value;
        const title = document.querySelector('[data-testid="editor-title"]')?.textContent;
        if (preview !== id || name !== expected[id] || title !== expected[id]) mismatches.push(\`editor \${id}, preview \${preview}, name \${name}, title \${title}\`);
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    // Keys come faster than rows load: each acts on the row on screen, so where it ends is not fixed; consistency is.
    for (const key of ['j', 'j', 'j', 'k', 'j', 'k', 'k', 'k', 'ArrowRight', 'ArrowRight', 'ArrowLeft']) await page.keyboard.press(key);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction('document.querySelector(\'[data-testid="editor-preview"]\')?.complete === true');
    const shown = await page.getAttribute('[data-testid="editor"]', 'data-row-id');
    expect(Object.keys(names)).toContain(shown);
    expect(await page.getAttribute('[data-testid="editor-preview"]', 'data-row-id')).toBe(shown);
    expect(await page.inputValue('[data-testid="field-File_Name"]')).toBe(names[shown ?? '']);
    expect(await page.evaluate('window.mismatches')).toEqual([]);
    // Slower presses land where the neighbours say: from the first row, Next twice then Back once is the second row.
    await page.evaluate(`window.location.hash = '#/rows/${rows[0]?.id ?? 1}'`);
    await page.waitForSelector(editorOf(rows[0]?.id ?? 1));
    for (const [key, id] of [['ArrowRight', rows[1]?.id], ['ArrowRight', rows[2]?.id], ['ArrowLeft', rows[1]?.id]] as const) {
      await page.keyboard.press(key);
      await page.waitForSelector(editorOf(id ?? 0));
    }
  });

  test('typing in a field never triggers a shortcut; Alt+R puts the AI text back; Ctrl+S saves', { timeout: 120_000 }, async ({ page, review }) => {
    const generated = await review.api('/api/rows/3/generate', { method: 'POST' });
    expect(generated.status).toBe(200);
    const ai = ((await generated.json()) as { row: { Caption: string } }).row.Caption;
    await openReviewPage(page, review.server, '#/rows/3');
    await page.waitForSelector(editorOf(3));
    await page.keyboard.press('e');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('a quiet valley at dawn, explored on foot');
    expect(await page.inputValue('[data-testid="field-Caption"]')).toBe('a quiet valley at dawn, explored on foot');
    expect((await readProjectRows<Row>(review.root)).find((r) => r.id === 3)?.Review_Status).toBe('Pending');
    await page.keyboard.press('Alt+r');
    expect(await page.inputValue('[data-testid="field-Caption"]')).toBe(ai);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('An edited caption that the operator wrote by hand for this photograph.');
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await readProjectRows<Row>(review.root)).find((r) => r.id === 3)?.Caption).toBe('An edited caption that the operator wrote by hand for this photograph.');
    await expect.poll(() => page.locator('[data-testid="save"]').textContent()).toBe('Saved');
    expect(await page.locator('[data-testid="ai-Caption"]').textContent()).toContain(ai);
  });
});
