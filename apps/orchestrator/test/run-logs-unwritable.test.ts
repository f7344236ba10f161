import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createRun, finishRun, openQueueDatabase } from '@proofsheet/queue';
import { createSampleProject, deadPid, readProjectRows, runProofsheet, test } from '@proofsheet/testkit';

const NO_CAPTION = { PROOFSHEET_CAPTION__ENABLED: 'false' };

type StatusRun = { run_id: string; trigger: string; status: string; interrupted: boolean; error_code: string | null };

/**
 * Makes `dir` unwritable for this process: `chattr +i` (works for root too), else mode 0555 when
 * not root; null (the test is skipped with the reason) where neither stops writes.
 */
function lockDirectory(dir: string): (() => void) | null {
  if (spawnSync('chattr', ['+i', dir]).status === 0) return () => void spawnSync('chattr', ['-i', dir]);
  if (process.getuid?.() === 0) return null;
  fs.chmodSync(dir, 0o555);
  return () => fs.chmodSync(dir, 0o755);
}

async function statusRuns(root: string): Promise<StatusRun[]> {
  const status = await runProofsheet(['status', '--root', root, '--json']);
  expect(status.code, status.stderr).toBe(0);
  return (JSON.parse(status.stdout) as { runs: StatusRun[] }).runs;
}

const normalise = (text: string, root: string): string => text.split(root).join('<root>').replace(/\.probe-\d+/g, '.probe-<pid>');

describe('a logs/ directory that cannot be written', () => {
  test('run stops before any work with LOG_SINK_FAILED naming the directory and the fix; no run row, no rows; once writable the run completes with its log', { timeout: 180_000 }, async ({ tmp, skip }) => {
    const { root } = await createSampleProject(tmp);
    const release = lockDirectory(path.join(root, 'logs'));
    if (!release) return skip('cannot make logs/ read-only here (root without chattr +i)');
    let run;
    try {
      run = await runProofsheet(['run', '--root', root], { env: NO_CAPTION, timeoutMs: 120_000 });
    } finally {
      release();
    }
    expect(run.code).toBe(3);
    expect(normalise(run.stderr, root)).toMatch(
      /^error \[LOG_SINK_FAILED\]: log sink "logs_dir" cannot open <root>\/logs: (EPERM|EACCES)[^\n]*\. Make <root>\/logs writable \(owner and mode, "chattr -i" if immutable, free space\) or point paths\.logs at a writable directory, then run the command again\n$/,
    );
    expect(run.stdout).not.toMatch(/STAGE 2/);
    expect(await statusRuns(root)).toEqual([]);
    expect(await readProjectRows(root)).toEqual([]);

    const again = await runProofsheet(['run', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { run_id: string; status: string };
    expect(report.status).toBe('completed');
    expect(fs.readFileSync(path.join(root, 'logs/runs', report.run_id, 'run.log'), 'utf8')).toContain(`run finished run_id=${report.run_id}`);
    expect((await statusRuns(root)).map((r) => r.run_id)).toEqual([report.run_id]);
  });

  test('resume stops before claiming or recovering anything: the interrupted run stays interrupted for the next resume', { timeout: 180_000 }, async ({ tmp, skip }) => {
    const { root } = await createSampleProject(tmp);
    const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
    const crashed = createRun(db, { trigger: 'cli', pid: deadPid(), setIds: [1] });
    db.close();
    const release = lockDirectory(path.join(root, 'logs'));
    if (!release) return skip('cannot make logs/ read-only here (root without chattr +i)');
    let resume;
    try {
      resume = await runProofsheet(['resume', '--root', root], { env: NO_CAPTION, timeoutMs: 120_000 });
    } finally {
      release();
    }
    expect(resume.code).toBe(3);
    expect(resume.stderr).toMatch(/^error \[LOG_SINK_FAILED\]: log sink "logs_dir" cannot open /);
    expect(await statusRuns(root)).toMatchObject([{ run_id: crashed.id, interrupted: true }]);
  });
});

test('a run whose log could not be written: status, triage and logs give the error recorded on the run, not "no errors" or RUN_NOT_FOUND', { timeout: 60_000 }, async ({ tmp }) => {
  const { root } = await createSampleProject(tmp);
  const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
  const run = createRun(db, { trigger: 'cli' });
  finishRun(db, run.id, { status: 'aborted', error: { code: 'LOG_SINK_FAILED', message: `log sink "run_log" cannot open ${root}/logs/runs/${run.id}/run.log: ENOSPC: no space left on device` } });
  db.close();

  expect(await statusRuns(root)).toMatchObject([{ run_id: run.id, status: 'aborted', error_code: 'LOG_SINK_FAILED' }]);
  const triage = await runProofsheet(['triage', run.id, '--root', root]);
  expect(triage.code).toBe(1);
  expect(normalise(triage.stdout, root).split(run.id).join('<run>')).toMatchInlineSnapshot(`
    "run <run> (aborted): ended on [LOG_SINK_FAILED] log sink "run_log" cannot open <root>/logs/runs/<run>/run.log: ENOSPC: no space left on device (the run wrote no log)
    impact: 0 row(s) of this run: none
    "
  `);
  const logs = await runProofsheet(['logs', run.id, '--root', root]);
  expect(logs.code, logs.stderr).toBe(0);
  expect(normalise(logs.stdout, root).split(run.id).join('<run>')).toMatch(/^run <run> \(aborted, started [\d-]+T[\d:.]+Z\) wrote no log: \[LOG_SINK_FAILED\] log sink "run_log" cannot open <root>\/logs\/runs\/<run>\/run\.log: ENOSPC: no space left on device\n$/);
  const unknown = await runProofsheet(['logs', 'run_20200101_000000_cli', '--root', root]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/RUN_NOT_FOUND/);
});
