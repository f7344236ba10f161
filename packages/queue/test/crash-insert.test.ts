import fs from 'node:fs';
import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { createSet, insertSetRows, listReservations, listRows, openQueueDatabase } from '../src/index.js';
import { spawnWorker } from './workers/spawn-worker.js';

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('kill -9 in the middle of a set insert leaves neither rows nor reservations of that set', async ({ tmp }) => {
  const file = tmp.join('queue.db');
  const db = openQueueDatabase(file);
  try {
    const set = createSet(db, { folder: '/photos/crash', subject: 'Crash', location: 'Set', category: 'Test' });
    const marker = tmp.join('paused');
    const worker = spawnWorker('insert-then-hang', [file, String(set.id), '40', '25', marker]);
    try {
      await waitForFile(marker, 15_000);
      // The worker holds the write transaction with 26 rows inserted; none is visible to others.
      expect(listRows(db, { setId: set.id })).toEqual([]);
      worker.child.kill('SIGKILL');
      const exit = await worker.done;
      expect(exit.signal).toBe('SIGKILL');
    } finally {
      worker.child.kill('SIGKILL');
    }
    const after = openQueueDatabase(file);
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(listRows(after, { setId: set.id })).toEqual([]);
      expect(listReservations(after)).toEqual([]);
      // Nothing leaked: the set can be inserted again and its names start at 001.
      const rows = insertSetRows(after, { setId: set.id, runId: null, rows: [{ values: { Original_File_Name: 'IMG_0.JPG' }, name: { prefix: 'Crash_Set', extension: '.JPG' } }] });
      expect(rows.map((r) => r.File_Name)).toEqual(['Crash_Set_001.JPG']);
    } finally {
      after.close();
    }
  } finally {
    db.close();
  }
});
