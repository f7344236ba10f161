import { expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { toTriageLogFiles } from '../src/index.js';

test('a run triage reads its trace, crash.log only when the run failed, publish.log only when asked, and only files that exist', ({ tmp }) => {
  const logs = tmp.join('logs');
  const run = { id: 'run_20260101_000000_cli', status: 'completed' };
  expect(toTriageLogFiles(logs, run, { publish: true })).toEqual([]);
  tmp.write(`logs/runs/${run.id}/trace.jsonl`, '{}\n');
  tmp.write('logs/crash.log', 'boom\n');
  tmp.write('logs/publish.log', '{}\n');
  const trace = tmp.join(`logs/runs/${run.id}/trace.jsonl`);
  expect(toTriageLogFiles(logs, run)).toEqual([trace]);
  expect(toTriageLogFiles(logs, { ...run, status: 'failed' })).toEqual([trace, tmp.join('logs/crash.log')]);
  expect(toTriageLogFiles(logs, { ...run, status: 'failed' }, { publish: true })).toEqual([trace, tmp.join('logs/crash.log'), tmp.join('logs/publish.log')]);
  expect(toTriageLogFiles(logs, run, { publish: true })).toEqual([trace, tmp.join('logs/publish.log')]);
});
