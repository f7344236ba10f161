import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createOllamaStandIn } from '@proofsheet/testkit';
import { afterAll, expect } from 'vitest';
import { copySeededProject, removeTemplate, startReviewServer, test } from './helpers.js';

afterAll(removeTemplate);

/** A local port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type DetailJson = { row: Record<string, unknown>; ai_values: Record<string, { ai: string | null; current: string | null }> };

test('Generate with Ollama down answers 503 with the reason and changes nothing', { timeout: 60_000 }, async ({ tmp }) => {
  const root = await copySeededProject(tmp);
  const port = await closedPort();
  const review = await startReviewServer(root, { caption: { hosts: [{ url: `http://127.0.0.1:${port}`, slots: 1 }], unavailableAfterSec: 1 } });
  try {
    const before = (await (await review.api('/api/rows/1')).json()) as DetailJson;
    const response = await review.api('/api/rows/1/generate', { method: 'POST' });
    expect(response.status, fs.readFileSync(path.join(root, 'logs/review.log'), 'utf8').slice(-1500)).toBe(503);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('OLLAMA_UNREACHABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(((await (await review.api('/api/rows/1')).json()) as DetailJson).row).toEqual(before.row);
  } finally {
    await review.server.close();
  }
});

test('Generate captions one row again with the caption step; the new text becomes its AI value', { timeout: 60_000 }, async ({ tmp }) => {
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1 }] });
  const root = await copySeededProject(tmp);
  const review = await startReviewServer(root, { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
  try {
    const response = await review.api('/api/rows/2/generate', { method: 'POST' });
    const body = (await response.json()) as { status: string; changed: string[]; row: Record<string, unknown> };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.changed).toEqual(expect.arrayContaining(['Caption', 'alt_text', 'Keywords']));
    expect(typeof body.row.Caption).toBe('string');
    expect(ollama.inferences().length).toBeGreaterThanOrEqual(1);
    const detail = (await (await review.api('/api/rows/2')).json()) as DetailJson;
    expect(detail.ai_values.Caption?.ai).toBe(body.row.Caption);
    expect((await review.api('/api/rows/999/generate', { method: 'POST' })).status).toBe(404);
  } finally {
    await review.server.close();
    await ollama.close();
  }
});
