import { describe, expect, it } from 'vitest';
import { createMemoryIo, type Io } from './io.js';
import { createProgressReporter, formatProgress } from './progress.js';

describe('progress', () => {
  it('shows counts, rate and ETA, with a bar for terminals', () => {
    expect(formatProgress('rows', { done: 10, total: 30 }, 5000)).toBe('10/30 rows  2.0/s  ETA 0:10');
    expect(formatProgress('rows', { done: 30, total: 30 }, 15_000, true)).toBe('[########################] 30/30 rows  2.0/s');
    expect(formatProgress('rows', { done: 6, total: 24 }, 3000, true)).toBe('[######------------------] 6/24 rows  2.0/s  ETA 0:09');
    // Work that moves bytes (publish) also shows MB/s.
    expect(formatProgress('rows', { done: 6, total: 24, bytes: 12 * 1024 ** 2 }, 3000)).toBe('6/24 rows  2.0/s  4.0 MB/s  ETA 0:09');
  });

  it('writes plain lines at most once per interval (and at the end) when not on a terminal', () => {
    const io = createMemoryIo();
    let clock = 0;
    const report = createProgressReporter(io, 'rows', { now: () => clock, intervalMs: 1000 });
    for (let done = 1; done <= 10; done += 1) {
      clock += 300;
      report({ done, total: 10 });
    }
    expect(io.stderr).toEqual(['  1/10 rows  3.3/s  ETA 0:03', '  5/10 rows  3.3/s  ETA 0:02', '  9/10 rows  3.3/s  ETA 0:00', '  10/10 rows  3.3/s']);
  });

  it('redraws one line in place on a terminal', () => {
    const drawn: Array<[string, boolean]> = [];
    const tty: Io = { ...createMemoryIo(), isTty: true, progress: (text, done) => void drawn.push([text, done]) };
    const report = createProgressReporter(tty, 'rows', { now: () => 1000 });
    report({ done: 1, total: 2 });
    report({ done: 2, total: 2 });
    expect(drawn.map(([, done]) => done)).toEqual([false, true]);
    expect(drawn[1]![0]).toMatch(/^\[#+\] 2\/2 rows/);
  });
});
