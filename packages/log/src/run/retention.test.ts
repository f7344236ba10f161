import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { pruneLogs, writePreflightReport } from './retention.js';

test('keepRuns keeps the newest run folders and preflight reports, and never an unresolved run', ({ tmp }) => {
  const runs = ['run_20260101_000000_cli', 'run_20260102_000000_cli', 'run_20260103_000000_cli', 'run_20260104_000000_resume', 'run_20260105_000000_cli'];
  for (const id of runs) {
    fs.mkdirSync(tmp.join('logs/runs', id), { recursive: true });
    fs.writeFileSync(tmp.join('logs/runs', id, 'run.log'), 'x');
  }
  for (let day = 1; day <= 4; day += 1) writePreflightReport(tmp.join('logs'), { ok: true }, new Date(Date.UTC(2026, 0, day)));

  // The oldest run still has rows waiting: its log stays although it is beyond keepRuns.
  const pruned = pruneLogs(tmp.join('logs'), 2, new Set(['run_20260101_000000_cli']));
  expect(pruned.runs).toEqual(['run_20260102_000000_cli', 'run_20260103_000000_cli']);
  expect(fs.readdirSync(tmp.join('logs/runs')).sort()).toEqual(['run_20260101_000000_cli', 'run_20260104_000000_resume', 'run_20260105_000000_cli']);
  expect(fs.readdirSync(tmp.join('logs/preflight')).sort()).toEqual(['2026-01-03T00-00-00-000Z.json', '2026-01-04T00-00-00-000Z.json']);
  expect(JSON.parse(fs.readFileSync(path.join(tmp.join('logs/preflight'), '2026-01-04T00-00-00-000Z.json'), 'utf8'))).toEqual({ ok: true });

  // A caller that cannot tell which runs are unresolved leaves run folders alone.
  expect(pruneLogs(tmp.join('logs'), 1, null).runs).toEqual([]);
  expect(fs.readdirSync(tmp.join('logs/runs'))).toHaveLength(3);
});
