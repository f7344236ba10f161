import path from 'node:path';
import { openQueueDatabase } from '@proofsheet/queue';
import { afterAll, expect } from 'vitest';
import { copySeededProject, removeTemplate, startReviewServer, test } from './helpers.js';

afterAll(removeTemplate);

test('while the CLI holds the write lock, reads go on and a write answers 503 DB_BUSY; after it, the write succeeds', { timeout: 60_000 }, async ({ tmp }) => {
  const root = await copySeededProject(tmp);
  const review = await startReviewServer(root, undefined, 100);
  const cli = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
  try {
    const { version } = (await (await review.api('/api/rows/1')).json()) as { version: number };
    cli.prepare('BEGIN IMMEDIATE').run();
    expect((await review.api('/api/rows?status=Pending')).status).toBe(200);
    const busy = await review.api('/api/rows/1', { method: 'PATCH', json: { version, Caption: 'while locked' } });
    expect(busy.status).toBe(503);
    expect(await busy.json()).toMatchObject({ error: { code: 'DB_BUSY', hint: expect.stringContaining('try again') } });
    const decision = await review.api('/api/rows/1/decision', { method: 'POST', json: { decision: 'approve' } });
    expect(decision.status).toBe(503);
    cli.prepare('ROLLBACK').run();
    expect((await review.api('/api/rows/1', { method: 'PATCH', json: { version, Caption: 'after the lock' } })).status).toBe(200);
  } finally {
    cli.close();
    await review.server.close();
  }
});
