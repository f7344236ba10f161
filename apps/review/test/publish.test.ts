import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

type Event = {
  type: string;
  summary?: { published: number; failed: number; skipped: number; rows: Array<{ id: number; status: string }> };
  exit_code?: number | null;
  line?: string;
  id?: number;
  status?: string;
  File_Name?: string | null;
  reason?: string;
  catalog_id?: number | null;
};

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

test('publish: approved rows are published by a CLI child process, followed live over server-sent events, one row event per row', { timeout: 180_000 }, async ({ review }) => {
  for (const id of [1, 2]) {
    const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
    expect((await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, Caption: `Cumbres al amanecer ${id}.`, alt_text: 'Montañas verdes', Keywords: 'montaña, niebla' } })).status).toBe(200);
  }
  expect(await (await review.api('/api/rows/decision', { method: 'POST', json: { ids: [1, 2], decision: 'approve' } })).json()).toMatchObject({ updated: 2 });
  // Row 3 is not approved: it is reported as skipped.
  const started = await review.api('/api/publish', { method: 'POST', json: { rows: [1, 2, 3] } });
  expect(started.status).toBe(202);
  expect((await review.api('/api/publish', { method: 'POST', json: {} })).status).toBe(409);
  const events = await readEvents(review);
  expect(events[0]?.type).toBe('start');
  expect(events.at(-1)).toMatchObject({ type: 'end', exit_code: 0 });
  const summary = events.find((e) => e.type === 'summary')?.summary;
  expect(summary).toMatchObject({ published: 2, failed: 0, skipped: 1 });
  expect(summary?.rows.map((r) => [r.id, r.status])).toEqual([
    [1, 'published'],
    [2, 'published'],
    [3, 'skipped'],
  ]);
  // Each row's result arrives as a structured event before the summary, never as a raw line.
  const rowEvents = events.filter((e) => e.type === 'row');
  expect(rowEvents.map((e) => [e.id, e.status]).sort()).toEqual([
    [1, 'published'],
    [2, 'published'],
    [3, 'skipped'],
  ]);
  expect(rowEvents[0]).toMatchObject({ id: 3, status: 'skipped', reason: 'row is Pending, not Approved', catalog_id: null });
  const published = rowEvents.find((e) => e.id === 1);
  expect(published?.File_Name).toMatch(/\.JPG$/);
  expect(typeof published?.catalog_id).toBe('number');
  expect(events.findIndex((e) => e.type === 'row' && e.id === 2)).toBeLessThan(events.findIndex((e) => e.type === 'summary'));
  expect(events.filter((e) => e.type === 'progress').some((e) => (e.line ?? '').includes('"type"'))).toBe(false);
  const rows = (await (await review.api('/api/rows?status=Published')).json()) as { total: number };
  expect(rows.total).toBe(2);
  expect(fs.readdirSync(path.join(review.root, 'data/site'), { recursive: true }).length).toBeGreaterThanOrEqual(4);
  const replay = await readEvents(review);
  expect(replay.map((e) => e.type)).toEqual(events.map((e) => e.type));
});
