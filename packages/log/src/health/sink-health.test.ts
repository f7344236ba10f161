import fs from 'node:fs';
import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { SINK_HEALTH_FILE, readSinkHealth, writeSinkHealth, type SinkHealth } from './sink-health.js';

const fileSink: SinkHealth = { name: 'run_log', required: true, alive: true, lines: 12, errors: 0, last_write: '2026-11-22T10:00:00.000Z', last_error: null, gaps: [] };

test('round-trips the recorded health and leaves no temp file', ({ tmp }) => {
  writeSinkHealth(tmp.path, [fileSink]);
  expect(readSinkHealth(tmp.path)).toEqual([fileSink]);
  expect(fs.readdirSync(tmp.path)).toEqual([SINK_HEALTH_FILE]);
});

test('nothing recorded yet is an empty list; a corrupt record is reported, not hidden', ({ tmp }) => {
  expect(readSinkHealth(tmp.path)).toEqual([]);
  tmp.write(SINK_HEALTH_FILE, '{ half');
  expect(readSinkHealth(tmp.path)).toEqual([expect.objectContaining({ alive: false, errors: 1, last_error: expect.stringContaining('not valid JSON') })]);
});
