import { createOllamaStandIn } from '@proofsheet/testkit';
import { afterAll, expect } from 'vitest';
import { copySeededProject, listRowIds, removeTemplate, startReviewServer, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

type Stats = {
  decisions: number;
  reviewed_rows: number;
  per_hour: Array<{ hour: string; decisions: number; approved: number }>;
  seconds_per_row: { median: number | null; samples: number; break_after_sec: number };
  ai_acceptance: Array<{ field: string; approved: number; unedited: number; share: number | null }>;
  ai_acceptance_by_model: Array<{ field: string; model: string | null; prompt_hash: string | null; approved: number; unedited: number; share: number | null }>;
};

async function edit(review: ServerFixture, id: number, fields: Record<string, string>): Promise<void> {
  const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
  const response = await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, ...fields } });
  expect(response.status, await response.clone().text()).toBe(200);
}

test('GET /api/stats: decisions per hour, time per row and the share of AI text approved unedited, per field and per model', { timeout: 90_000 }, async ({ tmp }) => {
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1 }] });
  const review = await startReviewServer(await copySeededProject(tmp), { caption: { hosts: [{ url: ollama.url, slots: 1 }] } });
  try {
    const ids = (await listRowIds(review)).slice(0, 4);
    expect(ids).toHaveLength(4);
    const empty = (await (await review.api('/api/stats')).json()) as Stats;
    expect(empty).toMatchObject({ decisions: 0, reviewed_rows: 0, per_hour: [], seconds_per_row: { median: null, samples: 0, break_after_sec: 600 } });
    // The pipeline's caption step writes the AI text of every row.
    for (const id of ids) expect((await review.api(`/api/rows/${id}/generate`, { method: 'POST' })).status).toBe(200);
    const [a, b, c, d] = ids as [number, number, number, number];
    await edit(review, b, { Caption: 'A reviewer wrote this caption about the mountain ridge at dusk.' });
    await edit(review, c, { Keywords: 'mountains, ridge, dusk, landscape, valley' });
    await edit(review, d, { alt_text: 'Snow on a mountain ridge under a pale evening sky, seen from the valley.', Caption: 'Another caption the reviewer preferred over the drafted one here.' });
    for (const id of ids) expect((await review.api(`/api/rows/${id}/decision`, { method: 'POST', json: { decision: 'approve' } })).status).toBe(200);
    // A row sent back to Pending is no longer approved: it leaves the shares but stays a decision.
    expect((await review.api(`/api/rows/${a}/decision`, { method: 'POST', json: { decision: 'pending' } })).status).toBe(200);
    expect((await review.api(`/api/rows/${a}/decision`, { method: 'POST', json: { decision: 'approve' } })).status).toBe(200);

    const response = await review.api('/api/stats');
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Stats;
    expect(stats.decisions).toBe(6);
    expect(stats.reviewed_rows).toBe(4);
    expect(stats.per_hour.reduce((sum, h) => sum + h.decisions, 0)).toBe(6);
    expect(stats.per_hour.reduce((sum, h) => sum + h.approved, 0)).toBe(5);
    expect(stats.seconds_per_row.samples).toBe(5);
    expect(stats.seconds_per_row.median).toBeLessThan(60);
    expect(stats.ai_acceptance).toEqual([
      { field: 'Caption', approved: 4, unedited: 2, share: 0.5 },
      { field: 'alt_text', approved: 4, unedited: 3, share: 0.75 },
      { field: 'Keywords', approved: 4, unedited: 3, share: 0.75 },
    ]);
    const caption = stats.ai_acceptance_by_model.filter((g) => g.field === 'Caption');
    expect(caption).toHaveLength(1);
    expect(caption[0]).toMatchObject({ model: 'qwen2.5vl:7b', prompt_hash: expect.stringMatching(/^[0-9a-f]{8,}$/), approved: 4, unedited: 2, share: 0.5 });

    const future = (await (await review.api('/api/stats?since=2999-01-01')).json()) as Stats;
    expect(future.decisions).toBe(0);
    expect((await review.api('/api/stats?since=yesterday')).status).toBe(400);
    expect((await review.api('/api/stats?since=2026-13-45')).status).toBe(400);
  } finally {
    await review.server.close();
    await ollama.close();
  }
});
