import fs from 'node:fs';
import path from 'node:path';
import { createRun, finishRun, openQueueDatabase } from '@proofsheet/queue';
import { afterAll, expect } from 'vitest';
import { removeTemplate, test } from './helpers.js';

afterAll(removeTemplate);

const line = (event: Record<string, unknown>): string => `${JSON.stringify({ level: 'info', time: new Date().toISOString(), ...event })}\n`;

test('run events follow a live run: events appended while the stream is open arrive, and run_end closes it', { timeout: 60_000 }, async ({ review }) => {
  // This test process plays the CLI: a live run (owned by this pid) writing its trace.
  const db = openQueueDatabase(path.join(review.root, 'data/proofsheet.db'));
  const run = createRun(db, { trigger: 'cli' });
  const trace = path.join(review.root, 'logs/runs', run.id, 'trace.jsonl');
  fs.mkdirSync(path.dirname(trace), { recursive: true });
  fs.writeFileSync(trace, line({ run_id: run.id, event: 'run_start' }) + line({ run_id: run.id, stage: 'quality', event: 'stage_start', stage_number: 5, pending: 2 }));
  try {
    const response = await review.api(`/api/runs/${run.id}/events`);
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    const received: string[] = [];
    const readUntil = async (needle: string): Promise<void> => {
      while (!received.join('').includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${received.join('')}`);
        received.push(value);
      }
    };
    await readUntil('"stage_start"');
    fs.appendFileSync(trace, line({ run_id: run.id, stage: 'quality', event: 'stage_progress', done: 1, total: 2 }) + line({ run_id: run.id, stage: 'quality', event: 'row_stage_finished', outcome: 'done', row_id: 1 }));
    await readUntil('"stage_progress"');
    finishRun(db, run.id, { status: 'completed' });
    fs.appendFileSync(trace, line({ run_id: run.id, event: 'run_end', status: 'completed' }));
    await readUntil('event: end');
    const events = received.join('').split('\n\n').filter((b) => b.startsWith('event: trace')).map((b) => (JSON.parse(b.slice(b.indexOf('data: ') + 6)) as { event: string }).event);
    expect(events).toEqual(['run_start', 'stage_start', 'stage_progress', 'run_end']);
  } finally {
    db.close();
  }
});
