import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

type Event = { type: string; summary?: { published: number; failed: number; rows: Array<{ id: number; status: string }> }; exit_code?: number | null; line?: string };

/** Reads the server-sent events of the publish until its `end` event. */
async function readEvents(review: ServerFixture): Promise<Event[]> {
  const response = await review.api('/api/publish/events');
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Event);
}

test('publish: approved rows are published by a CLI child process, followed live over server-sent events', { timeout: 180_000 }, async ({ review }) => {
  for (const id of [1, 2]) {
    const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
    expect((await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, Caption: `Cumbres al amanecer ${id}.`, alt_text: 'Montañas verdes', Keywords: 'montaña, niebla' } })).status).toBe(200);
  }
  expect(await (await review.api('/api/rows/decision', { method: 'POST', json: { ids: [1, 2], decision: 'approve' } })).json()).toMatchObject({ updated: 2 });
  const started = await review.api('/api/publish', { method: 'POST', json: {} });
  expect(started.status).toBe(202);
  expect((await review.api('/api/publish', { method: 'POST', json: {} })).status).toBe(409);
  const events = await readEvents(review);
  expect(events[0]?.type).toBe('start');
  expect(events.at(-1)).toMatchObject({ type: 'end', exit_code: 0 });
  const summary = events.find((e) => e.type === 'summary')?.summary;
  expect(summary).toMatchObject({ published: 2, failed: 0 });
  expect(summary?.rows.map((r) => [r.id, r.status])).toEqual([
    [1, 'published'],
    [2, 'published'],
  ]);
  const rows = (await (await review.api('/api/rows?status=Published')).json()) as { total: number };
  expect(rows.total).toBe(2);
  expect(fs.readdirSync(path.join(review.root, 'data/site'), { recursive: true }).length).toBeGreaterThanOrEqual(4);
  const replay = await readEvents(review);
  expect(replay.map((e) => e.type)).toEqual(events.map((e) => e.type));
});
