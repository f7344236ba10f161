import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.js';
import { runRowFlow, type FlowStage } from './row-flow.js';

type Row = { id: number; start?: number };

/** A stage that records enter/leave events and the most rows it ever held at once. */
function recordingStage(name: FlowStage<Row>['name'], concurrency: number, ms: number, log: string[], decide?: (row: Row) => boolean) {
  let inFlight = 0;
  const stage: FlowStage<Row> & { maxInFlight: number } = {
    name,
    concurrency,
    maxInFlight: 0,
    async handle(row) {
      inFlight += 1;
      stage.maxInFlight = Math.max(stage.maxInFlight, inFlight);
      log.push(`${name}:${row.id}:in`);
      await sleep(ms);
      log.push(`${name}:${row.id}:out`);
      inFlight -= 1;
      return decide && !decide(row) ? { next: false, reason: `stop ${row.id}` } : { next: true };
    },
  };
  return stage;
}

const rows = (n: number): Row[] => Array.from({ length: n }, (_, id) => ({ id }));

describe('runRowFlow', () => {
  it('pipelines rows: a row reaches the last stage while later rows are still in the first', async () => {
    const log: string[] = [];
    const quality = recordingStage('quality', 1, 10, log);
    const derive = recordingStage('derive', 2, 5, log);
    const caption = recordingStage('caption', 2, 5, log);
    const settled = await runRowFlow({ rows: rows(6), stages: [quality, derive, caption], startIndex: () => 0 });
    expect(settled.map((s) => s.kind)).toEqual(Array(6).fill('completed'));
    expect(log.indexOf('caption:0:in')).toBeLessThan(log.indexOf('quality:5:out'));
    expect(log.filter((e) => e.endsWith(':in'))).toHaveLength(18);
  });

  it('never admits more rows into a stage than its concurrency, and does use all of it', async () => {
    const log: string[] = [];
    const quality = recordingStage('quality', 3, 5, log);
    const caption = recordingStage('caption', 2, 5, log);
    await runRowFlow({ rows: rows(10), stages: [quality, caption], startIndex: () => 0 });
    expect(quality.maxInFlight).toBe(3);
    expect(caption.maxInFlight).toBe(2);
  });

  it('starts each row at its checkpoint', async () => {
    const log: string[] = [];
    const stages = [recordingStage('quality', 1, 1, log), recordingStage('derive', 1, 1, log), recordingStage('caption', 1, 1, log)];
    await runRowFlow({ rows: [{ id: 0, start: 2 }, { id: 1, start: 3 }, { id: 2, start: 0 }], stages, startIndex: (r) => r.start ?? 0 });
    expect(log.filter((e) => e.endsWith(':in')).sort()).toEqual(['caption:0:in', 'caption:2:in', 'derive:2:in', 'quality:2:in']);
  });

  it('reports stopped rows with their stage and lets the others finish', async () => {
    const log: string[] = [];
    const quality = recordingStage('quality', 2, 1, log, (row) => row.id !== 1);
    const derive = recordingStage('derive', 1, 1, log);
    const settled = await runRowFlow({ rows: rows(4), stages: [quality, derive], startIndex: () => 0 });
    expect(settled.map((s) => (s.kind === 'completed' ? 'completed' : `${s.kind}@${s.stage}`))).toEqual(['completed', 'stopped@quality', 'completed', 'completed']);
  });

  it('a stage that throws halts the flow: rows in a stage finish it, no row enters another, the rest are interrupted', async () => {
    const log: string[] = [];
    const quality = recordingStage('quality', 2, 20, log);
    const derive: FlowStage<Row> = {
      name: 'derive',
      concurrency: 1,
      async handle(row) {
        log.push(`derive:${row.id}:in`);
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const settled = await runRowFlow({ rows: rows(8), stages: [quality, derive], startIndex: () => 0 });
    const kinds = settled.map((s) => (s.kind === 'completed' ? 'completed' : `${s.kind}@${s.stage}`));
    // Row 0 reaches derive first and fails; row 1 was in quality alongside it and finishes it.
    expect(kinds[0]).toBe('failed@derive');
    expect(kinds.filter((k) => k.startsWith('failed'))).toHaveLength(1);
    expect(log.filter((e) => e.startsWith('derive:'))).toEqual(['derive:0:in']);
    // Rows 4-7 could only enter quality 20 ms after the failure: none did.
    expect(log.filter((e) => e.startsWith('quality:') && e.endsWith(':in')).length).toBeLessThanOrEqual(4);
    expect(log.filter((e) => e.endsWith(':in')).length).toBe(log.filter((e) => e.endsWith(':out')).length + 1);
    expect(kinds.slice(1).every((k) => k.startsWith('interrupted@'))).toBe(true);
  });

  it('on a graceful stop, rows in a stage finish it and no row enters another stage', async () => {
    const log: string[] = [];
    const stop = new AbortController();
    const quality = recordingStage('quality', 2, 20, log);
    const caption = recordingStage('caption', 2, 1, log);
    const pending = runRowFlow({ rows: rows(6), stages: [quality, caption], startIndex: () => 0, stop: stop.signal });
    await sleep(5);
    stop.abort();
    const settled = await pending;
    expect(log).toEqual(['quality:0:in', 'quality:1:in', 'quality:0:out', 'quality:1:out']);
    expect(settled.map((s) => (s.kind === 'interrupted' ? `interrupted@${s.stage}` : s.kind))).toEqual([
      'interrupted@caption',
      'interrupted@caption',
      'interrupted@quality',
      'interrupted@quality',
      'interrupted@quality',
      'interrupted@quality',
    ]);
  });
});

describe('createLimiter', () => {
  it('serves waiters in order and refuses a bad limit', async () => {
    const limiter = createLimiter(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.run(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.active).toBe(0);
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
