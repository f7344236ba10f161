import fs from 'node:fs';
import { afterAll, expect } from 'vitest';
import { SAMPLES, removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

type RunJson = { id: string; status: string; trigger: string; counts: Record<string, number> | null; stage_results: Record<string, unknown>; stages: Array<{ stage: string }> };

async function waitForRuns(review: ServerFixture, count: number, timeoutMs: number): Promise<RunJson[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = (await (await review.api('/api/runs')).json()) as RunJson[];
    if (runs.length >= count && runs.every((r) => r.status !== 'running')) return runs;
    if (Date.now() > deadline) throw new Error(`runs still running: ${JSON.stringify(runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('sets: every problem of a folder is reported at once and nothing is written; a good folder is added', { timeout: 60_000 }, async ({ review, tmp }) => {
  const empty = tmp.join('empty');
  fs.mkdirSync(empty);
  const bad = await review.api('/api/sets', { method: 'POST', json: { folder: empty, subject: ' ', location: '!!!', category: 'Landscapes' } });
  expect(bad.status).toBe(422);
  const error = ((await bad.json()) as { error: { code: string; details: Array<{ field: string }> } }).error;
  expect(error.code).toBe('SET_INVALID');
  expect(error.details.map((d) => d.field).sort()).toEqual(['files', 'location', 'subject']);
  expect(((await (await review.api('/api/sets')).json()) as unknown[]).length).toBe(1);
  expect((await review.api('/api/sets', { method: 'POST', json: { folder: 'relative/path', subject: 'A', location: 'B', category: 'C' } })).status).toBe(422);
  const added = await review.api('/api/sets', { method: 'POST', json: { folder: SAMPLES, subject: 'Cumbres', location: 'Gipuzkoa', category: 'Mountains' } });
  expect(added.status).toBe(201);
  expect(await added.json()).toMatchObject({ set_id: 2, files: 4 });
  expect(((await (await review.api('/api/sets')).json()) as Array<{ id: number; status: string }>).map((s) => [s.id, s.status])).toEqual([
    [1, 'ingested'],
    [2, 'pending'],
  ]);
});

test('runs: a batch starts as a CLI child process, finishes with per-stage results, and its log can be read', { timeout: 120_000 }, async ({ review }) => {
  const before = (await (await review.api('/api/runs')).json()) as RunJson[];
  expect(before).toHaveLength(1);
  expect(before[0]?.stages.map((s) => s.stage)).toEqual(['stage', 'exif-name', 'insert', 'quality', 'derive', 'caption']);
  expect(before[0]?.stages.find((s) => s.stage === 'quality')).toMatchObject({ pending: 4, processed: 4, elapsed_ms: expect.any(Number) });
  const copy = review.root.replace(/project$/, 'photos');
  fs.cpSync(SAMPLES, copy, { recursive: true });
  fs.copyFileSync(`${copy}/sunset.jpg`, `${copy}/sunset-2.jpg`);
  fs.writeFileSync(`${copy}/sunset-2.jpg`, Buffer.concat([fs.readFileSync(`${copy}/sunset-2.jpg`), Buffer.from('different bytes')]));
  const added = (await (await review.api('/api/sets', { method: 'POST', json: { folder: copy, subject: 'Costa', location: 'Bizkaia', category: 'Sea' } })).json()) as { set_id: number };
  const started = await review.api('/api/runs', { method: 'POST', json: { sets: [added.set_id], caption: false } });
  expect(started.status).toBe(202);
  expect(await started.json()).toMatchObject({ pid: expect.any(Number), args: ['run', '--set', String(added.set_id), '--no-caption'] });
  const runs = await waitForRuns(review, 2, 90_000);
  const latest = runs.find((r) => r.id !== before[0]?.id) as RunJson;
  expect(latest).toMatchObject({ status: 'completed', trigger: 'cli' });
  expect(latest.counts).toMatchObject({ files: 5, duplicates: 4, queued: 1 });
  const log = (await (await review.api(`/api/runs/${latest.id}/log?lines=5`)).json()) as { lines: string[] };
  expect(log.lines.length).toBeGreaterThan(0);
  expect(log.lines.length).toBeLessThanOrEqual(5);
  expect((await review.api('/api/runs/run_20200101_000000_cli/log')).status).toBe(404);
  expect((await review.api('/api/runs/..%2F..%2Fetc/log')).status).toBe(400);
  const triage = await review.api(`/api/runs/${latest.id}/errors`);
  expect(triage.status).toBe(200);
  expect(await triage.json()).toMatchObject({ run_id: latest.id, status: 'completed', log_files: [`logs/runs/${latest.id}/trace.jsonl`], errors: expect.any(Array), error_summary: expect.any(String) });
  expect((await review.api('/api/runs/run_20200101_000000_cli/errors')).status).toBe(404);
  const stream = await review.api(`/api/runs/${latest.id}/events`);
  expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events = (await stream.text()).split('\n\n').filter((b) => b.startsWith('event: trace')).map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as { event?: string; stage?: string });
  expect(events[0]?.event).toBe('run_start');
  expect(events.at(-1)?.event).toBe('run_end');
  expect(events.filter((e) => e.event === 'stage_complete').map((e) => e.stage)).toEqual(expect.arrayContaining(['stage', 'quality', 'derive', 'caption']));
  expect(events.some((e) => e.event === 'row_stage_finished')).toBe(false);
  const rows = (await (await review.api(`/api/rows?set=${added.set_id}`)).json()) as { total: number };
  expect(rows.total).toBeGreaterThanOrEqual(1);
});
