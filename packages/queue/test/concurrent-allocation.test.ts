import fs from 'node:fs';
import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { listReservations, openQueueDatabase } from '../src/index.js';
import { spawnWorker, type Worker } from './workers/spawn-worker.js';

const PREFIX = 'Grey_Heron_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025';

/** Resolves once every file in `files` exists; rejects if a worker ends first (it can no longer signal). */
async function waitForReady(files: readonly string[], workers: readonly Worker[]): Promise<void> {
  let ended: string | null = null;
  for (const w of workers) void w.done.then((r) => (ended ??= `a worker ended before it was ready: ${JSON.stringify(r)}`));
  while (!files.every((f) => fs.existsSync(f))) {
    if (ended) throw new Error(ended);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('two processes allocating 500 names each for one prefix at once get 1,000 distinct names, 001–1000, no error', { timeout: 120_000 }, async ({ tmp }) => {
  const file = tmp.join('queue.db');
  openQueueDatabase(file).close();
  const start = tmp.join('start');
  const ready = [tmp.join('ready-1'), tmp.join('ready-2')];
  // Each worker signals once its database is open; only then do both get the start signal, so they
  // really run side by side however slowly either one starts up.
  const workers = ready.map((r) => spawnWorker('allocate-names', [file, PREFIX, '500', r, start, '1'], 90_000));
  try {
    await waitForReady(ready, workers);
    fs.writeFileSync(start, 'go');
    const results = await Promise.all(workers.map((w) => w.done));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    const [a, b] = results.map((r) => JSON.parse(r.stdout) as string[]) as [string[], string[]];
    expect(a).toHaveLength(500);
    expect(b).toHaveLength(500);
    const all = [...a, ...b];
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(1000);
    const seqs = all.map((n) => Number(/_(\d+)\.JPG$/.exec(n)?.[1])).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Each process's own names rise strictly (never a gap refilled) and the two really interleaved.
    for (const names of [a, b]) {
      const own = names.map((n) => Number(/_(\d+)\.JPG$/.exec(n)?.[1]));
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
    const seqOf = (n: string): number => Number(/_(\d+)\.JPG$/.exec(n)?.[1]);
    expect(seqOf(a[0] as string) < seqOf(b.at(-1) as string) && seqOf(b[0] as string) < seqOf(a.at(-1) as string)).toBe(true);
    const db = openQueueDatabase(file);
    try {
      expect(listReservations(db, { prefix: PREFIX })).toHaveLength(1000);
    } finally {
      db.close();
    }
  } finally {
    for (const w of workers) w.child.kill('SIGKILL');
  }
});
