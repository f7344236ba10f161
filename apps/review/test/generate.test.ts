import fs from 'node:fs';
import path from 'node:path';
import { closedPort, createOllamaStandIn } from '@proofsheet/testkit';
import { afterAll, expect } from 'vitest';
import { copySeededProject, removeTemplate, startReviewServer, test } from './helpers.js';

afterAll(removeTemplate);

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

type SseEvent = { event: string; data: unknown };

/** Reads server-sent events from `response` until the stream ends or `until` says stop (the connection stays open). */
async function readEvents(response: Response, until?: (event: SseEvent) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === undefined || data === undefined) continue;
      events.push({ event, data: JSON.parse(data) as unknown });
      if (until?.(events.at(-1)!)) {
        reader.releaseLock();
        return events;
      }
    }
  }
}

const STREAM = { method: 'POST', headers: { accept: 'text/event-stream' } } as const;

test('Generate with Accept: text/event-stream sends the caption step as it proceeds, then one done with the JSON answer', { timeout: 60_000 }, async ({ tmp }) => {
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1 }] });
  // The first caption request breaks a guardrail: the step retries with feedback.
  ollama.script({ match: (request) => request.images.length > 0, times: 1, behaviour: { kind: 'break', rule: 'caption_too_short' } });
  const root = await copySeededProject(tmp);
  const review = await startReviewServer(root, { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
  try {
    const response = await review.api('/api/rows/2/generate', STREAM);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { phase: string; model: string; host?: string; attempt?: number; outcome?: string; reasons?: string[] });
    expect(progress.map((p) => p.phase)).toEqual(['checking', 'waiting', 'sending', 'answer', 'retry', 'waiting', 'sending', 'answer']);
    expect(progress[2]).toEqual({ phase: 'sending', model: 'qwen2.5vl:7b', host: ollama.url, attempt: 1 });
    expect(progress[3]).toMatchObject({ phase: 'answer', attempt: 1, outcome: 'rejected', reasons: expect.arrayContaining(['caption_too_short']) });
    expect(progress[4]).toMatchObject({ phase: 'retry', attempt: 2 });
    expect(progress[7]).toMatchObject({ phase: 'answer', attempt: 2, outcome: 'accepted', reasons: [] });
    expect(events.filter((e) => e.event !== 'progress').map((e) => e.event)).toEqual(['done']);
    expect(events.at(-1)?.event).toBe('done');
    const done = events.at(-1)!.data as { id: number; status: string; changed: string[]; row: Record<string, unknown> };
    expect(done).toMatchObject({ id: 2, status: 'Pending' });
    expect(done.changed).toEqual(expect.arrayContaining(['Caption', 'alt_text', 'Keywords']));
    const detail = (await (await review.api('/api/rows/2')).json()) as DetailJson;
    expect(detail.row.Caption).toBe(done.row.Caption);
    expect(detail.ai_values.Caption?.ai).toBe(done.row.Caption);
  } finally {
    await review.server.close();
    await ollama.close();
  }
});

test('Generate as a stream with Ollama down or without the model ends with one error event that says what to do', { timeout: 60_000 }, async ({ tmp }) => {
  const ollama = await createOllamaStandIn({ models: [{ name: 'llava:7b', parallel: 1 }] });
  const root = await copySeededProject(tmp);
  const port = await closedPort();
  const down = await startReviewServer(root, { caption: { hosts: [{ url: `http://127.0.0.1:${port}`, slots: 1 }], unavailableAfterSec: 1 } });
  try {
    const before = (await (await down.api('/api/rows/1')).json()) as DetailJson;
    const response = await down.api('/api/rows/1/generate', STREAM);
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    expect(events.map((e) => e.event)).toEqual(['progress', 'error']);
    const error = (events[1]!.data as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('OLLAMA_UNREACHABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.hint).toContain('start Ollama');
    expect(((await (await down.api('/api/rows/1')).json()) as DetailJson).row).toEqual(before.row);
    expect((await down.api('/api/rows/999/generate', STREAM)).status).toBe(404);
  } finally {
    await down.server.close();
  }
  const missing = await startReviewServer(root, { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
  try {
    const events = await readEvents(await missing.api('/api/rows/1/generate', STREAM));
    expect(events.at(-1)?.event).toBe('error');
    expect((events.at(-1)!.data as { error: { code: string; message: string } }).error).toMatchObject({ code: 'OLLAMA_UNREACHABLE', message: expect.stringContaining('ollama pull qwen2.5vl:7b') });
  } finally {
    await missing.server.close();
    await ollama.close();
  }
});

test('a client that leaves a Generate stream mid-way aborts the request to Ollama, changes nothing and leaves the server working', { timeout: 60_000 }, async ({ tmp }) => {
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1 }] });
  ollama.script({ match: (request) => request.images.length > 0, times: 1, behaviour: { kind: 'hang' } });
  const root = await copySeededProject(tmp);
  const review = await startReviewServer(root, { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
  try {
    const before = (await (await review.api('/api/rows/3')).json()) as DetailJson;
    const leave = new AbortController();
    const response = await review.api('/api/rows/3/generate', { ...STREAM, signal: leave.signal });
    const events = await readEvents(response, (e) => (e.data as { phase?: string }).phase === 'sending');
    expect(events.at(-1)?.data).toMatchObject({ phase: 'sending', attempt: 1 });
    await expect.poll(() => ollama.inferences().find((r) => r.inference?.images.length), { timeout: 10_000 }).toBeDefined();
    const hanging = ollama.inferences().find((r) => r.inference?.images.length)!;
    expect(hanging.finishedAt).toBeUndefined();
    leave.abort();
    await expect.poll(() => hanging.finishedAt, { timeout: 10_000 }).toBeDefined();
    expect(((await (await review.api('/api/rows/3')).json()) as DetailJson).row).toEqual(before.row);
    const again = await review.api('/api/rows/3/generate', { method: 'POST' });
    expect(again.status).toBe(200);
  } finally {
    await review.server.close();
    await ollama.close();
  }
});
