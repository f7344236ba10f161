import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { expect } from 'vitest';
import { systemClock } from '@proofsheet/core';
import { test } from '@proofsheet/testkit';
import { createSinkMonitor } from '../health/sink-monitor.js';
import { openFileSink } from './file-sink.js';

/** Mounts a tiny tmpfs at `dir` (root only), so writes can be made to fail with ENOSPC. */
function mountTinyFs(dir: string): (() => void) | null {
  fs.mkdirSync(dir, { recursive: true });
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return null;
  return () => {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  };
}

function fill(file: string): void {
  const block = Buffer.alloc(4096, 120);
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, block);
  } catch {
    // full
  } finally {
    fs.closeSync(fd);
  }
}

test('a write failure at runtime marks the sink down, counts lost lines, retries with backoff and records the gap', async ({ tmp, skip }) => {
  const dir = tmp.join('tiny');
  const unmount = mountTinyFs(dir);
  if (!unmount) return skip('mount is not permitted here');
  const cleanups: Array<() => void> = [];
  try {
    const monitor = createSinkMonitor({ name: 'run_log', required: true, clock: systemClock });
    const sink = openFileSink({ file: `${dir}/run.log`, monitor, retry: { initialMs: 30, maxMs: 60 } });
    cleanups.push(() => sink.close());
    sink.write('first\n');
    fill(`${dir}/filler`);
    sink.write(`${'x'.repeat(8192)}\n`);
    expect(monitor.toHealth()).toMatchObject({ alive: false, lines: 1, errors: 1, last_error: expect.stringContaining('ENOSPC') });
    sink.write('lost while waiting\n');
    fs.rmSync(`${dir}/filler`);
    await new Promise((resolve) => setTimeout(resolve, 80));
    sink.write('after recovery\n');
    sink.close();
    const health = monitor.toHealth();
    expect(health).toMatchObject({ alive: true, lines: 2, gaps: [{ from: expect.any(String), to: expect.any(String), lost: 2 }] });
    expect(fs.readFileSync(`${dir}/run.log`, 'utf8')).toMatch(/^first\n(x*\n?)?after recovery\n$/);
  } finally {
    cleanups.forEach((cleanup) => cleanup());
    unmount();
  }
});
